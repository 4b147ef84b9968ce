"""Netvisor's response envelope, routing, and staying up on bad input."""

import re

import pytest
import requests
from nvsandbox_client import assert_ok, error_code, error_text, statuses

TIMESTAMP = re.compile(r"^([1-9]|[12]\d|3[01])\.([1-9]|1[0-2])\.\d{4} \d{2}:\d{2}:\d{2}$")


def test_success_envelope_format(nv):
    response = nv.get("/vouchertypelist.nv")
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Root>\r\n')
    assert "\n" not in body.replace("\r\n", "")
    assert "\r\n    <ResponseStatus>\r\n        <Status>OK</Status>\r\n        <TimeStamp>" in body
    assert TIMESTAMP.match(assert_ok(response).findtext("ResponseStatus/TimeStamp"))


def test_failure_envelope_has_two_status_elements(nv):
    response = nv.get("/vouchertypelist.nv", partner_id="nobody")
    body = response.content.decode("utf-8")
    assert "        <Status>FAILED</Status>\r\n        <Status>AUTHENTICATION_FAILED :: " in body
    assert TIMESTAMP.match(re.search(r"<TimeStamp>(.*?)</TimeStamp>", body).group(1))


def test_timestamp_is_helsinki_time_without_zero_padding():
    from datetime import UTC, datetime

    from netvisor_sandbox.envelope import netvisor_timestamp

    assert netvisor_timestamp(datetime(2023, 6, 5, 13, 12, 9, tzinfo=UTC)) == "5.6.2023 16:12:09"
    assert netvisor_timestamp(datetime(2009, 4, 7, 10, 46, 7, tzinfo=UTC)) == "7.4.2009 13:46:07"


@pytest.mark.parametrize("path", ["/VoucherTypeList.nv", "/VOUCHERTYPELIST.NV", "/vouchertypelist.nv"])
def test_routes_are_case_insensitive(nv, path):
    assert_ok(nv.get(path))


def test_unknown_resource_is_a_plain_404(nv):
    response = nv.get("/nosuchthing.nv")
    assert response.status_code == 404
    assert "<Root>" not in response.text


def test_wrong_method_is_invalid_data(nv):
    assert error_code(nv.get("/accounting.nv")) == "INVALID_DATA"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"<root><voucher>",
        b"<html><body><h1>Hello</h1></body></html>",
        b"\x00\x01\x02 binary",
        b"not xml at all & <<<",
        b'<?xml version="1.0"?><!DOCTYPE root [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><root><voucher>&c;</voucher></root>',
        b'<!DOCTYPE root [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><root><voucher>&xxe;</voucher></root>',
        b'<!DOCTYPE root SYSTEM "http://127.0.0.1:1/evil.dtd"><root/>',
        b"<root>&undefined;</root>",
        b"<Document><voucher/></Document>",
    ],
)
def test_bad_bodies_answer_invalid_data_and_the_server_stays_up(nv, body):
    response = nv.post("/accounting.nv", body, extra_headers={"Content-Type": "text/xml"})
    assert error_code(response) == "INVALID_DATA", response.text
    assert "root:x:0" not in response.text
    assert_ok(nv.get("/vouchertypelist.nv"))


def test_unknown_charset_is_invalid_data(nv):
    response = nv.post("/accounting.nv", b"<root/>", extra_headers={"Content-Type": "text/xml; charset=klingon"})
    assert error_code(response) == "INVALID_DATA"


def test_body_size_limit(nv, settings):
    settings.NETVISOR_SANDBOX_MAX_BODY_BYTES = 1000
    response = nv.post("/accounting.nv", "<root>" + "x" * 2000 + "</root>")
    assert error_code(response) == "INVALID_DATA_SIZE"


def test_garbage_request_without_any_headers(sandbox):
    response = requests.post(sandbox["base_url"] + "/accounting.nv", data=b"<<<", timeout=10)
    assert statuses(response)[0] == "FAILED"
    assert "X-Netvisor-Authentication-Sender" in error_text(response)
