"""The Netvisor client's own costs, each against bare lxml doing the same work without our checks.

* ``netvisor_dimensionlist_parse_10k``: the hardened streaming parse into typed items, against
  one ``etree.fromstring`` and a walk over the same bytes.
* ``netvisor_voucher_build_sign_1000``: ``voucher_xml`` plus the request's signed headers,
  against building the same XML with bare lxml.
* ``netvisor_dimensionlist_100k_peak_memory``: peak Python memory (tracemalloc) while streaming
  100,000 items; the ratio is against a 150 MB budget.
"""

import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal

from lxml import etree

from benchmarks.dimension_answers import dimension_answer
from benchmarks.harness import Result, compare
from netvisor import signing, xmlbuild
from netvisor.dimensions import stream_dimensions
from netvisor.models import Voucher, VoucherDimension, VoucherLine
from netvisor.response import CallInfo, RawResponse

INFO = CallInfo("GET", "dimensionlist.nv", "bench")
HEADERS = {"content-type": "text/xml; charset=utf-8"}
VOUCHERS = 1_000
MEMORY_BUDGET_MB = 150


def run() -> list[Result]:
    return [_parse_10k(), _build_sign_1000(), _peak_memory_100k()]


def _parse_10k() -> Result:
    body = dimension_answer(10_000)

    def ours() -> None:
        for _record in stream_dimensions(RawResponse(200, HEADERS, body), INFO):
            pass

    def bare() -> None:
        # Baseline only: production code parses through netvisor.xmlparse's hardened parsers.
        root = etree.fromstring(body)
        for detail in root.iter("DimensionDetail"):
            {child.tag: child.text for child in detail}

    return compare("netvisor_dimensionlist_parse_10k", ours, bare)


def _voucher(number: int) -> Voucher:
    line = VoucherLine(
        line_sum=Decimal("124.00"), account_number="7600", vat_percent=Decimal("25.5"), vat_code="KOOS",
        description=f"Taksi {number}", dimensions=(VoucherDimension("Kustannuspaikka", "Myynti Helsinki"),),
    )  # fmt: skip
    counter = VoucherLine(line_sum=Decimal("-124.00"), account_number="2930", vat_percent=Decimal(0))
    return Voucher(
        voucher_date=date(2026, 1, 2), voucher_class="Muut", lines=(line, counter), description=f"BZ-{number}"
    )


def _build_sign_1000() -> Result:
    vouchers = [_voucher(number) for number in range(VOUCHERS)]
    now = datetime(2026, 1, 2, 6, 20, tzinfo=UTC)

    def ours() -> None:
        for voucher in vouchers:
            xmlbuild.voucher_xml(voucher)
            signing.build_headers(
                url="https://isvapi.netvisor.fi/accounting.nv", method="POST", sender="Bezala",
                partner_id="BZ_PARTNER", customer_id="CUSTOMER", customer_key="customer-key",
                partner_key="partner-key", organisation_id="1234567-8", language="FI",
                algorithm="HMACSHA256", now=now, transaction_id=signing.new_transaction_id(),
            )  # fmt: skip

    def bare() -> None:
        for voucher in vouchers:
            etree.tostring(_bare_voucher(voucher), encoding="utf-8")

    return compare(f"netvisor_voucher_build_sign_{VOUCHERS}", ours, bare)


def _bare_voucher(voucher: Voucher) -> etree._Element:
    root = etree.Element("root")
    node = etree.SubElement(root, "voucher")
    etree.SubElement(node, "calculationmode").text = voucher.calculation_mode
    etree.SubElement(node, "voucherdate", format="ansi").text = voucher.voucher_date.isoformat()
    etree.SubElement(node, "description").text = voucher.description
    etree.SubElement(node, "voucherclass").text = voucher.voucher_class
    for line in voucher.lines:
        row = etree.SubElement(node, "voucherline")
        etree.SubElement(row, "linesum", type=line.line_sum_type).text = str(line.line_sum)
        if line.description:
            etree.SubElement(row, "description").text = line.description
        etree.SubElement(row, "accountnumber").text = str(line.account_number)
        vat = {"vatcode": line.vat_code} if line.vat_code else {}
        etree.SubElement(row, "vatpercent", attrib=vat).text = str(line.vat_percent)
        for dimension in line.dimensions:
            holder = etree.SubElement(row, "dimension")
            etree.SubElement(holder, "dimensionname").text = dimension.name
            etree.SubElement(holder, "dimensionitem").text = dimension.item
    return root


def _peak_memory_100k() -> Result:
    body = dimension_answer(100_000)  # the body itself (~20 MB) is allocated before measuring
    tracemalloc.start()
    try:
        count = 0
        for _record in stream_dimensions(RawResponse(200, HEADERS, body), INFO):
            count += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 100_001
    return Result(
        name="netvisor_dimensionlist_100k_peak_memory", value=peak / 1e6, unit="MB", baseline=MEMORY_BUDGET_MB
    )
