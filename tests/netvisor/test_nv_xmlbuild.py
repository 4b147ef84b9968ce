"""Request bodies: documented element order, decimals with comma, no declaration."""

from __future__ import annotations

import base64
import tracemalloc
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from nv_support import PAYMENT

from netvisor.models import Voucher, VoucherAttachment, VoucherDimension, VoucherLine
from netvisor.xmlbuild import (
    connection_identifier_xml,
    estimated_attachment_bytes,
    format_amount,
    format_percent,
    payment_xml,
    voucher_xml,
)
from netvisor.xmlparse import parse_decimal

COST = VoucherLine(
    line_sum=Decimal("125.50"),
    account_number=7000,
    vat_percent=Decimal("25.5"),
    vat_code="KOOS",
    description="Taxi",
    account_dimension="Projekti X",
    dimensions=(
        VoucherDimension("Kustannuspaikka", "Myynti"),
        VoucherDimension("Projekti", "P1", father_id=7),
    ),
)
COUNTER = VoucherLine(Decimal("-125.50"), "2940", Decimal("0"), "NONE", "Payable to employee")
VOUCHER = Voucher(
    voucher_date=date(2024, 10, 31),
    voucher_class="Muut",
    lines=(COST, COUNTER),
    description="Expense report 42 / Matti M. [BZ-42]",
    number=1234,
    checked=False,
    comment="exported by Bezala",
    attachments=(VoucherAttachment("image/jpeg", "Receipt", "receipt.jpg", b"\xff\xd8\xff"),),
)


def tags(element: etree._Element) -> list[str]:
    return [c.tag for c in element]


def test_voucher_element_order_and_values() -> None:
    body = voucher_xml(VOUCHER)
    assert not body.startswith(b"<?xml")
    root = etree.fromstring(body)
    assert root.tag == "root"
    voucher = root[0]
    assert tags(voucher) == [
        "calculationmode", "voucherdate", "number", "description", "voucherclass", "checked", "comment",
        "voucherline", "voucherline", "voucherattachments",
    ]  # fmt: skip
    assert voucher.findtext("calculationmode") == "gross"
    assert voucher.find("voucherdate").attrib == {"format": "ansi"}
    assert voucher.findtext("voucherdate") == "2024-10-31"
    assert voucher.findtext("checked") == "false"


def test_voucher_line_order_and_attributes() -> None:
    line = etree.fromstring(voucher_xml(VOUCHER))[0].findall("voucherline")[0]
    assert tags(line) == [
        "linesum", "description", "accountnumber", "vatpercent", "accountdimension", "dimension", "dimension"
    ]  # fmt: skip
    assert (line.findtext("linesum"), line.find("linesum").get("type")) == ("125,50", "gross")
    assert (line.findtext("vatpercent"), line.find("vatpercent").get("vatcode")) == ("25,5", "KOOS")
    assert line.find("accountdimension").get("type") == "name"
    first, second = line.findall("dimension")
    assert tags(first) == ["dimensionname", "dimensionitem"]
    assert (first.findtext("dimensionname"), first.findtext("dimensionitem")) == ("Kustannuspaikka", "Myynti")
    assert second.find("dimensionitem").get("fatherid") == "7"
    assert first.find("dimensionitem").get("fatherid") is None


def test_counter_line_negative_comma_amount() -> None:
    line = etree.fromstring(voucher_xml(VOUCHER))[0].findall("voucherline")[1]
    assert tags(line) == ["linesum", "description", "accountnumber", "vatpercent"]
    assert line.findtext("linesum") == "-125,50"
    assert line.findtext("vatpercent") == "0"


def test_attachment_order_and_base64() -> None:
    holder = etree.fromstring(voucher_xml(VOUCHER))[0].find("voucherattachments")
    attachment = holder[0]
    assert tags(attachment) == ["mimetype", "attachmentdescription", "filename", "documentdata"]
    assert base64.b64decode(attachment.findtext("documentdata")) == b"\xff\xd8\xff"


def test_minimal_voucher_leaves_out_optional_elements() -> None:
    minimal = Voucher(date(2024, 1, 2), "Muut", (replace(COUNTER, vat_code=None, description=None),))
    voucher = etree.fromstring(voucher_xml(minimal))[0]
    assert tags(voucher) == ["calculationmode", "voucherdate", "voucherclass", "voucherline"]
    assert voucher.find("voucherline/vatpercent").attrib == {}


def test_non_ascii_text_is_utf8() -> None:
    body = voucher_xml(replace(VOUCHER, description="Kääntäjä € [BZ-1]"))
    assert "Kääntäjä €".encode() in body


def test_long_line_description_truncated_but_voucher_description_refused() -> None:
    long_line = replace(COUNTER, description="x" * 400)
    line = etree.fromstring(voucher_xml(replace(VOUCHER, lines=(long_line,))))[0].find("voucherline")
    assert len(line.findtext("description")) == 255
    with pytest.raises(ValueError, match="description"):
        voucher_xml(replace(VOUCHER, description="y" * 256))


@pytest.mark.parametrize(
    "broken",
    [
        replace(VOUCHER, lines=()),
        replace(VOUCHER, voucher_class=" "),
        replace(VOUCHER, number=10**9),
        replace(VOUCHER, lines=(replace(COUNTER, line_sum=Decimal("1.005")),)),
        replace(VOUCHER, lines=(replace(COUNTER, line_sum=Decimal("NaN")),)),
    ],
)
def test_invalid_vouchers_raise_value_error(broken: Voucher) -> None:
    with pytest.raises(ValueError):
        voucher_xml(broken)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("-125.5"), "-125,50"),
        (Decimal("0"), "0,00"),
        (Decimal("10.500"), "10,50"),
        (Decimal("1E+3"), "1000,00"),
    ],
)
def test_format_amount(value: Decimal, expected: str) -> None:
    assert format_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("25.50"), "25,5"), (Decimal("24.00"), "24"), (Decimal("0"), "0"), (Decimal("100"), "100"),
     (Decimal("13.5"), "13,5")],
)  # fmt: skip
def test_format_percent(value: Decimal, expected: str) -> None:
    assert format_percent(value) == expected


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**8), max_value=10**8))
def test_amount_round_trip(value: Decimal) -> None:
    assert parse_decimal(format_amount(value)) == value
    assert format_amount(value) == f"{value:.2f}".replace(".", ",")


def test_texts_are_escaped() -> None:
    tricky = 'A & B <c> "d" [BZ-1]'
    voucher = etree.fromstring(voucher_xml(replace(VOUCHER, description=tricky)))[0]
    assert voucher.findtext("description") == tricky
    assert tags(voucher)[3] == "description"


@pytest.mark.parametrize("bad", ["nul\x00", "escape\x1b", "\ufffe"])
def test_control_characters_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        voucher_xml(replace(VOUCHER, description=bad))
    with pytest.raises(ValueError):
        voucher_xml(replace(VOUCHER, lines=(replace(COUNTER, vat_code=bad),)))


def test_payment_element_order() -> None:
    root = etree.fromstring(payment_xml(PAYMENT))
    payment = root[0]
    assert tags(payment) == [
        "bankpaymentmessagetype", "bankpaymentmessage", "recipient", "sourcebankaccountnumber",
        "destinationbankaccount", "duedate", "amount",
    ]  # fmt: skip
    assert tags(payment.find("recipient")) == ["name"]
    assert tags(payment.find("destinationbankaccount")) == [
        "bankname",
        "bankbranch",
        "destinationbankaccountnumber",
    ]
    assert payment.findtext("amount") == "125,50"
    assert payment.findtext("duedate") == "2024-11-05"
    assert payment.findtext("sourcebankaccountnumber") == "FI2112345600000785"
    assert payment.findtext("destinationbankaccount/destinationbankaccountnumber") == "FI4250001510000023"


def test_payment_full_recipient_order() -> None:
    full = replace(
        PAYMENT,
        recipient_organization_code="1234567-8",
        recipient_address="Katu 1",
        recipient_postcode="00100",
        recipient_town="Helsinki",
        recipient_country="FI",
    )
    recipient = etree.fromstring(payment_xml(full))[0].find("recipient")
    assert tags(recipient) == ["organizationcode", "name", "address", "postcode", "town", "country"]


def test_payment_amount_must_be_positive() -> None:
    with pytest.raises(ValueError):
        payment_xml(replace(PAYMENT, amount=Decimal("0")))


def test_connection_identifier_body() -> None:
    assert connection_identifier_xml("ABC-123") == (
        b"<root><connectionidentifier>ABC-123</connectionidentifier></root>"
    )


def test_attachment_repr_does_not_dump_data() -> None:
    attachment = VoucherAttachment("application/pdf", "Receipt", "r.pdf", b"x" * 10_000)
    assert len(repr(attachment)) < 100


@given(sizes=st.lists(st.integers(min_value=0, max_value=100), max_size=5))
def test_estimated_attachment_bytes_is_the_base64_length(sizes: list[int]) -> None:
    attachments = [VoucherAttachment("image/png", "Receipt", "r.png", b"\xff" * size) for size in sizes]
    assert estimated_attachment_bytes(attachments) == sum(len(base64.b64encode(a.data)) for a in attachments)


def test_ten_megabyte_attachment_is_built_in_one_pass() -> None:
    data = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    attachment = VoucherAttachment("application/pdf", "Receipt", "receipt.pdf", data)
    voucher = replace(VOUCHER, attachments=(attachment,))
    encoded = estimated_attachment_bytes(voucher.attachments)
    tracemalloc.start()
    try:
        body = voucher_xml(voucher)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # b64encode's own peak is 1.5x its output, and the body is built after the Base64 bytes are freed;
    # one extra copy alive at the same time (a decoded str, a joined chunk list) would pass 2x.
    assert peak < 1.75 * encoded
    assert encoded < len(body) < encoded + 2048
    start = body.index(b"<documentdata>") + len(b"<documentdata>")
    assert body[start : start + encoded] == base64.b64encode(data)
    assert body[start + encoded :].startswith(b"</documentdata></voucherattachment></voucherattachments>")
