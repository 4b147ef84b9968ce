"""Idempotency keys of API creates: a client that retries after a timeout gets the first answer, not a copy.

A key is claimed with one INSERT under a unique (user, key) constraint, before the create runs: of two
requests with the same key at the same moment, one claims it and the other is told to wait (409). Only a
successful answer is kept; a refused request frees its key, since it changed nothing and may be repeated.
Records are forgotten after ``RECORD_LIFETIME``, on the next claim by anyone.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import IdempotencyRecord, User

MAX_KEY_LENGTH = 255
RECORD_LIFETIME = timedelta(hours=24)
# Longer than any request may take: a claim this old without an answer belongs to a process that died.
ABANDONED_AFTER = timedelta(minutes=10)


class KeyReused(Exception):
    """The key was used for a different request (another body, endpoint or company)."""

    message = _("This Idempotency-Key was already used for a different request. Use a new key for a new request.")


class KeyInUse(Exception):
    """The first request with this key is still being handled."""

    message = _("A request with this Idempotency-Key is still being handled. Try again in a moment.")


@dataclass(frozen=True)
class Claim:
    """Either a fresh ``record`` to answer, or the ``replay`` of the first answer (status, body)."""

    record: IdempotencyRecord | None = None
    replay: tuple[int, Any] | None = None


def claim_idempotency_key(*, user: User, key: str, request_line: str, fingerprint: str) -> Claim:
    """Claim ``key`` for this request, or find the answer already given to it.

    Raises KeyReused (another request had the key) or KeyInUse (the first is still running). Safe to repeat.
    """
    _forget_expired()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, request_line=request_line, fingerprint=fingerprint
                )
            return Claim(record=record)
        except IntegrityError:
            found = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if found is not None:
            return _claimed_before(found, request_line, fingerprint)
        # Freed between our INSERT and SELECT: claim it again.
    raise KeyInUse()


def _claimed_before(found: IdempotencyRecord, request_line: str, fingerprint: str) -> Claim:
    if (found.request_line, found.fingerprint) != (request_line, fingerprint):
        raise KeyReused()
    if found.status_code is not None:
        return Claim(replay=(found.status_code, found.response_body))
    if found.created_at < timezone.now() - ABANDONED_AFTER:
        # Freed only if still unanswered: the next claim of the key starts again.
        IdempotencyRecord.objects.filter(pk=found.pk, status_code__isnull=True).delete()
    raise KeyInUse()


def record_idempotent_answer(*, record: IdempotencyRecord, status_code: int, body: Any) -> None:
    """Keep the answer to a claimed key, for the retries of the same request."""
    IdempotencyRecord.objects.filter(pk=record.pk).update(status_code=status_code, response_body=body)


def release_idempotency_key(*, record: IdempotencyRecord) -> None:
    """Free a claimed key whose request was refused or failed: nothing was created, so it may be sent again."""
    IdempotencyRecord.objects.filter(pk=record.pk, status_code__isnull=True).delete()


def _forget_expired() -> None:
    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - RECORD_LIFETIME).delete()
