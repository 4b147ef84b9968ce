""" "Fetch data": one fetch per company at a time, read from Netvisor, then upsert.

A fetch is a row before it is work: ``request_fetch`` inserts it (the partial unique constraint
refuses a second open one, so two presses or the daily sync racing an admin start one fetch),
the task claims it with a conditional UPDATE under a lease (``jobs.leases``), and every ending
writes its state and message. A fetch whose worker died is run again by the next press or by the
sweeper, and what every error means comes from the one decision table (``jobs.decisions``).
"""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies.integration import gateway
from companies.integration.services import connection_of
from companies.models import Company, NetvisorConnection
from costcenters.models import CostCenterFetch
from costcenters.services.dimensions import settings_of
from costcenters.services.sync import Counts, Snapshot, SnapshotRefused, apply_snapshot, read_snapshot
from jobs import decisions, leases
from jobs.calls import call_recorded
from jobs.decisions import Action
from jobs.one_open import OneOpenPerCompany
from jobs.sending import send_on_commit
from netvisor import NetvisorClient, NetvisorError

logger = logging.getLogger(__name__)

State = CostCenterFetch.State
ONE_OPEN = OneOpenPerCompany(
    CostCenterFetch, open_states=CostCenterFetch.OPEN_STATES, queued=State.QUEUED, running=State.RUNNING
)
# A daily sync that met a passing Netvisor fault tries again this many times; a press of
# "Fetch data" says what happened at once, and the admin presses again.
DAILY_SYNC_ATTEMPTS = 3


def request_fetch(
    *, company: Company, actor: User | None, trigger: str = CostCenterFetch.Trigger.MANUAL
) -> tuple[CostCenterFetch, bool]:
    """Queue a fetch unless one is open; returns (the open fetch, whether this call created it).

    Safe to repeat: a second call while a fetch is queued, running or paused returns that one.
    """
    from costcenters.tasks import fetch_cost_centers  # tasks import this module

    # A paused fetch is the open one; it never is a lost one too (one open fetch per company).
    released = _release_paused_if_connection_is_not(company)
    if released is not None:
        return released, False

    def create() -> CostCenterFetch:
        fetch = CostCenterFetch.objects.create(company=company, requested_by=actor, trigger=trigger)
        record_audit(action="costcenters.fetch_requested", actor=actor, company=company, obj=fetch)
        return fetch

    def send(fetch_id: int) -> None:
        send_on_commit(fetch_cost_centers, fetch_id)

    return ONE_OPEN.queue(company_id=company.pk, create=create, send=send)


def hold_fetch_while_paused(*, company: Company) -> CostCenterFetch | None:
    """The daily sync of a paused company: leave a paused fetch for ``resume_paused_fetches``."""
    try:
        with transaction.atomic():
            return CostCenterFetch.objects.create(
                company=company,
                trigger=CostCenterFetch.Trigger.DAILY,
                state=State.PAUSED,
                message=_paused_message(),
            )
    except IntegrityError:
        return None  # one is open already; it will run or resume by itself


def open_fetch(company: Company) -> CostCenterFetch | None:
    return ONE_OPEN.open_job(company.pk)


def resume_paused_fetches(company: Company) -> int:
    """Re-queue the company's paused fetches after an admin updated the credentials. Safe to repeat."""
    from costcenters.tasks import fetch_cost_centers

    resumed = 0
    for fetch_id in CostCenterFetch.objects.filter(company=company, state=State.PAUSED).values_list("pk", flat=True):
        with transaction.atomic():
            requeued = CostCenterFetch.objects.filter(pk=fetch_id, state=State.PAUSED).update(
                state=State.QUEUED, message="", queued_at=timezone.now(), next_attempt_at=timezone.now()
            )
            if requeued:
                fetch_cost_centers.delay_on_commit(fetch_id)  # type: ignore[attr-defined]
                resumed += 1
    return resumed


def run_fetch(*, fetch_id: int) -> CostCenterFetch | None:
    """Claim a queued fetch (or one whose worker died), read Netvisor, apply the result.

    None when someone else has it. Never raises for Netvisor or data problems: each ends the
    fetch failed, paused or queued for a retry with a message for the admin, and leaves the
    stored cost centers exactly as they were. Reads are safe to repeat, so a fetch taken over
    from a dead worker simply starts again.
    """
    claim = leases.claim(
        CostCenterFetch,
        fetch_id,
        ready=Q(state=State.QUEUED, next_attempt_at__lte=timezone.now()),
        running=Q(state=State.RUNNING),
        state=State.RUNNING,
        started_at=timezone.now(),
    )
    if claim is None:
        return None
    fetch = CostCenterFetch.objects.select_related("company").get(pk=fetch_id)
    with leases.kept_alive(claim.renew):
        _run_claimed(fetch, claim)
    fetch.refresh_from_db()
    return fetch


def _run_claimed(fetch: CostCenterFetch, claim: leases.Claim) -> None:
    try:
        _fetch_and_apply(fetch, claim)
    except SnapshotRefused as exc:
        _finish(claim, fetch, State.FAILED, message=str(exc))
    except SoftTimeLimitExceeded:
        # It would take as long again: say so instead of retrying.
        _finish(claim, fetch, State.FAILED, message=_("The fetch took too long and was stopped. Nothing was changed."))
    except Exception as exc:  # every other ending goes through the decision table
        _apply_decision(fetch, claim, decisions.decide(exc, write=False), exc)


def _apply_decision(fetch: CostCenterFetch, claim: leases.Claim, decision: decisions.Decision, exc: Exception) -> None:
    if decision.action is Action.PAUSE:
        _finish(claim, fetch, State.PAUSED, message=_paused_message())
        return
    daily_retry = fetch.trigger == CostCenterFetch.Trigger.DAILY and fetch.attempt_count < DAILY_SYNC_ATTEMPTS
    if decision.action is Action.RETRY and daily_retry:
        _retry_later(fetch, claim, decision)
        return
    message = decision.message
    if not isinstance(exc, NetvisorError | gateway.NotConnected | gateway.ConnectionPaused):
        logger.error("cost center fetch %s failed", fetch.pk, exc_info=exc)
        message = _("The fetch stopped because of an unexpected error. Nothing was changed.")
    _finish(claim, fetch, State.FAILED, message=message)


def _retry_later(fetch: CostCenterFetch, claim: leases.Claim, decision: decisions.Decision) -> None:
    from costcenters.tasks import fetch_cost_centers

    wait = decisions.backoff(fetch.attempt_count + 1)
    with transaction.atomic(durable=True):
        if claim.release(state=State.QUEUED, message=decision.message, next_attempt_at=timezone.now() + wait):
            transaction.on_commit(lambda: fetch_cost_centers.apply_async((fetch.pk,), countdown=wait.total_seconds()))


def _fetch_and_apply(fetch: CostCenterFetch, claim: leases.Claim) -> None:
    company = fetch.company
    connection = connection_of(company)
    wanted = settings_of(company).chosen_dimensions

    def read(client: NetvisorClient) -> Snapshot:
        # The whole answer is read here, before the write transaction below.
        return read_snapshot(client.iter_dimensions(show_hidden=True), wanted)

    try:
        snapshot = call_recorded(
            connection, read, job_kind="costcenter_fetch", job_id=fetch.pk, resource="dimensionlist.nv", write=False
        )
    except SnapshotRefused as exc:
        _remember_headers(company, exc.headers)
        raise
    with transaction.atomic():
        counts = apply_snapshot(company, snapshot)
        _remember_headers(company, snapshot.headers)
        _finish(claim, fetch, State.SUCCEEDED, counts=counts, dimension_names=snapshot.dimension_names)


def _remember_headers(company: Company, headers: list[str] | None) -> None:
    if headers is not None:
        settings = settings_of(company)
        settings.available_dimensions = headers
        settings.save(update_fields=["available_dimensions", "updated_at"])


def _finish(
    claim: leases.Claim,
    fetch: CostCenterFetch,
    state: str,
    *,
    message: str = "",
    counts: Counts | None = None,
    dimension_names: list[str] | None = None,
) -> None:
    values: dict[str, object] = {"state": state, "message": message, "finished_at": timezone.now()}
    if counts is not None:
        values.update(
            added=counts.added, updated=counts.updated, deactivated=counts.deactivated, unchanged=counts.unchanged
        )
    if dimension_names is not None:
        values["dimension_names"] = dimension_names
    with transaction.atomic():
        # Only while this claim holds it: a worker whose fetch was taken over ends nothing.
        if claim.owned().filter(state=State.RUNNING).update(claimed_until=None, claim_token="", **values):
            record_audit(action=f"costcenters.fetch_{state}", company=fetch.company, obj=fetch, changed_fields=values)


def sweep_fetches() -> int:
    """The sweeper's part: run again every fetch that lost its worker or its task message."""
    from costcenters.tasks import fetch_cost_centers

    return ONE_OPEN.requeue_lost(send=fetch_cost_centers.delay)


def _release_paused_if_connection_is_not(company: Company) -> CostCenterFetch | None:
    """A paused fetch waits for new credentials; if the connection is no longer paused (updated
    while the fetch was still pausing, or disconnected), run it now: it fetches or says why not."""
    paused = CostCenterFetch.objects.filter(company=company, state=State.PAUSED).first()
    if paused is None:
        return None
    if NetvisorConnection.objects.filter(company=company, state=NetvisorConnection.State.EXPIRED).exists():
        return paused
    resume_paused_fetches(company)
    paused.refresh_from_db()
    return paused


def _paused_message() -> str:
    return _(
        "Netvisor no longer accepts this company's credentials. The fetch continues by itself after "
        "an admin updates them under Change credentials."
    )


def sync_all_companies() -> tuple[int, int]:
    """The daily sync: queue a fetch for every connected company, hold a paused one for every
    company whose credentials expired; skip the unconnected. Returns (queued, paused).

    One company's trouble (say a database hiccup while queueing) is logged and does not keep the
    others from their sync. Safe to repeat: a company with an open fetch keeps that one.
    """
    queued = paused = 0
    connections = NetvisorConnection.objects.filter(
        state__in=[NetvisorConnection.State.CONNECTED, NetvisorConnection.State.EXPIRED]
    ).select_related("company")
    for connection in connections.order_by("company_id"):
        company = connection.company
        try:
            if connection.state == NetvisorConnection.State.EXPIRED:
                paused += hold_fetch_while_paused(company=company) is not None
            else:
                request_fetch(company=company, actor=None, trigger=CostCenterFetch.Trigger.DAILY)
                queued += 1
        except Exception:
            logger.exception("daily cost center sync of company %s could not start", company.pk)
    return queued, paused
