"""Who an API request comes from, typed: every API view requires a signed-in user (IsAuthenticated)."""

from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from accounts.models import User


def api_user(request: Request) -> User:
    """The signed-in user of ``request``; NotAuthenticated (401) for a view that let an anonymous one through."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user
