"""Company Settings → Basic settings → Reimbursement & Accounting → Netvisor Authentication, against the sandbox."""

from datetime import timedelta

import pytest
from django.db import connection as db
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from companies.integration import services
from companies.models import NetvisorConnection
from companies.roles import Role
from netvisor_sandbox.models import SandboxConnectionIdentifier
from tests.companies.netvisor_helpers import new_connection_identifier, set_fault, set_rights

BOX = reverse("companies:reimbursement_accounting")


@pytest.fixture
def admin_client(sandbox, company, member_factory, login):
    company.business_id = sandbox.organisation_id  # its own Netvisor company: no confirmation asked (13.16)
    company.save(update_fields=["business_id"])
    admin = member_factory(company, Role.ADMIN)
    return login(admin)


def connect(client, identifier: str, version: int = 0):
    return client.post(
        reverse("companies:netvisor_connect"), {"connection_identifier": identifier, "version": version}, follow=True
    )


def stored(company) -> NetvisorConnection:
    return NetvisorConnection.objects.get(company=company)


def test_pasting_a_connection_identifier_connects_and_checks(admin_client, company, sandbox):
    response = connect(admin_client, new_connection_identifier(sandbox))
    page = response.content.decode()
    assert "Connected to Netvisor." in page
    connection = stored(company)
    assert connection.is_connected and connection.organisation_id == sandbox.organisation_id
    assert connection.voucher_type == "Muut"
    assert "Palkat" in connection.voucher_types
    assert connection.rights == {"accounting": "granted", "dimensionlist": "granted", "payment": "granted"}
    assert AuditEntry.objects.filter(company=company, action="netvisor.connected").exists()
    for right in ("payment", "accounting", "dimensionlist"):
        assert f'id="right-{right}"' in page


def test_credentials_are_encrypted_at_rest(admin_client, company, sandbox):
    connect(admin_client, new_connection_identifier(sandbox))
    connection = stored(company)
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT customer_id, customer_key, organisation_id FROM companies_netvisorconnection WHERE id = %s",
            [connection.pk],
        )
        raw = cursor.fetchone()
    for plain, cipher in zip(
        (connection.customer_id, connection.customer_key, connection.organisation_id), raw, strict=True
    ):
        assert plain and plain not in cipher
        assert cipher.startswith("gAAAA")  # a Fernet token


@pytest.mark.parametrize(
    ("identifier", "status", "expected"),
    [
        ("", 400, "Paste the Connection identifier from Netvisor."),  # the form: no job, no Netvisor call
        ("   ", 400, "Paste the Connection identifier from Netvisor."),
        ("not-an-identifier", 200, "Netvisor did not accept the connection identifier"),  # the job's result
    ],
)
def test_bad_identifiers_leave_nothing_connected(admin_client, company, identifier, status, expected):
    response = connect(admin_client, identifier)
    assert response.status_code == status
    assert expected in response.content.decode()
    assert not NetvisorConnection.objects.filter(company=company, state="connected").exists()


def test_used_identifier_is_refused_with_netvisors_text(admin_client, company, sandbox):
    identifier = new_connection_identifier(sandbox)
    connect(admin_client, identifier)
    before = stored(company)
    response = connect(admin_client, identifier, version=before.version)
    page = response.content.decode()
    assert "Netvisor did not accept the connection identifier" in page
    assert 'class="fetch-status err"' in page
    after = stored(company)
    assert (after.customer_id, after.customer_key, after.version) == (
        before.customer_id,
        before.customer_key,
        before.version,
    )


def test_expired_identifier_is_refused(admin_client, company, sandbox):
    identifier = new_connection_identifier(sandbox)
    SandboxConnectionIdentifier.objects.filter(identifier=identifier).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )
    response = connect(admin_client, identifier)
    assert "Netvisor did not accept the connection identifier" in response.content.decode()
    assert not NetvisorConnection.objects.filter(company=company, state="connected").exists()


def test_maintenance_gives_a_clear_message_and_changes_nothing(admin_client, company, sandbox):
    set_fault(sandbox, "maintenance")
    response = connect(admin_client, new_connection_identifier(sandbox))
    assert "maintenance" in response.content.decode().lower()
    assert not NetvisorConnection.objects.filter(company=company, state="connected").exists()


def test_missing_right_is_shown_with_the_path_to_grant_it(admin_client, company, sandbox):
    set_rights(sandbox, ["accounting", "payment"])
    page = connect(admin_client, new_connection_identifier(sandbox)).content.decode()
    assert stored(company).rights["dimensionlist"] == "missing"
    assert "API resource access rights" in page and "“dimensionlist”" in page
    assert "Connected to Netvisor, but something needs your attention" in page


def test_a_second_admin_saving_at_the_same_time_is_told_and_nothing_changes(admin_client, company, sandbox):
    connect(admin_client, new_connection_identifier(sandbox))
    before = stored(company)
    stale_version = before.version - 1
    response = connect(admin_client, new_connection_identifier(sandbox), version=stale_version)
    assert "Another admin changed the Netvisor connection at the same time" in response.content.decode()
    after = stored(company)
    assert (after.customer_id, after.version) == (before.customer_id, before.version)


def test_only_admins_see_the_box(sandbox, company, member_factory, login):
    for role in (Role.EMPLOYEE, Role.APPROVER, Role.ACCOUNTANT):
        assert login(member_factory(company, role)).get(BOX).status_code == 404


def test_disconnect_asks_first_and_keeps_history(admin_client, company, sandbox):
    connect(admin_client, new_connection_identifier(sandbox))
    confirm = admin_client.get(reverse("companies:netvisor_disconnect"))
    assert "Disconnect from Netvisor?" in confirm.content.decode()
    admin_client.post(reverse("companies:netvisor_disconnect"))
    connection = stored(company)
    assert connection.state == "not_connected" and not connection.has_credentials
    assert AuditEntry.objects.filter(company=company, action="netvisor.connected").exists()
    assert AuditEntry.objects.filter(company=company, action="netvisor.disconnected").exists()


def test_check_connection_rereads_rights(admin_client, company, sandbox):
    connect(admin_client, new_connection_identifier(sandbox))
    set_rights(sandbox, ["accounting", "dimensionlist"])
    page = admin_client.post(reverse("companies:netvisor_check"), follow=True).content.decode()
    assert stored(company).rights["payment"] == "missing"
    assert "The connection to Netvisor works." not in page  # a right to grant is not all clear
    assert "something needs your attention" in page and "“payment”" in page


def test_service_refuses_an_empty_identifier_without_calling_netvisor(company, member_factory, sandbox):
    admin = member_factory(company, Role.ADMIN)
    with pytest.raises(services.ConnectionChangeRefused, match="Paste the Connection identifier"):
        services.connect_with_identifier(company=company, identifier="  ", actor=admin, version=0)
