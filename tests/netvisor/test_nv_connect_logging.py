"""Connection-identifier exchange, logging hygiene and per-company serialisation."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from itertools import count

import pytest
import responses
from nv_support import (
    BASE,
    CONFIG,
    CUSTOMER,
    FIXED_NOW,
    PARTNER,
    SECRETS,
    VOUCHER,
    expected_mac,
    failed_body,
    inserted,
    make_client,
    ok_body,
)

from netvisor import errors
from netvisor.client import exchange_connection_identifier
from netvisor.response import RawResponse


@responses.activate
def test_exchange_connection_identifier() -> None:
    grant_xml = """<Connection><CustomerId>NEW-CID_1</CustomerId><CustomerKey>new-secret-key-42</CustomerKey>
    <OrganisationIdentifier>1234567-8</OrganisationIdentifier>
    <CompanyName>Testi Oy</CompanyName></Connection>"""
    responses.add(responses.POST, f"{BASE}/connectionidentifier.nv", body=ok_body(grant_xml))
    grant = exchange_connection_identifier(CONFIG, PARTNER, "ONE-TIME-123", clock=lambda: FIXED_NOW)
    assert (grant.customer_id, grant.organisation_id, grant.company_name) == (
        "NEW-CID_1",
        "1234567-8",
        "Testi Oy",
    )
    assert "new-secret-key-42" not in repr(grant)
    assert grant.credentials().customer_key == "new-secret-key-42"
    request = responses.calls[0].request
    assert request.headers["X-Netvisor-Authentication-CustomerId"] == "ONE-TIME-123"
    assert request.headers["X-Netvisor-Organisation-ID"] == ""
    assert request.body == b"<root><connectionidentifier>ONE-TIME-123</connectionidentifier></root>"
    assert request.headers["X-Netvisor-Authentication-MAC"] == expected_mac(
        request.url, request.headers, "", PARTNER.partner_key
    )


@responses.activate
def test_rejected_connection_identifier() -> None:
    responses.add(
        responses.POST,
        f"{BASE}/connectionidentifier.nv",
        body=failed_body("AUTHENTICATION_FAILED :: Tunniste on jo käytetty"),
        status=401,
    )
    with pytest.raises(errors.ConnectionIdentifierRejected) as info:
        exchange_connection_identifier(CONFIG, PARTNER, "USED-ID")
    assert info.value.netvisor_text == "Tunniste on jo käytetty"
    assert info.value.retryable is False


@responses.activate
def test_logs_carry_no_secrets_or_mac(caplog: pytest.LogCaptureFixture) -> None:
    responses.add(responses.POST, f"{BASE}/accounting.nv", body=inserted(1))
    responses.add(
        responses.POST,
        f"{BASE}/accounting.nv",
        body=failed_body(f"AUTHENTICATION_FAILED :: bad key {CUSTOMER.customer_key} :: {'AB' * 32}"),
        status=401,
    )
    client = make_client()
    with caplog.at_level(logging.DEBUG):
        client.post_voucher(VOUCHER)
        with pytest.raises(errors.AuthenticationFailed) as info:
            client.post_voucher(VOUCHER)
    macs = [c.request.headers["X-Netvisor-Authentication-MAC"] for c in responses.calls]
    netvisor_records = [r for r in caplog.records if r.name == "netvisor"]
    assert len(netvisor_records) == 2
    assert netvisor_records[1].netvisor_outcome == "AuthenticationFailed:AUTHENTICATION_FAILED"  # type: ignore[attr-defined]
    everything = caplog.text + " ".join(str(vars(r)) for r in caplog.records)
    everything += str(info.value) + repr(info.value) + repr(client)
    for secret in (*SECRETS, *macs, "AB" * 32):
        assert secret not in everything


def test_transaction_ids_injectable() -> None:
    ids = (f"tx{n}" for n in count())
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{BASE}/vouchertypelist.nv", body=ok_body("<VoucherTypeList/>"))
        client = make_client(transaction_ids=lambda: next(ids))
        assert client.list_voucher_types() == []
        assert client.list_voucher_types() == []
        assert [c.request.headers["X-Netvisor-Authentication-TransactionId"] for c in mock.calls] == [
            "tx0",
            "tx1",
        ]


class SlowTransport:
    """A fake Transport that records overlap between calls."""

    def __init__(self) -> None:
        self.active = 0
        self.max_active = 0
        self.finished_at: list[float] = []
        self.guard = threading.Lock()

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse:
        with self.guard:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        time.sleep(0.05)
        with self.guard:
            self.active -= 1
            self.finished_at.append(time.monotonic())
        return RawResponse(200, {}, ok_body("<VoucherTypeList/>"), url)


def test_one_call_at_a_time_per_company_and_signed_when_its_turn_comes() -> None:
    transport = SlowTransport()
    signed_at: list[float] = []

    def clock() -> datetime:
        signed_at.append(time.monotonic())
        return FIXED_NOW

    client = make_client(transport=transport, clock=clock)
    threads = [threading.Thread(target=client.list_voucher_types) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert transport.max_active == 1
    signed_at.sort()
    # Every call after the first was signed only after the previous call had finished.
    assert all(signed_at[i + 1] >= transport.finished_at[i] for i in range(3))
