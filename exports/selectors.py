"""Reads of the accounting export: what needs attention, and each expense's timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from companies.models import Company
from expenses.models import Expense
from exports.models import PaymentExport, VoucherExport
from jobs.models import Attempt


def vouchers_needing_attention(company: Company) -> QuerySet[VoucherExport]:
    return (
        VoucherExport.objects.filter(company=company, state__in=VoucherExport.NEEDS_ATTENTION)
        .select_related("employee")
        .prefetch_related("expenses")
        .order_by("created_at", "pk")
    )


def payments_needing_attention(company: Company) -> QuerySet[PaymentExport]:
    """Held payments ("Check in Netvisor"), failed ones, and found ones an admin marks paid by hand."""
    waiting = Q(state__in=PaymentExport.NEEDS_ATTENTION) | Q(state=PaymentExport.State.SENT, netvisor_payment_id=None)
    return (
        PaymentExport.objects.filter(waiting, company=company)
        .select_related("employee")
        .prefetch_related("expenses")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class Event:
    at: datetime
    title: str
    detail: str = ""
    netvisor_text: str = ""
    problem: bool = False


def timeline(expense: Expense) -> list[Event]:
    """queued → sent → voucher number → payment → paid, with every attempt and error, oldest first."""
    events = [
        Event(t.created_at, _("%(from)s → %(to)s") % {"from": t.get_from_state_display(), "to": t.get_to_state_display()},
              t.note)
        for t in expense.history.all()
    ]  # fmt: skip
    vouchers = list(expense.voucher_exports.all())
    payments = list(expense.payment_exports.all())
    events += [_row_event(row, _("Voucher %(ref)s") % {"ref": row.reference}) for row in vouchers]
    events += [_row_event(row, _("Payment %(ref)s") % {"ref": row.reference}) for row in payments]
    events += _attempt_events("voucher", [row.pk for row in vouchers])
    events += _attempt_events("payment", [row.pk for row in payments])
    return sorted(events, key=lambda event: event.at)


def _row_event(row: VoucherExport | PaymentExport, name: str) -> Event:
    detail = row.get_state_display()
    if isinstance(row, VoucherExport) and row.voucher_number:
        detail += " · " + _("voucher number %(number)s") % {"number": row.voucher_number}
    if isinstance(row, PaymentExport):
        detail += f" · {row.amount} €"
    if row.shown_message:
        detail += f" · {row.shown_message}"
    problem = row.state in type(row).NEEDS_ATTENTION
    return Event(row.created_at, name, detail, row.netvisor_text, problem)


def _attempt_events(kind: str, ids: list[int]) -> list[Event]:
    if not ids:
        return []
    attempts = Attempt.objects.filter(job_kind=kind, job_id__in=ids)
    return [
        Event(a.started_at, _("Netvisor call %(resource)s") % {"resource": a.resource}, a.get_outcome_display()
              + (f" · {a.shown_message}" if a.shown_message else ""), a.netvisor_text, a.outcome == Attempt.Outcome.FAIL)
        for a in attempts
    ]  # fmt: skip


def recent_vouchers(company: Company, limit: int = 50) -> QuerySet[VoucherExport]:
    return (
        VoucherExport.objects.filter(company=company).select_related("employee").order_by("-created_at", "-pk")[:limit]
    )


def recent_payments(company: Company, limit: int = 50) -> QuerySet[PaymentExport]:
    return (
        PaymentExport.objects.filter(company=company).select_related("employee").order_by("-created_at", "-pk")[:limit]
    )
