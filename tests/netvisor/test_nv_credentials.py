"""Credentials never leak through repr/str; configuration is validated."""

from __future__ import annotations

import pytest

from netvisor.caller import Identity
from netvisor.credentials import ClientConfig, CustomerCredentials, PartnerCredentials
from netvisor.models import ConnectionGrant

PARTNER_KEY = "pk-very-secret-0001"
CUSTOMER_KEY = "ck-very-secret-0002"


def test_partner_repr_masks_key() -> None:
    partner = PartnerCredentials("PID", PARTNER_KEY)
    for rendering in (repr(partner), str(partner), f"{partner}", f"{partner!r}", repr([partner])):
        assert PARTNER_KEY not in rendering
    assert "PID" in repr(partner)
    assert "***" in repr(partner)


def test_customer_repr_masks_key() -> None:
    customer = CustomerCredentials("CID", CUSTOMER_KEY, "1967543-8")
    for rendering in (repr(customer), str(customer), repr({"c": customer})):
        assert CUSTOMER_KEY not in rendering
    assert "1967543-8" in repr(customer)


def test_connection_grant_and_identity_mask_keys() -> None:
    grant = ConnectionGrant("CID", CUSTOMER_KEY, "1967543-8", "Oy Testi Ab")
    identity = Identity("CID", CUSTOMER_KEY, "1967543-8")
    assert CUSTOMER_KEY not in repr(grant)
    assert CUSTOMER_KEY not in repr(identity)
    assert grant.credentials() == CustomerCredentials("CID", CUSTOMER_KEY, "1967543-8")


def test_credentials_are_frozen() -> None:
    partner = PartnerCredentials("PID", PARTNER_KEY)
    with pytest.raises(AttributeError):
        partner.partner_key = "other"  # type: ignore[misc]


@pytest.mark.parametrize("key", ["", "   "])
def test_empty_keys_rejected_without_echo(key: str) -> None:
    with pytest.raises(ValueError, match="partner_key"):
        PartnerCredentials("PID", key)


def test_organisation_id_must_be_ascii() -> None:
    with pytest.raises(ValueError, match="organisation_id"):
        CustomerCredentials("CID", CUSTOMER_KEY, "1967543–8")  # en dash


def test_config_defaults() -> None:
    config = ClientConfig(base_url="https://isvapi.netvisor.fi/", sender="Bezala")
    assert config.base_url == "https://isvapi.netvisor.fi"
    assert config.language == "FI"
    assert config.algorithm == "HMACSHA256"
    assert config.read_timeout >= 120
    assert config.connect_timeout == 10
    assert config.max_response_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sender": "Bezala Ää"}, "sender"),
        ({"language": "DE"}, "language"),
        ({"algorithm": "SHA1"}, "algorithm"),
        ({"read_timeout": 30}, "read_timeout"),
        ({"connect_timeout": 0}, "connect_timeout"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"base_url": "ftp://x"}, "base_url"),
    ],
)
def test_config_validation(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"base_url": "https://isvapi.netvisor.fi", "sender": "Bezala", **kwargs}
    with pytest.raises(ValueError, match=message):
        ClientConfig(**arguments)  # type: ignore[arg-type]


def test_short_read_timeout_needs_explicit_opt_in() -> None:
    config = ClientConfig(
        base_url="http://127.0.0.1:8000", sender="Bezala", read_timeout=0.5, allow_short_read_timeout=True
    )
    assert config.read_timeout == 0.5
