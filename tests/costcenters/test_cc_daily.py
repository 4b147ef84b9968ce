"""The weekday-morning sync: connected companies fetch, paused ones wait, unconnected ones are skipped."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from companies.models import NetvisorConnection
from costcenters.models import CostCenter, CostCenterFetch
from costcenters.tasks import sync_cost_centers_daily
from netvisor_sandbox.models import SandboxApiIdentifier
from tests.costcenters.cc_helpers import update_credentials
from tests.factories import CompanyFactory

State = CostCenterFetch.State


def test_the_sync_is_scheduled_on_weekday_mornings_in_helsinki_time():
    entry = settings.CELERY_BEAT_SCHEDULE["costcenters-daily-sync"]
    assert entry["task"] == "costcenters.tasks.sync_cost_centers_daily"
    assert entry["schedule"] == crontab(hour=6, minute=20, day_of_week="mon-fri")
    assert settings.CELERY_TIMEZONE == "Europe/Helsinki"


@pytest.mark.django_db
def test_daily_sync_fetches_connected_companies_and_skips_the_rest(sandbox):
    connected, unconnected, expired = CompanyFactory(), CompanyFactory(), CompanyFactory()
    sandbox.connect(connected)
    NetvisorConnection.objects.create(company=unconnected)
    sandbox.connect(expired)
    NetvisorConnection.objects.filter(company=expired).update(state=NetvisorConnection.State.EXPIRED)

    sync_cost_centers_daily()  # must not raise for the paused or the unconnected company

    done = CostCenterFetch.objects.get(company=connected)
    assert (done.state, done.trigger, done.added) == (State.SUCCEEDED, CostCenterFetch.Trigger.DAILY, 6)
    assert not CostCenterFetch.objects.filter(company=unconnected).exists()
    waiting = CostCenterFetch.objects.get(company=expired)
    assert waiting.state == State.PAUSED
    assert not CostCenter.objects.filter(company=expired).exists()


@pytest.mark.django_db
def test_a_paused_daily_sync_runs_after_the_admin_updates_credentials(sandbox):
    company = CompanyFactory()
    connection = sandbox.connect(company)
    SandboxApiIdentifier.objects.filter(customer_id=connection.customer_id).update(revoked_at=timezone.now())
    sync_cost_centers_daily()  # Netvisor refuses: the connection pauses, and so does the fetch
    assert CostCenterFetch.objects.get(company=company).state == State.PAUSED
    assert NetvisorConnection.objects.get(company=company).is_paused

    sync_cost_centers_daily()  # the next morning: still paused, no second fetch, no error
    assert CostCenterFetch.objects.filter(company=company).count() == 1

    update_credentials(sandbox, company)
    assert CostCenterFetch.objects.get(company=company).state == State.SUCCEEDED
    assert CostCenter.objects.filter(company=company, is_active=True).count() == 5


@pytest.mark.django_db
def test_one_company_that_cannot_start_does_not_stop_the_others(sandbox, monkeypatch):
    from costcenters.services import fetching

    broken, fine = CompanyFactory(), CompanyFactory()
    sandbox.connect(broken)
    sandbox.connect(fine)
    original = fetching.request_fetch

    def request_fetch(*, company, **kwargs):
        if company.pk == broken.pk:
            raise RuntimeError("database hiccup")
        return original(company=company, **kwargs)

    monkeypatch.setattr(fetching, "request_fetch", request_fetch)
    sync_cost_centers_daily()
    assert CostCenterFetch.objects.get(company=fine).state == State.SUCCEEDED
    assert not CostCenterFetch.objects.filter(company=broken).exists()
