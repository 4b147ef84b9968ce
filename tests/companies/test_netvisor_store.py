"""Netvisor Store activation (modelled): signed, fresh, once per activation id."""

import hashlib
import hmac
import json
import time
import uuid

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Invitation
from companies.models import Company, NetvisorConnection, StoreActivation
from tests.companies.netvisor_helpers import new_connection_identifier
from tests.factories import UserFactory

URL = "/netvisor/store/activate/"


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
