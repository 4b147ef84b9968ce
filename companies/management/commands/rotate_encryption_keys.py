"""Re-encrypt every stored secret under the first key of FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first, run this, then remove the old key. A row that no
configured key can decrypt stops the command with an error naming the row, and nothing
is changed (one transaction), so a key is never dropped while data still needs it.
Works on the ciphertext with plain SQL: the ORM would decrypt on read and encrypt on write.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction

from companies.encryption import EncryptedTextField, UndecryptableValue, rotate


def encrypted_models() -> list[type[models.Model]]:
    """Every model with an encrypted column, found rather than listed, so a new one is not missed."""
    return [model for model in apps.get_models() if any(isinstance(f, EncryptedTextField) for f in model._meta.fields)]


class Command(BaseCommand):
    help = "Re-encrypt stored secrets with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            rotated = sum(self._rotate_model(model) for model in encrypted_models())
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {rotated} values."))

    def _rotate_model(self, model: type[models.Model]) -> int:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk_column = _quoted_column(model._meta.pk)
        count = 0
        for field in (f for f in model._meta.fields if isinstance(f, EncryptedTextField)):
            column = _quoted_column(field)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk_column}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 - names are quoted model metadata
                rows = cursor.fetchall()
                for pk, token in rows:
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",  # noqa: S608
                        [self._rotate(model, pk, field.name, token), pk],
                    )
                count += len(rows)
        return count

    def _rotate(self, model: type[models.Model], pk: object, field: str, token: str) -> str:
        try:
            return rotate(token)
        except UndecryptableValue as exc:
            raise CommandError(f"{model.__name__} {pk}: {field}: {exc}") from exc


def _quoted_column(field: models.Field[Any, Any]) -> str:
    assert field.column is not None  # set for every concrete field
    return connection.ops.quote_name(field.column)
