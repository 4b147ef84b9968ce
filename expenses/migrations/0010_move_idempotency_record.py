# IdempotencyRecord now belongs to accounts (accounts 0006 takes it into its state). The table and its
# rows stay: this only forgets the model in the expenses state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('expenses', '0009_attachment_previews'),
        ('accounts', '0006_idempotency_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='IdempotencyRecord')],
            database_operations=[],
        ),
    ]
