"""connectionidentifier.nv (spec 13.7): one-time identifier exchanged for fresh API keys."""

from datetime import timedelta

import pytest
from django.utils import timezone
from nvsandbox_client import Caller, assert_ok, error_code, error_text, statuses


@pytest.fixture
def connection(demo_org):
    from netvisor_sandbox.models import SandboxConnectionIdentifier

    return SandboxConnectionIdentifier.objects.create(organisation=demo_org)


def _exchange(nv, identifier, body_identifier=None, **options):
    body = f"<root><connectionidentifier>{body_identifier or identifier}</connectionidentifier></root>"
    # The identifier goes in the CustomerId header, CustomerKey is empty and so is the Organisation-ID.
    return nv.post(
        "/connectionidentifier.nv", body, customer_id=identifier, customer_key="", organisation_id="", **options
    )


def test_exchange_returns_fresh_working_credentials(nv, sandbox, connection):
    root = assert_ok(_exchange(nv, connection.identifier))
    answer = root.find("Connection")
    assert answer.findtext("OrganisationIdentifier") == "1234567-8"
    assert answer.findtext("CompanyName") == "Demo Oy"
    assert answer.findtext("CustomerId") not in ("", sandbox["customer_id"])
    fresh = Caller(
        {**sandbox, "customer_id": answer.findtext("CustomerId"), "customer_key": answer.findtext("CustomerKey")}
    )
    assert_ok(fresh.get("/vouchertypelist.nv"))


def test_hmac_key_is_ampersand_partner_key(nv, sandbox, connection):
    # Signing with a non-empty CustomerKey cannot work: the key is "&" + PartnerKey.
    body = f"<root><connectionidentifier>{connection.identifier}</connectionidentifier></root>"
    response = nv.post(
        "/connectionidentifier.nv",
        body,
        customer_id=connection.identifier,
        customer_key=sandbox["customer_key"],
        organisation_id="",
    )
    assert error_code(response) == "AUTHENTICATION_FAILED"


def test_identifier_is_single_use(nv, connection):
    assert_ok(_exchange(nv, connection.identifier))
    response = _exchange(nv, connection.identifier, language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "already been used" in error_text(response)


def test_expired_identifier(nv, connection):
    connection.expires_at = timezone.now() - timedelta(seconds=1)
    connection.save()
    response = _exchange(nv, connection.identifier, language="EN")
    assert statuses(response)[1] == "AUTHENTICATION_FAILED :: Connection identifier has expired"


def test_identifier_expires_after_24_hours(connection):
    lifetime = connection.expires_at - connection.created_at
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)


def test_revoked_identifier(nv, connection):
    connection.revoked_at = timezone.now()
    connection.save()
    response = _exchange(nv, connection.identifier, language="EN")
    assert "revoked" in error_text(response)


def test_unknown_identifier(nv):
    response = _exchange(nv, "NOPE-NOPE", language="EN")
    assert statuses(response)[1] == "AUTHENTICATION_FAILED :: Connection identifier not found"


def test_unknown_identifier_in_finnish(nv):
    assert error_text(_exchange(nv, "NOPE-NOPE")) == "Yhdistämistunnistetta ei löydy"


def test_body_must_match_the_header(nv, connection):
    assert error_code(_exchange(nv, connection.identifier, body_identifier="OTHER")) == "AUTHENTICATION_FAILED"
    # A refused attempt does not use the identifier up.
    assert_ok(_exchange(nv, connection.identifier))


def test_organisation_header_must_be_sent_even_if_empty(nv, connection):
    response = _exchange(nv, connection.identifier, drop_headers=("X-Netvisor-Organisation-ID",))
    assert error_code(response) == "AUTHENTICATION_FAILED"


def test_connection_identifier_cannot_call_other_resources(nv, connection):
    response = nv.get("/vouchertypelist.nv", customer_id=connection.identifier, customer_key="")
    assert error_code(response) == "AUTHENTICATION_FAILED"
