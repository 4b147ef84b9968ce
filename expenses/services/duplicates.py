"""Possible duplicates: the same receipt file, or the same date, amount and currency by the same person."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies import roles
from expenses.models import Attachment, Expense, ExpenseSettings
from expenses.policy import may_approve, role_of
from expenses.services.errors import field_error


def duplicate_check_enabled(company_id: int) -> bool:
    enabled = ExpenseSettings.objects.filter(company_id=company_id).values_list("duplicate_check_enabled", flat=True)
    return next(iter(enabled), True)


def find_duplicate(expense: Expense) -> tuple[Expense | None, str]:
    """The first other expense that looks like the same claim, and why; (None, "") when there is none."""
    others = Expense.objects.filter(company_id=expense.company_id).exclude(pk=expense.pk)
    same = others.filter(
        owner_id=expense.owner_id, date=expense.date, amount=expense.amount, currency=expense.currency
    ).order_by("id")
    match = same.first()
    if match is not None:
        return match, _("Same date, amount and currency as expense #%(id)s") % {"id": match.pk}
    checksums = Attachment.objects.filter(expense=expense).values("sha256")
    shared = (
        Attachment.objects.filter(expense__company_id=expense.company_id, sha256__in=checksums)
        .exclude(expense=expense)
        .select_related("expense")
        .order_by("id")
        .first()
    )
    if shared is not None:
        return shared.expense, _("Same receipt file as expense #%(id)s") % {"id": shared.expense_id}
    return None, ""


def refresh_duplicate_flag(expense: Expense) -> None:
    """Recompute the flag inside the caller's transaction. A dismissed flag stays dismissed."""
    if expense.duplicate_dismissed:
        return
    match, reason = (None, "")
    if duplicate_check_enabled(expense.company_id):
        match, reason = find_duplicate(expense)
    Expense.objects.filter(pk=expense.pk).update(possible_duplicate_of=match, duplicate_reason=reason)
    expense.possible_duplicate_of, expense.duplicate_reason = match, reason


def dismiss_duplicate(*, expense: Expense, actor: User) -> None:
    """ "Not a duplicate": the flag is cleared and not raised again for this expense. Safe to repeat.

    Only someone who approves the expense, or an accountant or admin, decides; the owner cannot clear
    their own flag. Raises ValidationError on "duplicate" otherwise.
    """
    role = role_of(expense.company_id, actor)
    if not (may_approve(expense, actor, role) or (role is not None and roles.can_see_all_expenses(role))):
        raise field_error("duplicate", _("An approver decides whether this is a duplicate."))
    with transaction.atomic():
        Expense.objects.filter(pk=expense.pk).update(duplicate_dismissed=True)
        expense.duplicate_dismissed = True
        record_audit(
            action="expense.duplicate_dismissed",
            actor=actor,
            company=expense.company,
            obj=expense,
            changed_fields=["duplicate_dismissed"],
        )
