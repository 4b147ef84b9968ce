"""Putting approved expenses into the outbox: voucher rows committed with the expenses' move to "queued".

Nothing here calls Netvisor. The lane's worker is started only after the commit, and the
sweeper starts it again if that message is lost, so a queued expense is never forgotten.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies import roles
from companies.models import Company, NetvisorConnection
from expenses.models import Expense, State
from expenses.policy import role_of
from expenses.services import StateConflict, move_in_bulk
from exports.models import ExportSettings, VoucherExport
from exports.services.errors import ExportRefused
from exports.services.lanes import kick_lane
from exports.services.settings import settings_of


def send_now(*, company: Company, actor: User) -> int:
    """The "Send to accounting now" button: queue every approved expense of the company; returns how many.

    Safe to repeat and to press many times at once: an expense moves to "queued" once, so each
    is in exactly one voucher. Raises ExportRefused for people who may not export.
    """
    _check_may_export(company, actor)
    ids = Expense.objects.filter(company=company, state=State.APPROVED).values_list("pk", flat=True)
    with transaction.atomic(durable=True):
        queued = queue_expenses(company=company, expense_ids=list(ids), actor=actor)
    kick_lane(company.pk)  # also after 0: starts retries that are due and follows payments
    return queued


def send_expense(*, expense: Expense, actor: User) -> int:
    """Queue one approved expense (the button on its page)."""
    _check_may_export(expense.company, actor)
    if expense.state != State.APPROVED:
        raise StateConflict(_("Only approved expenses can be sent to accounting."))
    with transaction.atomic(durable=True):
        if not queue_expenses(company=expense.company, expense_ids=[expense.pk], actor=actor):
            raise StateConflict()
    return 1


def queue_if_automatic(expense: Expense) -> None:
    """After-approval hook: queue the expense when its company exports automatically."""
    when = ExportSettings.objects.filter(company_id=expense.company_id).values_list("when", flat=True).first()
    if when == ExportSettings.When.AFTER_APPROVAL and _is_connected(expense.company_id):
        queue_expenses(company=expense.company, expense_ids=[expense.pk], actor=None)


def queue_daily() -> int:
    """The weekday-morning run: queue the approved expenses of every company that exports daily."""
    companies = ExportSettings.objects.filter(when=ExportSettings.When.DAILY).values_list("company_id", flat=True)
    queued = 0
    for company in Company.objects.filter(pk__in=list(companies)):
        if not _is_connected(company.pk):
            continue
        ids = Expense.objects.filter(company=company, state=State.APPROVED).values_list("pk", flat=True)
        with transaction.atomic(durable=True):
            queued += queue_expenses(company=company, expense_ids=list(ids), actor=None)
    return queued


def queue_expenses(*, company: Company, expense_ids: Iterable[int], actor: User | None) -> int:
    """Inside the caller's transaction: move approved expenses to "queued" and write their voucher rows."""
    moved = move_in_bulk(expense_ids=expense_ids, from_state=State.APPROVED, to_state=State.QUEUED, actor=actor)
    if not moved:
        return 0
    expenses = Expense.objects.filter(pk__in=moved).order_by("owner_id", "date", "pk")
    per_employee = settings_of(company).grouping == ExportSettings.Grouping.PER_EMPLOYEE
    groups: dict[object, list[Expense]] = defaultdict(list)
    for expense in expenses:
        groups[expense.owner_id if per_employee else expense.pk].append(expense)
    _write_voucher_rows(company, list(groups.values()))
    record_audit(action="exports.queued", actor=actor, company=company, changed_fields=["state"])
    kick_lane(company.pk)
    return len(moved)


def _write_voucher_rows(company: Company, groups: list[list[Expense]]) -> None:
    """One outbox row per group, in two INSERTs whatever the count."""
    rows = VoucherExport.objects.bulk_create(
        VoucherExport(
            company=company, employee_id=group[0].owner_id, total=sum((e.amount_eur for e in group), Decimal("0"))
        )
        for group in groups
    )
    links = VoucherExport.expenses.through
    links.objects.bulk_create(
        links(voucherexport_id=row.pk, expense_id=expense.pk)
        for row, group in zip(rows, groups, strict=True)
        for expense in group
    )


def _check_may_export(company: Company, actor: User) -> None:
    role = role_of(company, actor)
    if role is None or not roles.can_see_all_expenses(role):
        raise ExportRefused(_("Only accountants and admins send expenses to accounting."), "state")
    if not _is_connected(company.pk):
        raise ExportRefused(
            _(
                "Connect the company to Netvisor first: Company Settings → Basic settings → Reimbursement & "
                "Accounting → Netvisor Authentication."
            ),
            "state",
        )


def _is_connected(company_id: int) -> bool:
    return NetvisorConnection.objects.filter(
        company_id=company_id, state__in=[NetvisorConnection.State.CONNECTED, NetvisorConnection.State.EXPIRED]
    ).exists()
