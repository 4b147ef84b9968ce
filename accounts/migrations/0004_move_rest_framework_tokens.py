"""Move the clear-text tokens of rest_framework.authtoken into ApiToken, hashed, and erase them.

Clients keep working with the key they have until it expires (API_TOKEN_LIFETIME_DAYS from the
migration). The old table is read with SQL because its app is no longer installed; on a database
that never had it there is nothing to do. The emptied table stays: dropping another app's table
is left to the administrator (``DROP TABLE authtoken_token``).
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"
DISPLAYED_PREFIX_LENGTH = 12


def move_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    table = connection.ops.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name('key')}, user_id FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        now = timezone.now()
        expires_at = now + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
        ApiToken.objects.bulk_create(
            ApiToken(
                user_id=user_id,
                label="API",
                prefix=key[:DISPLAYED_PREFIX_LENGTH],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                created_at=now,
                expires_at=expires_at,
            )
            for key, user_id in rows
        )
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_tokens")]

    operations = [migrations.RunPython(move_tokens, migrations.RunPython.noop)]
