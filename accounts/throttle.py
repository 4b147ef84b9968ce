"""Login throttling against password guessing.

Failures are counted per account and per client address in the shared cache; once
either count reaches the limit, logins for it are refused until the window that began
with its first failure is over. Counting both stops one address guessing many accounts
and many addresses guessing one.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Lockout:
    retry_after_seconds: int


def _keys(email: str, address: str) -> list[str]:
    return [f"login-fail:user:{email.strip().lower()}", f"login-fail:addr:{address}"]


def check_login_allowed(email: str, address: str) -> Lockout | None:
    now = time.time()
    waits = []
    for key in _keys(email, address):
        failures, first_at = cache.get(key, (0, now))
        if failures >= settings.LOGIN_THROTTLE_FAILURES:
            waits.append(int(first_at + settings.LOGIN_THROTTLE_WINDOW_SECONDS - now) + 1)
    return Lockout(retry_after_seconds=max(waits)) if waits else None


def record_login_failure(email: str, address: str) -> None:
    now = time.time()
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for key in _keys(email, address):
        failures, first_at = cache.get(key, (0, now))
        cache.set(key, (failures + 1, first_at), timeout=max(1, int(first_at + window - now)))


def clear_login_failures(email: str) -> None:
    cache.delete(_keys(email, "")[0])
