"""Counting attempts against a limit in the shared cache, atomically.

An attempt is counted *before* the password (or whatever is guarded) is checked, with
``cache.add`` + ``cache.incr``: both are atomic in Redis and in the in-memory cache, so of forty
parallel attempts against a limit of five exactly five get through. A read-then-write
(get, then set) let every parallel request see the same old count. An attempt that turns out
not to be one to hold against anybody (a successful login) is given back afterwards.

The window starts with the first counted attempt and is not extended by later ones.
"""

import contextlib
import hashlib
import time
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` per subject within ``window_seconds``; ``name`` keeps limits apart in the cache."""

    name: str
    attempts: int
    window_seconds: int


@dataclass(frozen=True)
class Refusal:
    retry_after_seconds: int


def normalise_email(email: str) -> str:
    """One spelling per address: full-width letters and other compatibility forms fold to the plain ones."""
    return unicodedata.normalize("NFKC", email).casefold().strip()


def _key(limit: Limit, subject: str) -> str:
    # Hashed: a cache key must be short and plain, and the cache need not hold e-mail addresses.
    return f"limit:{limit.name}:{hashlib.sha256(subject.encode()).hexdigest()}"


def take_attempt(*, limit: Limit, subject: str) -> Refusal | None:
    """Count one attempt by ``subject``; a Refusal if it is past the limit (it is counted all the same)."""
    key = _key(limit, subject)
    now = time.time()
    cache.add(f"{key}:since", now, timeout=limit.window_seconds)
    count = _increment(key, limit.window_seconds)
    if count <= limit.attempts:
        return None
    since = cache.get(f"{key}:since", now)
    return Refusal(retry_after_seconds=max(1, int(since + limit.window_seconds - now) + 1))


def _increment(key: str, window_seconds: int) -> int:
    for _ in range(3):
        cache.add(key, 0, timeout=window_seconds)
        try:
            return int(cache.incr(key))
        except ValueError:  # the window ended between add and incr: start the next one
            continue
    raise RuntimeError(f"The cache keeps losing the counter {key}.")


def give_back(*, limit: Limit, subject: str) -> None:
    """Uncount one attempt that turned out not to count against ``subject``."""
    with contextlib.suppress(ValueError):  # the window is over: nothing to give back
        cache.decr(_key(limit, subject))


def forget(*, limit: Limit, subject: str) -> None:
    """Start ``subject`` afresh, as after a successful login to the account."""
    key = _key(limit, subject)
    cache.delete_many([key, f"{key}:since"])
