"""'Fetch data' against the real sandbox: counts, upstream changes, and every way it can fail."""

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from companies.integration import services as connection_services
from companies.models import NetvisorConnection
from costcenters.models import CostCenter, CostCenterFetch
from costcenters.services import request_fetch, resume_paused_fetches
from netvisor_sandbox import dimtree
from netvisor_sandbox.models import SandboxApiIdentifier
from tests.companies.netvisor_helpers import new_api_identifier, set_fault, set_rights
from tests.costcenters.cc_helpers import demo_dimension, demo_item
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)
State = CostCenterFetch.State


@pytest.fixture
def company(sandbox):
    return CompanyFactory()


@pytest.fixture
def connected(sandbox, company):
    return sandbox.connect(company)


def fetch(company, actor=None) -> CostCenterFetch:
    found, _created = request_fetch(company=company, actor=actor)
    found.refresh_from_db()
    return found


def counts(found: CostCenterFetch) -> tuple[int, int, int, int]:
    return found.added, found.updated, found.deactivated, found.unchanged


def snapshot(company) -> list[tuple]:
    return list(
        CostCenter.objects.filter(company=company)
        .order_by("pk")
        .values_list("pk", "name", "code", "parent_id", "level", "sort", "is_active", "netvisor_key")
    )


def active_names(company) -> set[str]:
    return set(CostCenter.objects.filter(company=company, is_active=True).values_list("name", flat=True))


def test_first_fetch_brings_the_demo_cost_centers_with_their_hierarchy(connected, company):
    done = fetch(company)
    assert done.state == State.SUCCEEDED and done.started_at and done.finished_at
    assert counts(done) == (6, 0, 0, 0)
    assert done.dimension_names == ["Kustannuspaikka"]
    assert active_names(company) == {"Hallinto", "Myynti", "Myynti Helsinki", "Myynti Tampere", "Tuotanto"}
    hidden = CostCenter.objects.get(company=company, name="Vanha osasto")
    assert not hidden.is_active
    helsinki = CostCenter.objects.get(company=company, name="Myynti Helsinki")
    assert (helsinki.parent.name, helsinki.level, helsinki.source) == ("Myynti", 2, CostCenter.Source.NETVISOR)
    assert not CostCenter.objects.filter(company=company, dimension_name="Projekti").exists()


def test_a_second_fetch_with_no_changes_reports_everything_unchanged(connected, company):
    fetch(company)
    before = snapshot(company)
    assert counts(fetch(company)) == (0, 0, 0, 6)
    assert snapshot(company) == before


def test_second_fetch_shows_exactly_the_changes_made_upstream(connected, company, sandbox):
    fetch(company)
    dimension = demo_dimension(sandbox)
    dimtree.add_item(dimension, "Markkinointi")  # add
    renamed = demo_item(sandbox, "Hallinto")
    renamed.name = "Hallinto ja talous"  # rename
    renamed.save()
    demo_dimension(sandbox).items.filter(name="Tuotanto").update(is_hidden=True)  # hide
    demo_item(sandbox, "Myynti Tampere").delete()  # delete
    dimtree.move(demo_item(sandbox, "Myynti Helsinki"), renamed)  # move under another parent
    ids_before = dict(CostCenter.objects.filter(company=company).values_list("name", "pk"))

    done = fetch(company)

    assert counts(done) == (1, 2, 2, 2)  # unchanged: Myynti and the hidden Vanha osasto
    assert active_names(company) == {"Hallinto ja talous", "Myynti", "Myynti Helsinki", "Markkinointi"}
    assert CostCenter.objects.get(pk=ids_before["Hallinto"]).name == "Hallinto ja talous"  # same row
    moved = CostCenter.objects.get(pk=ids_before["Myynti Helsinki"])
    assert moved.parent_id == ids_before["Hallinto"] and moved.level == 2
    gone = CostCenter.objects.get(pk=ids_before["Myynti Tampere"])
    assert not gone.is_active  # deactivated, never deleted
    assert CostCenter.objects.filter(company=company).count() == 7


def test_an_item_that_comes_back_is_reactivated(connected, company, sandbox):
    fetch(company)
    demo_dimension(sandbox).items.filter(name="Tuotanto").update(is_hidden=True)
    assert counts(fetch(company))[2] == 1
    demo_dimension(sandbox).items.filter(name="Tuotanto").update(is_hidden=False)
    assert counts(fetch(company)) == (0, 1, 0, 5)
    assert CostCenter.objects.get(company=company, name="Tuotanto").is_active


def test_names_with_odd_whitespace_are_normalised_and_keep_scandinavian_letters(connected, company, sandbox):
    dimtree.add_item(demo_dimension(sandbox), "  Kehitys\u00a0 ja   Ääniö  Åland ")
    fetch(company)
    assert "Kehitys ja Ääniö Åland" in active_names(company)


def test_without_a_connection_the_fetch_fails_with_a_clear_message(sandbox, company):
    done = fetch(company)
    assert done.state == State.FAILED
    assert "Connect the company to Netvisor first" in done.message


def test_missing_dimensionlist_right_fails_and_is_recorded_on_the_connection(connected, company, sandbox):
    fetch(company)
    before = snapshot(company)
    set_rights(sandbox, ["accounting", "payment"])
    done = fetch(company)
    assert done.state == State.FAILED
    assert "The right “dimensionlist” is missing" in done.message
    assert NetvisorConnection.objects.get(company=company).rights["dimensionlist"] == "missing"
    assert snapshot(company) == before


def test_expired_credentials_pause_the_fetch_until_an_admin_updates_them(connected, company, sandbox):
    fetch(company)
    before = snapshot(company)
    SandboxApiIdentifier.objects.filter(customer_id=connected.customer_id).update(revoked_at=timezone.now())
    dimtree.add_item(demo_dimension(sandbox), "Uusi osasto")
    paused = fetch(company)
    assert paused.state == State.PAUSED and "Change credentials" in paused.message
    assert NetvisorConnection.objects.get(company=company).is_paused
    assert snapshot(company) == before
    assert fetch(company).pk == paused.pk  # a press while paused shows the paused one

    admin = MembershipFactory(company=company, role="admin").user
    fresh = new_api_identifier(sandbox)
    expired = NetvisorConnection.objects.get(company=company)
    connection_services.change_credentials(
        company=company, user_id=fresh.customer_id, user_secret=fresh.customer_key,
        voucher_type=expired.voucher_type, actor=admin, version=expired.version,
    )  # fmt: skip  # resumes paused work on commit, through PAUSED_WORK_RESUMERS
    resumed = CostCenterFetch.objects.get(pk=paused.pk)
    assert resumed.state == State.SUCCEEDED and counts(resumed) == (1, 0, 0, 6)
    assert "Uusi osasto" in active_names(company)


def test_resume_is_harmless_without_paused_fetches(connected, company):
    assert resume_paused_fetches(company) == 0


@pytest.mark.parametrize(
    ("fault", "options", "expected"),
    [
        ("timeout", {"seconds": 3}, "did not answer in time"),
        ("http_5xx", {"status_code": 502}, "could not be read"),
        ("maintenance", {}, "maintenance break"),
    ],
)
def test_a_failed_fetch_changes_nothing(connected, company, sandbox, settings, fault, options, expected):
    fetch(company)
    demo_dimension(sandbox).items.filter(name="Hallinto").update(name="Hallinto 2")
    before = snapshot(company)
    settings.NETVISOR_READ_TIMEOUT = 1
    set_fault(sandbox, fault, **options)
    done = fetch(company)
    assert done.state == State.FAILED
    assert expected in done.message
    assert snapshot(company) == before


def test_only_one_fetch_runs_per_company(connected, company, monkeypatch):
    from costcenters import tasks

    monkeypatch.setattr(tasks.fetch_cost_centers, "delay_on_commit", lambda fetch_id: None)  # keep it queued
    first, created = request_fetch(company=company, actor=None)
    second, created_again = request_fetch(company=company, actor=None)
    assert created and not created_again and second.pk == first.pk
    assert CostCenterFetch.objects.filter(company=company).count() == 1
    from costcenters.services import run_fetch

    assert run_fetch(fetch_id=first.pk).state == State.SUCCEEDED
    assert run_fetch(fetch_id=first.pk) is None  # already claimed: a duplicate task does nothing
    assert CostCenter.objects.filter(company=company).count() == 6


def test_a_fetch_that_lost_its_worker_does_not_block_forever(connected, company, monkeypatch):
    from datetime import timedelta

    from costcenters import tasks

    monkeypatch.setattr(tasks.fetch_cost_centers, "delay_on_commit", lambda fetch_id: None)
    stuck, _created = request_fetch(company=company, actor=None)
    CostCenterFetch.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    fresh, created = request_fetch(company=company, actor=None)
    assert created and fresh.pk != stuck.pk
    assert CostCenterFetch.objects.get(pk=stuck.pk).state == State.FAILED


def test_the_fetch_is_audited(connected, company):
    admin = MembershipFactory(company=company, role="admin").user
    done = fetch(company, actor=admin)
    actions = list(AuditEntry.objects.filter(company=company, object_id=str(done.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["costcenters.fetch_requested", "costcenters.fetch_succeeded"]
