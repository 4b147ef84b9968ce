"""Reading notifications: a person's recent ones in their current company, the unread count, their choices."""

from collections.abc import Iterable

from django.db.models import QuerySet

from notifications.models import Kind, Notification, NotificationSetting

RECENT = 50


def recent_notifications(*, user_id: int, company_id: int, limit: int = RECENT) -> list[Notification]:
    """The newest first; only this person's, only in this company."""
    return list(_own(user_id, company_id).order_by("-created_at", "-id")[:limit])


def unread_count(*, user_id: int, company_id: int) -> int:
    """One query."""
    return _own(user_id, company_id).filter(read_at__isnull=True).count()


def emails_turned_off(*, user_ids: Iterable[int], kinds: Iterable[str]) -> set[tuple[int, str]]:
    """The (person, kind) pairs among these whose e-mails the person turned off; one query."""
    rows = NotificationSetting.objects.filter(user_id__in=list(user_ids), kind__in=list(kinds), email_enabled=False)
    return set(rows.values_list("user_id", "kind"))


def email_choices(*, user_id: int) -> dict[str, bool]:
    """Every kind with whether its e-mails are sent to this person (yes unless they turned it off)."""
    off = {kind for _user, kind in emails_turned_off(user_ids=[user_id], kinds=Kind.values)}
    return {kind: kind not in off for kind in Kind.values}


def _own(user_id: int, company_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user_id, company_id=company_id)
