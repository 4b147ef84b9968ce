"""The approval flow: draft → submitted → approved | rejected → (resubmitted) → queued → exported → paid.

Every change claims the expense with a conditional UPDATE on the state the caller saw, so a double
submit or two approvers acting at once change it once; the loser gets StateConflict. The row, its
history entry and its audit entry commit together.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit, record_audits
from expenses.models import Expense, State, Transition
from expenses.policy import may_approve, role_of
from expenses.services.errors import StateConflict, field_error
from expenses.services.periods import check_open_period
from notifications.services import notify_moved

# Called with the approved expense inside the approval's transaction, so that whatever they queue
# (the accounting export, when the company exports automatically) commits with the approval or not
# at all. Dotted paths keep the arrow pointing from the export to the expenses, not back.
AFTER_APPROVAL: list[str] = ["exports.services.queueing.queue_if_automatic"]


def submit_expense(*, expense: Expense, actor: User) -> Expense:
    """Send a draft or a rejected expense to approval. Raises ValidationError or StateConflict."""
    if expense.owner_id != actor.pk:
        raise field_error("owner", _("Only the person who made the expense can submit it."))
    check_open_period(company_id=expense.company_id, day=expense.date)
    extra = {"submitted_at": timezone.now(), "decided_by": None, "decided_at": None}
    return _move(expense, actor, State.SUBMITTED, (State.DRAFT, State.REJECTED), extra=extra)


def approve_expense(*, expense: Expense, actor: User, note: str = "") -> Expense:
    """Approve a submitted expense. Nobody approves their own. Raises ValidationError or StateConflict."""
    check_approver(expense, actor)
    extra = {"decided_by": actor, "decided_at": timezone.now(), "rejection_reason": ""}
    with transaction.atomic():
        approved = _move(expense, actor, State.APPROVED, (State.SUBMITTED,), note=note, extra=extra)
        for path in AFTER_APPROVAL:
            import_string(path)(approved)
    return approved


def reject_expense(*, expense: Expense, actor: User, reason: str) -> Expense:
    """Return a submitted expense to its owner; the reason is required and shown to them."""
    if not reason.strip():
        raise field_error("reason", _("Say why the expense is rejected."))
    check_approver(expense, actor)
    extra = {"decided_by": actor, "decided_at": timezone.now(), "rejection_reason": reason.strip()}
    return _move(expense, actor, State.REJECTED, (State.SUBMITTED,), note=reason.strip(), extra=extra)


def move_in_bulk(
    *,
    expense_ids: Iterable[int],
    from_state: str,
    to_state: str,
    actor: User | None = None,
    note: str = "",
    company_id: int | None = None,
) -> list[int]:
    """Move many expenses of one state to another inside the caller's transaction.

    For background work that changes hundreds at once (the accounting export): a handful of
    queries whatever the count. Expenses no longer in ``from_state`` are left alone; returns
    the ids that moved, each with its history and audit entry. ``company_id`` (the company of
    them all, when the caller knows it) saves a query when one expense moves.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move_in_bulk must run inside the transaction of the change that causes it")
    wanted = list(expense_ids)
    rows = _claim_for_move(wanted, from_state, to_state, company_id)
    Transition.objects.bulk_create(
        Transition(expense_id=pk, actor=actor, from_state=from_state, to_state=to_state, note=note) for pk, _c in rows
    )
    record_audits(
        action=f"expense.{to_state}",
        actor=actor,
        objects=[(company, Expense._meta.label, pk) for pk, company in rows],
        changed_fields=["state"],
    )
    return [pk for pk, _company in rows]


def _claim_for_move(wanted: list[int], from_state: str, to_state: str, company_id: int | None) -> list[tuple[int, int]]:
    """(id, company id) of the expenses this call moves, exactly: never one another caller moved."""
    now = timezone.now()
    if len(wanted) == 1 and company_id is not None:  # the common case of the export: one UPDATE says it all
        moved = Expense.objects.filter(pk=wanted[0], state=from_state).update(state=to_state, updated_at=now)
        return [(wanted[0], company_id)] if moved else []
    rows = list(
        Expense.objects.filter(pk__in=wanted, state=from_state).select_for_update().values_list("pk", "company_id")
    )
    if rows:
        Expense.objects.filter(pk__in=[pk for pk, _c in rows], state=from_state).update(state=to_state, updated_at=now)
    return rows


@dataclass(frozen=True)
class BulkResult:
    done: int
    skipped: int


def approve_all(*, expenses: list[Expense], actor: User) -> BulkResult:
    """Approve each expense on its own; flagged duplicates and ones changed meanwhile are skipped."""
    done = skipped = 0
    for expense in expenses:
        if expense.is_flagged_duplicate:
            skipped += 1
            continue
        try:
            approve_expense(expense=expense, actor=actor)
            done += 1
        except StateConflict:
            skipped += 1
    return BulkResult(done, skipped)


def check_approver(expense: Expense, actor: User) -> None:
    if expense.owner_id == actor.pk:
        raise field_error("approver", _("You cannot approve or reject your own expense."))
    if not may_approve(expense, actor, role_of(expense.company_id, actor)):
        raise field_error("approver", _("You are not an approver of this person's expenses."))


def _move(
    expense: Expense,
    actor: User | None,
    to_state: str,
    sources: tuple[str, ...],
    *,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Expense:
    seen = expense.state
    if seen not in sources:
        message = _("This expense is %(state)s; it cannot become %(target)s.")
        raise StateConflict(message % {"state": State(seen).label, "target": State(to_state).label})
    with transaction.atomic():
        claimed = Expense.objects.filter(pk=expense.pk, state=seen).update(
            state=to_state, updated_at=timezone.now(), **(extra or {})
        )
        if claimed == 0:
            raise StateConflict()
        Transition.objects.create(expense=expense, actor=actor, from_state=seen, to_state=to_state, note=note)
        record_audit(
            action=f"expense.{to_state}", actor=actor, company=expense.company, obj=expense, changed_fields=["state"]
        )
    expense.refresh_from_db()
    notify_moved(expense=expense)
    return expense
