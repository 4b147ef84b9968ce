"""Envelope handling: every error category, HTTP codes, non-XML bodies."""

from __future__ import annotations

import pytest
from nv_support import failed_body, inserted, ok_body

from netvisor import errors
from netvisor.response import CallInfo, RawResponse, inserted_identifier, parse_envelope

GET_INFO = CallInfo("GET", "accountingledger.nv", "tx-1", ("customer-key-xyz", "partner-key-abc"))
POST_INFO = CallInfo("POST", "accounting.nv", "tx-2", ("customer-key-xyz", "partner-key-abc"))


def raw(body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8") -> RawResponse:
    return RawResponse(status, {"content-type": content_type}, body)


@pytest.mark.parametrize(
    ("code", "error_class", "retryable", "http_status"),
    [
        ("AUTHENTICATION_FAILED", errors.AuthenticationFailed, False, 401),
        ("INVALID_DATA", errors.InvalidData, False, 400),
        ("INVALID_DATA_SIZE", errors.InvalidData, False, 400),
        ("DUPLICATE_DATA", errors.DuplicateData, False, 409),
        ("REQUEST_NOT_UNIQUE", errors.RequestNotUnique, True, 409),
        ("PERIOD_LOCK", errors.PeriodLocked, False, 409),
        ("SERVICE_ACCESS_ERROR", errors.PermissionMissing, False, 403),
        ("SYSTEM_MAINTANANCE", errors.Maintenance, True, 503),
        ("SYSTEM_MAINTENANCE", errors.Maintenance, True, 503),
        ("TECHNICAL_ERROR", errors.TechnicalError, True, 500),
    ],
)
@pytest.mark.parametrize("use_http_codes", [True, False])
def test_every_error_category(
    code: str,
    error_class: type[errors.NetvisorError],
    retryable: bool,
    http_status: int,
    use_http_codes: bool,
) -> None:
    status = http_status if use_http_codes else 200
    with pytest.raises(error_class) as info:
        parse_envelope(raw(failed_body(f"{code} :: Jotain meni pieleen"), status), GET_INFO)
    error = info.value
    assert type(error) is error_class
    assert error.retryable is retryable
    assert error.code == code
    assert error.netvisor_text == "Jotain meni pieleen"
    assert error.http_status == status
    assert error.transaction_id == "tx-1"
    assert isinstance(error, errors.NetvisorError)


def test_request_not_unique_on_a_write_may_have_been_applied() -> None:
    with pytest.raises(errors.RequestNotUnique) as info:
        parse_envelope(raw(failed_body("REQUEST_NOT_UNIQUE :: seen"), 409), POST_INFO)
    assert info.value.retryable is False
    assert info.value.maybe_applied is True


def test_split_on_first_separator_only() -> None:
    detail = (
        "AUTHENTICATION_FAILED :: URI-metodi ei kelpaa. "
        "Käytä merkkijonoa: a&amp;b&amp;YOUR_PRIVATE_KEY_HERE :: " + "AB" * 32
    )
    with pytest.raises(errors.AuthenticationFailed) as info:
        parse_envelope(raw(failed_body(detail)), GET_INFO)
    assert info.value.netvisor_text is not None
    assert info.value.netvisor_text.startswith("URI-metodi ei kelpaa.")
    assert "a&b&YOUR_PRIVATE_KEY_HERE" in info.value.netvisor_text
    assert info.value.netvisor_text.endswith(" :: " + "AB" * 32)
    # The MAC echo stays for the UI but is masked in the message that reaches logs.
    assert "AB" * 32 not in str(info.value)


def test_unknown_code_gives_base_error() -> None:
    with pytest.raises(errors.NetvisorError) as info:
        parse_envelope(raw(failed_body("BRAND_NEW_CODE :: huh")), GET_INFO)
    assert type(info.value) is errors.NetvisorError
    assert info.value.code == "BRAND_NEW_CODE"
    assert info.value.retryable is False


def test_failed_without_detail() -> None:
    body = b"<Root><ResponseStatus><Status>FAILED</Status></ResponseStatus></Root>"
    with pytest.raises(errors.NetvisorError) as info:
        parse_envelope(raw(body), GET_INFO)
    assert info.value.code == "UNKNOWN"


def test_detail_without_separator_keeps_text() -> None:
    with pytest.raises(errors.InvalidData) as info:
        parse_envelope(raw(failed_body("INVALID_DATA")), GET_INFO)
    assert info.value.code == "INVALID_DATA"


def test_permission_missing_names_the_right() -> None:
    info_payment = CallInfo("GET", "unprocessedoutgoingpayments.nv", "tx")
    with pytest.raises(errors.PermissionMissing) as info:
        parse_envelope(raw(failed_body("SERVICE_ACCESS_ERROR :: unprocessedoutgoingpayments"), 403), info_payment)
    assert info.value.resource == "payment"
    assert info.value.path == "unprocessedoutgoingpayments.nv"
    assert "payment" in str(info.value)


def test_permission_missing_unknown_path_uses_server_text() -> None:
    other = CallInfo("GET", "customerlist.nv", "tx")
    with pytest.raises(errors.PermissionMissing) as info:
        parse_envelope(raw(failed_body("SERVICE_ACCESS_ERROR :: dimensionlist"), 403), other)
    assert info.value.resource == "dimensionlist"


def test_server_echoing_our_key_is_redacted() -> None:
    with pytest.raises(errors.AuthenticationFailed) as info:
        parse_envelope(raw(failed_body("AUTHENTICATION_FAILED :: key customer-key-xyz wrong")), GET_INFO)
    assert "customer-key-xyz" not in str(info.value)
    assert "customer-key-xyz" not in (info.value.netvisor_text or "")


def test_proxy_page_echoing_our_key_is_redacted_in_the_excerpt() -> None:
    page = b"<html><body>502 upstream said: bad key " + b"x" * 150 + b" customer-key-xyz</body></html>"
    with pytest.raises(errors.MalformedResponse) as info:
        parse_envelope(raw(page, 502), GET_INFO)
    assert "customer-key-xyz" not in info.value.excerpt and "***" in info.value.excerpt
    assert len(info.value.excerpt) <= 200


def test_ok_with_error_http_status_trusts_body() -> None:
    root = parse_envelope(raw(ok_body("<Vouchers/>"), 500), GET_INFO)
    assert root.tag == "Root"


@pytest.mark.parametrize("status", [502, 503, 504])
def test_html_proxy_page_on_get_is_retryable(status: int) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>" + b"x" * 500
    with pytest.raises(errors.MalformedResponse) as info:
        parse_envelope(raw(page, status), GET_INFO)
    error = info.value
    assert error.retryable is True
    assert error.maybe_applied is False
    assert "Bad Gateway" in error.excerpt
    assert len(error.excerpt) <= 200
    assert error.http_status == status


def test_html5_doctype_page_is_named_html_not_doctype_attack() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>"
    with pytest.raises(errors.MalformedResponse, match="HTML page") as info:
        parse_envelope(raw(page, 503), GET_INFO)
    assert info.value.retryable is True


def test_html_proxy_page_on_post_may_have_been_applied() -> None:
    with pytest.raises(errors.MalformedResponse) as info:
        parse_envelope(raw(b"<html><body>504 Gateway Timeout</body></html>", 504), POST_INFO)
    assert info.value.retryable is False
    assert info.value.maybe_applied is True


def test_404_non_xml_is_malformed_not_retryable() -> None:
    with pytest.raises(errors.MalformedResponse) as info:
        parse_envelope(raw(b"Not Found", 404, "text/plain"), POST_INFO)
    assert info.value.retryable is False
    assert info.value.maybe_applied is False


@pytest.mark.parametrize("status", [200, 500])
def test_empty_body(status: int) -> None:
    with pytest.raises(errors.MalformedResponse, match="empty") as info:
        parse_envelope(raw(b"", status), GET_INFO)
    assert info.value.retryable is (status >= 500)


def test_redirect_is_not_followed() -> None:
    response = RawResponse(302, {"location": "https://login.example/"}, b"")
    with pytest.raises(errors.MalformedResponse, match="redirect"):
        parse_envelope(response, GET_INFO)


@pytest.mark.parametrize(
    "body",
    [b"<Root><Vouchers/></Root>", b"<Other><ResponseStatus><Status>OK</Status></ResponseStatus></Other>"],
)
def test_xml_without_envelope(body: bytes) -> None:
    with pytest.raises(errors.MalformedResponse, match="ResponseStatus"):
        parse_envelope(raw(body), GET_INFO)


def test_inserted_identifier() -> None:
    response = raw(inserted(1802))
    assert inserted_identifier(parse_envelope(response, POST_INFO), response, POST_INFO) == 1802


def test_ok_without_identifier_on_post_maybe_applied() -> None:
    response = raw(ok_body())
    with pytest.raises(errors.MalformedResponse) as info:
        inserted_identifier(parse_envelope(response, POST_INFO), response, POST_INFO)
    assert info.value.maybe_applied is True
    assert info.value.retryable is False


def test_outcome_unknown_is_transport_error_but_not_retryable() -> None:
    error = errors.OutcomeUnknown("read timeout")
    assert isinstance(error, errors.TransportError)
    assert error.retryable is False
    assert error.maybe_applied is True
    assert errors.TransportError("refused").retryable is True
    assert errors.ConnectionIdentifierRejected("used").retryable is False
    assert isinstance(errors.ConnectionIdentifierRejected("used"), errors.AuthenticationFailed)
