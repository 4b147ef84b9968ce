"""Netvisor Store activation (modelled): signed, fresh, once per activation id."""

import hashlib
import hmac
import json
import threading
import time
import uuid

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from accounts.models import Invitation
from companies.models import Company, NetvisorConnection, StoreActivation
from tests.companies.netvisor_helpers import new_connection_identifier
from tests.factories import UserFactory

URL = "/netvisor/store/activate/"

# The Store claims an activation by inserting a row and handles the unique violation of a second one, which
# needs real commits: the sandbox over HTTP.
pytestmark = pytest.mark.django_db(transaction=True)


def payload(sandbox, **overrides) -> dict:
    return {
        "activation_id": uuid.uuid4().hex,
        "organisation_identifier": sandbox.organisation_id,
        "company_name": "Kauppa Oy",
        "admin_email": "Owner@Kauppa.example",
        "admin_name": "Olli Omistaja",
        "language": "FI",
        "connection_identifier": new_connection_identifier(sandbox),
        **overrides,
    }


def post(document: dict, *, secret: str = "test-store-secret", at: float | None = None, body: bytes | None = None):
    raw = body if body is not None else json.dumps(document).encode()
    timestamp = str(int(at if at is not None else time.time()))
    signature = hmac.new(secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return Client().post(
        URL, raw, content_type="application/json",
        HTTP_X_NETVISOR_STORE_TIMESTAMP=timestamp, HTTP_X_NETVISOR_STORE_SIGNATURE=signature,
    )  # fmt: skip


def test_activation_creates_a_connected_company_and_invites_its_admin(sandbox):
    response = post(payload(sandbox))
    assert response.status_code == 201, response.content
    company = Company.objects.get(name="Kauppa Oy")
    connection = NetvisorConnection.objects.get(company=company)
    assert connection.is_connected and connection.voucher_type == "Muut"
    invitation = Invitation.objects.get(company=company)
    assert (invitation.email, invitation.role) == ("owner@kauppa.example", "admin")
    assert [m.to for m in mail.outbox] == [["owner@kauppa.example"]]


def test_the_same_activation_twice_is_answered_the_same_and_creates_nothing_new(sandbox):
    document = payload(sandbox)
    first = post(document)
    second = post(document)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert Company.objects.filter(name="Kauppa Oy").count() == 1
    assert StoreActivation.objects.count() == 1


@pytest.mark.parametrize(
    ("mutate", "status"),
    [
        (lambda doc: {"secret": "wrong"}, 401),
        (lambda doc: {"at": time.time() - 301}, 401),
        (lambda doc: {"at": time.time() + 301}, 401),
        (lambda doc: {"body": b"not json"}, 400),
    ],
)
def test_unsigned_stale_or_malformed_activations_are_refused(sandbox, mutate, status):
    document = payload(sandbox)
    response = post(document, **mutate(document))
    assert response.status_code == status
    assert not Company.objects.filter(name="Kauppa Oy").exists()


def test_tampered_body_is_refused(sandbox):
    document = payload(sandbox)
    raw = json.dumps(document).encode()
    timestamp = str(int(time.time()))
    signature = hmac.new(b"test-store-secret", timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    tampered = raw.replace(b"Kauppa Oy", b"Kaappaus Oy")
    response = Client().post(
        URL, tampered, content_type="application/json",
        HTTP_X_NETVISOR_STORE_TIMESTAMP=timestamp, HTTP_X_NETVISOR_STORE_SIGNATURE=signature,
    )  # fmt: skip
    assert response.status_code == 401


def test_an_admin_who_already_has_an_account_is_told_to_connect_with_an_identifier(sandbox):
    UserFactory(email="owner@kauppa.example")
    response = post(payload(sandbox))
    assert response.status_code == 409
    assert "Connection identifier" in response.json()["message"]
    assert not Company.objects.filter(name="Kauppa Oy").exists()


def test_a_rejected_identifier_creates_no_company(sandbox):
    response = post(payload(sandbox, connection_identifier="unknown"))
    assert response.status_code == 400
    assert not Company.objects.filter(name="Kauppa Oy").exists()


def test_store_activation_refused_when_not_configured(sandbox, settings):
    settings.NETVISOR_STORE_SECRET = ""
    assert post(payload(sandbox), secret="").status_code == 503


def test_a_second_activation_of_the_same_netvisor_company_creates_no_second_account(sandbox):
    assert post(payload(sandbox)).status_code == 201
    again = post(payload(sandbox, admin_email="someone.else@kauppa.example"))
    assert again.status_code == 409
    assert again.json()["status"] == "organisation_connected"
    assert Company.objects.filter(name="Kauppa Oy").count() == 1
    assert not Invitation.objects.filter(email="someone.else@kauppa.example").exists()


def test_an_unexpected_failure_releases_the_activation_for_the_stores_retry(sandbox, monkeypatch):
    from companies.integration import store

    document = payload(sandbox)
    real = store._create_account
    monkeypatch.setattr(store, "_create_account", lambda *a: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        post(document)
    assert not StoreActivation.objects.filter(activation_id=document["activation_id"]).exists()
    monkeypatch.setattr(store, "_create_account", real)
    retry = post({**document, "connection_identifier": new_connection_identifier(sandbox)})
    assert retry.status_code == 201


def test_a_claim_left_by_a_crashed_process_is_taken_over_after_a_while(sandbox):
    from datetime import timedelta

    from django.utils import timezone

    document = payload(sandbox)
    claim = StoreActivation.objects.create(
        activation_id=document["activation_id"],
        admin_email="x@example.com",
        outcome="processing",
        claimed_until=timezone.now() + timedelta(seconds=60),
        claim_token="crashed",
    )
    assert post(document).status_code == 409  # fresh: someone is working on it
    # Its process died: nobody renews the lease, which runs out.
    StoreActivation.objects.filter(pk=claim.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert post(document).status_code == 201


def test_a_malformed_identifier_is_refused_cleanly(sandbox):
    response = post(payload(sandbox, connection_identifier="tunniste-ääkkösin"))
    assert response.status_code == 400
    assert not Company.objects.filter(name="Kauppa Oy").exists()


def test_partner_credentials_missing_is_a_retry_not_a_stuck_activation(sandbox, settings):
    settings.NETVISOR_PARTNER_KEY = ""
    document = payload(sandbox)
    assert post(document).status_code == 503
    assert not StoreActivation.objects.filter(activation_id=document["activation_id"]).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"activation_id": "a" * 101},
        {"organisation_identifier": "1" * 21},
        {"admin_email": "not-an-e-mail"},
        {"admin_email": ("x" * 250) + "@kauppa.example"},
    ],
)
def test_fields_that_would_not_fit_are_refused_with_400(sandbox, overrides):
    response = post(payload(sandbox, **overrides))
    assert response.status_code == 400
    assert response.json()["status"] == "refused"
    assert not StoreActivation.objects.exists()


def test_a_non_ascii_signature_is_a_bad_signature_not_a_crash(sandbox):
    raw = json.dumps(payload(sandbox)).encode()
    response = Client().post(
        URL, raw, content_type="application/json",
        HTTP_X_NETVISOR_STORE_TIMESTAMP=str(int(time.time())), HTTP_X_NETVISOR_STORE_SIGNATURE="ä" * 64,
    )  # fmt: skip
    assert response.status_code == 401


def test_maintenance_after_the_exchange_still_creates_the_account_to_check_later(sandbox):
    from tests.companies.netvisor_helpers import set_fault

    set_fault(sandbox, "maintenance")  # the exchange works, the test call meets the break
    assert post(payload(sandbox)).status_code == 201
    connection = NetvisorConnection.objects.get(company__name="Kauppa Oy")
    assert connection.is_connected and connection.rights == {}  # each right: "checked at first use"


def test_an_identifier_of_another_organisation_is_refused(sandbox):
    response = post(payload(sandbox, organisation_identifier="7654321-0"))
    assert response.status_code == 400
    assert not Company.objects.filter(name="Kauppa Oy").exists()


def test_a_lost_answer_from_the_exchange_lets_the_store_retry(sandbox, monkeypatch):
    from companies.integration import gateway
    from netvisor import OutcomeUnknown

    document = payload(sandbox)
    real = gateway.exchange_connection_identifier

    def lost(*args, **kwargs):
        raise OutcomeUnknown("read timed out", retryable=False)

    monkeypatch.setattr(gateway, "exchange_connection_identifier", lost)
    assert post(document).status_code == 503
    monkeypatch.setattr(gateway, "exchange_connection_identifier", real)
    assert post(document).status_code == 201  # the identifier was not used up after all


def test_two_activations_of_one_organisation_at_once_make_one_company(sandbox):
    """The Store may send a reinstall while the first activation is still being processed."""
    documents = [payload(sandbox, activation_id=uuid.uuid4().hex) for _ in range(2)]
    start = threading.Barrier(2)
    statuses: list[int] = []

    def activate(document: dict) -> None:
        try:
            start.wait(timeout=10)
            statuses.append(post(document).status_code)
        finally:
            connections.close_all()  # this thread's own database connection

    threads = [threading.Thread(target=activate, args=(document,)) for document in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201, 409]
    assert Company.objects.filter(name="Kauppa Oy").count() == 1


def test_the_identifier_exchange_has_its_attempt_row_with_the_transaction_id_it_carried(sandbox):
    from jobs.models import Attempt

    document = payload(sandbox)
    assert post(document).status_code == 201

    attempt = Attempt.objects.get(job_kind="store_activation")
    assert (attempt.resource, attempt.outcome) == ("connectionidentifier.nv", "ok")
    assert len(attempt.transaction_id) == 32 and attempt.finished_at is not None
