"""Recording notifications when expenses change state, and the person's e-mail choices.

The approval flow and the payment read-back call one hook each. The rows are written and the mails
queued only after the change commits: a rolled-back approval tells nobody anything, and a fault here
(logged: the callbacks are "robust") can neither undo an approval nor fail the request that made it.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from expenses.models import Expense, State
from jobs.sending import send_on_commit
from notifications import texts
from notifications.models import Kind, Notification, NotificationSetting
from notifications.recipients import routing_of
from notifications.selectors import emails_turned_off
from notifications.tasks import send_notification_email

_KIND_OF_STATE = {State.SUBMITTED: Kind.SUBMITTED, State.APPROVED: Kind.APPROVED, State.REJECTED: Kind.REJECTED}


def notify_moved(*, expense: Expense) -> None:
    """Hook of the approval flow: ``expense`` has just been submitted, approved or rejected.

    Submitted: its approvers are told; approved or rejected: its owner, with the reason. Other states
    tell nobody. Call it inside or after the change's transaction; nothing happens until it commits.
    """
    kind = _KIND_OF_STATE.get(State(expense.state))
    if kind is None:
        return
    if kind == Kind.SUBMITTED:
        params = texts.expense_params(expense, owner=str(expense.owner))
    else:
        decider = expense.decided_by_id
        actor = User.objects.filter(pk=decider).first() if decider is not None else None
        params = texts.expense_params(expense, actor=str(actor or "?"), reason=expense.rejection_reason)
    # A lambda, not a partial: Django names a failed robust callback by its __qualname__.
    ids = (expense.pk, expense.company_id, expense.owner_id)
    transaction.on_commit(lambda: _record_for_expense(kind, *ids, params), robust=True)


def notify_paid(*, expense_ids: Iterable[int]) -> None:
    """Hook of the payment follow-up: these expenses have just become "Paid"; each owner is told after commit."""
    wanted = list(expense_ids)
    if wanted:
        transaction.on_commit(lambda: _record_paid(wanted), robust=True)


def _record_for_expense(kind: Kind, expense_id: int, company_id: int, owner_id: int, params: dict[str, Any]) -> None:
    recipients = routing_of(company_id).approvers_for(owner_id) if kind == Kind.SUBMITTED else [owner_id]
    record_notifications(
        Notification(user_id=user_id, company_id=company_id, kind=kind, expense_id=expense_id, params=params)
        for user_id in recipients
    )


def _record_paid(expense_ids: list[int]) -> None:
    paid = Expense.objects.filter(pk__in=expense_ids, state=State.PAID).order_by("pk")
    record_notifications(
        Notification(
            user_id=expense.owner_id,
            company_id=expense.company_id,
            kind=Kind.PAID,
            expense_id=expense.pk,
            params=texts.expense_params(expense),
        )
        for expense in paid
    )


def record_notifications(notifications: Iterable[Notification]) -> list[Notification]:
    """Save the in-app entries and queue a mail for each whose reader has not turned its kind off."""
    saved = list(notifications)
    turned_off = emails_turned_off(user_ids={n.user_id for n in saved}, kinds={n.kind for n in saved})
    with transaction.atomic():
        for notification in saved:
            notification.save()
            if (notification.user_id, notification.kind) not in turned_off:
                send_on_commit(send_notification_email, notification.pk)
    return saved


def set_email_preferences(*, user: User, enabled: dict[str, bool]) -> None:
    """Turn the e-mails of each kind in ``enabled`` on or off for ``user``; other kinds stay as they are."""
    with transaction.atomic():
        for kind, on in enabled.items():
            NotificationSetting.objects.update_or_create(user=user, kind=Kind(kind), defaults={"email_enabled": on})


def mark_read(
    *, user: User, company_id: int, notification_ids: Iterable[int] | None = None, up_to: datetime | None = None
) -> int:
    """Mark the person's unread notifications in one company read: the given ones, or all made up to a moment
    (what a list showed, older ones beyond its length included, never one that arrived after it)."""
    unread = Notification.objects.filter(user=user, company_id=company_id, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    if up_to is not None:
        unread = unread.filter(created_at__lte=up_to)
    return unread.update(read_at=timezone.now())
