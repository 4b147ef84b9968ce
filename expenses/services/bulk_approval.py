"""Approving many expenses at once from the Approvals page: the ones ticked, or all after a confirmation.

Each expense is approved on its own by :func:`approve_all` (its own transaction, its own conditional
UPDATE), so one that someone else decided meanwhile is skipped, not approved twice.
"""

import hmac
from collections.abc import Collection

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.models import Company
from expenses.selectors import ExpenseFilters, approvable_in_inbox, approval_inbox_expenses, inbox_fingerprint
from expenses.services.errors import StateConflict
from expenses.services.transitions import BulkResult, approve_all


class InboxChanged(StateConflict):
    """The inbox is no longer what the person confirmed: nothing was approved."""

    def __init__(self) -> None:
        super().__init__(
            _("The expenses waiting for approval changed meanwhile. Check the new numbers and confirm again.")
        )


def approve_selected(*, company: Company, actor: User, expense_ids: Collection[int]) -> BulkResult:
    """Approve the chosen expenses that are in the actor's inbox.

    The others are skipped and counted: not theirs to approve (their own, another approver's,
    another company's), no longer submitted, or a possible duplicate nobody has cleared.
    Safe to repeat: an expense approved once is not in the inbox any more.
    """
    wanted = set(expense_ids)
    found = list(approval_inbox_expenses(company, actor).filter(pk__in=wanted).select_related("company"))
    result = approve_all(expenses=found, actor=actor)
    return BulkResult(result.done, result.skipped + len(wanted) - len(found))


def approve_confirmed(*, company: Company, actor: User, filters: ExpenseFilters, fingerprint: str) -> BulkResult:
    """Approve everything "Approve all" showed for ``filters``, if it is still exactly that set.

    ``fingerprint`` is :func:`~expenses.selectors.approve_all_preview`'s for what the person confirmed.
    Raises InboxChanged, approving nothing, when an expense was added, removed or changed since.
    """
    expenses = list(approvable_in_inbox(company, actor, filters).select_related("company"))
    now = inbox_fingerprint([(e.pk, e.amount_eur, e.updated_at) for e in expenses])
    if not hmac.compare_digest(now, fingerprint):
        raise InboxChanged()
    return approve_all(expenses=expenses, actor=actor)
