"""A voucher type deleted in Netvisor: "Check connection" says so in the box and changes nothing stored."""

import pytest
from django.urls import reverse

from companies.integration import services
from companies.models import NetvisorConnection
from companies.roles import Role
from netvisor_sandbox.voucher_types import add_voucher_type, delete_voucher_type
from tests.companies.netvisor_helpers import organisation

BOX = reverse("companies:reimbursement_accounting")
GONE = "Netvisor has no voucher type “Kulukorvaukset” any more. Choose another under Change credentials."


@pytest.fixture
def admin_client(sandbox, company, member_factory, login):
    return login(member_factory(company, Role.ADMIN))


@pytest.fixture
def own_type(sandbox):
    return add_voucher_type(organisation=organisation(sandbox), abbreviation="KK", name="Kulukorvaukset")


@pytest.fixture
def chosen(admin_client, sandbox, company, own_type):
    """Connected, with the company's own voucher type Kulukorvaukset chosen under Change credentials."""
    sandbox.connect(company)
    check(admin_client)
    update(admin_client, NetvisorConnection.objects.get(company=company), voucher_type="Kulukorvaukset")
    connection = NetvisorConnection.objects.get(company=company)
    assert (connection.voucher_type, connection.last_error) == ("Kulukorvaukset", "")
    return connection


def check(client):
    return client.post(reverse("companies:netvisor_check"), follow=True)


def update(client, connection, **fields):
    data = {"user_id": "", "user_secret": "", "voucher_type": connection.voucher_type, "version": connection.version}
    return client.post(reverse("companies:netvisor_credentials"), {**data, **fields}, follow=True)


def box_of(response) -> str:
    page = response.content.decode()
    return page[page.index('id="netvisor-authentication"') :].split("</section>")[0]


def stored(company) -> tuple:
    row = NetvisorConnection.objects.get(company=company)
    return (row.state, row.customer_id, row.customer_key, row.organisation_id, row.voucher_type, row.version)


def test_check_connection_offers_a_type_added_in_netvisor(admin_client, sandbox, company):
    sandbox.connect(company)
    check(admin_client)
    add_voucher_type(organisation=organisation(sandbox), abbreviation="KK", name="Kulukorvaukset")
    box = box_of(check(admin_client))
    assert '<option value="Kulukorvaukset">Kulukorvaukset</option>' in box


def test_deleted_type_is_reported_in_the_box_and_nothing_stored_changes(admin_client, chosen, own_type, company):
    before = stored(company)
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    response = check(admin_client)
    box = box_of(response)
    assert GONE in box
    assert "The connection to Netvisor works." not in response.content.decode()
    assert "something needs your attention" in response.content.decode()
    assert stored(company) == before  # state Connected, credentials, chosen type and version as they were
    assert '<option value="Kulukorvaukset"' not in box  # no longer offered
    select = box[box.index('<select name="voucher_type"') :].split("</select>")[0]
    # No silent fallback to another type: the first option, and so the one shown, asks for a choice.
    assert select.split("<option")[1].startswith(' value="">Choose a voucher type<') and "selected" not in select


def test_choosing_an_existing_type_clears_the_message(admin_client, chosen, own_type, company):
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    check(admin_client)
    response = update(admin_client, NetvisorConnection.objects.get(company=company), voucher_type="Muut")
    assert "Netvisor credentials updated." in response.content.decode()
    assert GONE not in box_of(response)
    connection = NetvisorConnection.objects.get(company=company)
    assert (connection.voucher_type, connection.last_error, connection.state) == ("Muut", "", "connected")


def test_update_without_choosing_a_type_is_refused(admin_client, chosen, own_type, company):
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    check(admin_client)
    before = stored(company)
    response = update(admin_client, NetvisorConnection.objects.get(company=company), voucher_type="")
    assert response.status_code == 400 and "Choose a voucher type." in box_of(response)
    assert stored(company) == before


def test_update_from_a_page_opened_before_the_deletion_is_refused(admin_client, chosen, own_type, company):
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    before = stored(company)
    # The page still offers Kulukorvaukset (nobody pressed Check connection): the test call finds it gone.
    response = update(admin_client, chosen, voucher_type="Kulukorvaukset")
    assert "Netvisor has no voucher type “Kulukorvaukset”." in box_of(response)  # the Update job's result
    assert stored(company) == before


def test_type_added_back_in_netvisor_clears_the_message_at_the_next_check(admin_client, chosen, own_type, company):
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    check(admin_client)
    add_voucher_type(organisation=own_type.organisation, abbreviation="KK", name="Kulukorvaukset")
    response = check(admin_client)
    assert "The connection to Netvisor works." in response.content.decode()
    assert GONE not in box_of(response)


def test_check_and_the_export_check_say_the_same(admin_client, chosen, own_type, company):
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    with pytest.raises(services.VoucherTypeMissing) as raised:
        services.ensure_voucher_type(chosen)
    assert str(raised.value) == GONE
    NetvisorConnection.objects.filter(pk=chosen.pk).update(last_error="")
    assert services.check_connection(company=company).last_error == GONE


def test_credentials_accepted_again_still_report_a_deleted_type(admin_client, chosen, own_type, company):
    NetvisorConnection.objects.filter(pk=chosen.pk).update(state=NetvisorConnection.State.EXPIRED)
    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    connection = services.check_connection(company=company)
    assert connection.is_connected and connection.voucher_type == "Kulukorvaukset"
    assert connection.last_error == GONE


def test_an_update_during_the_check_is_not_overwritten_by_the_checks_findings(
    admin_client, chosen, own_type, company, monkeypatch
):
    from companies.integration import gateway

    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    real_call = gateway.call_netvisor

    def admin_chooses_muut_meanwhile(connection, operation):
        found = real_call(connection, operation)
        NetvisorConnection.objects.filter(pk=connection.pk).update(voucher_type="Muut", version=connection.version + 1)
        return found

    monkeypatch.setattr(gateway, "call_netvisor", admin_chooses_muut_meanwhile)
    connection = services.check_connection(company=company)
    assert (connection.voucher_type, connection.last_error) == ("Muut", "")
    with pytest.raises(services.VoucherTypeMissing):
        services.ensure_voucher_type(chosen)  # the export check judged "Kulukorvaukset", no longer chosen
    assert NetvisorConnection.objects.get(pk=chosen.pk).last_error == ""


def test_reconnecting_with_a_new_identifier_keeps_the_chosen_type(admin_client, chosen, sandbox, company):
    from tests.companies.netvisor_helpers import new_connection_identifier

    response = admin_client.post(
        reverse("companies:netvisor_connect"),
        {"connection_identifier": new_connection_identifier(sandbox), "version": chosen.version},
        follow=True,
    )
    assert "Connected to Netvisor." in response.content.decode()
    connection = NetvisorConnection.objects.get(company=company)
    assert connection.version == chosen.version + 1
    assert (connection.voucher_type, connection.last_error) == ("Kulukorvaukset", "")


def test_reconnecting_after_the_type_was_deleted_falls_back_to_muut(admin_client, chosen, own_type, sandbox, company):
    from tests.companies.netvisor_helpers import new_connection_identifier

    delete_voucher_type(organisation=own_type.organisation, pk=own_type.pk)
    data = {"connection_identifier": new_connection_identifier(sandbox), "version": chosen.version}
    admin_client.post(reverse("companies:netvisor_connect"), data)
    connection = NetvisorConnection.objects.get(company=company)
    assert (connection.voucher_type, connection.last_error) == ("Muut", "")
