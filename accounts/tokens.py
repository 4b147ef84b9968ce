"""API tokens: issue, find by key, revoke. The key itself is never stored, only its SHA-256.

A SHA-256 without salt is enough here (unlike for passwords): the key is 32 random bytes, so
there is nothing to guess, and a plain digest can be looked up by an index.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import ApiToken, User

KEY_PREFIX = "bzl_"  # recognisable in a leaked file or log by secret scanners
DISPLAYED_PREFIX_LENGTH = 12
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown to the user once; nowhere else to be found


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_api_token(*, user: User, label: str) -> IssuedToken:
    """A new token for ``user``, valid for API_TOKEN_LIFETIME_DAYS. Not idempotent: each call makes one."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        label=label,
        prefix=key[:DISPLAYED_PREFIX_LENGTH],
        key_hash=hash_key(key),
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
    )
    return IssuedToken(token=token, key=key)


def usable_token(*, key: str) -> ApiToken | None:
    """The unexpired, unrevoked token with this key (with its user), or None."""
    digest = hash_key(key)
    token = active_tokens().select_related("user").filter(key_hash=digest).first()
    # The lookup is by digest, so its timing says nothing about the key; compare once more all the same.
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    return token


def note_token_used(*, token: ApiToken) -> None:
    """Record that the token was just used, at most once per LAST_USED_PRECISION."""
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)


def revoke_api_token(*, token: ApiToken) -> None:
    """Revoke one token; revoking a revoked token changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def revoke_api_tokens_of(*, user: User) -> int:
    """Revoke every token of ``user`` (their password changed); how many were still active."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def active_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def active_tokens_of(user: User) -> QuerySet[ApiToken]:
    """What the profile page lists: the user's tokens that still work, newest first."""
    return active_tokens().filter(user=user).order_by("-created_at")
