"""MAC test vectors, timestamp format, ASCII policy and the header set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netvisor.errors import InvalidSignedField
from netvisor.signing import (
    build_headers,
    compute_mac,
    format_timestamp,
    format_timestamp_unix,
    mac_message,
    macs_equal,
    new_transaction_id,
    sign,
)

# Shared inputs of the published vectors (identifiers from long-standing open-source client tests).
VECTOR = {
    "sender": "Testiclient",
    "customer_id": "Integraatiokayttajan tunnus",
    "timestamp": "2009-01-12 15:49:12.221",
    "language": "FI",
    "organisation_id": "1967543-8",
    "transaction_id": "123456",
    "timestamp_unix": "1231775352",
    "customer_key": "7cd680e89e880553358bc07cd28b0ee2",
    "partner_key": "07f94228d149a96b2f25e3edad55096e",
}
LEGACY_URL = "http://integrationdemo.netvisor.fi/accounting.nv"
ISV_URL = "https://isvapi.netvisor.fi/accounting.nv"
DIM_URL = "https://isvapi.netvisor.fi/dimensionlist.nv?showhidden=1"


def _sign(url: str, algorithm: str, **overrides: str) -> str:
    v = {**VECTOR, **overrides}
    return sign(
        url, v["sender"], v["customer_id"], v["timestamp"], v["language"], v["organisation_id"],
        v["transaction_id"], v["timestamp_unix"], v["customer_key"], v["partner_key"], algorithm,
    )  # fmt: skip


def test_md5_legacy_vector() -> None:
    assert _sign(LEGACY_URL, "MD5") == "6b2783906969630c1b6649bf5b0e6620"


def test_sha256_legacy_vector() -> None:
    expected = "cd39e4566936ffd41e67cc8a819bf314a5f1016ca0159854d0f2dd447a86db8e"
    assert _sign(LEGACY_URL, "SHA256") == expected


def test_legacy_algorithms_ignore_timestamp_unix() -> None:
    assert _sign(LEGACY_URL, "SHA256", timestamp_unix="999") == _sign(LEGACY_URL, "SHA256")


def test_hmacsha256_vector() -> None:
    expected = "315723c9a21a871bb6b053f074205feb9ee84d51dc754c171fb3a36e8438243d"
    assert _sign(ISV_URL, "HMACSHA256") == expected


def test_hmacsha256_covers_timestamp_unix() -> None:
    assert _sign(ISV_URL, "HMACSHA256", timestamp_unix="1231775353") != _sign(ISV_URL, "HMACSHA256")


def _umlaut_mac(encoding: str) -> str:
    message = mac_message(url=DIM_URL, algorithm="HMACSHA256", **{**VECTOR, "sender": "Bezala testi Ää"})
    return compute_mac(
        message,
        customer_key=VECTOR["customer_key"],
        partner_key=VECTOR["partner_key"],
        algorithm="HMACSHA256",
        encoding=encoding,
    )


def test_umlaut_vector_iso_8859_15() -> None:
    expected = "3fe7bbdb20b2607d3415a47eabec079e71883ed378b9dd6f38a672fee161ab0d"
    assert _umlaut_mac("iso-8859-15") == expected


def test_umlaut_vector_utf8_is_what_we_must_not_produce() -> None:
    utf8 = "780747aacc2e756aaae29d86608782146816ee26e2f1fdc693d8f1d19862f665"
    assert _umlaut_mac("utf-8") == utf8
    assert _umlaut_mac("iso-8859-15") != utf8


def test_default_encoding_is_iso_8859_15() -> None:
    message = mac_message(url=DIM_URL, algorithm="HMACSHA256", **{**VECTOR, "sender": "Bezala testi Ää"})
    mac = compute_mac(
        message,
        customer_key=VECTOR["customer_key"],
        partner_key=VECTOR["partner_key"],
        algorithm="HMACSHA256",
    )
    assert mac == _umlaut_mac("iso-8859-15")


@pytest.mark.parametrize("field", ["sender", "organisation_id", "customer_id"])
def test_sign_refuses_non_ascii_header_fields(field: str) -> None:
    with pytest.raises(InvalidSignedField, match=field) as info:
        _sign(ISV_URL, "HMACSHA256", **{field: "Bezala testi Ää"})
    assert isinstance(info.value, ValueError)


def test_unencodable_key_error_does_not_contain_the_key() -> None:
    key = "secret€key✓"
    with pytest.raises(InvalidSignedField) as info:
        _sign(ISV_URL, "HMACSHA256", customer_key=key)
    assert key not in str(info.value)
    assert info.value.__suppress_context__


def test_unknown_algorithm_rejected() -> None:
    with pytest.raises(ValueError, match="algorithm"):
        _sign(ISV_URL, "SHA1")


def test_mac_is_lower_case_hex_and_comparison_ignores_case() -> None:
    mac = _sign(ISV_URL, "HMACSHA256")
    assert mac == mac.lower()
    assert macs_equal(mac, mac.upper())
    assert not macs_equal(mac, "0" * 64)


def test_format_timestamp_is_utc_with_milliseconds() -> None:
    helsinki = timezone(timedelta(hours=3))
    moment = datetime(2009, 1, 12, 18, 49, 12, 221999, tzinfo=helsinki)
    assert format_timestamp(moment) == "2009-01-12 15:49:12.221"
    assert format_timestamp_unix(moment) == "1231775352"


def test_naive_datetime_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        format_timestamp(datetime(2024, 1, 1))


def test_transaction_ids_are_fresh_hex() -> None:
    ids = {new_transaction_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def _headers(method: str = "GET", **overrides: object) -> dict[str, str]:
    arguments: dict[str, object] = {
        "url": ISV_URL,
        "method": method,
        "sender": "Bezala",
        "partner_id": "PARTNER",
        "customer_id": "CUSTOMER",
        "customer_key": VECTOR["customer_key"],
        "partner_key": VECTOR["partner_key"],
        "organisation_id": "1967543-8",
        "language": "FI",
        "algorithm": "HMACSHA256",
        "now": datetime(2009, 1, 12, 15, 49, 12, 221000, tzinfo=UTC),
        "transaction_id": "123456",
    }
    arguments.update(overrides)
    return build_headers(**arguments)  # type: ignore[arg-type]


def test_headers_complete() -> None:
    headers = _headers()
    prefix = "X-Netvisor-Authentication-"
    assert headers == {
        prefix + "Sender": "Bezala",
        prefix + "CustomerId": "CUSTOMER",
        prefix + "PartnerId": "PARTNER",
        prefix + "Timestamp": "2009-01-12 15:49:12.221",
        prefix + "TimestampUnix": "1231775352",
        prefix + "TransactionId": "123456",
        "X-Netvisor-Interface-Language": "FI",
        "X-Netvisor-Organisation-ID": "1967543-8",
        prefix + "MAC": headers[prefix + "MAC"],
        prefix + "MACHashCalculationAlgorithm": "HMACSHA256",
        prefix + "UseHTTPResponseStatusCodes": "1",
    }
    expected = _sign(ISV_URL, "HMACSHA256", sender="Bezala", customer_id="CUSTOMER", transaction_id="123456")
    assert headers[prefix + "MAC"] == expected


def test_post_headers_add_content_type() -> None:
    assert _headers("POST")["Content-Type"] == "text/xml; charset=utf-8"
    assert "Content-Type" not in _headers("GET")


def test_headers_never_contain_keys() -> None:
    values = " ".join(_headers("POST").values())
    assert VECTOR["customer_key"] not in values
    assert VECTOR["partner_key"] not in values


def test_connection_identifier_signing_uses_ampersand_partner_key() -> None:
    import hashlib
    import hmac

    headers = _headers("POST", customer_id="ONE-TIME-ID", customer_key="", organisation_id="")
    message = "&".join(
        [ISV_URL, "Bezala", "ONE-TIME-ID", "2009-01-12 15:49:12.221", "FI", "", "123456", "1231775352", "",
         VECTOR["partner_key"]]
    )  # fmt: skip
    key = ("&" + VECTOR["partner_key"]).encode()
    assert headers["X-Netvisor-Authentication-MAC"] == hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
    assert headers["X-Netvisor-Organisation-ID"] == ""


ascii_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


@given(sender=ascii_text, customer_id=ascii_text, key=ascii_text)
def test_sign_equals_compute_mac_for_ascii(sender: str, customer_id: str, key: str) -> None:
    fields = {**VECTOR, "sender": sender, "customer_id": customer_id, "customer_key": key}
    message = mac_message(url=ISV_URL, algorithm="HMACSHA256", **fields)
    assert _sign(ISV_URL, "HMACSHA256", sender=sender, customer_id=customer_id, customer_key=key) == compute_mac(
        message, customer_key=key, partner_key=VECTOR["partner_key"], algorithm="HMACSHA256", encoding="utf-8"
    )
