"""Helpers that play the admin's part inside the sandbox: create identifiers, grant rights, faults."""

from netvisor_sandbox import faults
from netvisor_sandbox.models import (
    SandboxApiIdentifier,
    SandboxConnectionIdentifier,
    SandboxIntegrationGrant,
    SandboxOrganisation,
)


def organisation(sandbox) -> SandboxOrganisation:
    return SandboxOrganisation.objects.get(business_id=sandbox.organisation_id)


def new_connection_identifier(sandbox) -> str:
    return SandboxConnectionIdentifier.objects.create(organisation=organisation(sandbox)).identifier


def new_api_identifier(sandbox) -> SandboxApiIdentifier:
    return SandboxApiIdentifier.objects.create(organisation=organisation(sandbox), label="test")


def set_rights(sandbox, rights: list[str]) -> None:
    SandboxIntegrationGrant.objects.filter(organisation=organisation(sandbox)).update(rights=rights)


def set_fault(sandbox, kind: str, **options) -> None:
    faults.set_fault(organisation(sandbox), kind, **options)
