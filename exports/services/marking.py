"""State changes of voucher rows, each one transaction with the expenses it moves and its audit entry."""

from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_audit
from companies.models import Company
from expenses.models import State
from expenses.services import move_in_bulk
from exports.models import PaymentExport, VoucherExport
from jobs import decisions
from jobs.attempts import finish_attempt, finish_with
from jobs.decisions import Action, Decision
from jobs.models import Attempt
from jobs.texts import Texts, message_fields

Voucher = VoucherExport.State


def mark_voucher_sent(
    row: VoucherExport,
    *,
    key: int,
    number: int | None,
    from_state: str,
    token: str = "",
    attempt: Attempt | None = None,
) -> bool:
    """The voucher is in Netvisor: the row records its key, its expenses become "Exported"."""
    scope = VoucherExport.objects.filter(pk=row.pk, state=from_state)
    if token:
        scope = scope.filter(claim_token=token)
    with transaction.atomic(durable=True):
        if attempt is not None:
            finish_attempt(attempt, Attempt.Outcome.OK)
        moved = scope.update(
            state=Voucher.SENT, netvisor_key=key, voucher_number=number, sent_at=timezone.now(),
            message="", message_texts={}, netvisor_text="", claimed_until=None, claim_token="",
        )  # fmt: skip
        if moved:
            # From the prefetched expenses when the row came from the lane; each move is audited.
            expense_ids = [expense.pk for expense in row.expenses.all()]
            note = _("Netvisor voucher %(reference)s") % {"reference": row.reference}
            move_in_bulk(
                expense_ids=expense_ids,
                from_state=State.QUEUED,
                to_state=State.EXPORTED,
                note=note,
                company_id=row.company_id,
            )
    return bool(moved)


def apply_voucher_decision(row: VoucherExport, decision: Decision, *, token: str, attempt: Attempt) -> None:
    """What the decision table said about a failed send, written to the row (if we still own it)."""
    owned = VoucherExport.objects.filter(pk=row.pk, state=Voucher.SENDING, claim_token=token)
    values: dict[str, object] = {"claimed_until": None, "claim_token": "", "netvisor_text": decision.netvisor_text}
    if decision.action is Action.RETRY and decisions.exhausted(row.attempt_count):
        decision = replace(gave_up(decision), action=Action.FAIL)
    values.update(message_fields(decision.texts))
    if decision.action is Action.RETRY:
        values.update(state=Voucher.PENDING, next_attempt_at=timezone.now() + decisions.backoff(row.attempt_count))
    elif decision.action is Action.READ_BACK:
        values.update(state=Voucher.UNKNOWN, next_attempt_at=timezone.now())
    elif decision.action is Action.PAUSE:
        values.update(state=Voucher.PAUSED)
    else:
        values.update(state=Voucher.HELD if decision.locked_period else Voucher.FAILED)
    with transaction.atomic(durable=True):
        finish_with(attempt, decision)
        if owned.update(**values) and values["state"] in (Voucher.FAILED, Voucher.HELD):
            record_audit(action=f"exports.voucher_{values['state']}", company=row.company, obj=row)


def gave_up(decision: Decision) -> Decision:
    """After the last retry: the same trouble, said as the reason the work stopped."""
    return decision.reworded(lambda why: _("Netvisor kept failing: %(why)s") % {"why": why})


def hold_or_fail(row: VoucherExport, *, state: str, texts: Texts) -> None:
    """A voucher that cannot be sent as it is (not built, or dated in a locked period)."""
    with transaction.atomic(durable=True):
        if VoucherExport.objects.filter(pk=row.pk, state=Voucher.PENDING).update(state=state, **message_fields(texts)):
            record_audit(action=f"exports.voucher_{state}", company=row.company, obj=row)


def pause_open_work(company_id: int) -> None:
    """Credentials expired: waiting work pauses (nothing fails, nothing is lost) until an Update."""
    with transaction.atomic(durable=True):
        paused = VoucherExport.objects.filter(company_id=company_id, state=Voucher.PENDING).update(state=Voucher.PAUSED)
        paused += PaymentExport.objects.filter(company_id=company_id, state=PaymentExport.State.PENDING).update(
            state=PaymentExport.State.PAUSED
        )
        if paused:
            record_audit(action="exports.paused", company=Company(pk=company_id), changed_fields=["state"])


def fail_due_vouchers(company_id: int, texts: Texts, netvisor_text: str = "") -> None:
    """Something every voucher needs is missing (the voucher type, a right, the connection)."""
    with transaction.atomic(durable=True):
        failed = VoucherExport.objects.filter(company_id=company_id, state=Voucher.PENDING).update(
            state=Voucher.FAILED, netvisor_text=netvisor_text, **message_fields(texts)
        )
        if failed:
            record_audit(action="exports.vouchers_failed", company=Company(pk=company_id))


def postpone_due_work(company_id: int, *, by: timedelta | None = None) -> None:
    """Netvisor is down for a while: try the company's due work again after a backoff."""
    later = timezone.now() + (by or decisions.backoff(2))
    VoucherExport.objects.filter(company_id=company_id, state=Voucher.PENDING, next_attempt_at__lte=later).update(
        next_attempt_at=later
    )
