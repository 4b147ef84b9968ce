from django.http import HttpRequest

from notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """The count in the top bar: one query, and only where a page draws it (a callable is evaluated lazily)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "unread_notification_count": lambda: unread_count(user_id=membership.user_id, company_id=membership.company_id)
    }
