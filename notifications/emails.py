"""The e-mail of one notification, written in its reader's language (the worker calls this)."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from expenses.models import Expense, State
from notifications import texts
from notifications.models import Kind, Notification
from notifications.selectors import emails_turned_off

# A reminder lists at most this many expenses of each sort; the link shows them all.
LISTED = 20


def send_notification_mail(*, notification_id: int) -> bool:
    """Send the notification's mail unless its reader turned the kind off or it was sent already.

    Safe to repeat: the row is claimed before sending, and released again if the mail server fails
    (the error is raised, so the task retries). Returns whether a mail went out.
    """
    notification = Notification.objects.select_related("user", "company").filter(pk=notification_id).first()
    if notification is None or not _wanted(notification):
        return False
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return False
    try:
        with translation.override(notification.user.language or settings.LANGUAGE_CODE):
            sent = _send(notification)
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return sent


def _wanted(notification: Notification) -> bool:
    user = notification.user
    turned_off = emails_turned_off(user_ids=[user.pk], kinds=[notification.kind])
    return user.is_active and bool(user.email) and not turned_off


def _send(notification: Notification) -> bool:
    sections = _reminder_sections(notification) if notification.kind == Kind.REMINDER else []
    if notification.kind == Kind.REMINDER and not sections:
        return False  # everything it was about has been dealt with meanwhile
    context = {
        "notification": notification,
        "headline": texts.headline(notification),
        "sections": sections,
        "link": settings.SITE_URL + reverse("notifications:open", args=[notification.pk]),
        "preferences_link": settings.SITE_URL + reverse("expenses:profile") + "#notifications",
    }
    message = EmailMessage(
        subject=texts.subject(notification),
        body=render_to_string("notifications/email/notification.txt", context),
        to=[notification.user.email],
        headers={"Content-Language": translation.get_language()},
    )
    return bool(message.send())


def _reminder_sections(notification: Notification) -> list[dict[str, Any]]:
    """The expenses a reminder is about that still wait: for approval first, then the person's own drafts."""
    sections = []
    for key, state, title in (
        ("pending", State.SUBMITTED, _("Waiting for your approval:")),
        ("drafts", State.DRAFT, _("Your drafts older than a week:")),
    ):
        ids = notification.params.get(key, [])
        waiting = Expense.objects.filter(pk__in=ids, company_id=notification.company_id, state=state)
        expenses = waiting.select_related("owner").order_by("date", "pk")[:LISTED]
        lines = [texts.expense_line(expense, with_owner=key == "pending") for expense in expenses]
        if lines:
            sections.append({"title": title, "lines": lines})
    return sections
