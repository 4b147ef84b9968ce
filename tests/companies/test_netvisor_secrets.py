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
from tests.companies.netvisor_helpers import new_connection_identifier, organisation

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
    refused_canary = f"REFUSED{uuid.uuid4().hex}"  # a wrong secret must not come back either
    form = {"user_id": identifier.customer_id, "user_secret": refused_canary, "voucher_type": "Muut"}
    bodies.append(
        client.post(reverse("companies:netvisor_credentials"), {**form, "version": connection.version}, follow=True)
    )
    assert "Netvisor refused the credentials" in bodies[-1].content.decode()
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
        assert refused_canary not in response.content.decode()
    assert canary not in caplog.text and refused_canary not in caplog.text
    assert all(canary not in message for message in published)
    assert canary not in every_stored_text()
    from django.core import mail

    assert all(canary not in message.body for message in mail.outbox)


def test_a_queued_job_holds_the_canary_only_encrypted_and_drops_it_once_taken(
    sandbox, company, member_factory, login, publish_for_real, published
):
    """Between the press and the worker the secret waits in the job row: encrypted, and only until taken."""
    from companies.models import ConnectionJob
    from companies.tasks import run_connection_job

    publish_for_real("memory://")  # queued, not run: the test plays the worker
    canary = f"CANARY{uuid.uuid4().hex}"
    identifier = SandboxApiIdentifier.objects.create(organisation=organisation(sandbox), customer_key=canary)
    connection = sandbox.connect(company)
    client = login(member_factory(company, Role.ADMIN))
    form = {"user_id": identifier.customer_id, "user_secret": canary, "voucher_type": "Muut"}
    client.post(reverse("companies:netvisor_credentials"), {**form, "version": connection.version})
    job = ConnectionJob.objects.get(company=company)
    assert job.user_secret == canary  # it really waits in the row…
    assert canary not in every_stored_text()  # …but only as ciphertext
    assert published and all(canary not in message for message in published)  # the task carries the id only

    run_connection_job(job.pk)
    job.refresh_from_db()
    assert job.state == ConnectionJob.State.DONE and (job.user_id, job.user_secret) == ("", "")
    assert NetvisorConnection.objects.get(company=company).customer_key == canary
    assert canary not in every_stored_text()


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


def test_keys_from_a_connection_identifier_appear_nowhere_in_clear(sandbox, company, member_factory, login, caplog):
    """The Connection identifier path: the key Netvisor hands over is as secret as a typed one."""
    caplog.set_level(logging.DEBUG)
    company.business_id = sandbox.organisation_id  # its own Netvisor company: stored without confirmation
    company.save(update_fields=["business_id"])
    client = login(member_factory(company, Role.ADMIN))
    identifier = new_connection_identifier(sandbox)
    bodies = [
        client.post(
            reverse("companies:netvisor_connect"), {"connection_identifier": identifier, "version": 0}, follow=True
        ),
        client.get(reverse("companies:reimbursement_accounting")),
        client.get(reverse("companies:netvisor_disconnect")),
    ]
    key = NetvisorConnection.objects.get(company=company).customer_key
    assert len(key) >= 20  # a real, random secret to look for
    for response in bodies:
        assert key not in response.content.decode()
    assert key not in caplog.text
    assert key not in every_stored_text()


def test_a_removed_key_fails_loudly_where_credentials_are_used_not_on_every_page(
    sandbox, company, member_factory, login, settings
):
    sandbox.connect(company)
    employee, admin = member_factory(company, Role.EMPLOYEE), member_factory(company, Role.ADMIN)
    settings.FIELD_ENCRYPTION_KEYS = ["bmV3LWtleS1mb3Itcm90YXRpb24tdGVzdC0wMTIzNDU="]  # not the one used
    assert login(employee).get(reverse("dashboard")).status_code == 200  # expenses go on being recorded
    with pytest.raises(UndecryptableValue):
        login(admin).get(reverse("companies:reimbursement_accounting"))


def crash_while_encrypting(monkeypatch) -> None:
    """A crash deep below the view, in a frame whose local ``plain`` is the secret being encrypted."""
    from companies import encryption

    monkeypatch.setattr(encryption, "fernet", lambda: 1 / 0)


@pytest.mark.parametrize(
    ("url_name", "field", "form"),
    [
        ("companies:netvisor_credentials", "user_secret", {"user_id": "someone", "voucher_type": "Muut"}),
        ("companies:netvisor_connect", "connection_identifier", {}),
    ],
)
def test_an_error_report_of_a_crashing_request_hides_the_secret(
    sandbox, company, member_factory, login, monkeypatch, url_name, field, form
):
    """A crash while the secret is in hand: the 500 report (e-mailed to ADMINS) must not carry it."""
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    canary = f"CANARY{uuid.uuid4().hex}"
    connection = sandbox.connect(company)
    client = login(member_factory(company, Role.ADMIN))
    client.raise_request_exception = False
    crash_while_encrypting(monkeypatch)
    reports = []

    def report(sender, request, **kwargs):
        reports.append(ExceptionReporter(request, *sys.exc_info(), is_email=True).get_traceback_text())

    got_request_exception.connect(report)
    try:
        data = {**form, field: canary, "version": connection.version}
        assert client.post(reverse(url_name), data).status_code == 500
    finally:
        got_request_exception.disconnect(report)
    assert reports and "ZeroDivisionError" in reports[0]
    assert canary not in reports[0]


@pytest.mark.parametrize(
    ("url_name", "field", "form"),
    [
        ("companies:netvisor_credentials", "user_secret", {"user_id": "someone", "voucher_type": "Muut"}),
        ("companies:netvisor_connect", "connection_identifier", {}),
    ],
)
def test_the_debug_500_page_hides_the_secret_even_with_debug_on(
    sandbox, company, member_factory, login, monkeypatch, settings, url_name, field, form
):
    """``make run`` has DEBUG on: Django's technical 500 page, with the secret in POST and in a frame's locals."""
    settings.DEBUG = True
    canary = f"CANARY{uuid.uuid4().hex}"
    connection = sandbox.connect(company)
    client = login(member_factory(company, Role.ADMIN))
    client.raise_request_exception = False
    crash_while_encrypting(monkeypatch)
    response = client.post(reverse(url_name), {**form, field: canary, "version": connection.version})
    page = response.content.decode()
    assert response.status_code == 500
    assert "ZeroDivisionError" in page and "Local vars" in page  # really the technical page, with frames
    assert field in page  # the POST section lists the field, its value starred
    assert canary not in page


def test_the_debug_500_page_of_a_store_activation_hides_the_identifier(sandbox, settings, monkeypatch):
    """The Store's document carries a connection identifier; a crash while it is in hand must not show it."""
    import hashlib
    import hmac
    import time

    from django.test import Client

    settings.DEBUG = True
    canary = f"CANARY{uuid.uuid4().hex}"
    monkeypatch.setattr(gateway, "exchange_connection_identifier", lambda *args, **kwargs: 1 / 0)
    document = {
        "activation_id": uuid.uuid4().hex,
        "organisation_identifier": "7654321-0",
        "company_name": "Kauppa Oy",
        "admin_email": "owner@kauppa.example",
        "connection_identifier": canary,
    }
    raw = json.dumps(document).encode()
    timestamp = str(int(time.time()))
    signature = hmac.new(b"test-store-secret", timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    client = Client(raise_request_exception=False)
    response = client.post(
        "/netvisor/store/activate/", raw, content_type="application/json",
        HTTP_X_NETVISOR_STORE_TIMESTAMP=timestamp, HTTP_X_NETVISOR_STORE_SIGNATURE=signature,
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 500
    assert "ZeroDivisionError" in page and "Local vars" in page
    assert canary not in page


def raw_secrets() -> list[tuple]:
    with db.cursor() as cursor:
        cursor.execute("SELECT id, customer_id, customer_key, organisation_id FROM companies_netvisorconnection")
        return sorted(cursor.fetchall())


def test_rotation_covers_every_row_and_a_failure_changes_nothing(sandbox, settings):
    from cryptography.fernet import Fernet

    from tests.factories import CompanyFactory

    old_key, new_key = settings.FIELD_ENCRYPTION_KEYS[0], "bmV3LWtleS1mb3Itcm90YXRpb24tdGVzdC0wMTIzNDU="
    for _ in range(3):
        sandbox.connect(CompanyFactory())
    before = raw_secrets()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", verbosity=0)
    after = raw_secrets()
    only_new = Fernet(new_key)
    for old_row, new_row in zip(before, after, strict=True):
        for old_token, new_token in zip(old_row[1:], new_row[1:], strict=True):
            assert new_token != old_token
            only_new.decrypt(new_token.encode())  # readable under the new key alone

    # One row under a key that is no longer configured: the command stops and rolls back.
    with db.cursor() as cursor:
        cursor.execute(
            "UPDATE companies_netvisorconnection SET customer_key = %s WHERE id = %s",
            [Fernet(old_key).encrypt(b"x").decode(), after[-1][0]],
        )
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    planted = raw_secrets()
    with pytest.raises(CommandError, match="customer_key"):
        call_command("rotate_encryption_keys", verbosity=0)
    assert raw_secrets() == planted


def test_api_token_keys_appear_in_no_column_log_or_later_page(company, member_factory, login, caplog):
    """The other secret a person holds: an API token's key is shown once and stored only as a hash."""
    from rest_framework.test import APIClient

    from tests.factories import PASSWORD

    caplog.set_level(logging.DEBUG)
    user = member_factory(company)
    client = login(user)
    shown = client.post(reverse("accounts:issue_api_token"), {"label": "Canary script"}).content.decode()
    from_profile = shown.split('id="api-token-key">')[1].split("<")[0]
    from_endpoint = APIClient().post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}).json()
    keys = [from_profile, from_endpoint["token"]]
    bodies = []
    for key in keys:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        bodies.append(api.get("/api/v1/expenses/"))
    bodies.append(client.get(reverse("expenses:profile")))

    assert all(len(key) >= 40 for key in keys)
    for key in keys:
        for response in bodies:
            assert key not in response.content.decode()
        assert key not in caplog.text
        assert key not in every_stored_text()
