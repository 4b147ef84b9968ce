"""End-to-end client calls with HTTP faked at the transport boundary (``responses``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import requests
import responses
from nv_support import (
    BASE,
    CONFIG,
    CUSTOMER,
    PARTNER,
    PAYMENT,
    SECRETS,
    VOUCHER,
    expected_mac,
    failed_body,
    inserted,
    make_client,
    ok_body,
    url_re,
)
from urllib3.exceptions import MaxRetryError, NewConnectionError

from netvisor import errors


@responses.activate
def test_post_voucher_returns_key_and_signs_the_sent_url() -> None:
    responses.add(responses.POST, f"{BASE}/accounting.nv", body=inserted(1802), content_type="text/html")
    assert make_client().post_voucher(VOUCHER) == 1802
    request = responses.calls[0].request
    assert request.url == f"{BASE}/accounting.nv"
    headers = request.headers
    assert headers["X-Netvisor-Authentication-MAC"] == expected_mac(request.url, headers, *SECRETS[::-1])
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    assert headers["X-Netvisor-Authentication-UseHTTPResponseStatusCodes"] == "1"
    assert headers["X-Netvisor-Authentication-PartnerId"] == PARTNER.partner_id
    assert headers["X-Netvisor-Authentication-CustomerId"] == CUSTOMER.customer_id
    assert headers["X-Netvisor-Organisation-ID"] == CUSTOMER.organisation_id
    assert headers["X-Netvisor-Authentication-Timestamp"] == "2024-10-31 12:30:45.123"
    assert headers["User-Agent"] == CONFIG.user_agent
    assert isinstance(request.body, bytes) and request.body.startswith(b"<root><voucher>")


@responses.activate
def test_fresh_transaction_id_per_call() -> None:
    responses.add(responses.POST, f"{BASE}/accounting.nv", body=failed_body("TECHNICAL_ERROR :: busy"))
    responses.add(responses.POST, f"{BASE}/accounting.nv", body=inserted(5))
    client = make_client()
    with pytest.raises(errors.TechnicalError) as info:
        client.post_voucher(VOUCHER)
    assert client.post_voucher(VOUCHER) == 5
    ids = [c.request.headers["X-Netvisor-Authentication-TransactionId"] for c in responses.calls]
    assert len(set(ids)) == 2
    assert all(len(i) == 32 for i in ids)
    assert info.value.transaction_id == ids[0]


@responses.activate
def test_get_ledger_by_keys_chunks_and_encodes() -> None:
    responses.add(responses.GET, url_re("accountingledger.nv"), body=ok_body("<Vouchers/>"))
    assert make_client().get_ledger(netvisor_keys=range(1, 502)) == []
    urls = [c.request.url for c in responses.calls]
    assert len(urls) == 2
    assert urls[0].startswith(f"{BASE}/accountingledger.nv?netvisorkeylist=1%2C2%2C3%2C")
    assert urls[1] == f"{BASE}/accountingledger.nv?netvisorkeylist=501"
    for call in responses.calls:
        headers = call.request.headers
        assert headers["X-Netvisor-Authentication-MAC"] == expected_mac(call.request.url, headers, *SECRETS[::-1])
        assert "Content-Type" not in headers


LEDGER = """
<Vouchers>
  <Voucher Status="valid">
    <NetvisorKey>15</NetvisorKey><VoucherDate>1.1.2000</VoucherDate><VoucherNumber>515144</VoucherNumber>
    <VoucherDescription>Report 1 [BZ-1]</VoucherDescription><VoucherClass>Muut</VoucherClass>
    <LinkedSourceNetvisorKey type="">0</LinkedSourceNetvisorKey>
    <VoucherNetvisorURI>https://x/y</VoucherNetvisorURI>
    <VoucherLine><NetvisorKey>6</NetvisorKey><LineSum>-17,18</LineSum><Description>Taxi</Description>
      <AccountNumber>1701</AccountNumber><VatPercent>25,5</VatPercent><VatCode>KOOS</VatCode>
      <Dimension><DimensionName>Kustannuspaikka</DimensionName><DimensionItem>  </DimensionItem></Dimension>
    </VoucherLine>
    <VoucherLine><NetvisorKey>7</NetvisorKey><LineSum>17,18</LineSum><AccountNumber>2940</AccountNumber>
      <VatPercent>0</VatPercent><VatCode>-</VatCode></VoucherLine>
  </Voucher>
  <voucher status="invalidated"><netvisorkey>16</netvisorkey><voucherdate>2024-02-29</voucherdate></voucher>
</Vouchers>"""


@responses.activate
def test_get_ledger_by_dates_parses_vouchers() -> None:
    responses.add(responses.GET, url_re("accountingledger.nv"), body=ok_body(LEDGER))
    vouchers = make_client().get_ledger(start=date(2000, 1, 1), end=date(2024, 12, 31), include_invalidated=True)
    assert responses.calls[0].request.url == (
        f"{BASE}/accountingledger.nv?startdate=2000-01-01&enddate=2024-12-31&voucherstatus=1"
    )
    first, second = vouchers
    assert (first.netvisor_key, first.voucher_date, first.number, first.status) == (
        15,
        date(2000, 1, 1),
        515144,
        "valid",
    )
    assert first.description == "Report 1 [BZ-1]"
    assert first.linked_source_type is None
    assert [line.line_sum for line in first.lines] == [Decimal("-17.18"), Decimal("17.18")]
    assert first.lines[0].vat_percent == Decimal("25.5")
    assert first.lines[0].dimensions[0].item is None
    assert first.lines[1].vat_code is None
    assert (second.netvisor_key, second.status, second.lines) == (16, "invalidated", ())


@responses.activate
def test_single_voucher_is_still_a_list() -> None:
    single = "<Vouchers><Voucher><NetvisorKey>1</NetvisorKey></Voucher></Vouchers>"
    responses.add(responses.GET, url_re("accountingledger.nv"), body=ok_body(single))
    vouchers = make_client().get_ledger(netvisor_keys=[1])
    assert [v.netvisor_key for v in vouchers] == [1]
    assert vouchers[0].status is None


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"start": date(2024, 1, 1)}, {"netvisor_keys": [1], "start": date(2024, 1, 1)},
     {"start": date(2024, 2, 1), "end": date(2024, 1, 1)}],
)  # fmt: skip
def test_get_ledger_argument_validation(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        make_client().get_ledger(**kwargs)  # type: ignore[arg-type]


VOUCHER_TYPES = """<VoucherTypeList><DefaultVoucherTypes><PurchaseInvoices><Netvisorkey>128</Netvisorkey>
</PurchaseInvoices></DefaultVoucherTypes><VoucherTypes>
<VoucherType><NetvisorKey>121</NetvisorKey><Abbreviation>ML</Abbreviation><Name>Myyntilasku</Name>
<ForeignName ISO-639-1="en">Sales invoice</ForeignName>
<ForeignName ISO-639-1="sv">Försäljningsfaktura</ForeignName>
</VoucherType>
<VoucherType><Netvisorkey>130</Netvisorkey><Abbreviation>MU</Abbreviation><Name>Muut</Name></VoucherType>
</VoucherTypes></VoucherTypeList>"""


@responses.activate
def test_list_voucher_types_and_check_connection() -> None:
    responses.add(responses.GET, f"{BASE}/vouchertypelist.nv", body=ok_body(VOUCHER_TYPES))
    client = make_client()
    types = client.list_voucher_types()
    assert [(t.netvisor_key, t.abbreviation, t.name) for t in types] == [
        (121, "ML", "Myyntilasku"),
        (130, "MU", "Muut"),
    ]
    assert types[0].foreign_names == (("en", "Sales invoice"), ("sv", "Försäljningsfaktura"))
    client.check_connection()
    assert responses.calls[0].request.url == f"{BASE}/vouchertypelist.nv"


ACCOUNTS = """<AccountList><CompanyDefaultAccounts><TradePayables>2871</TradePayables>
<PurchaseVATReceivable>1763</PurchaseVATReceivable><RoundingOffDifference/></CompanyDefaultAccounts>
<Accounts><Account><NetvisorKey>1</NetvisorKey><Number/><Name>VASTAAVAA</Name><AccountType>accountgroup</AccountType>
<FatherNetvisorKey>0</FatherNetvisorKey><IsActive>1</IsActive><IsCumulative>0</IsCumulative><Sort>1</Sort>
<EndSort>99</EndSort><IsNaturalNegative>0</IsNaturalNegative></Account>
<Account><NetvisorKey>77</NetvisorKey><Number>7000</Number><Name>Matkakulut</Name><AccountType>account</AccountType>
<FatherNetvisorKey>1</FatherNetvisorKey><IsActive>0</IsActive>
<ForeignName iso-3166="en">Travel</ForeignName></Account>
</Accounts></AccountList>"""


@responses.activate
def test_list_accounts() -> None:
    responses.add(responses.GET, f"{BASE}/accountlist.nv", body=ok_body(ACCOUNTS))
    chart = make_client().list_accounts()
    assert chart.defaults.get("tradepayables") == "2871"
    assert chart.defaults.get("RoundingOffDifference") is None
    group, travel = chart.accounts
    assert (group.number, group.account_type, group.is_active, group.end_sort) == (
        None,
        "accountgroup",
        True,
        99,
    )
    assert (travel.number, travel.father_key, travel.is_active, travel.foreign_names) == (
        "7000", 1, False, (("en", "Travel"),)
    )  # fmt: skip


PERIODS_DOC_SHAPE = """<AccountingPeriodList><PeriodLockInformation>
<AccountingPeriodLockDate format="ansi">2014-12-31</AccountingPeriodLockDate>
<VatPeriodLockDate format="ansi">2015-01-31</VatPeriodLockDate>
<PurchaseLockDate format="ansi"></PurchaseLockDate>
<Period><NetvisorKey>3</NetvisorKey><Name>2015</Name><BeginDate>2015-01-01</BeginDate><EndDate>2015-12-31</EndDate></Period>
</PeriodLockInformation></AccountingPeriodList>"""
PERIODS_FIXTURE_SHAPE = """<AccountingPeriodList><PeriodLockInformation>
<AccountingPeriodLockDate format="ansi">31.12.2015</AccountingPeriodLockDate></PeriodLockInformation>
<Period><NetvisorKey>3</NetvisorKey><BeginDate>1.1.2015</BeginDate><EndDate>31.12.2015</EndDate></Period>
<Period><NetvisorKey>4</NetvisorKey><BeginDate>1.1.2016</BeginDate><EndDate>31.12.2016</EndDate></Period>
</AccountingPeriodList>"""


@responses.activate
def test_accounting_periods_doc_shape() -> None:
    responses.add(responses.GET, f"{BASE}/accountingperiodlist.nv", body=ok_body(PERIODS_DOC_SHAPE))
    periods = make_client().get_accounting_periods()
    assert periods.accounting_period_lock_date == date(2014, 12, 31)
    assert periods.vat_period_lock_date == date(2015, 1, 31)
    assert periods.purchase_lock_date is None
    assert [(p.netvisor_key, p.begin, p.end) for p in periods.periods] == [(3, date(2015, 1, 1), date(2015, 12, 31))]
    assert periods.is_locked(date(2014, 12, 31)) and not periods.is_locked(date(2015, 1, 1))


@responses.activate
def test_accounting_periods_fixture_shape() -> None:
    responses.add(responses.GET, f"{BASE}/accountingperiodlist.nv", body=ok_body(PERIODS_FIXTURE_SHAPE))
    periods = make_client().get_accounting_periods()
    assert periods.accounting_period_lock_date == date(2015, 12, 31)
    assert [p.netvisor_key for p in periods.periods] == [3, 4]
    assert periods.periods[1].begin == date(2016, 1, 1)


@responses.activate
def test_payments_post_and_status() -> None:
    responses.add(responses.POST, f"{BASE}/payment.nv", body=inserted(44))
    statuses = """<Payments><Payment><Identifier>44</Identifier><Status>2</Status>
    <StatusDescription>OK</StatusDescription></Payment></Payments>"""
    responses.add(responses.GET, url_re("unprocessedoutgoingpayments.nv"), body=ok_body(statuses))
    client = make_client()
    assert client.post_payment(PAYMENT) == 44
    [status] = client.get_unprocessed_payments([44, 45])
    assert (status.identifier, status.is_ok, status.is_error, status.description) == (44, True, False, "OK")
    assert responses.calls[1].request.url == f"{BASE}/unprocessedoutgoingpayments.nv?idlist=44%2C45"
    assert client.get_unprocessed_payments([]) == []
    assert len(responses.calls) == 2


@pytest.mark.parametrize(
    ("call", "resource", "right"),
    [
        (lambda c: c.post_voucher(VOUCHER), "accounting.nv", "accounting"),
        (lambda c: c.get_ledger(netvisor_keys=[1]), "accountingledger.nv", "accounting"),
        (lambda c: c.list_accounts(), "accountlist.nv", "accounting"),
        (lambda c: c.get_accounting_periods(), "accountingperiodlist.nv", "accounting"),
        (lambda c: c.list_voucher_types(), "vouchertypelist.nv", "accounting"),
        (lambda c: c.iter_dimensions(), "dimensionlist.nv", "dimensionlist"),
        (lambda c: c.get_unprocessed_payments([1]), "unprocessedoutgoingpayments.nv", "payment"),
    ],
)
@responses.activate
def test_permission_missing_names_right(call, resource: str, right: str) -> None:  # type: ignore[no-untyped-def]
    detail = f"SERVICE_ACCESS_ERROR :: {resource.removesuffix('.nv')}"
    for method in (responses.GET, responses.POST):
        responses.add(method, url_re(resource), body=failed_body(detail), status=403)
    with pytest.raises(errors.PermissionMissing) as info:
        call(make_client())
    assert info.value.resource == right
    assert info.value.path == resource
    assert info.value.retryable is False


@responses.activate
def test_read_timeout_on_post_is_outcome_unknown() -> None:
    responses.add(responses.POST, f"{BASE}/accounting.nv", body=requests.exceptions.ReadTimeout("timed out"))
    with pytest.raises(errors.OutcomeUnknown) as info:
        make_client().post_voucher(VOUCHER)
    assert info.value.retryable is False and info.value.maybe_applied is True
    assert info.value.transaction_id is not None


@responses.activate
def test_read_timeout_on_get_is_retryable_transport_error() -> None:
    responses.add(responses.GET, f"{BASE}/accountlist.nv", body=requests.exceptions.ReadTimeout("timed out"))
    with pytest.raises(errors.TransportError) as info:
        make_client().list_accounts()
    assert type(info.value) is errors.TransportError
    assert info.value.retryable is True


@responses.activate
def test_connection_error_before_send_is_transport_error() -> None:
    refused = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] refused")  # type: ignore[arg-type]
    wrapped = requests.exceptions.ConnectionError(MaxRetryError(None, f"{BASE}/accounting.nv", refused))  # type: ignore[arg-type]
    responses.add(responses.POST, f"{BASE}/accounting.nv", body=wrapped)
    with pytest.raises(errors.TransportError) as info:
        make_client().post_voucher(VOUCHER)
    assert type(info.value) is errors.TransportError
    assert info.value.retryable is True


@responses.activate
def test_dropped_connection_on_post_is_outcome_unknown() -> None:
    dropped = requests.exceptions.ConnectionError("('Connection aborted.', RemoteDisconnected())")
    responses.add(responses.POST, f"{BASE}/payment.nv", body=dropped)
    with pytest.raises(errors.OutcomeUnknown):
        make_client().post_payment(PAYMENT)


@responses.activate
def test_oversized_body_refused() -> None:
    from netvisor.credentials import ClientConfig

    config = ClientConfig(base_url=BASE, sender="Bezala", max_response_bytes=1000)
    responses.add(
        responses.GET, f"{BASE}/accountlist.nv", body=ok_body("<AccountList>" + "x" * 5000 + "</AccountList>")
    )
    with pytest.raises(errors.MalformedResponse, match="larger than 1000"):
        make_client(config=config).list_accounts()


@responses.activate
def test_unexpected_content_becomes_malformed() -> None:
    responses.add(responses.GET, f"{BASE}/accountingledger.nv?netvisorkeylist=1", body=ok_body(
        "<Vouchers><Voucher><NetvisorKey>abc</NetvisorKey></Voucher></Vouchers>"
    ))  # fmt: skip
    with pytest.raises(errors.MalformedResponse, match="unexpected response content"):
        make_client().get_ledger(netvisor_keys=[1])
