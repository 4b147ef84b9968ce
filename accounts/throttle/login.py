"""The one way to check a password: every login path (the form, the API's token endpoint, and
anything added later) calls ``authenticate_with_limits``, so a lockout holds on all of them.

Two limits apply:

* per account (``LOGIN_THROTTLE_FAILURES`` within ``LOGIN_THROTTLE_WINDOW_SECONDS``): past it the
  account takes no password at all until the window ends, from anywhere;
* per client address (``LOGIN_THROTTLE_ADDRESS_FAILURES``, same window): a higher limit that slows
  down one address guessing across many accounts. Many people may share an address (an office
  behind NAT), so it must not lock them out: a browser that has logged in to the account before
  carries a signed "known browser" cookie and is not held to the address limit, only to the
  account's.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse

from accounts.models import User
from accounts.throttle.client_address import client_address
from accounts.throttle.counting import Limit, forget, give_back, normalise_email, take_attempt

KNOWN_BROWSER_COOKIE = "bezala_known_browser"
KNOWN_BROWSER_DAYS = 180
_KNOWN_BROWSER_SALT = "accounts.throttle.known-browser"


class LoginThrottled(Exception):
    """Too many attempts: no password was checked. ``retry_after_seconds`` tells when to try again."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"Login throttled for {retry_after_seconds} s.")
        self.retry_after_seconds = retry_after_seconds

    @property
    def retry_after_minutes(self) -> int:
        return max(1, round(self.retry_after_seconds / 60))


def _account_limit() -> Limit:
    return Limit("login-account", settings.LOGIN_THROTTLE_FAILURES, settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def _address_limit() -> Limit:
    return Limit("login-address", settings.LOGIN_THROTTLE_ADDRESS_FAILURES, settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def authenticate_with_limits(request: HttpRequest, *, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, or None.

    Raises LoginThrottled, without checking the password, when the account or (for a browser not
    known to the account) the client address has had too many attempts. A failure counts against
    both; a success clears the account's count. Safe to call concurrently: the limits are exact.
    """
    account = normalise_email(email)
    address = client_address(request)
    holds_address = not _is_known_browser(request, account)
    if holds_address and (refusal := take_attempt(limit=_address_limit(), subject=address)):
        raise LoginThrottled(refusal.retry_after_seconds)
    if refusal := take_attempt(limit=_account_limit(), subject=account):
        if holds_address:
            give_back(limit=_address_limit(), subject=address)  # no password was tried
        raise LoginThrottled(refusal.retry_after_seconds)
    user = authenticate(request, username=email, password=password)
    if user is not None:
        forget(limit=_account_limit(), subject=account)
        if holds_address:
            give_back(limit=_address_limit(), subject=address)
    return user


def remember_browser(response: HttpResponse, *, email: str) -> None:
    """Mark the browser that just logged in as known to this account (see the module's docstring)."""
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        _cookie_value(normalise_email(email)),
        salt=_KNOWN_BROWSER_SALT,
        max_age=KNOWN_BROWSER_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _is_known_browser(request: HttpRequest, account: str) -> bool:
    value = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE, default=None, salt=_KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_DAYS * 86400
    )
    return value == _cookie_value(account)


def _cookie_value(account: str) -> str:
    # A digest, so that the cookie does not carry the e-mail address in clear.
    return hashlib.sha256(f"known-browser:{account}".encode()).hexdigest()
