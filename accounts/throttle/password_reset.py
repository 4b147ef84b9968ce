"""How often a password-reset mail may be asked for: per address asked for and per client address.

Counted per normalised e-mail whether or not an account has it, so that the limit itself tells
nothing about which addresses have accounts.
"""

from django.conf import settings
from django.http import HttpRequest

from accounts.throttle.client_address import client_address
from accounts.throttle.counting import Limit, normalise_email, take_attempt


def password_reset_allowed(request: HttpRequest, *, email: str) -> bool:
    """Count one reset request; False when the address asked for or the client has asked too often."""
    window = settings.PASSWORD_RESET_THROTTLE_WINDOW_SECONDS
    per_address = Limit("reset-client", settings.PASSWORD_RESET_THROTTLE_PER_CLIENT, window)
    per_account = Limit("reset-account", settings.PASSWORD_RESET_THROTTLE_PER_ACCOUNT, window)
    # Every request counts on both, sent or not: a refused request is still one more of the flood.
    client_refused = take_attempt(limit=per_address, subject=client_address(request))
    account_refused = take_attempt(limit=per_account, subject=normalise_email(email))
    return client_refused is None and account_refused is None
