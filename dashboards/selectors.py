"""What a member's own expenses and their approval queue add up to, in a fixed number of queries.

Every amount is in euros (``amount_eur``, what is booked and paid) and summed in whole cents in the
database (expenses.aggregates), so a sum is exact and no row is read to make it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Min, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from companies.models import Company
from expenses.aggregates import cents_sum, from_cents
from expenses.models import Expense, State
from expenses.policy import approvable_owners

RECENT_EXPENSES = 5
OLDEST_IN_QUEUE = 10

# What an employee wants to know of their expenses: not sent yet, waiting for approval, approved but
# not paid yet (whether or not accounting has them), paid, and sent back.
DRAFT, WAITING, APPROVED, PAID, REJECTED = "draft", "waiting", "approved", "paid", "rejected"
STAGES: dict[str, tuple[str, ...]] = {
    DRAFT: (State.DRAFT,),
    WAITING: (State.SUBMITTED,),
    APPROVED: (State.APPROVED, State.QUEUED, State.EXPORTED),
    PAID: (State.PAID,),
    REJECTED: (State.REJECTED,),
}
# How long expenses have waited for approval, in whole days: the first day of each group.
AGE_GROUPS = (0, 3, 8, 15, 31)


@dataclass(frozen=True)
class StageTotal:
    stage: str
    count: int
    total: Decimal


@dataclass(frozen=True)
class RecentExpense:
    pk: int
    date: date
    description: str
    state: str
    state_label: str
    amount_eur: Decimal


@dataclass(frozen=True)
class EmployeeOverview:
    stages: tuple[StageTotal, ...]
    recent: tuple[RecentExpense, ...]


@dataclass(frozen=True)
class AgeGroup:
    first_day: int
    last_day: int | None  # None: and older
    count: int
    total: Decimal


@dataclass(frozen=True)
class QueuedExpense:
    pk: int
    owner: str
    date: date
    description: str
    amount_eur: Decimal
    age_days: int


@dataclass(frozen=True)
class ApprovalQueue:
    count: int
    total: Decimal
    oldest_days: int | None
    by_age: tuple[AgeGroup, ...]
    oldest: tuple[QueuedExpense, ...]


def employee_overview(*, company: Company, user: User) -> EmployeeOverview:
    """The member's own expenses in ``company`` per stage, and the latest few; 2 queries."""
    own = Expense.objects.filter(company=company, owner=user)
    rows = own.order_by().values("state").annotate(n=Count("id"), total=cents_sum("amount_eur"))
    by_state = {row["state"]: (int(row["n"]), int(row["total"])) for row in rows}
    stages = tuple(
        StageTotal(
            stage,
            sum(by_state.get(state, (0, 0))[0] for state in states),
            from_cents(sum(by_state.get(state, (0, 0))[1] for state in states)),
        )
        for stage, states in STAGES.items()
    )
    latest = own.order_by("-date", "-id")[:RECENT_EXPENSES]
    recent = tuple(
        RecentExpense(e.pk, e.date, e.description, e.state, e.get_state_display(), e.amount_eur) for e in latest
    )
    return EmployeeOverview(stages, recent)


def queued_for(company: Company, user: User, role: str | None) -> QuerySet[Expense]:
    """The expenses waiting for ``user``'s decision: those expenses.selectors.approval_inbox lists."""
    scope = approvable_owners(company, user, role)
    return Expense.objects.filter(scope, company=company, state=State.SUBMITTED).exclude(owner=user)


def approval_queue(*, company: Company, user: User, role: str | None, now: datetime | None = None) -> ApprovalQueue:
    """How much waits for ``user``'s approval and for how long, and the oldest expenses; at most 3 queries."""
    today = timezone.localdate(now or timezone.now())
    queued = queued_for(company, user, role)
    rows = (
        queued.order_by()
        .annotate(age_group=_age_group(today))
        .values("age_group")
        .annotate(n=Count("id"), total=cents_sum("amount_eur"), since=Min("submitted_at"))
    )
    found = {row["age_group"]: row for row in rows}
    by_age = tuple(_age_total(index, found.get(first_day)) for index, first_day in enumerate(AGE_GROUPS))
    earliest = min((row["since"] for row in found.values() if row["since"] is not None), default=None)
    oldest = queued.select_related("owner").order_by("submitted_at", "id")[:OLDEST_IN_QUEUE]
    return ApprovalQueue(
        count=sum(group.count for group in by_age),
        total=sum((group.total for group in by_age), start=Decimal("0.00")),
        oldest_days=None if not found else _age_in_days(earliest, today),
        by_age=by_age,
        oldest=tuple(
            QueuedExpense(e.pk, str(e.owner), e.date, e.description, e.amount_eur, _age_in_days(e.submitted_at, today))
            for e in oldest
        ),
    )


def _age_group(today: date) -> Case:
    """The first day of the age group an expense's wait falls in, oldest group tested first."""
    oldest_first = sorted(AGE_GROUPS[1:], reverse=True)
    # Waited at least N whole days: submitted before the start of the day N - 1 days before today.
    whens = [
        When(submitted_at__lt=_start_of(today - timedelta(days=days - 1)), then=Value(days)) for days in oldest_first
    ]
    return Case(*whens, default=Value(AGE_GROUPS[0]), output_field=IntegerField())


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _age_total(index: int, row: Mapping[str, Any] | None) -> AgeGroup:
    first_day = AGE_GROUPS[index]
    last_day = AGE_GROUPS[index + 1] - 1 if index + 1 < len(AGE_GROUPS) else None
    if row is None:
        return AgeGroup(first_day, last_day, 0, Decimal("0.00"))
    return AgeGroup(first_day, last_day, int(row["n"]), from_cents(row["total"]))


def _age_in_days(moment: datetime | None, today: date) -> int:
    # An expense submitted before submitted_at was recorded counts as submitted today.
    return 0 if moment is None else (today - timezone.localdate(moment)).days
