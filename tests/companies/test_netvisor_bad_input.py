"""Bad input in the Netvisor Authentication box: a clear message, and the stored connection as it was."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from companies.integration import gateway
from companies.models import ConnectionJob, NetvisorConnection
from companies.roles import Role
from netvisor import OutcomeUnknown
from netvisor_sandbox.models import SandboxConnectionIdentifier, SandboxIntegrationGrant, SandboxOrganisation
from netvisor_sandbox.seed import seed_company
from tests.companies.netvisor_helpers import new_connection_identifier, organisation, set_fault, set_rights

BOX = reverse("companies:reimbursement_accounting")


@pytest.fixture
def admin_client(sandbox, company, member_factory, login):
    company.business_id = sandbox.organisation_id  # its own Netvisor company: no confirmation asked (13.16)
    company.save(update_fields=["business_id"])
    return login(member_factory(company, Role.ADMIN))


def connect(client, identifier: str, version: int):
    return client.post(
        reverse("companies:netvisor_connect"), {"connection_identifier": identifier, "version": version}, follow=True
    )


def snapshot(company) -> tuple:
    row = NetvisorConnection.objects.get(company=company)
    return (row.state, row.customer_id, row.customer_key, row.organisation_id, row.voucher_type, row.version)


@pytest.fixture
def connected(admin_client, company, sandbox):
    connect(admin_client, new_connection_identifier(sandbox), version=0)
    return NetvisorConnection.objects.get(company=company)


def other_netvisor_company(sandbox) -> SandboxOrganisation:
    other = SandboxOrganisation.objects.create(business_id="7654321-0", name="Toinen Oy")
    seed_company(other)
    grant = SandboxIntegrationGrant.objects.get(organisation=organisation(sandbox))
    SandboxIntegrationGrant.objects.create(organisation=other, partner=grant.partner, rights=grant.rights)
    return other


@pytest.mark.parametrize("identifier", ["tunniste-ääkkösin", "x" * 500])
def test_malformed_identifier_gives_a_message_in_the_box(admin_client, connected, company, identifier):
    before = snapshot(company)
    response = connect(admin_client, identifier, version=connected.version)
    box = response.content.decode()
    assert ("characters that Netvisor" in box) or ("Netvisor did not accept the connection identifier" in box)
    assert snapshot(company) == before


def test_timeout_while_exchanging_says_so_and_changes_nothing(admin_client, connected, company, monkeypatch):
    def times_out(*args, **kwargs):
        raise OutcomeUnknown("read timed out", retryable=False)

    monkeypatch.setattr(gateway, "exchange_connection_identifier", times_out)
    before = snapshot(company)
    response = connect(admin_client, "some-identifier", version=connected.version)
    page = response.content.decode()
    assert "Netvisor did not answer in time" in page and "create a new one" in page
    assert snapshot(company) == before


@pytest.mark.django_db(transaction=True)  # a read that times out needs the socket: the sandbox over HTTP
def test_timeout_in_the_test_call_keeps_the_old_connection(admin_client, connected, company, sandbox, settings):
    identifier = new_connection_identifier(sandbox)
    settings.NETVISOR_READ_TIMEOUT = 1
    set_fault(sandbox, "timeout", seconds=2)
    before = snapshot(company)
    page = connect(admin_client, identifier, version=connected.version).content.decode()
    assert "Netvisor did not answer in time" in page
    assert "create a new one in Netvisor" in page  # the identifier was used up by the exchange
    assert snapshot(company) == before


def test_maintenance_during_reconnect_keeps_the_old_connection(admin_client, connected, company, sandbox):
    identifier = new_connection_identifier(sandbox)
    set_fault(sandbox, "maintenance")
    before = snapshot(company)
    page = connect(admin_client, identifier, version=connected.version).content.decode()
    assert "maintenance break" in page
    assert snapshot(company) == before


def test_reconnecting_to_the_same_netvisor_company_replaces_the_keys(admin_client, connected, company, sandbox):
    response = connect(admin_client, new_connection_identifier(sandbox), version=connected.version)
    assert "Connected to Netvisor." in response.content.decode()
    after = NetvisorConnection.objects.get(company=company)
    assert after.customer_id != connected.customer_id and after.organisation_id == connected.organisation_id


def test_reconnecting_to_another_netvisor_company_is_refused(admin_client, connected, company, sandbox):
    other = other_netvisor_company(sandbox)
    identifier = SandboxConnectionIdentifier.objects.create(organisation=other).identifier
    before = snapshot(company)
    page = connect(admin_client, identifier, version=connected.version).content.decode()
    assert "another Netvisor company (Toinen Oy)" in page and "Disconnect first" in page
    assert snapshot(company) == before


def test_after_disconnect_another_netvisor_company_can_be_connected(admin_client, connected, company, sandbox):
    other = other_netvisor_company(sandbox)
    admin_client.post(reverse("companies:netvisor_disconnect"))
    version = NetvisorConnection.objects.get(company=company).version
    identifier = SandboxConnectionIdentifier.objects.create(organisation=other).identifier
    page = connect(admin_client, identifier, version=version).content.decode()
    assert "Is this the right Netvisor company?" in page  # not the company's business ID (13.16)
    assert NetvisorConnection.objects.get(company=company).organisation_id == ""
    job = ConnectionJob.objects.get(company=company, state="needs_confirmation")
    admin_client.post(reverse("companies:netvisor_confirm", kwargs={"job_id": job.pk}))
    assert NetvisorConnection.objects.get(company=company).organisation_id == "7654321-0"


def test_missing_accounting_right_connects_and_shows_the_right_to_grant(admin_client, company, sandbox):
    set_rights(sandbox, ["dimensionlist", "payment"])
    page = connect(admin_client, new_connection_identifier(sandbox), version=0).content.decode()
    connection = NetvisorConnection.objects.get(company=company)
    assert connection.is_connected and connection.rights["accounting"] == "missing"
    assert "API resource access rights" in page and "“accounting”" in page

    set_rights(sandbox, ["accounting", "dimensionlist", "payment"])
    admin_client.post(reverse("companies:netvisor_check"))
    connection.refresh_from_db()
    assert connection.rights["accounting"] == "granted" and "Muut" in connection.voucher_types
    assert connection.last_error == ""


def test_non_ascii_user_secret_is_refused_without_echoing_it(admin_client, connected, company):
    before = snapshot(company)
    data = {"user_id": "abc", "user_secret": "salaisuus-€ж", "voucher_type": "Muut", "version": connected.version}
    response = admin_client.post(reverse("companies:netvisor_credentials"), data, follow=True)
    page = response.content.decode()
    assert "characters that Netvisor" in page
    assert "salaisuus" not in page
    assert snapshot(company) == before


def test_a_stale_page_after_expiry_can_still_update(admin_client, connected, company, sandbox):
    """Expiry noticed in the background is not "another admin": the open page's Update must work."""
    from companies.integration import state

    version_on_the_open_page = connected.version
    state.mark_credentials_expired(connected, netvisor_text="AUTHENTICATION_FAILED")
    data = {"user_id": "", "user_secret": "", "voucher_type": "Muut", "version": version_on_the_open_page}
    page = admin_client.post(reverse("companies:netvisor_credentials"), data, follow=True).content.decode()
    assert "Another admin" not in page
    assert NetvisorConnection.objects.get(company=company).is_connected


def test_audit_entries_name_fields_never_values(admin_client, connected, company):
    entries = AuditEntry.objects.filter(company=company, action__startswith="netvisor.")
    assert entries.exists()
    for entry in entries:
        assert connected.customer_key not in repr(entry.changed_fields)
        assert set(entry.changed_fields) <= {"customer_id", "customer_key", "organisation_id", "voucher_type"}


def test_disconnect_from_a_stale_confirmation_page_keeps_a_newer_connection(admin_client, connected, company, sandbox):
    stale_version = connected.version
    connect(admin_client, new_connection_identifier(sandbox), version=connected.version)  # another admin reconnects
    before = snapshot(company)
    page = admin_client.post(reverse("companies:netvisor_disconnect"), {"version": stale_version}, follow=True)
    assert "Another admin changed the Netvisor connection" in page.content.decode()
    assert snapshot(company) == before


def test_the_confirmation_page_carries_the_version(admin_client, connected):
    page = admin_client.get(reverse("companies:netvisor_disconnect")).content.decode()
    assert f'name="version" value="{connected.version}"' in page


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.APPROVER, Role.ACCOUNTANT])
def test_other_roles_cannot_change_the_connection(connected, company, member_factory, login, role):
    client = login(member_factory(company, role))
    before = snapshot(company)
    posts = {
        "companies:netvisor_connect": {"connection_identifier": "x", "version": connected.version},
        "companies:netvisor_credentials": {"user_id": "a", "user_secret": "b", "voucher_type": "Muut", "version": 1},
        "companies:netvisor_check": {},
        "companies:netvisor_disconnect": {"version": connected.version},
    }
    for name, data in posts.items():
        assert client.post(reverse(name), data).status_code == 404, name
    assert client.get(BOX).status_code == 404
    assert snapshot(company) == before


def test_a_refused_identifier_is_not_echoed_back_into_the_page(admin_client, sandbox, company):
    identifier = new_connection_identifier(sandbox)
    set_fault(sandbox, "maintenance")  # the exchange works, the test call fails: refused
    page = connect(admin_client, identifier, version=0).content.decode()
    assert "maintenance break" in page
    assert identifier not in page
