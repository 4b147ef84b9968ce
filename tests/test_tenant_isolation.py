"""Walk every URL pattern as every role of company A and prove company B's objects stay hidden.

A pattern with a URL keyword must be listed in OBJECT_OF_OTHER_COMPANY (how to point that
keyword at company B's object) or in PUBLIC_URLS; otherwise this test fails, so a new URL
cannot skip the check.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.tokens import issue_api_token
from companies.models import ConnectionJob, NetvisorConnection
from companies.roles import Role
from costcenters.models import CostCenter, CostCenterFetch
from expenses.models import ForeignPerDiemRate
from exports.models import PaymentExport, VoucherExport
from notifications.models import Notification
from tests.factories import (
    PASSWORD,
    ApproverAssignmentFactory,
    AttachmentFactory,
    CompanyFactory,
    ExpenseFactory,
    MembershipFactory,
    PaymentMethodFactory,
    PurchaseTypeFactory,
)

# Pages that are not scoped to a company (anonymous pages, tokens that are their own secret).
PUBLIC_URLS = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:accept_invitation",
    "set_language",
    "netvisor_store_activate",  # server-to-server, authenticated by its signature
    "api-schema",
    "api-docs",
}


@dataclass
class OtherCompany:
    """Company B, with an admin, in which objects for URL keywords are created."""

    company: object
    admin: object
    marker: str


# keyword -> how to make (or find) company B's object and return the value for the URL.
OBJECT_OF_OTHER_COMPANY: dict[str, Callable[[OtherCompany], object]] = {
    "company_id": lambda other: other.company.pk,
    "format": lambda other: "json",
    "expense_id": lambda other: ExpenseFactory(company=other.company, description=other.marker).pk,
    # With its preview made, so that the preview and thumbnail URLs answer company B (the control) with an image.
    "attachment_id": lambda other: (
        AttachmentFactory(
            expense__company=other.company,
            preview_state="ready",
            preview=ContentFile(b"RIFF\0\0\0\0WEBP", name="preview.webp"),
            thumbnail=ContentFile(b"RIFF\0\0\0\0WEBP", name="thumbnail.webp"),
        ).pk
    ),
    "purchase_type_id": lambda other: PurchaseTypeFactory(company=other.company, name=other.marker).pk,
    "payment_method_id": lambda other: PaymentMethodFactory(company=other.company, name=other.marker).pk,
    "assignment_id": lambda other: ApproverAssignmentFactory(company=other.company).pk,
    "cost_center_id": lambda other: CostCenter.objects.create(company=other.company, name=other.marker).pk,
    "voucher_export_id": lambda other: (
        VoucherExport.objects.create(
            company=other.company, employee=MembershipFactory(company=other.company).user, message=other.marker
        ).pk
    ),
    "payment_export_id": lambda other: (
        PaymentExport.objects.create(
            company=other.company,
            employee=MembershipFactory(company=other.company).user,
            amount=1,
            recipient_name=other.marker,
            iban="FI2112345600000785",
            source_iban="FI4950009420028730",
            due_date="2026-03-02",
            state="check",
        ).pk
    ),
    # Not a company's object but a person's: company A's people must not revoke company B's admin's token.
    "token_id": lambda other: issue_api_token(user=other.admin, label=other.marker).token.pk,
    "rate_id": lambda other: (
        ForeignPerDiemRate.objects.create(
            company=other.company, year=2026, country="JP", city=other.marker, amount=85
        ).pk
    ),
    "job_id": lambda other: (
        ConnectionJob.objects.create(
            company=other.company,
            kind=ConnectionJob.Kind.CONNECT,
            state=ConnectionJob.State.NEEDS_CONFIRMATION,
            pending_company_name=other.marker,
        ).pk
    ),
    # A person's own: company A's people must not open company B's admin's notification (nor switch to B by it).
    "notification_id": lambda other: (
        Notification.objects.create(
            user=other.admin, company=other.company, kind="reminder", params={"pending": [], "drafts": []}
        ).pk
    ),
    "fetch_id": lambda other: (
        CostCenterFetch.objects.create(
            company=other.company, state=CostCenterFetch.State.SUCCEEDED, message=other.marker
        ).pk
    ),
}
# Views that accept only these methods are also exercised with them.
METHODS = ("get", "post", "patch", "delete")


def walk(patterns: list, prefix: str = "", keywords: frozenset = frozenset()) -> Iterator[tuple[str, frozenset]]:
    for entry in patterns:
        found = keywords | frozenset(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace, found)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"unnamed URL pattern {entry.pattern}: name it so the walk can reach it"
            yield f"{prefix}{entry.name}", found


def all_urls() -> list[tuple[str, frozenset]]:
    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def other(db) -> OtherCompany:
    marker = "Zzyzx Secret Company Oy"
    company = CompanyFactory(name=marker)
    admin = MembershipFactory(company=company, role=Role.ADMIN).user
    # Company B's Netvisor box must not leak into company A's Reimbursement & Accounting pages.
    NetvisorConnection.objects.create(
        company=company, state=NetvisorConnection.State.EXPIRED, netvisor_company_name=marker, voucher_type=marker
    )
    return OtherCompany(company=company, admin=admin, marker=marker)


@pytest.fixture
def company_a_clients(db) -> dict[str, Client]:
    company = CompanyFactory()
    clients = {}
    for role in Role.values:
        user = MembershipFactory(company=company, role=role).user
        client = Client()
        assert client.login(username=user.email, password=PASSWORD)
        clients[role] = client
    return clients


def url_for(name: str, keywords: frozenset, other: OtherCompany) -> str:
    missing = keywords - OBJECT_OF_OTHER_COMPANY.keys()
    assert not missing, f"{name}: add {sorted(missing)} to OBJECT_OF_OTHER_COMPANY"
    return reverse(name, kwargs={k: OBJECT_OF_OTHER_COMPANY[k](other) for k in keywords})


def statuses(client: Client, url: str) -> dict[str, int]:
    return {method: getattr(client, method)(url).status_code for method in METHODS}


def test_every_url_is_either_public_or_company_scoped():
    names = {name for name, _ in all_urls()}
    assert "dashboard" in names and "companies:settings" in names
    assert names >= PUBLIC_URLS, f"stale PUBLIC_URLS entries: {PUBLIC_URLS - names}"


@pytest.mark.django_db
def test_company_a_never_reaches_company_b_objects(company_a_clients, other):
    checked = 0
    for name, keywords in all_urls():
        if name in PUBLIC_URLS or not keywords - {"format"}:
            continue
        url = url_for(name, keywords, other)
        for role, client in company_a_clients.items():
            seen = statuses(client, url)
            assert set(seen.values()) <= {404, 405} and 404 in seen.values(), f"{role} {url}: {seen}"
        owner = Client()
        owner.force_login(other.admin)
        assert 404 not in statuses(owner, url).values() or _reachable_by_owner(owner, url), f"control {url}"
        checked += 1
    assert checked >= 1


def _reachable_by_owner(client: Client, url: str) -> bool:
    return any(code not in (404, 405) for code in statuses(client, url).values())


@pytest.mark.django_db
def test_pages_without_ids_never_show_company_b_data(company_a_clients, other):
    for name, keywords in all_urls():
        if name in PUBLIC_URLS or keywords - {"format"}:
            continue
        url = url_for(name, keywords, other)
        for role, client in company_a_clients.items():
            response = client.get(url)
            assert response.status_code < 500, f"{role} {url}: {response.status_code}"
            body = b"".join(response) if response.streaming else response.content
            assert other.marker.encode() not in body, f"{role} {url} shows company B"
