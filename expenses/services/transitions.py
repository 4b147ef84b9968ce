"""The approval flow: draft → submitted → approved | rejected → (resubmitted) → queued → exported → paid.

Every change claims the expense with a conditional UPDATE on the state the caller saw, so a double
submit or two approvers acting at once change it once; the loser gets StateConflict. The row, its
history entry and its audit entry commit together.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies import roles
from expenses.models import Expense, State, Transition
from expenses.policy import may_approve, role_of
from expenses.services.errors import StateConflict, field_error
from expenses.services.periods import check_open_period


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
    return _move(expense, actor, State.APPROVED, (State.SUBMITTED,), note=note, extra=extra)


def reject_expense(*, expense: Expense, actor: User, reason: str) -> Expense:
    """Return a submitted expense to its owner; the reason is required and shown to them."""
    if not reason.strip():
        raise field_error("reason", _("Say why the expense is rejected."))
    check_approver(expense, actor)
    extra = {"decided_by": actor, "decided_at": timezone.now(), "rejection_reason": reason.strip()}
    return _move(expense, actor, State.REJECTED, (State.SUBMITTED,), note=reason.strip(), extra=extra)


def send_to_accounting(*, expense: Expense, actor: User) -> Expense:
    """Queue an approved expense for the accounting export (accountants and admins)."""
    role = role_of(expense.company_id, actor)
    if role is None or not roles.can_see_all_expenses(role):
        raise field_error("state", _("Only accountants and admins send expenses to accounting."))
    return _move(expense, actor, State.QUEUED, (State.APPROVED,))


def mark_exported(*, expense: Expense, actor: User | None = None, note: str = "") -> Expense:
    """For the accounting export: the voucher of a queued expense was accepted."""
    return _move(expense, actor, State.EXPORTED, (State.QUEUED,), note=note)


def mark_paid(*, expense: Expense, actor: User | None = None, note: str = "") -> Expense:
    """For the payment export: the reimbursement of an exported expense was paid."""
    return _move(expense, actor, State.PAID, (State.EXPORTED,), note=note)


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
    return expense
