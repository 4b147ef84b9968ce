"""Revoking API tokens whenever a password changes, by whichever path it changes."""

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tokens import revoke_api_tokens_of


class RevokeApiTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its ``password_changed`` hook; it refuses no password.

    Django calls ``password_changed`` from ``User.save()`` after every ``set_password``: the reset
    and change pages, ``manage.py changepassword``, a shell. It does not call it when it merely
    re-hashes a password on login. Hooking in there means no path that sets a password can forget
    to revoke the tokens that the old password let someone make.
    """

    def validate(self, password: str, user: User | None = None) -> None:
        return None

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            revoke_api_tokens_of(user=user)

    def get_help_text(self) -> str:
        return _("Setting a new password revokes your API tokens.")
