"""Expiry (spec 13.6) seen from the box: Check connection on a paused connection, and paused work resuming."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import NetvisorConnection
from companies.roles import Role
from costcenters.models import CostCenter, CostCenterFetch
from costcenters.services import request_fetch
from netvisor_sandbox.models import SandboxApiIdentifier
from tests.companies.netvisor_helpers import new_connection_identifier

State = CostCenterFetch.State


@pytest.fixture
def admin(sandbox, company, member_factory):
    return member_factory(company, Role.ADMIN)


@pytest.fixture
def connected(sandbox, company):
    return sandbox.connect(company)


def revoke(connection, when=None):
    SandboxApiIdentifier.objects.filter(customer_id=connection.customer_id).update(revoked_at=when)


def paused_fetch(company, connection) -> CostCenterFetch:
    revoke(connection, timezone.now())
    fetch, _created = request_fetch(company=company, actor=None)  # the eager task meets AUTHENTICATION_FAILED
    fetch.refresh_from_db()
    assert fetch.state == State.PAUSED
    return fetch


def test_check_connection_on_a_paused_connection_says_what_netvisor_said(connected, company, admin, login):
    paused_fetch(company, connected)
    page = login(admin).post(reverse("companies:netvisor_check"), follow=True).content.decode()
    assert "Netvisor refused the credentials" in page
    assert "The connection is not set up" not in page
    assert NetvisorConnection.objects.get(company=company).is_paused
    assert len(mail.outbox) == 1  # asking again sends no second e-mail


def test_check_connection_brings_back_credentials_netvisor_accepts_again(connected, company, admin, login):
    fetch = paused_fetch(company, connected)
    revoke(connected, None)  # e.g. the user's rights in Netvisor were restored
    page = login(admin).post(reverse("companies:netvisor_check"), follow=True).content.decode()
    assert "The connection to Netvisor works." in page
    assert NetvisorConnection.objects.get(company=company).is_connected
    fetch.refresh_from_db()
    assert fetch.state == State.SUCCEEDED  # the paused fetch resumed by itself
    assert CostCenter.objects.filter(company=company).exists()


def test_a_fetch_paused_before_a_disconnect_resumes_after_connecting_again(connected, company, admin, login, sandbox):
    fetch = paused_fetch(company, connected)
    company.business_id = sandbox.organisation_id  # its own Netvisor company: no confirmation asked (13.16)
    company.save(update_fields=["business_id"])
    client = login(admin)
    client.post(reverse("companies:netvisor_disconnect"))
    version = NetvisorConnection.objects.get(company=company).version
    client.post(
        reverse("companies:netvisor_connect"),
        {"connection_identifier": new_connection_identifier(sandbox), "version": version},
    )
    fetch.refresh_from_db()
    assert fetch.state == State.SUCCEEDED


def test_the_banner_is_on_every_admin_page_while_paused(connected, company, admin, login):
    paused_fetch(company, connected)
    client = login(admin)
    for name in ("dashboard", "companies:settings", "companies:members", "companies:reimbursement_accounting"):
        assert "Netvisor no longer accepts this company" in client.get(reverse(name)).content.decode(), name


def test_record_refusal_is_the_one_entry_for_other_features(connected, company, admin):
    from companies.integration.state import record_refusal
    from netvisor import AuthenticationFailed, PermissionMissing, TechnicalError

    assert record_refusal(connected, TechnicalError("busy", netvisor_text="TECHNICAL_ERROR")) is False
    assert NetvisorConnection.objects.get(pk=connected.pk).is_connected

    missing = PermissionMissing("no", resource="payment", netvisor_text="SERVICE_ACCESS_ERROR :: payment")
    assert record_refusal(connected, missing) is False
    row = NetvisorConnection.objects.get(pk=connected.pk)
    assert row.rights["payment"] == "missing" and row.last_error == "SERVICE_ACCESS_ERROR :: payment"

    refused = AuthenticationFailed("no", netvisor_text="AUTHENTICATION_FAILED :: keys expired")
    assert record_refusal(connected, refused) is True
    assert record_refusal(connected, refused) is True  # still paused; no second e-mail
    assert NetvisorConnection.objects.get(pk=connected.pk).is_paused
    assert [m.to for m in mail.outbox] == [[admin.email]]
