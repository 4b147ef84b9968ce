"""The rows of the "All expenses" export, read once and written as CSV or as an Excel workbook.

One row per expense line: that is what an accountant books (each line has its own purchase type,
cost center and VAT rate). An expense without lines still gets one row, so that no euro goes missing.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from companies.models import Company
from expenses.models import Expense, ExpenseLine, State
from expenses.selectors import ExpenseFilters, allowance_accounts, spreadsheet_expenses

# Expenses read per query while streaming; each chunk costs one query for them and one for their lines.
CHUNK_SIZE = 500
# The states in which ``decided_by`` is the approver (in ``rejected`` it is whoever rejected).
APPROVED_STATES = (State.APPROVED, State.QUEUED, State.EXPORTED, State.PAID)

Cell = str | int | Decimal | date | datetime | None


class CellType(Enum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"  # euros and cents, always two decimals
    NUMBER = "number"  # a rate: as many decimals as it has
    DATE = "date"
    DATETIME = "datetime"  # local wall-clock time, no time zone (spreadsheets have none)


@dataclass(frozen=True)
class LineRow:
    """What one row is read from: an expense, one of its lines and its account.

    ``line`` is None for an expense without lines: the row shows its totals and no net or VAT (unknown).
    """

    expense: Expense
    line: ExpenseLine | None
    number: int | None
    account: str


@dataclass(frozen=True)
class Column:
    header: str | Promise
    type: CellType
    width: int  # in characters, for the workbook
    value: Callable[[LineRow], Cell]


@dataclass(frozen=True)
class ExpenseSheet:
    """The export in the language of the request that asked for it; ``rows`` is read lazily, once."""

    language: str
    columns: tuple[Column, ...]
    rows: Iterable[tuple[Cell, ...]]

    @property
    def is_finnish(self) -> bool:
        return self.language.split("-")[0] == "fi"


def expense_sheet(*, company: Company, user: User, filters: ExpenseFilters) -> ExpenseSheet:
    """The rows of the expenses ``user`` sees in ``company`` under ``filters``; nothing is read until iterated.

    Writers must iterate within ``translation.override(sheet.language)``: labels are translated then.
    """
    language = translation.get_language() or "en"
    return ExpenseSheet(language=language, columns=COLUMNS, rows=_rows(company, user, filters, COLUMNS))


def _rows(
    company: Company, user: User, filters: ExpenseFilters, columns: tuple[Column, ...]
) -> Iterator[tuple[Cell, ...]]:
    accounts = allowance_accounts(company)
    for expense in spreadsheet_expenses(company, user, filters).iterator(chunk_size=CHUNK_SIZE):
        for row in _line_rows(expense, accounts):
            yield tuple(column.value(row) for column in columns)


def _line_rows(expense: Expense, accounts: dict[str, str]) -> Iterator[LineRow]:
    lines = list(expense.lines.all())
    if not lines:
        yield LineRow(expense, None, None, accounts.get(expense.kind, ""))
    for number, line in enumerate(lines, start=1):
        account = line.purchase_type.account_number if line.purchase_type else accounts.get(expense.kind, "")
        yield LineRow(expense, line, number, account)


def _cost_center(row: LineRow) -> str:
    center = row.line.cost_center if row.line else None
    if center is None:
        return ""
    return f"{center.name} ({center.code})" if center.code else center.name


def _approver(row: LineRow) -> str:
    approver = row.expense.decided_by
    return str(approver) if approver and row.expense.state in APPROVED_STATES else ""


def _approved_at(row: LineRow) -> datetime | None:
    decided = row.expense.decided_at
    if decided is None or row.expense.state not in APPROVED_STATES:
        return None
    return timezone.localtime(decided).replace(tzinfo=None)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


T = CellType
COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("Expense ID"), T.INTEGER, 10, lambda r: r.expense.pk),
    Column(gettext_lazy("Line"), T.INTEGER, 6, lambda r: r.number),
    Column(gettext_lazy("Date"), T.DATE, 11, lambda r: r.expense.date),
    Column(gettext_lazy("Employee"), T.TEXT, 24, lambda r: str(r.expense.owner)),
    Column(gettext_lazy("Kind"), T.TEXT, 18, lambda r: str(r.expense.get_kind_display())),
    Column(gettext_lazy("State"), T.TEXT, 16, lambda r: str(r.expense.get_state_display())),
    Column(gettext_lazy("Description"), T.TEXT, 32, lambda r: r.expense.description),
    Column(gettext_lazy("Line description"), T.TEXT, 24, lambda r: r.line.description if r.line else ""),
    Column(
        gettext_lazy("Purchase type"),
        T.TEXT,
        20,
        lambda r: r.line.purchase_type.name if r.line and r.line.purchase_type else "",
    ),
    Column(gettext_lazy("Expense account"), T.TEXT, 9, lambda r: r.account),
    Column(gettext_lazy("Cost center"), T.TEXT, 22, _cost_center),
    Column(
        gettext_lazy("Payment method"),
        T.TEXT,
        18,
        lambda r: r.expense.payment_method.name if r.expense.payment_method else "",
    ),
    Column(gettext_lazy("Reimbursed to the employee"), T.TEXT, 12, lambda r: _yes_no(r.expense.is_reimbursable)),
    Column(gettext_lazy("Currency"), T.TEXT, 9, lambda r: r.expense.currency),
    Column(gettext_lazy("Amount in currency"), T.MONEY, 13, lambda r: r.line.amount if r.line else r.expense.amount),
    Column(gettext_lazy("Exchange rate"), T.NUMBER, 11, lambda r: r.expense.exchange_rate),
    Column(gettext_lazy("Amount EUR"), T.MONEY, 12, lambda r: r.line.amount_eur if r.line else r.expense.amount_eur),
    Column(gettext_lazy("Net EUR"), T.MONEY, 12, lambda r: r.line.net_amount if r.line else None),
    Column(gettext_lazy("VAT EUR"), T.MONEY, 11, lambda r: r.line.vat_amount if r.line else None),
    Column(gettext_lazy("VAT rate %"), T.NUMBER, 10, lambda r: r.line.vat_rate if r.line else None),
    Column(gettext_lazy("Approver"), T.TEXT, 24, _approver),
    Column(gettext_lazy("Approved at"), T.DATETIME, 16, _approved_at),
)
