"""Limits on guessing and flooding: one place for every login path and for password-reset mails.

``authenticate_with_limits`` is the only function that checks a password; ``password_reset_allowed``
decides whether a reset mail goes out; ``client_address`` is the only reading of a client's address.
"""

from accounts.throttle.client_address import client_address
from accounts.throttle.login import LoginThrottled, authenticate_with_limits, remember_browser
from accounts.throttle.password_reset import password_reset_allowed

__all__ = [
    "LoginThrottled",
    "authenticate_with_limits",
    "client_address",
    "password_reset_allowed",
    "remember_browser",
]
