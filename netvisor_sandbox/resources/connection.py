"""connectionidentifier.nv: exchange a one-time connection identifier for API keys (spec 13.7, modelled).

Authentication differs from other resources only in its inputs: the identifier travels in the CustomerId
header, the CustomerKey is empty (so the HMAC key is "&" + PartnerKey) and the Organisation-ID header is
empty. `auth.verify(connection_flow=True)` has already refused unknown, used, expired and revoked ones.
"""

from django.db import transaction
from django.utils import timezone
from lxml import etree

from netvisor_sandbox import xmlio
from netvisor_sandbox.envelope import sub
from netvisor_sandbox.errors import AUTHENTICATION_FAILED, NetvisorError
from netvisor_sandbox.models import SandboxApiIdentifier, SandboxConnectionIdentifier
from netvisor_sandbox.resources.base import Call, Resource
from netvisor_sandbox.xmlio import Field

SCHEMA = (Field("connectionidentifier"),)


def exchange(call: Call) -> list[etree._Element]:
    assert call.body is not None and call.caller.connection is not None
    xmlio.check(call.body, SCHEMA)
    connection = call.caller.connection
    if call.body.value("connectionidentifier").strip() != connection.identifier:
        raise NetvisorError(AUTHENTICATION_FAILED, "connection_mismatch")
    with transaction.atomic():
        # Claim it with a conditional update so two simultaneous exchanges cannot both succeed.
        claimed = SandboxConnectionIdentifier.objects.filter(pk=connection.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not claimed:
            raise NetvisorError(AUTHENTICATION_FAILED, "connection_used")
        identifier = SandboxApiIdentifier.objects.create(
            organisation=connection.organisation, label=f"Connected by {call.caller.partner.name}"
        )
        SandboxConnectionIdentifier.objects.filter(pk=connection.pk).update(exchanged_for=identifier)
    element = etree.Element("Connection")
    sub(element, "CustomerId", identifier.customer_id)
    sub(element, "CustomerKey", identifier.customer_key)
    sub(element, "OrganisationIdentifier", connection.organisation.business_id)
    sub(element, "CompanyName", connection.organisation.name)
    return [element]


RESOURCE = Resource("connectionidentifier.nv", "POST", None, exchange, connection_flow=True)
