"""One Netvisor call at a time per organisation, across every process (spec 13.10).

Netvisor answers overlapping calls to one customer environment with errors, so every
call takes a lock named after the organisation. The lock must vanish with a crashed
process: on PostgreSQL a session advisory lock (released when the connection closes),
elsewhere an fcntl lock on a file (released when the process dies).
"""

import fcntl
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections


def _lock_number(name: str) -> int:
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def netvisor_call_lock(organisation_id: str) -> Iterator[None]:
    with named_lock(f"netvisor:{organisation_id}"):
        yield


_held = threading.local()


@contextmanager
def named_lock(name: str) -> Iterator[None]:
    """An exclusive lock across processes that a crashed process releases.

    Re-entrant within a thread: the export holds its organisation's lock for a whole batch, and
    the calls inside the batch pass through the gateway, which takes the same lock.
    """
    held: set[str] = _held.__dict__.setdefault("names", set())
    if name in held:
        yield
        return
    held.add(name)
    try:
        if connections["default"].vendor == "postgresql":
            with _advisory_lock(_lock_number(name)):
                yield
        else:
            with _file_lock(name):
                yield
    finally:
        held.discard(name)


@contextmanager
def _advisory_lock(number: int) -> Iterator[None]:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [number])
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [number])


@contextmanager
def _file_lock(name: str) -> Iterator[None]:
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
