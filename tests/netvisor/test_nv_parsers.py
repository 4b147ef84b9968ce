"""Spec 13.13: the parsers read both the captured answer shapes and the documented ones."""

from __future__ import annotations

from datetime import date

import pytest
from nv_support import ok_body

from netvisor.parsers import parse_accounting_periods, parse_ledger
from netvisor.xmlparse import parse_document

# --- accountingperiodlist.nv ------------------------------------------------------------------

# Captured: Period next to PeriodLockInformation, d.M.yyyy dates although format="ansi".
PERIODS_CAPTURED = """<AccountingPeriodList>
  <PeriodLockInformation>
    <AccountingPeriodLockDate format="ansi">31.12.2015</AccountingPeriodLockDate>
    <VatPeriodLockDate format="ansi">3.1.2017</VatPeriodLockDate>
    <PurchaseLockDate format="ansi">31.12.2015</PurchaseLockDate>
  </PeriodLockInformation>
  <Period><NetvisorKey>3</NetvisorKey><Name>2016</Name>
    <BeginDate format="ansi">1.1.2016</BeginDate><EndDate format="ansi">31.12.2016</EndDate></Period>
  <Period><NetvisorKey>1</NetvisorKey><Name>2017</Name>
    <BeginDate format="ansi">1.1.2017</BeginDate><EndDate format="ansi">31.12.2017</EndDate></Period>
</AccountingPeriodList>"""

# Documented: Period inside PeriodLockInformation, yyyy-MM-dd dates.
PERIODS_DOCUMENTED = """<AccountingPeriodList><PeriodLockInformation>
  <AccountingPeriodLockDate format="ansi">2015-12-31</AccountingPeriodLockDate>
  <VatPeriodLockDate format="ansi">2017-01-03</VatPeriodLockDate>
  <PurchaseLockDate format="ansi">2015-12-31</PurchaseLockDate>
  <Period><NetvisorKey>3</NetvisorKey><Name>2016</Name><BeginDate>2016-01-01</BeginDate><EndDate>2016-12-31</EndDate></Period>
  <Period><NetvisorKey>1</NetvisorKey><Name>2017</Name><BeginDate>2017-01-01</BeginDate><EndDate>2017-12-31</EndDate></Period>
</PeriodLockInformation></AccountingPeriodList>"""

# The two mixed shapes: documented nesting with captured dates, captured nesting with ANSI dates.
PERIODS_INSIDE_FINNISH_DATES = (
    PERIODS_DOCUMENTED.replace("2015-12-31", "31.12.2015")
    .replace("2017-01-03", "3.1.2017")
    .replace("2016-01-01", "1.1.2016")
    .replace("2016-12-31", "31.12.2016")
    .replace("2017-01-01", "1.1.2017")
    .replace("2017-12-31", "31.12.2017")
)
PERIODS_SIBLING_ANSI_DATES = (
    PERIODS_CAPTURED.replace("31.12.2015", "2015-12-31")
    .replace("3.1.2017", "2017-01-03")
    .replace("1.1.2016", "2016-01-01")
    .replace("31.12.2016", "2016-12-31")
    .replace("1.1.2017", "2017-01-01")
    .replace("31.12.2017", "2017-12-31")
)


@pytest.mark.parametrize(
    "inner",
    [PERIODS_CAPTURED, PERIODS_DOCUMENTED, PERIODS_INSIDE_FINNISH_DATES, PERIODS_SIBLING_ANSI_DATES],
    ids=["captured", "documented", "inside-d.M.yyyy", "sibling-ansi"],
)
def test_accounting_periods_every_shape_gives_the_same_result(inner: str) -> None:
    periods = parse_accounting_periods(parse_document(ok_body(inner)))
    assert (periods.accounting_period_lock_date, periods.vat_period_lock_date, periods.purchase_lock_date) == (
        date(2015, 12, 31), date(2017, 1, 3), date(2015, 12, 31)
    )  # fmt: skip
    assert [(p.netvisor_key, p.name, p.begin, p.end) for p in periods.periods] == [
        (3, "2016", date(2016, 1, 1), date(2016, 12, 31)),
        (1, "2017", date(2017, 1, 1), date(2017, 12, 31)),
    ]
    assert periods.is_locked(date(2015, 12, 31)) and not periods.is_locked(date(2016, 1, 1))


def test_accounting_periods_zero_padded_finnish_dates() -> None:
    inner = PERIODS_CAPTURED.replace(">1.1.2016<", ">01.01.2016<").replace(">3.1.2017<", ">03.01.2017<")
    periods = parse_accounting_periods(parse_document(ok_body(inner)))
    assert periods.vat_period_lock_date == date(2017, 1, 3)
    assert periods.periods[0].begin == date(2016, 1, 1)


# --- accountingledger.nv ----------------------------------------------------------------------

# Captured: Status="valid", VoucherNetvisorURI, VoucherClass as plain text.
LEDGER_CAPTURED = """<Vouchers><Voucher Status="valid">
  <NetvisorKey>12</NetvisorKey><VoucherDate>1.1.2000</VoucherDate><VoucherNumber>13</VoucherNumber>
  <VoucherDescription>Report 14 [BZ-14]</VoucherDescription><VoucherClass>Muut</VoucherClass>
  <LinkedSourceNetvisorKey type="purchaseinvoice">15</LinkedSourceNetvisorKey>
  <VoucherNetvisorURI>https://netvisor.example/voucher/16</VoucherNetvisorURI>
  <VoucherLine><LineSum>-17,18</LineSum><AccountNumber>100</AccountNumber><VatPercent>0</VatPercent>
    <VatCode>-</VatCode></VoucherLine>
</Voucher></Vouchers>"""

# Documented: status="valid", VoucherNetvisorUri, VoucherClass with a netvisorkey attribute.
LEDGER_DOCUMENTED = """<Vouchers><Voucher status="valid">
  <NetvisorKey>12</NetvisorKey><VoucherDate>2000-01-01</VoucherDate><VoucherNumber>13</VoucherNumber>
  <VoucherDescription>Report 14 [BZ-14]</VoucherDescription><VoucherClass netvisorkey="7">Muut</VoucherClass>
  <LinkedSourceNetvisorKey type="purchaseinvoice">15</LinkedSourceNetvisorKey>
  <VoucherNetvisorUri>https://netvisor.example/voucher/16</VoucherNetvisorUri>
  <VoucherLine status="valid"><LineSum>-17,18</LineSum><AccountNumber>100</AccountNumber><VatPercent>0</VatPercent>
    <VatCode>-</VatCode></VoucherLine>
</Voucher></Vouchers>"""


@pytest.mark.parametrize("inner", [LEDGER_CAPTURED, LEDGER_DOCUMENTED], ids=["captured", "documented"])
def test_ledger_voucher_every_shape_gives_the_same_result(inner: str) -> None:
    [voucher] = parse_ledger(parse_document(ok_body(inner)))
    assert (voucher.netvisor_key, voucher.voucher_date, voucher.number, voucher.status) == (
        12, date(2000, 1, 1), 13, "valid"
    )  # fmt: skip
    assert (voucher.description, voucher.voucher_class) == ("Report 14 [BZ-14]", "Muut")
    assert (voucher.linked_source_key, voucher.linked_source_type) == (15, "purchaseinvoice")
    assert voucher.uri == "https://netvisor.example/voucher/16"
    assert [(line.account_number, line.vat_code) for line in voucher.lines] == [("100", None)]


@pytest.mark.parametrize("spelling", ["Status", "status", "STATUS"])
def test_ledger_status_attribute_any_case_is_lower_cased(spelling: str) -> None:
    inner = f'<Vouchers><Voucher {spelling}="Invalidated"><NetvisorKey>1</NetvisorKey></Voucher></Vouchers>'
    [voucher] = parse_ledger(parse_document(ok_body(inner)))
    assert voucher.status == "invalidated"


def test_ledger_voucher_without_class_or_uri() -> None:
    inner = "<Vouchers><Voucher><NetvisorKey>1</NetvisorKey><VoucherClass/></Voucher></Vouchers>"
    [voucher] = parse_ledger(parse_document(ok_body(inner)))
    assert (voucher.voucher_class, voucher.uri, voucher.status) == (None, None, None)
