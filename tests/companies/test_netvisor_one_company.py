"""One Netvisor organisation, one company (spec 13.16): refused elsewhere, confirmed when not the company's own."""

import pytest
from django.core import mail
from django.db import connection as db
from django.urls import reverse

from companies.models import Company, ConnectionJob, NetvisorConnection
from companies.roles import Role
from netvisor_sandbox.models import SandboxConnectionIdentifier, SandboxOrganisation
from tests.companies.netvisor_helpers import new_connection_identifier
from tests.companies.test_netvisor_store import payload, post
from tests.factories import CompanyFactory

BOX = reverse("companies:reimbursement_accounting")
ELSEWHERE = "already connected to another company account"


def connect(client, identifier: str, version: int = 0):
    url = reverse("companies:netvisor_connect")
    return client.post(url, {"connection_identifier": identifier, "version": version}, follow=True)


@pytest.fixture
def first(sandbox):
    """A company already connected to the sandbox's Netvisor company (Demo Oy)."""
    company = CompanyFactory(name="Ensimmäinen Oy", business_id=sandbox.organisation_id)
    sandbox.connect(company)
    return company


@pytest.fixture
def second(sandbox, member_factory, login):
    company = CompanyFactory(name="Toinen Oy", business_id="7654321-0")
    return company, login(member_factory(company, Role.ADMIN))


def test_an_identifier_of_an_organisation_connected_to_another_company_is_refused(first, second, sandbox):
    company, client = second
    page = connect(client, new_connection_identifier(sandbox)).content.decode()
    assert ELSEWHERE in page
    box = page[page.index('id="netvisor-authentication"') :]
    for named in (first.name, sandbox.organisation_id, "Demo Oy"):  # neither company's data
        assert named not in box
    connection = NetvisorConnection.objects.get(company=company)
    assert not connection.is_connected and not connection.has_credentials
    assert ConnectionJob.objects.get(company=company).pending_customer_key == ""


def test_a_different_business_id_waits_for_the_admins_confirmation(sandbox, company, member_factory, login):
    client = login(member_factory(company, Role.ADMIN))
    page = connect(client, new_connection_identifier(sandbox)).content.decode()
    assert "Is this the right Netvisor company?" in page
    for shown in (company.name, company.business_id, "Demo Oy", sandbox.organisation_id):  # both names and IDs
        assert shown in page
    assert not NetvisorConnection.objects.get(company=company).has_credentials  # nothing saved yet
    job = ConnectionJob.objects.get(company=company)
    assert job.state == "needs_confirmation" and job.pending_customer_key
    with db.cursor() as cursor:
        cursor.execute("SELECT pending_customer_key FROM companies_connectionjob WHERE id = %s", [job.pk])
        raw = cursor.fetchone()[0]
    assert job.pending_customer_key not in raw and raw.startswith("gAAAA")  # kept encrypted

    page = client.post(reverse("companies:netvisor_confirm", kwargs={"job_id": job.pk}), follow=True)
    assert "Connected to Netvisor." in page.content.decode()
    connection = NetvisorConnection.objects.get(company=company)
    assert connection.is_connected and connection.organisation_id == sandbox.organisation_id
    job.refresh_from_db()
    assert (job.state, job.pending_customer_key, job.pending_customer_id) == ("done", "", "")


def test_discarding_saves_nothing_and_forgets_the_keys(sandbox, company, member_factory, login):
    client = login(member_factory(company, Role.ADMIN))
    connect(client, new_connection_identifier(sandbox))
    job = ConnectionJob.objects.get(company=company)
    page = client.post(reverse("companies:netvisor_discard", kwargs={"job_id": job.pk}), follow=True)
    assert "Discarded. Nothing was saved" in page.content.decode()
    assert not NetvisorConnection.objects.get(company=company).has_credentials
    job.refresh_from_db()
    assert (job.state, job.pending_customer_key) == ("discarded", "")
    assert client.post(reverse("companies:netvisor_confirm", kwargs={"job_id": job.pk})).status_code == 302
    assert not NetvisorConnection.objects.get(company=company).has_credentials  # a late confirm does nothing


def test_a_confirmation_after_another_company_connected_meanwhile_is_refused(sandbox, company, member_factory, login):
    client = login(member_factory(company, Role.ADMIN))
    connect(client, new_connection_identifier(sandbox))
    job = ConnectionJob.objects.get(company=company)
    sandbox.connect(CompanyFactory(business_id=sandbox.organisation_id))  # while the admin was deciding
    page = client.post(reverse("companies:netvisor_confirm", kwargs={"job_id": job.pk}), follow=True)
    assert ELSEWHERE in page.content.decode()
    assert not NetvisorConnection.objects.get(company=company).has_credentials


def test_no_confirmation_for_the_companys_own_business_id_or_none(sandbox, member_factory, login):
    for business_id in (sandbox.organisation_id, ""):
        company = CompanyFactory(business_id=business_id)
        connect(login(member_factory(company, Role.ADMIN)), new_connection_identifier(sandbox))
        assert NetvisorConnection.objects.get(company=company).is_connected
        NetvisorConnection.objects.filter(company=company).delete()  # free the organisation for the next one


def test_a_store_activation_of_an_organisation_connected_to_another_company_is_refused(first, sandbox):
    response = post(payload(sandbox, company_name="Kolmas Oy"))
    assert response.status_code == 409 and response.json()["status"] == "organisation_connected"
    message = response.json()["message"]
    for named in (first.name, sandbox.organisation_id, "Demo Oy"):
        assert named not in message
    assert not Company.objects.filter(name="Kolmas Oy").exists()


def test_an_identifier_of_a_store_activated_organisation_is_refused_to_another_company(sandbox, second):
    assert post(payload(sandbox)).status_code == 201  # the Store made "Kauppa Oy", its admin not joined yet
    company, client = second
    page = connect(client, new_connection_identifier(sandbox)).content.decode()
    assert ELSEWHERE in page and "Kauppa Oy" not in page
    assert not NetvisorConnection.objects.get(company=company).has_credentials


def test_expiry_notice_goes_to_the_pending_admin_invitation_of_a_store_activated_company(sandbox):
    from companies.integration import state

    assert post(payload(sandbox)).status_code == 201
    mail.outbox.clear()
    connection = NetvisorConnection.objects.get(company__name="Kauppa Oy")
    state.mark_credentials_expired(connection, netvisor_text="AUTHENTICATION_FAILED")
    assert [m.to for m in mail.outbox] == [["owner@kauppa.example"]]


def test_the_page_shows_no_job_of_another_company(first, second, sandbox):
    _company, client = second
    other_job = ConnectionJob.objects.create(company=first, kind="check", state="done", message="Zzyzx result")
    assert "Zzyzx result" not in client.get(f"{BOX}?job={other_job.pk}").content.decode()


def test_reconnect_to_another_organisation_stays_refused(first, sandbox, member_factory, login):
    other = SandboxOrganisation.objects.create(business_id="7654321-0", name="Toinen Oy")
    identifier = SandboxConnectionIdentifier.objects.create(organisation=other).identifier
    page = connect(login(member_factory(first, Role.ADMIN)), identifier).content.decode()
    assert "Disconnect first" in page
    assert NetvisorConnection.objects.get(company=first).organisation_id == sandbox.organisation_id
