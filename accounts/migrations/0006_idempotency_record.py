# The IdempotencyRecord model moves from expenses to accounts. Its table keeps its name and its rows
# (``db_table``): only the migration state moves; expenses 0010 removes the model from its own state.

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_user_language'),
        ('expenses', '0006_idempotency_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IdempotencyRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=255)),
                        ('request_line', models.CharField(max_length=300)),
                        ('fingerprint', models.CharField(max_length=64)),
                        ('status_code', models.PositiveSmallIntegerField(null=True)),
                        ('response_body', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, null=True)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'expenses_idempotencyrecord',
                        'constraints': [models.UniqueConstraint(fields=('user', 'key'), name='idempotency_key_once_per_user')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
