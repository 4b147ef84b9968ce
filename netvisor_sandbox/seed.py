"""Idempotent seeding: the basics every simulated company has, and the demo company "Demo Oy".

Running it again changes nothing a person may have edited (hidden items, removed rights, lock dates);
it only fills in what is missing, and reads back the demo partner and API identifier so keys stay stable.
"""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from netvisor_sandbox import dimtree
from netvisor_sandbox.models import (
    SandboxAccount,
    SandboxAccountingPeriod,
    SandboxApiIdentifier,
    SandboxDimension,
    SandboxIntegrationGrant,
    SandboxOrganisation,
    SandboxPartner,
    SandboxVoucherType,
)
from netvisor_sandbox.seed_data import CHART, DEFAULT_ACCOUNTS, VOUCHER_TYPES, ChartEntry

DEMO_BUSINESS_ID = "1234567-8"
DEMO_NAME = "Demo Oy"
DEMO_LOCK_DATE = date(2024, 12, 31)
DEMO_IDENTIFIER_LABEL = "Demo identifier (seeded)"
PARTNER_NAME = "Bezala"
SENDER = "Bezala"
# The rights our extension needs; the demo has them, and activating the extension in the Store grants them.
EXTENSION_RIGHTS = ["accounting", "dimensionlist", "payment"]


def seed_company(organisation: SandboxOrganisation, first_year: int | None = None) -> None:
    """Chart of accounts with default accounts, the 12 system voucher types and accounting periods."""
    if not organisation.accounts.exists():
        _create_accounts(organisation, CHART, None)
    if not organisation.default_accounts:
        organisation.default_accounts = dict(DEFAULT_ACCOUNTS)
        organisation.save(update_fields=["default_accounts"])
    for abbreviation, name, name_en, role in VOUCHER_TYPES:
        SandboxVoucherType.objects.get_or_create(
            organisation=organisation,
            abbreviation__iexact=abbreviation,
            defaults={
                "abbreviation": abbreviation,
                "name": name,
                "name_en": name_en,
                "default_role": role,
                "is_system": True,
            },
        )
    this_year = timezone.localdate().year
    for year in range(first_year or this_year - 1, this_year + 2):
        SandboxAccountingPeriod.objects.get_or_create(
            organisation=organisation,
            name=f"Tilikausi {year}",
            defaults={"begin_date": date(year, 1, 1), "end_date": date(year, 12, 31)},
        )


def _create_accounts(
    organisation: SandboxOrganisation, entries: tuple[ChartEntry, ...], parent: SandboxAccount | None
) -> None:
    for position, entry in enumerate(entries):
        number, name, name_en, options, children = entry
        account = SandboxAccount.objects.create(
            organisation=organisation,
            parent=parent,
            number=number,
            name=name,
            name_en=name_en,
            is_group=not number,
            position=position,
            **options,
        )
        _create_accounts(organisation, children, account)


def seed_demo() -> dict[str, str]:
    """Demo Oy with dimensions, a lock date, the Bezala partner, rights and an API identifier."""
    with transaction.atomic():
        organisation, _created = SandboxOrganisation.objects.get_or_create(
            business_id=DEMO_BUSINESS_ID,
            defaults={
                "name": DEMO_NAME,
                "accounting_lock_date": DEMO_LOCK_DATE,
                "vat_lock_date": DEMO_LOCK_DATE,
                "purchase_lock_date": DEMO_LOCK_DATE,
            },
        )
        seed_company(organisation, first_year=DEMO_LOCK_DATE.year)
        _seed_dimensions(organisation)
        partner = _partner()
        SandboxIntegrationGrant.objects.get_or_create(
            organisation=organisation, partner=partner, defaults={"rights": list(EXTENSION_RIGHTS)}
        )
        identifier = _demo_identifier(organisation) or SandboxApiIdentifier.objects.create(
            organisation=organisation, label=DEMO_IDENTIFIER_LABEL
        )
    return _credentials(organisation, partner, identifier)


def _partner() -> SandboxPartner:
    partner = SandboxPartner.objects.filter(name=PARTNER_NAME).order_by("pk").first()
    if partner is None:
        partner = SandboxPartner.objects.create(
            partner_id=f"BZ_{secrets.token_hex(6).upper()}", partner_key=secrets.token_hex(16), name=PARTNER_NAME
        )
    return partner


def _seed_dimensions(organisation: SandboxOrganisation) -> None:
    if not organisation.dimensions.filter(name="Kustannuspaikka").exists():
        cost_centers = SandboxDimension.objects.create(organisation=organisation, name="Kustannuspaikka")
        dimtree.add_item(cost_centers, "Hallinto")
        sales = dimtree.add_item(cost_centers, "Myynti")
        dimtree.add_item(cost_centers, "Myynti Helsinki", sales)
        dimtree.add_item(cost_centers, "Myynti Tampere", sales)
        dimtree.add_item(cost_centers, "Tuotanto")
        dimtree.add_item(cost_centers, "Vanha osasto", is_hidden=True)
    if not organisation.dimensions.filter(name="Projekti").exists():
        projects = SandboxDimension.objects.create(organisation=organisation, name="Projekti")
        dimtree.add_item(projects, "Asiakasprojekti A")
        dimtree.add_item(projects, "Sisäinen kehitys")
        dimtree.add_item(projects, "P001 Verkkosivu-uudistus", code="P001", label="Verkkosivu-uudistus")


def demo_info() -> dict[str, str] | None:
    """The seeded demo's identifiers if it exists, without creating anything."""
    organisation = SandboxOrganisation.objects.filter(business_id=DEMO_BUSINESS_ID).first()
    partner = SandboxPartner.objects.filter(name=PARTNER_NAME).order_by("pk").first()
    if organisation is None or partner is None:
        return None
    identifier = _demo_identifier(organisation)
    if identifier is None:
        return None
    return _credentials(organisation, partner, identifier)


def _demo_identifier(organisation: SandboxOrganisation) -> SandboxApiIdentifier | None:
    """The seeded API identifier while it is usable (a person may have expired or revoked it)."""
    return organisation.identifiers.filter(
        label=DEMO_IDENTIFIER_LABEL, expired_at__isnull=True, revoked_at__isnull=True
    ).first()


def _credentials(
    organisation: SandboxOrganisation, partner: SandboxPartner, identifier: SandboxApiIdentifier
) -> dict[str, str]:
    """The JSON line the runner prints: everything a client needs to sign requests to this company."""
    return {
        "partner_id": partner.partner_id,
        "partner_key": partner.partner_key,
        "customer_id": identifier.customer_id,
        "customer_key": identifier.customer_key,
        "organisation_id": organisation.business_id,
        "sender": SENDER,
    }
