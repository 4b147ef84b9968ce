"""The rights box refreshes itself: opening the page queues a Check when the rights are old, never waits on Netvisor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.integration.connection_jobs import RIGHTS_FRESH_FOR
from companies.models import ConnectionJob, NetvisorConnection
from companies.roles import Role
from companies.tasks import run_connection_job
from netvisor_sandbox.models import SandboxCall

BOX = reverse("companies:reimbursement_accounting")
CHECK = ConnectionJob.Kind.CHECK


@pytest.fixture
def admin_client(sandbox, company, member_factory, login, publish_for_real):
    publish_for_real("memory://")  # no worker: a queued job stays queued until the test runs it
    company.business_id = sandbox.organisation_id
    company.save(update_fields=["business_id"])
    return login(member_factory(company, Role.ADMIN))


def checked(sandbox, company, *, ago: timedelta | None) -> NetvisorConnection:
    connection = sandbox.connect(company)
    connection.last_checked_at = None if ago is None else timezone.now() - ago
    connection.save(update_fields=["last_checked_at"])
    return connection


def checks(company) -> list[ConnectionJob]:
    return list(ConnectionJob.objects.filter(company=company, kind=CHECK))


def test_old_rights_queue_a_check_and_the_page_shows_it_without_calling_netvisor(admin_client, company, sandbox):
    checked(sandbox, company, ago=RIGHTS_FRESH_FOR + timedelta(minutes=1))
    calls_before = SandboxCall.objects.count()

    page = admin_client.get(BOX).content.decode()

    [job] = checks(company)
    assert job.state == ConnectionJob.State.QUEUED
    assert SandboxCall.objects.count() == calls_before  # the request did not call Netvisor
    assert "Checking the connection…" in page and "data-status-url" in page  # the page follows the job
    run_connection_job(job.pk)  # the worker's part
    assert NetvisorConnection.objects.get(company=company).last_checked_at > timezone.now() - timedelta(minutes=1)


def test_never_checked_rights_are_checked(admin_client, company, sandbox):
    checked(sandbox, company, ago=None)
    admin_client.get(BOX)
    assert len(checks(company)) == 1


def test_fresh_rights_queue_nothing(admin_client, company, sandbox):
    checked(sandbox, company, ago=RIGHTS_FRESH_FOR - timedelta(minutes=1))
    admin_client.get(BOX)
    assert checks(company) == []


def test_a_second_visit_while_the_check_is_queued_adds_none(admin_client, company, sandbox):
    checked(sandbox, company, ago=timedelta(hours=1))
    admin_client.get(BOX)
    admin_client.get(BOX)
    assert len(checks(company)) == 1


def test_a_check_that_failed_recently_is_not_repeated_at_every_visit(admin_client, company, sandbox):
    checked(sandbox, company, ago=timedelta(hours=1))
    admin_user = ConnectionJob._meta.get_field("requested_by").related_model.objects.first()
    ConnectionJob.objects.create(
        company=company, requested_by=admin_user, kind=CHECK, state=ConnectionJob.State.FAILED,
        created_at=timezone.now() - timedelta(minutes=2),
    )  # fmt: skip
    admin_client.get(BOX)
    assert len(checks(company)) == 1


def test_no_check_for_a_company_that_is_not_connected(admin_client, company):
    admin_client.get(BOX)
    assert checks(company) == []
