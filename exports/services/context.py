"""What one batch of a lane needs from Netvisor and the company before sending anything."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import NetvisorConnection
from expenses.models import ExpenseSettings
from exports.models import ExportSettings, VoucherExport
from exports.services.settings import settings_of
from exports.services.vouchers import Accounts
from jobs.calls import call_recorded
from jobs.texts import Texts, in_every_language
from netvisor import NetvisorClient

T = TypeVar("T")


class VoucherTypeGone(Exception):
    """The company's voucher type no longer exists in Netvisor (spec 13.9)."""


@dataclass(frozen=True)
class BatchContext:
    connection: NetvisorConnection
    settings: ExportSettings
    accounts: Accounts
    voucher_class: str
    lock_date: date | None  # the later of the local books lock and Netvisor's accounting lock

    def voucher_date(self, row: VoucherExport) -> tuple[date, Texts | None]:
        """The date to post ``row`` on, and the message when it must be held instead (None otherwise)."""
        day, lock = self._chosen_date(row), self.lock_date
        if lock is None or day > lock:
            return day, None
        if self.settings.locked_period == ExportSettings.LockedPeriod.FIRST_OPEN_DATE:
            return lock + timedelta(days=1), None
        return day, in_every_language(
            lambda: (
                _(
                    "The voucher date %(day)s is in a locked period (books locked until %(lock)s). Unlock the period, "
                    "or choose “Post it on the first open date” in the export settings, then retry."
                )
                % {"day": f"{day:%-d.%-m.%Y}", "lock": f"{lock:%-d.%-m.%Y}"}
            )
        )

    def _chosen_date(self, row: VoucherExport) -> date:
        expenses = list(row.expenses.all())
        rule = self.settings.voucher_date
        if rule == ExportSettings.VoucherDate.APPROVAL_DATE:
            decided = [timezone.localdate(e.decided_at) for e in expenses if e.decided_at is not None]
            if decided:
                return max(decided)
        if rule == ExportSettings.VoucherDate.EXPORT_DATE:
            return timezone.localdate()
        return max(expense.date for expense in expenses)


def read_context(connection: NetvisorConnection, *, lane_id: int) -> BatchContext:
    """Check the voucher type and read the lock date: two reads, each with its attempt row.

    Raises VoucherTypeGone, the gateway's NotConnected/ConnectionPaused and the client's errors.
    """
    company_id = connection.company_id

    def read(resource: str, operation: Callable[[NetvisorClient], T]) -> T:
        return call_recorded(
            connection, operation, job_kind="export_lane", job_id=lane_id, resource=resource, write=False
        )

    names = read("vouchertypelist.nv", lambda client: [t.name for t in client.list_voucher_types()])
    if connection.voucher_type not in names:
        raise VoucherTypeGone(connection.voucher_type)
    periods = read("accountingperiodlist.nv", NetvisorClient.get_accounting_periods)
    local = ExpenseSettings.objects.filter(company_id=company_id).values_list("locked_until", flat=True).first()
    locks = [day for day in (local, periods.accounting_period_lock_date) if day is not None]
    return BatchContext(
        connection=connection,
        settings=settings_of(company_id),
        accounts=Accounts.of(company_id),
        voucher_class=connection.voucher_type,
        lock_date=max(locks) if locks else None,
    )
