"""What a company spent in the last 12 months: per month, cost center, purchase type and employee.

Spent means approved (whether or not exported or paid yet): a draft, a claim still waiting and a
rejected one are no spending. Months and categories are summed in the database in whole cents, so
each chart costs one query however many expenses there are. Cost centers and purchase types are on
an expense's lines, which always add up to its euro amount.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from expenses.aggregates import cents_sum, from_cents
from expenses.models import Expense, ExpenseLine, Kind, State

SPENT_STATES = (State.APPROVED, State.QUEUED, State.EXPORTED, State.PAID)
MONTHS = 12
TOP_COST_CENTERS = 8
TOP_PURCHASE_TYPES = 8
TOP_EMPLOYEES = 10


@dataclass(frozen=True)
class MonthSpend:
    month: date  # its first day
    count: int
    total: Decimal


@dataclass(frozen=True)
class Share:
    """A category's part of the spend; ``is_rest`` marks the "Other" row that sums the smaller ones."""

    label: str
    count: int
    total: Decimal
    is_rest: bool = False


@dataclass(frozen=True)
class CompanySpend:
    since: date
    through: date  # the last day of this month
    months: tuple[MonthSpend, ...]
    by_cost_center: tuple[Share, ...]
    by_purchase_type: tuple[Share, ...]
    by_employee: tuple[Share, ...]
    total: Decimal


def company_spend(*, company: Company, today: date | None = None) -> CompanySpend:
    """The spend of ``company`` in the 12 calendar months up to and including this one; 4 queries."""
    today = today or timezone.localdate()
    since, until = _add_months(today.replace(day=1), 1 - MONTHS), _add_months(today.replace(day=1), 1)
    expenses = Expense.objects.filter(company=company, state__in=SPENT_STATES, date__gte=since, date__lt=until)
    lines = ExpenseLine.objects.filter(
        expense__company=company, expense__state__in=SPENT_STATES, expense__date__gte=since, expense__date__lt=until
    )
    months = _per_month(expenses.order_by(), since)
    return CompanySpend(
        since=since,
        through=until - timedelta(days=1),
        months=months,
        by_cost_center=_top(_per_cost_center(lines.order_by()), TOP_COST_CENTERS),
        by_purchase_type=_top(_per_purchase_type(lines.order_by()), TOP_PURCHASE_TYPES),
        by_employee=_top(_per_employee(expenses.order_by()), TOP_EMPLOYEES),
        total=sum((month.total for month in months), start=Decimal("0.00")),
    )


def _add_months(first_day: date, months: int) -> date:
    index = first_day.year * 12 + first_day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _per_month(expenses: QuerySet[Expense], since: date) -> tuple[MonthSpend, ...]:
    # Summed per day, then the (at most 366) days per month here: truncating each row's date to its
    # month runs a Python function per row on SQLite: 32 ms instead of 14 ms for 10,000 expenses.
    rows = expenses.values("date").annotate(n=Count("id"), total=cents_sum("amount_eur"))
    found: dict[date, tuple[int, int]] = {}
    for row in rows:
        month = row["date"].replace(day=1)
        n, cents = found.get(month, (0, 0))
        found[month] = (n + row["n"], cents + int(row["total"]))
    months = []
    for offset in range(MONTHS):  # months without spending are shown too, as zero
        month = _add_months(since, offset)
        n, cents = found.get(month, (0, 0))
        months.append(MonthSpend(month, n, from_cents(cents)))
    return tuple(months)


def _per_cost_center(lines: QuerySet[ExpenseLine]) -> list[Share]:
    rows = lines.values("cost_center_id", "cost_center__name", "cost_center__code").annotate(
        n=Count("expense_id", distinct=True), total=cents_sum("amount_eur")
    )
    return [
        Share(
            _cost_center_label(row["cost_center__code"], row["cost_center__name"]), row["n"], from_cents(row["total"])
        )
        for row in rows
    ]


def _cost_center_label(code: str | None, name: str | None) -> str:
    if name is None:
        return _("No cost center")
    return f"{code} {name}" if code else name


def _per_purchase_type(lines: QuerySet[ExpenseLine]) -> list[Share]:
    rows = lines.values("purchase_type_id", "purchase_type__name", "expense__kind").annotate(
        n=Count("expense_id", distinct=True), total=cents_sum("amount_eur")
    )
    # Keyed by the purchase type (or the allowance's kind), so two types of the same name stay apart.
    merged: dict[tuple[object, str], tuple[int, int]] = {}
    for row in rows:
        key = (row["purchase_type_id"] or row["expense__kind"], row["purchase_type__name"] or "")
        n, cents = merged.get(key, (0, 0))
        merged[key] = (n + row["n"], cents + int(row["total"]))
    return [
        Share(name or _purchase_type_of_kind(str(kind)), n, from_cents(cents))
        for (kind, name), (n, cents) in merged.items()
    ]


def _purchase_type_of_kind(kind: str) -> str:
    """Allowances are booked without a purchase type: they count under their own kind."""
    if kind == Kind.RECEIPT:
        return _("No purchase type")
    return str(Kind(kind).label)


def _per_employee(expenses: QuerySet[Expense]) -> list[Share]:
    rows = expenses.values("owner_id", "owner__first_name", "owner__last_name", "owner__email").annotate(
        n=Count("id"), total=cents_sum("amount_eur")
    )
    return [
        Share(
            f"{row['owner__first_name']} {row['owner__last_name']}".strip() or row["owner__email"],
            row["n"],
            from_cents(row["total"]),
        )
        for row in rows
    ]


def _top(shares: list[Share], keep: int) -> tuple[Share, ...]:
    """The ``keep`` largest, then one "Other" row with the sum of the rest (if any)."""
    ranked = sorted(shares, key=lambda share: (-share.total, share.label))
    top, rest = ranked[:keep], ranked[keep:]
    if not rest:
        return tuple(top)
    other = Share(
        _("Other"),
        sum(share.count for share in rest),
        sum((share.total for share in rest), start=Decimal("0.00")),
        is_rest=True,
    )
    return (*top, other)
