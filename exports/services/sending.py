"""Sending one voucher: build it, claim its row and commit the attempt together, post it (the lane holds the
organisation's Netvisor lock), record the outcome and the row's new state together."""

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from companies.integration import gateway
from exports.models import VoucherExport
from exports.services.context import BatchContext
from exports.services.errors import VoucherNotBuildable
from exports.services.marking import apply_voucher_decision, hold_or_fail, mark_voucher_sent
from exports.services.vouchers import build_voucher, rows_for_sending
from jobs import leases
from jobs.attempts import start_attempt, transaction_ids
from jobs.decisions import Action, decide
from jobs.models import Attempt

State = VoucherExport.State


def due_vouchers(company_id: int, *, limit: int) -> QuerySet[VoucherExport]:
    ids = list(
        VoucherExport.objects.filter(company_id=company_id, state=State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return rows_for_sending(ids)


def send_voucher(row: VoucherExport, context: BatchContext, *, token: str) -> Action | None:
    """Post ``row`` once. Returns the decision's action after a failure, None after success or a skip."""
    day, held = context.voucher_date(row)
    if held:
        hold_or_fail(row, state=State.HELD, texts=held)
        return None
    try:
        voucher = build_voucher(
            row,
            voucher_class=context.voucher_class,
            voucher_date=day,
            accounts=context.accounts,
            with_attachments=context.settings.attach_receipts and not row.without_attachments,
        )
    except VoucherNotBuildable as exc:
        hold_or_fail(row, state=State.FAILED, texts=exc.texts)
        return None
    attempt = _claim(row, token, day)
    if attempt is None:
        return None
    try:
        key = gateway.call_netvisor(
            context.connection, lambda client: client.post_voucher(voucher), transaction_ids=transaction_ids(attempt)
        )
    except Exception as exc:  # every error goes through the decision table
        decision = decide(exc, write=True)
        row.attempt_count += 1
        apply_voucher_decision(row, decision, token=token, attempt=attempt)
        return decision.action
    mark_voucher_sent(row, key=key, number=None, from_state=State.SENDING, token=token, attempt=attempt)
    return None


def _claim(row: VoucherExport, token: str, day: object) -> Attempt | None:
    """PENDING → SENDING under the lane's token, with the date the voucher goes out on (read back
    uses it), and the attempt row: one transaction, committed before the call."""
    with transaction.atomic(durable=True):
        claimed = VoucherExport.objects.filter(pk=row.pk, state=State.PENDING).update(
            state=State.SENDING,
            claim_token=token,
            claimed_until=timezone.now() + leases.lease_length(),
            voucher_date=day,
            attempt_count=F("attempt_count") + 1,
        )
        if not claimed:
            return None
        return start_attempt(company_id=row.company_id, job_kind="voucher", job_id=row.pk, resource="accounting.nv")
