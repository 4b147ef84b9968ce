"""Resolving vouchers whose answer was lost: read the ledger back and match our reference (spec 13.11).

A voucher is sent again only when the ledger proves it absent; one found there is recorded as sent
with Netvisor's key and number. Payments are never read back: Netvisor offers no way to find an
unprocessed payment by our reference, so a lost answer waits for an admin (spec 13.15).
"""

import re
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_audit
from companies.models import Company
from exports.models import PaymentExport, VoucherExport
from exports.services.context import BatchContext
from exports.services.marking import mark_voucher_sent
from jobs.calls import call_recorded
from jobs.texts import in_every_language, message_fields
from netvisor import LedgerVoucher

State = VoucherExport.State
REFERENCE = re.compile(r"\[BZ-(\d+)\]")
MAX_ROWS = 500


def recover_orphans(*, company_id: int, token: str) -> int:
    """Rows left "sending" by a worker that lost the lane: their outcome is unknown.

    Runs with the lane held, so any "sending" row not under this lane's token is an orphan.
    A voucher is read back; a payment is held for an admin, never re-sent by itself.
    """
    orphaned = Q(company_id=company_id, state="sending") & ~Q(claim_token=token)
    if not VoucherExport.objects.filter(orphaned).exists() and not PaymentExport.objects.filter(orphaned).exists():
        return 0
    with transaction.atomic(durable=True):
        found = _recover(orphaned)
        record_audit(action="exports.taken_over", company=Company(pk=company_id), changed_fields=["state"])
    return found


def _recover(orphaned: Q) -> int:
    vouchers = VoucherExport.objects.filter(orphaned).update(
        state=State.UNKNOWN, claim_token="", claimed_until=None, next_attempt_at=timezone.now(),
        **message_fields(in_every_language(
            lambda: _("The worker stopped while sending; checking in Netvisor whether the voucher arrived.")
        )),
    )  # fmt: skip
    payments = PaymentExport.objects.filter(orphaned).update(
        state=PaymentExport.State.CHECK, claim_token="", claimed_until=None,
        **message_fields(in_every_language(
            lambda: _("The worker stopped while sending this payment. Check in Netvisor whether it arrived.")
        )),
    )  # fmt: skip
    return vouchers + payments


def read_back_unknown(context: BatchContext, *, token: str) -> int:
    """Look up every voucher of unknown outcome, one ledger read per voucher date. Returns rows resolved."""
    company_id = context.connection.company_id
    rows = list(VoucherExport.objects.filter(company_id=company_id, state=State.UNKNOWN).order_by("pk")[:MAX_ROWS])
    by_day: dict[date, list[VoucherExport]] = defaultdict(list)
    for row in rows:
        by_day[row.voucher_date or timezone.localdate()].append(row)
    resolved = 0
    for day, group in by_day.items():
        try:
            found = _ledger_references(context, day, group[0].pk)
        except Exception:
            return resolved
        for row in group:
            resolved += _resolve(row, found.get(row.pk))
    return resolved


def _ledger_references(context: BatchContext, day: date, job_id: int) -> dict[int, LedgerVoucher]:
    ledger = call_recorded(
        context.connection,
        # Invalidated ones too: a voucher an accountant voided was still posted, and must not come twice.
        lambda client: client.get_ledger(start=day, end=day, include_invalidated=True),
        job_kind="voucher_readback", job_id=job_id, resource="accountingledger.nv", write=False,
    )  # fmt: skip
    found: dict[int, LedgerVoucher] = {}
    for voucher in ledger:
        match = REFERENCE.search(voucher.description or "")
        if match:
            found.setdefault(int(match.group(1)), voucher)
    return found


def _resolve(row: VoucherExport, voucher: LedgerVoucher | None) -> int:
    if voucher is not None:
        return int(mark_voucher_sent(row, key=voucher.netvisor_key, number=voucher.number, from_state=State.UNKNOWN))
    # Proven absent: sending again cannot make a second one.
    return VoucherExport.objects.filter(pk=row.pk, state=State.UNKNOWN).update(
        state=State.PENDING, next_attempt_at=timezone.now(),
        **message_fields(in_every_language(
            lambda: _("Netvisor's answer was lost and the voucher was not in Netvisor; sending it again.")
        )),
    )  # fmt: skip


def confirm_numbers(context: BatchContext) -> int:
    """Read the voucher numbers of sent vouchers back by key, up to 500 per call. Returns how many."""
    company_id = context.connection.company_id
    rows = {
        key: pk
        for key, pk in VoucherExport.objects.filter(
            company_id=company_id, state=State.SENT, voucher_number__isnull=True
        )
        .exclude(netvisor_key__isnull=True)
        .values_list("netvisor_key", "pk")[:MAX_ROWS]
        if key is not None  # excluded above already; tells the type checker
    }
    if not rows:
        return 0
    try:
        ledger = call_recorded(
            context.connection, lambda client: client.get_ledger(netvisor_keys=list(rows)),
            job_kind="voucher_confirm", job_id=min(rows.values()), resource="accountingledger.nv", write=False,
        )  # fmt: skip
    except Exception:
        return 0
    numbered = [
        VoucherExport(pk=rows[voucher.netvisor_key], voucher_number=voucher.number)
        for voucher in ledger
        if voucher.netvisor_key in rows and voucher.number is not None
    ]
    VoucherExport.objects.bulk_update(numbered, ["voucher_number"], batch_size=MAX_ROWS)
    return len(numbered)
