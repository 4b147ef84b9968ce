"""Claiming job rows with a conditional UPDATE, and keeping the claim alive while the work runs.

A claim is a lease: ``claimed_until`` a little in the future, renewed by a heartbeat thread every
third of the lease. A killed worker stops renewing, so within one lease its rows become claimable
again, by the next claim of the same row or by the periodic sweeper. ``claim_token`` is the
owner's: a write that filters on it does nothing once someone else has taken over.
"""

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.db.models import F, Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


def lease_length() -> timedelta:
    return timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def lease_expired() -> Q:
    """Rows whose owner stopped renewing: claimable again whatever their state says."""
    return Q(claimed_until__lt=timezone.now())


def lost(*, queued: str, running: str) -> Q:
    """Jobs to run again: running with a lease nobody renews (the worker died), or queued for longer than a
    lease without being picked up (the task message was lost)."""
    now = timezone.now()
    message_lost = Q(state=queued, next_attempt_at__lt=now - lease_length())
    return Q(state=running, claimed_until__lt=now) | message_lost


@dataclass(frozen=True)
class Claim:
    """A row taken by :func:`claim`; ``owned()`` filters writes to rows this claim still holds."""

    model: type[models.Model]
    pk: int
    token: str

    def owned(self) -> QuerySet[Any]:
        return self.model._default_manager.filter(pk=self.pk, claim_token=self.token)

    def renew(self) -> bool:
        return bool(self.owned().update(claimed_until=timezone.now() + lease_length()))

    def release(self, **values: object) -> bool:
        """End the claim, writing ``values`` in the same UPDATE; False when someone took over."""
        return bool(self.owned().update(claimed_until=None, claim_token="", **values))


def claim(
    model: type[models.Model], pk: int, *, ready: Q, running: Q, count_attempt: bool = True, **values: object
) -> Claim | None:
    """Take row ``pk`` if it is ``ready``, or ``running`` under a lease that ran out.

    One conditional UPDATE: of any number of workers racing for a row, exactly one gets it.
    ``values`` are written with the claim (e.g. ``state=RUNNING``). Returns None when the row is
    not claimable (done, or someone else holds it).
    """
    token = uuid.uuid4().hex
    now = timezone.now()
    extra: dict[str, object] = {"attempt_count": F("attempt_count") + 1} if count_attempt else {}
    taken = (
        model._default_manager.filter(pk=pk)
        .filter(ready | (running & Q(claimed_until__lt=now)))
        .update(claimed_until=now + lease_length(), claim_token=token, **extra, **values)
    )
    return Claim(model, pk, token) if taken else None


@contextmanager
def kept_alive(renew: Callable[[], bool]) -> Iterator[threading.Event]:
    """Call ``renew`` every third of a lease until the block ends, from a thread of its own.

    The thread has its own database connection, so a long Netvisor call (up to two minutes) in
    the block does not let the lease run out. Yields an event that is set once ``renew`` said
    the claim was lost, so long work can stop early.
    """
    stop, lost = threading.Event(), threading.Event()
    interval = lease_length().total_seconds() / 3

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    if not renew():
                        lost.set()
                        return
                except DatabaseError:
                    logger.warning("could not renew a job lease; trying again", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name="lease-heartbeat", daemon=True)
    thread.start()
    try:
        yield lost
    finally:
        stop.set()
        thread.join(timeout=interval + 5)
