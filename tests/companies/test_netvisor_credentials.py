"""Change credentials, voucher type, and what happens when Netvisor stops accepting the credentials."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from companies.integration import gateway, services, state
from companies.models import NetvisorConnection
from companies.roles import Role
from netvisor_sandbox.models import SandboxApiIdentifier, SandboxVoucherType
from tests.companies.netvisor_helpers import new_api_identifier, organisation

BOX = reverse("companies:reimbursement_accounting")


@pytest.fixture
def admin(sandbox, company, member_factory):
    return member_factory(company, Role.ADMIN)


@pytest.fixture
def connected(sandbox, company):
    connection = sandbox.connect(company)
    return services.check_connection(company=company) and NetvisorConnection.objects.get(pk=connection.pk)


def update(client, connection, **fields):
    data = {"user_id": "", "user_secret": "", "voucher_type": connection.voucher_type, "version": connection.version}
    return client.post(reverse("companies:netvisor_credentials"), {**data, **fields}, follow=True)


def test_update_replaces_credentials_after_a_test_call(connected, admin, login, sandbox, company):
    fresh = new_api_identifier(sandbox)
    response = update(login(admin), connected, user_id=fresh.customer_id, user_secret=fresh.customer_key)
    assert "Netvisor credentials updated." in response.content.decode()
    connection = NetvisorConnection.objects.get(company=company)
    assert (connection.customer_id, connection.customer_key) == (fresh.customer_id, fresh.customer_key)
    assert connection.credentials_set_by == admin


def test_wrong_user_secret_keeps_the_old_credentials_and_shows_netvisors_text(connected, admin, login, company):
    response = update(login(admin), connected, user_id=connected.customer_id, user_secret="wrong-secret")
    page = response.content.decode()
    assert page.count("Netvisor refused the credentials.") == 1  # said once, not once per error list
    # Netvisor's own text (a code, in Finnish or with MAC strings) is not the message: it sits under "Details".
    before, details, after = re.split(r"<details>(.*?)</details>", page, maxsplit=1, flags=re.S)
    assert "MAC" in details
    assert "MAC" not in before + after
    assert NetvisorConnection.objects.get(company=company).customer_key == connected.customer_key


def test_user_id_without_secret_is_refused_on_the_form(connected, admin, login):
    response = update(login(admin), connected, user_id="only-id")
    assert "Fill in both Netvisor User Id and Netvisor User Secret." in response.content.decode()


def test_the_secret_is_never_rendered_back(connected, admin, login):
    page = login(admin).get(BOX).content.decode()
    assert connected.customer_key not in page
    assert connected.customer_id not in page


def test_voucher_type_can_be_changed_to_one_netvisor_has(connected, admin, login, company):
    update(login(admin), connected, voucher_type="Palkat")
    assert NetvisorConnection.objects.get(company=company).voucher_type == "Palkat"


def test_voucher_type_netvisor_does_not_have_cannot_be_saved(connected, admin, company):
    with pytest.raises(services.ConnectionChangeRefused, match="no voucher type “Keksitty”"):
        services.change_credentials(
            company=company, user_id="", user_secret="", voucher_type="Keksitty", actor=admin, version=connected.version
        )
    assert NetvisorConnection.objects.get(company=company).voucher_type == "Muut"


def test_voucher_type_is_checked_again_before_export(connected, sandbox, admin, login):
    assert services.ensure_voucher_type(connected) == "Muut"
    SandboxVoucherType.objects.filter(organisation=organisation(sandbox), name="Muut").delete()
    with pytest.raises(services.VoucherTypeMissing, match="“Muut”"):
        services.ensure_voucher_type(connected)
    box = login(admin).get(BOX).content.decode()  # the same message waits in the box
    assert "Netvisor has no voucher type “Muut” any more" in box
    assert '<option value="Muut"' not in box  # the list offered is Netvisor's list of now


def test_a_right_missing_at_first_use_shows_in_the_box_in_the_same_words(connected, sandbox, admin, login):
    from netvisor import PermissionMissing
    from tests.companies.netvisor_helpers import set_rights

    set_rights(sandbox, ["accounting", "dimensionlist"])
    with pytest.raises(PermissionMissing):
        gateway.call_netvisor(connected, lambda client: client.get_unprocessed_payments([0]))
    assert NetvisorConnection.objects.get(pk=connected.pk).rights["payment"] == "missing"
    box = login(admin).get(BOX).content.decode()
    row = box[box.index('id="right-payment"') :].split("</tr>")[0]
    assert "missing" in row and "API resource access rights" in row and "“payment”" in row


def revoke(sandbox, connection):
    from django.utils import timezone

    SandboxApiIdentifier.objects.filter(customer_id=connection.customer_id).update(revoked_at=timezone.now())


def test_refused_credentials_pause_the_connection_and_tell_admins_once(connected, admin, login, sandbox, company):
    revoke(sandbox, connected)
    for _ in range(2):
        with pytest.raises((gateway.ConnectionPaused,)):
            gateway.call_netvisor(NetvisorConnection.objects.get(pk=connected.pk), lambda c: c.list_voucher_types())
    connection = NetvisorConnection.objects.get(pk=connected.pk)
    assert connection.state == NetvisorConnection.State.EXPIRED
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "Change credentials" in mail.outbox[0].body
    page = login(admin).get(reverse("dashboard")).content.decode()
    assert "Netvisor no longer accepts this company" in page  # the banner on every page


def test_update_after_expiry_resumes_paused_work(connected, admin, login, sandbox, company, monkeypatch):
    resumed = []
    monkeypatch.setattr(state, "PAUSED_WORK_RESUMERS", ["some.feature.resume_paused"])
    monkeypatch.setattr(state, "import_string", lambda path: lambda company: resumed.append((path, company.pk)))
    revoke(sandbox, connected)
    with pytest.raises(gateway.ConnectionPaused):
        gateway.call_netvisor(connected, lambda c: c.list_voucher_types())
    expired = NetvisorConnection.objects.get(pk=connected.pk)
    fresh = new_api_identifier(sandbox)
    update(login(admin), expired, user_id=fresh.customer_id, user_secret=fresh.customer_key)
    assert NetvisorConnection.objects.get(pk=connected.pk).state == NetvisorConnection.State.CONNECTED
    assert resumed == [("some.feature.resume_paused", company.pk)]
    assert "Netvisor no longer accepts" not in login(admin).get(reverse("dashboard")).content.decode()


def test_non_admins_see_no_banner(connected, sandbox, company, member_factory, login):
    revoke(sandbox, connected)
    with pytest.raises(gateway.ConnectionPaused):
        gateway.call_netvisor(connected, lambda c: c.list_voucher_types())
    page = login(member_factory(company, Role.EMPLOYEE)).get(reverse("dashboard")).content.decode()
    assert "Netvisor no longer accepts" not in page
