"""Encryption at rest for secrets in the database (Netvisor credentials).

Keys come from FIELD_ENCRYPTION_KEYS, a list: the first key encrypts, every key decrypts
(MultiFernet), so a key is rotated by putting a new one first, running
``manage.py rotate_encryption_keys`` and then removing the old one. A value that no
configured key can decrypt raises ``UndecryptableValue`` instead of reading as empty: a
removed key must fail loudly, not silently disconnect companies.
"""

from functools import cache
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable


class UndecryptableValue(RuntimeError):
    """A stored secret was encrypted with a key that is no longer in FIELD_ENCRYPTION_KEYS."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue(
            "A stored secret cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS; "
            "was a key removed before `manage.py rotate_encryption_keys` ran?"
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt under the first key; raises UndecryptableValue like decrypt()."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue("A stored secret cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS.") from None


if TYPE_CHECKING:
    # Generic only in django-stubs: Django's TextField cannot be subscripted at run time.
    _TextField = models.TextField[str | Combinable, str]
else:
    _TextField = models.TextField


class EncryptedTextField(_TextField):
    """A text column that holds only ciphertext; Python code sees the plain value.

    Empty strings are stored as empty (nothing to hide, and "not set" stays queryable).
    """

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str | None:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: object) -> object:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(str(value))
