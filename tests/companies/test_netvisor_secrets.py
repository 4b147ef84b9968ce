"""The Netvisor secret is write-only: a canary planted as the User Secret appears nowhere in clear."""

import json
import logging
import uuid

import pytest
from celery.app.task import Task
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection as db
from django.urls import reverse

from companies.encryption import UndecryptableValue
from companies.integration import gateway
from companies.models import NetvisorConnection
from companies.roles import Role
from netvisor_sandbox.models import SandboxApiIdentifier
from tests.companies.netvisor_helpers import organisation

SANDBOX_TABLE_PREFIX = "nvsandbox_"  # the simulated Netvisor holds the key like Netvisor itself does


def every_stored_text() -> str:
    chunks = []
    with db.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table.startswith(SANDBOX_TABLE_PREFIX):
                continue
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")  # noqa: S608 - table names from model metadata
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.fixture
def published(monkeypatch):
    """Every task message as it would be serialised for the broker."""
    messages = []
    original = Task.apply_async

    def capture(self, args=None, kwargs=None, **options):
        messages.append(json.dumps({"task": self.name, "args": args, "kwargs": kwargs}, default=str))
        return original(self, args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(Task, "apply_async", capture)
    return messages


def test_canary_secret_appears_in_no_response_log_task_or_column(
    sandbox, company, member_factory, login, caplog, published
):
    caplog.set_level(logging.DEBUG)
    canary = f"CANARY{uuid.uuid4().hex}"
    identifier = SandboxApiIdentifier.objects.create(organisation=organisation(sandbox), customer_key=canary)
    connection = sandbox.connect(company)
    admin = member_factory(company, Role.ADMIN)
    client = login(admin)
    bodies = []
    form = {"user_id": identifier.customer_id, "user_secret": canary, "voucher_type": "Muut"}
    bodies.append(
        client.post(reverse("companies:netvisor_credentials"), {**form, "version": connection.version}, follow=True)
    )
    bodies.append(client.get(reverse("companies:reimbursement_accounting")))
    bodies.append(client.post(reverse("companies:netvisor_check"), follow=True))
    stored = NetvisorConnection.objects.get(company=company)
    assert stored.customer_key == canary  # the canary really is in use
    # A failure path too: revoke it, so the expiry e-mail task runs and errors are logged.
    SandboxApiIdentifier.objects.filter(pk=identifier.pk).update(revoked_at="2026-01-01T00:00:00Z")
    with pytest.raises(gateway.ConnectionPaused):
        gateway.call_netvisor(stored, lambda nv: nv.list_voucher_types())
    bodies.append(client.get(reverse("dashboard")))

    assert published, "the expiry e-mail task should have been published"
    for response in bodies:
        assert canary not in response.content.decode()
    assert canary not in caplog.text
    assert all(canary not in message for message in published)
    assert canary not in every_stored_text()
    from django.core import mail

    assert all(canary not in message.body for message in mail.outbox)


def test_rotating_keys_reencrypts_every_row_and_a_removed_key_fails_loudly(sandbox, company, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    connection = sandbox.connect(company)
    new_key = "bmV3LWtleS1mb3Itcm90YXRpb24tdGVzdC0wMTIzNDU="
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: rows must still read
    assert NetvisorConnection.objects.get(pk=connection.pk).customer_key == sandbox.customer_key

    settings.FIELD_ENCRYPTION_KEYS = [old_key]  # a key that never encrypted these rows
    with pytest.raises(UndecryptableValue, match="FIELD_ENCRYPTION_KEYS"):
        NetvisorConnection.objects.get(pk=connection.pk)
    with pytest.raises(CommandError, match=f"NetvisorConnection {connection.pk}: customer_id"):
        call_command("rotate_encryption_keys", verbosity=0)
