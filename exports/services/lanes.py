"""A company's export lane: one worker at a time drains its vouchers and payments, a batch at a time.

``drain`` claims the lane (a conditional UPDATE with a lease), works through at most one batch,
gives the lane up and queues itself again at the back of the broker's queue when work remains.
Other companies' lanes run in between, so a company with 1,000 vouchers does not starve one with
10, and no worker sits waiting on another company's Netvisor lock.
"""

import time
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from audit.services import record_audit
from companies.models import Company
from exports.models import ExportLane, PaymentExport, VoucherExport
from jobs import leases
from jobs.sending import send_on_commit

BATCH = 50
BATCH_SECONDS = 15.0
# The longest a lane waits for a retry that is due later; the sweeper covers anything beyond.
MAX_SCHEDULE_AHEAD = timedelta(minutes=15)


def kick_lane(company_id: int, *, countdown: float | None = None) -> None:
    """Start the company's lane once the current transaction commits (at once outside one)."""
    from exports.tasks import drain_exports  # tasks import the services

    if not countdown:
        send_on_commit(drain_exports, company_id)
    elif not drain_exports.app.conf.task_always_eager:
        # Eagerly run tasks (the unit tests) have no clock to wait on: a countdown would run at
        # once and find the retry not yet due, again and again. The sweeper covers them there.
        transaction.on_commit(lambda: drain_exports.apply_async((company_id,), countdown=countdown))


def drain(*, company_id: int) -> int:
    """Claim the lane and work one batch; returns how many vouchers and payments it handled.

    Returns 0 at once when another worker holds the lane: that worker sees new work before it
    lets go. Safe to call any number of times, from any number of workers.
    """
    from exports.services.work import work_batch  # work imports this module for kick_lane

    lane, _created = ExportLane.objects.get_or_create(company_id=company_id)
    claim = leases.claim(
        ExportLane,
        lane.pk,
        ready=Q(claimed_until__isnull=True),
        running=Q(claimed_until__isnull=False),
        count_attempt=False,
    )
    if claim is None:
        return 0
    handled, started = 0, time.monotonic()
    try:
        with leases.kept_alive(lambda: _renew(company_id, claim)) as lost:
            handled = work_batch(company_id=company_id, token=claim.token, lost=lost, deadline=started + BATCH_SECONDS)
    finally:
        claim.release()
    _queue_next(company_id, handled)
    return handled


def _renew(company_id: int, claim: leases.Claim) -> bool:
    until = timezone.now() + leases.lease_length()
    for model in (VoucherExport, PaymentExport):
        model.objects.filter(company_id=company_id, claim_token=claim.token, state="sending").update(
            claimed_until=until
        )
    return claim.renew()


def _queue_next(company_id: int, handled: int) -> None:
    """After letting the lane go (so work queued meanwhile is not left behind): go on, or come back later."""
    if handled and companies_with_due_work([company_id]):
        kick_lane(company_id)
        return
    later = _next_due(company_id)
    if later is not None:
        wait = max(1.0, (later - timezone.now()).total_seconds())
        if wait <= MAX_SCHEDULE_AHEAD.total_seconds():
            kick_lane(company_id, countdown=wait)


def _next_due(company_id: int) -> datetime | None:
    """When the next retry falls due; bank-status checks of sent payments are left to the sweeper."""
    waiting = Q(company_id=company_id, state__in=["pending", "unknown"])
    vouchers = VoucherExport.objects.filter(waiting).aggregate(due=Min("next_attempt_at"))["due"]
    payments = PaymentExport.objects.filter(company_id=company_id, state=PaymentExport.State.PENDING).aggregate(
        due=Min("next_attempt_at")
    )["due"]
    candidates = [due for due in (vouchers, payments) if due is not None]
    return min(candidates) if candidates else None


def companies_with_due_work(company_ids: list[int] | None = None) -> set[int]:
    """Companies whose vouchers or payments wait for a worker now (due, or orphaned by a dead one)."""
    from exports.services.payments import companies_owed_payments

    now = timezone.now()
    orphaned = Q(state="sending", claimed_until__lt=now)
    due_vouchers = Q(state__in=["pending", "unknown"], next_attempt_at__lte=now) | orphaned
    due_payments = (
        Q(state=PaymentExport.State.PENDING, next_attempt_at__lte=now)
        | Q(state=PaymentExport.State.SENT, netvisor_payment_id__isnull=False, next_attempt_at__lte=now)
        | orphaned
    )
    scope = Q(company_id__in=company_ids) if company_ids is not None else Q()
    found = set(VoucherExport.objects.filter(scope, due_vouchers).values_list("company_id", flat=True).distinct())
    found |= set(PaymentExport.objects.filter(scope, due_payments).values_list("company_id", flat=True).distinct())
    return found | companies_owed_payments(company_ids)


def sweep_exports() -> int:
    """The sweeper's part: start the lane of every company with due work that no live worker holds."""
    busy = set(ExportLane.objects.filter(claimed_until__gte=timezone.now()).values_list("company_id", flat=True))
    waiting = sorted(companies_with_due_work() - busy)
    for company_id in waiting:
        kick_lane(company_id)
    return len(waiting)


def resume_paused_exports(company: Company) -> int:
    """After an admin's Update: paused vouchers and payments go back to the queue. Safe to repeat."""
    company_id: int = company.pk
    waiting = {"next_attempt_at": timezone.now(), "message": "", "message_texts": {}}
    with transaction.atomic(durable=True):
        resumed = VoucherExport.objects.filter(company_id=company_id, state=VoucherExport.State.PAUSED).update(
            state=VoucherExport.State.PENDING, **waiting
        )
        resumed += PaymentExport.objects.filter(company_id=company_id, state=PaymentExport.State.PAUSED).update(
            state=PaymentExport.State.PENDING, **waiting
        )
        if resumed:
            record_audit(action="exports.resumed", company=Company(pk=company_id), changed_fields=["state"])
        kick_lane(company_id)
    return resumed
