"""Connect, Update and Check connection run in the background: the web request never waits on Netvisor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.integration import connection_jobs
from companies.models import ConnectionJob, NetvisorConnection
from companies.roles import Role
from companies.tasks import run_connection_job
from netvisor_sandbox import faults
from netvisor_sandbox.models import SandboxCall
from tests.companies.netvisor_helpers import new_api_identifier, new_connection_identifier, organisation, set_fault

BOX = reverse("companies:reimbursement_accounting")


@pytest.fixture
def admin_client(sandbox, company, member_factory, login):
    company.business_id = sandbox.organisation_id
    company.save(update_fields=["business_id"])
    return login(member_factory(company, Role.ADMIN))


@pytest.fixture
def queued_only(publish_for_real):
    """Tasks go to an in-memory broker that no worker reads: a job runs only when the test runs it."""
    publish_for_real("memory://")


def last_job(company) -> ConnectionJob:
    return ConnectionJob.objects.filter(company=company).latest("pk")


def worker_runs(job: ConnectionJob) -> ConnectionJob:
    run_connection_job(job.pk)  # what a worker does with the task message
    job.refresh_from_db()
    return job


def test_presses_return_at_once_while_netvisor_is_slow(admin_client, company, sandbox, queued_only):
    """Save, Update and Check connection with Netvisor answering after a minute: no request calls it."""
    set_fault(sandbox, "latency", seconds=60)
    presses = [
        ("companies:netvisor_connect", lambda: {"connection_identifier": new_connection_identifier(sandbox)}),
        ("companies:netvisor_check", dict),
        ("companies:netvisor_credentials", lambda: {"user_id": "", "user_secret": "", "voucher_type": "Muut"}),
    ]
    for url_name, form in presses:
        version = NetvisorConnection.objects.get_or_create(company=company)[0].version
        calls_before = SandboxCall.objects.count()
        response = admin_client.post(reverse(url_name), {**form(), "version": version})
        job = last_job(company)
        assert response.status_code == 302 and response["Location"] == f"{BOX}?job={job.pk}"
        assert job.state == ConnectionJob.State.QUEUED
        assert SandboxCall.objects.count() == calls_before  # the request did not call Netvisor
        faults.clear(organisation(sandbox))
        assert worker_runs(job).state == ConnectionJob.State.DONE, job.shown_message
        assert SandboxCall.objects.count() > calls_before  # the worker did
        set_fault(sandbox, "latency", seconds=60)
    assert NetvisorConnection.objects.get(company=company).is_connected


def test_the_page_and_the_status_poll_show_progress_then_the_result(admin_client, company, sandbox, queued_only):
    sandbox.connect(company)
    admin_client.post(reverse("companies:netvisor_check"))
    job = last_job(company)
    status_url = reverse("companies:netvisor_job_status", kwargs={"job_id": job.pk})
    page = admin_client.get(f"{BOX}?job={job.pk}").content.decode()
    assert "Checking the connection…" in page and f'data-status-url="{status_url}"' in page
    assert admin_client.get(status_url).json()["running"] is True

    worker_runs(job)
    status = admin_client.get(status_url).json()
    assert (status["running"], status["status_class"]) == (False, "ok")
    assert status["summary"] == "The connection to Netvisor works."
    page = admin_client.get(status["page_url"]).content.decode()
    assert "The connection to Netvisor works." in page and "data-status-url" not in page


def test_a_second_press_while_one_runs_starts_nothing_more(admin_client, company, sandbox, queued_only):
    sandbox.connect(company)
    admin_client.post(reverse("companies:netvisor_check"))
    page = admin_client.post(reverse("companies:netvisor_check"), follow=True).content.decode()
    assert "already under way" in page
    assert ConnectionJob.objects.filter(company=company).count() == 1


def test_the_result_is_shown_in_the_readers_language(admin_client, company, sandbox, queued_only):
    sandbox.connect(company)
    admin_client.post(reverse("companies:netvisor_check"))
    job = worker_runs(last_job(company))
    assert set(job.message_texts) == {"en", "fi"}
    assert job.message_texts["en"] == "The connection to Netvisor works."


def test_netvisors_own_text_is_kept_for_details(admin_client, company, sandbox):
    connection = sandbox.connect(company)
    data = {"user_id": connection.customer_id, "user_secret": "wrong", "voucher_type": "Muut", "version": 0}
    admin_client.post(reverse("companies:netvisor_credentials"), data)
    job = last_job(company)
    assert job.state == ConnectionJob.State.FAILED and job.outcome == ConnectionJob.Outcome.REFUSED
    assert "Netvisor refused the credentials" in job.message and job.netvisor_text
    assert job.netvisor_text not in job.message


def test_a_check_whose_worker_died_runs_again(admin_client, company, sandbox, queued_only):
    sandbox.connect(company)
    admin_client.post(reverse("companies:netvisor_check"))
    job = last_job(company)
    ConnectionJob.objects.filter(pk=job.pk).update(
        state=ConnectionJob.State.RUNNING, claimed_until=timezone.now() - timedelta(seconds=1), claim_token="dead"
    )
    assert connection_jobs.sweep_connection_jobs() == 1
    assert worker_runs(job).state == ConnectionJob.State.DONE


def test_an_update_whose_worker_died_asks_to_try_again(admin_client, company, sandbox, queued_only):
    connection = sandbox.connect(company)
    fresh = new_api_identifier(sandbox)
    data = {"user_id": fresh.customer_id, "user_secret": fresh.customer_key, "voucher_type": "Muut", "version": 0}
    admin_client.post(reverse("companies:netvisor_credentials"), data)
    job = last_job(company)
    # A worker took it (and the secret out of the row), then died.
    ConnectionJob.objects.filter(pk=job.pk).update(
        state=ConnectionJob.State.RUNNING, user_id="", user_secret="", claimed_until=timezone.now(), claim_token="x"
    )
    ConnectionJob.objects.filter(pk=job.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    job = worker_runs(job)
    assert job.state == ConnectionJob.State.FAILED and "interrupted" in job.message
    assert NetvisorConnection.objects.get(pk=connection.pk).customer_id == connection.customer_id


def test_a_lost_task_message_is_sent_again_by_the_sweeper(admin_client, company, sandbox, queued_only):
    sandbox.connect(company)
    admin_client.post(reverse("companies:netvisor_check"))
    job = last_job(company)
    ConnectionJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    assert connection_jobs.sweep_connection_jobs() == 1
