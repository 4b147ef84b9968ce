"""The REST API's authentication by our API tokens (``Authorization: Token <key>``).

Kept apart from the API's views: DRF imports this class while it imports its own views module.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from accounts.models import User
from accounts.tokens import note_token_used, usable_token

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``. A wrong, expired or revoked key answers 401 with WWW-Authenticate."""

    def authenticate(self, request: Request) -> tuple[User, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Give the token after the word Token, separated by one space."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid, expired or revoked token.")) from None
        token = usable_token(key=key)
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Invalid, expired or revoked token."))
        note_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD
