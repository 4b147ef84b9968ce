"""The sentences of notifications, written in the active language when shown (see Notification.params)."""

from typing import Any

from django.utils.translation import gettext_noop

from expenses.models import Expense
from expenses.rules import wording
from notifications.models import Kind, Notification

HEADLINES = {
    Kind.SUBMITTED: gettext_noop("%(owner)s submitted “%(description)s” (%(amount)s, %(date)s) for your approval."),
    Kind.APPROVED: gettext_noop("%(actor)s approved your expense “%(description)s” (%(amount)s, %(date)s)."),
    Kind.REJECTED: gettext_noop(
        "%(actor)s rejected your expense “%(description)s” (%(amount)s, %(date)s). Reason: %(reason)s"
    ),
    Kind.PAID: gettext_noop("Your expense “%(description)s” (%(amount)s, %(date)s) has been paid."),
}
SUBJECTS = {
    Kind.SUBMITTED: gettext_noop("Expense to approve: %(description)s"),
    Kind.APPROVED: gettext_noop("Expense approved: %(description)s"),
    Kind.REJECTED: gettext_noop("Expense rejected: %(description)s"),
    Kind.PAID: gettext_noop("Expense paid: %(description)s"),
    Kind.REMINDER: gettext_noop("Weekly reminder: expenses waiting for you"),
}
# English and Finnish share the plural rule "1 / everything else" (as expenses.rules.wording).
PENDING = (
    gettext_noop("%(count)s expense is waiting for your approval."),
    gettext_noop("%(count)s expenses are waiting for your approval."),
)
DRAFTS = (
    gettext_noop("You have %(count)s draft older than a week."),
    gettext_noop("You have %(count)s drafts older than a week."),
)


def expense_params(expense: Expense, **names: str) -> dict[str, Any]:
    """The values of an expense's sentence as JSON, for ``Notification.params``."""
    values: dict[str, wording.Value] = {
        "description": expense.description,
        "amount": wording.Money(expense.amount_eur),
        "date": wording.Day(expense.date),
        **names,
    }
    encoded: dict[str, Any] = wording.to_json(wording.phrase("", **values))["values"]
    return encoded


def headline(notification: Notification) -> str:
    """What happened, in one or two sentences of the active language."""
    if notification.kind == Kind.REMINDER:
        return " ".join(reminder_lines(notification.params))
    return _render(HEADLINES[Kind(notification.kind)], notification.params)


def subject(notification: Notification) -> str:
    """A mail subject: one line, whatever the description holds."""
    return " ".join(_render(SUBJECTS[Kind(notification.kind)], notification.params).split())


def reminder_lines(params: dict[str, Any]) -> list[str]:
    lines = []
    for key, (one, many) in (("pending", PENDING), ("drafts", DRAFTS)):
        count = len(params.get(key, []))
        if count:
            lines.append(_render(one if count == 1 else many, {"count": count}))
    return lines


def expense_line(expense: Expense, *, with_owner: bool) -> str:
    """One expense in a list of a reminder mail: who, what, how much, when."""
    params = expense_params(expense, owner=str(expense.owner))
    text = gettext_noop("%(owner)s: %(description)s, %(amount)s, %(date)s")
    if not with_owner:
        text = gettext_noop("%(description)s, %(amount)s, %(date)s")
    return _render(text, params)


def _render(text: str, params: dict[str, Any]) -> str:
    return wording.render(wording.from_json({"text": text, "values": params}), wording.localized())
