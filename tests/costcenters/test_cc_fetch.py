"""'Fetch data' against the real sandbox: counts, upstream changes, and every way it can fail."""

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from companies.models import NetvisorConnection
from costcenters.models import CostCenter, CostCenterFetch
from costcenters.services import request_fetch, resume_paused_fetches, run_fetch
from netvisor_sandbox import dimtree
from netvisor_sandbox.models import SandboxApiIdentifier
from tests.companies.netvisor_helpers import set_fault, set_rights
from tests.costcenters.cc_helpers import demo_dimension, demo_item, update_credentials
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
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


def test_expense_lines_offer_the_fetched_active_cost_centers_only(connected, company, sandbox):
    from expenses.forms.allowances import MileageForm
    from expenses.forms.receipt import LineForm

    fetch(company)
    demo_dimension(sandbox).items.filter(name="Tuotanto").update(is_hidden=True)
    fetch(company)
    expected = {"Hallinto", "Myynti", "Myynti Helsinki", "Myynti Tampere"}
    for form in (LineForm(company=company), MileageForm(company=company)):
        assert {str(choice) for choice in form.fields["cost_center"].queryset} == expected


def test_an_item_that_comes_back_is_reactivated(connected, company, sandbox):
    fetch(company)
    demo_dimension(sandbox).items.filter(name="Tuotanto").update(is_hidden=True)
    assert counts(fetch(company))[2] == 1
    demo_dimension(sandbox).items.filter(name="Tuotanto").update(is_hidden=False)
    assert counts(fetch(company)) == (0, 1, 0, 5)
    assert CostCenter.objects.get(company=company, name="Tuotanto").is_active


def test_the_admin_chooses_which_dimensions_hold_cost_centers(connected, company):
    from costcenters.services import choose_dimensions

    fetch(company)
    admin = MembershipFactory(company=company, role="admin").user
    choose_dimensions(company=company, names=["Kustannuspaikka", "Projekti"], actor=admin)
    both = fetch(company)
    assert both.dimension_names == ["Kustannuspaikka", "Projekti"] and both.added > 0
    projects = set(CostCenter.objects.filter(company=company, dimension_name="Projekti").values_list("name", flat=True))
    assert projects and projects <= active_names(company)

    choose_dimensions(company=company, names=["Projekti"], actor=admin)
    only_projects = fetch(company)
    assert only_projects.deactivated == 5  # the active Kustannuspaikka items: deactivated, not deleted
    assert active_names(company) == projects
    assert CostCenter.objects.filter(company=company, dimension_name="Kustannuspaikka").count() == 6


def test_names_with_odd_whitespace_are_normalised_and_keep_scandinavian_letters(connected, company, sandbox):
    dimtree.add_item(demo_dimension(sandbox), "  Kehitys\u00a0 ja   Ääniö  Åland ")
    fetch(company)
    assert "Kehitys ja Ääniö Åland" in active_names(company)


def test_a_voucher_line_carries_the_fetched_item_and_netvisor_finds_it_without_making_a_twin(
    connected, company, sandbox
):
    from datetime import date
    from decimal import Decimal

    from companies.integration import gateway
    from costcenters.selectors import voucher_line_dimensions
    from netvisor.models import Voucher, VoucherLine
    from netvisor_sandbox.models import SandboxVoucherLine

    dimtree.add_item(demo_dimension(sandbox), "Kehitys\u00a0ja  talous")  # spelled oddly upstream
    fetch(company)
    cost_center = CostCenter.objects.get(company=company, name="Kehitys ja talous")
    items_before = demo_dimension(sandbox).items.count()
    line = VoucherLine(
        Decimal("12.40"), 7000, Decimal("25.5"), "KOOS", "Taksi", dimensions=voucher_line_dimensions(cost_center)
    )
    counter = VoucherLine(Decimal("-12.40"), 2940, Decimal("0"), "NONE", "Kulukorvaus")
    voucher = Voucher(date.today(), "Muut", (line, counter), description="Kulut [BZ-1]")

    gateway.call_netvisor(connected, lambda client: client.post_voucher(voucher))

    taxi = SandboxVoucherLine.objects.filter(description="Taksi").values_list("dimensions", flat=True)
    assert [["Kustannuspaikka", "Kehitys\u00a0ja  talous"]] in list(taxi)
    assert demo_dimension(sandbox).items.count() == items_before  # found the item, created none
    assert voucher_line_dimensions(None) == ()


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

    update_credentials(sandbox, company)  # resumes paused work on commit, through PAUSED_WORK_RESUMERS
    resumed = CostCenterFetch.objects.get(pk=paused.pk)
    assert resumed.state == State.SUCCEEDED and counts(resumed) == (1, 0, 0, 6)
    assert "Uusi osasto" in active_names(company)


def test_resume_is_harmless_without_paused_fetches(connected, company):
    assert resume_paused_fetches(company) == 0


@pytest.mark.parametrize(
    ("fault", "options", "expected"),
    [
        # A read that times out needs the socket: over HTTP.
        pytest.param(
            "timeout", {"seconds": 3}, "did not answer in time", marks=pytest.mark.django_db(transaction=True)
        ),
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


def test_a_fetch_whose_worker_died_is_taken_over_by_the_next_press(connected, company, monkeypatch):
    from datetime import timedelta

    from costcenters import tasks

    sent = []
    monkeypatch.setattr(tasks.fetch_cost_centers, "delay_on_commit", sent.append)
    stuck, _created = request_fetch(company=company, actor=None)
    # Its worker claimed it, then died: the lease ran out and nobody renews it.
    CostCenterFetch.objects.filter(pk=stuck.pk).update(
        state=State.RUNNING, claimed_until=timezone.now() - timedelta(seconds=1), claim_token="dead"
    )
    shown, created = request_fetch(company=company, actor=None)
    assert not created and shown.pk == stuck.pk and sent == [stuck.pk, stuck.pk]
    monkeypatch.undo()
    assert run_fetch(fetch_id=stuck.pk).state == State.SUCCEEDED
    assert CostCenterFetch.objects.filter(company=company).count() == 1


def test_a_running_fetch_under_a_live_lease_is_not_taken_over(connected, company, monkeypatch):
    from datetime import timedelta

    from costcenters import tasks

    monkeypatch.setattr(tasks.fetch_cost_centers, "delay_on_commit", lambda fetch_id: None)
    busy, _created = request_fetch(company=company, actor=None)
    CostCenterFetch.objects.filter(pk=busy.pk).update(
        state=State.RUNNING, claimed_until=timezone.now() + timedelta(seconds=30), claim_token="alive"
    )
    assert run_fetch(fetch_id=busy.pk) is None
    assert CostCenterFetch.objects.get(pk=busy.pk).claim_token == "alive"


def test_a_fetch_resumed_after_a_long_pause_is_not_taken_for_lost(connected, company, monkeypatch):
    from datetime import timedelta

    from costcenters import tasks

    monkeypatch.setattr(tasks.fetch_cost_centers, "delay_on_commit", lambda fetch_id: None)
    morning = timezone.now() - timedelta(hours=4)
    paused = CostCenterFetch.objects.create(company=company, state=State.PAUSED, queued_at=morning)
    CostCenterFetch.objects.filter(pk=paused.pk).update(created_at=morning)
    assert resume_paused_fetches(company) == 1  # the admin's Update, just now
    shown, created = request_fetch(company=company, actor=None)  # and a press right after it
    assert not created and shown.pk == paused.pk
    assert CostCenterFetch.objects.get(pk=paused.pk).state == State.QUEUED


def test_a_paused_fetch_does_not_block_after_the_connection_stopped_being_paused(connected, company, sandbox):
    # The connection came back (or was disconnected) without the resume hook reaching this fetch.
    paused = CostCenterFetch.objects.create(company=company, state=State.PAUSED, message="paused")
    shown, created = request_fetch(company=company, actor=None)
    assert not created and shown.pk == paused.pk
    assert shown.state == State.SUCCEEDED and counts(shown) == (6, 0, 0, 0)
    NetvisorConnection.objects.filter(company=company).update(state=NetvisorConnection.State.NOT_CONNECTED)
    stuck = CostCenterFetch.objects.create(company=company, state=State.PAUSED, message="paused")
    shown, _created = request_fetch(company=company, actor=None)
    assert shown.pk == stuck.pk and shown.state == State.FAILED
    assert "Connect the company to Netvisor first" in shown.message


def test_the_fetch_is_audited(connected, company):
    admin = MembershipFactory(company=company, role="admin").user
    done = fetch(company, actor=admin)
    actions = list(AuditEntry.objects.filter(company=company, object_id=str(done.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["costcenters.fetch_requested", "costcenters.fetch_succeeded"]


@pytest.mark.django_db(transaction=True)  # threads with their own connections see only what is committed
def test_presses_at_the_same_moment_in_separate_connections_start_one_fetch(connected, company, monkeypatch):
    """The partial unique constraint decides, so it holds across processes (here: threads, each
    with its own database connection), on PostgreSQL as on SQLite."""
    import threading

    from django.db import connection

    from costcenters import tasks

    monkeypatch.setattr(tasks.fetch_cost_centers, "delay_on_commit", lambda fetch_id: None)
    start = threading.Barrier(4)
    results = []

    def press():
        try:
            start.wait()
            results.append(request_fetch(company=company, actor=None))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 4
    assert sum(created for _fetch, created in results) == 1
    assert len({found.pk for found, _created in results}) == 1
    assert CostCenterFetch.objects.filter(company=company).count() == 1


def test_a_fetch_stopped_by_the_time_limit_says_so_and_changes_nothing(connected, company, sandbox, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from costcenters.services import fetching

    fetch(company)
    before = snapshot(company)
    dimtree.add_item(demo_dimension(sandbox), "Markkinointi")
    renamed = demo_item(sandbox, "Hallinto")
    renamed.name = "Hallinto ja talous"
    renamed.save()
    written = []

    def stopped_after_writing(company, found):
        # The limit strikes after the changes are written, before they commit: they must roll back.
        written.append(real_apply(company, found))
        raise SoftTimeLimitExceeded()

    real_apply = fetching.apply_snapshot
    monkeypatch.setattr(fetching, "apply_snapshot", stopped_after_writing)
    done = fetch(company)
    assert (
        done.state == State.FAILED and done.message == "The fetch took too long and was stopped. Nothing was changed."
    )
    assert (written[0].added, written[0].updated) == (1, 1)  # there was something to undo
    assert snapshot(company) == before
