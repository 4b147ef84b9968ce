"""Request bodies. Netvisor rejects elements out of DTD order, so each builder writes its elements
in exactly the documented order. Root ``<root>``, lower-case names, UTF-8, no XML declaration.

Builders raise ``ValueError`` for values Netvisor would refuse or that we would otherwise have to
alter silently (too many decimals, over-long texts that carry our idempotency reference).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from lxml import etree

from netvisor.models import Payment, Voucher, VoucherAttachment, VoucherDimension, VoucherLine
from netvisor.xmlparse import Element

MAX_TEXT = 255
_CENT = Decimal("0.01")
_SubElement = etree.SubElement


def format_amount(value: Decimal) -> str:
    """Two decimals with a decimal comma, e.g. ``-125,50``. More than two decimals is an error."""
    _check_finite(value)
    quantized = value.quantize(_CENT)
    if quantized != value:
        raise ValueError(f"amount {value} has more than two decimals; round it before sending")
    # str() of a Decimal quantized to cents is always plain notation with two decimals.
    return str(quantized).replace(".", ",")


def format_percent(value: Decimal) -> str:
    """A VAT rate with as few decimals as needed and a decimal comma: ``25,5``, ``24``, ``0``."""
    _check_finite(value)
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def format_date(value: date) -> str:
    """ANSI date ``YYYY-MM-DD``."""
    return value.isoformat()


def to_bytes(root: Element) -> bytes:
    """Serialise without an XML declaration (clients strip it; Netvisor does not need it)."""
    data: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=False)
    return data


def voucher_xml(voucher: Voucher) -> bytes:
    """``accounting.nv`` body for one voucher."""
    if not voucher.lines:
        raise ValueError("a voucher needs at least one line")
    root = etree.Element("root")
    node = _SubElement(root, "voucher")
    # Elements are made with lxml's SubElement directly (no helper call per element) and attributes
    # passed as keywords: this builder runs once per exported voucher and per benchmark round.
    _SubElement(node, "calculationmode").text = voucher.calculation_mode
    _SubElement(node, "voucherdate", format="ansi").text = format_date(voucher.voucher_date)
    if voucher.number is not None:
        _SubElement(node, "number").text = _voucher_number(voucher.number)
    _optional(node, "description", _limited(voucher.description, "voucher description"))
    _SubElement(node, "voucherclass").text = _required(voucher.voucher_class, "voucher_class")
    if voucher.checked is not None:
        _SubElement(node, "checked").text = "true" if voucher.checked else "false"
    _optional(node, "comment", _limited(voucher.comment, "voucher comment"))
    for line in voucher.lines:
        _voucher_line(node, line)
    if voucher.attachments:
        holder = _SubElement(node, "voucherattachments")
        for attachment in voucher.attachments:
            _attachment(holder, attachment)
    return to_bytes(root)


def estimated_attachment_bytes(attachments: Iterable[VoucherAttachment]) -> int:
    """How many bytes of Base64 text ``attachments`` add to a voucher body: ``4 * ceil(n / 3)`` each.

    Pure arithmetic (nothing is encoded), so a service can refuse a voucher whose body would pass a size
    bound before building it. The rest of a voucher body is a few kilobytes at most.
    """
    return sum(4 * -(-len(attachment.data) // 3) for attachment in attachments)


def payment_xml(payment: Payment) -> bytes:
    """``payment.nv`` body for one outgoing payment (EUR)."""
    if payment.amount <= 0:
        raise ValueError("payment amount must be positive")
    root = etree.Element("root")
    node = etree.SubElement(root, "payment")
    _sub(node, "bankpaymentmessagetype", payment.message_type)
    _sub(node, "bankpaymentmessage", _required(payment.message, "message"))
    recipient = etree.SubElement(node, "recipient")
    _optional(recipient, "organizationcode", payment.recipient_organization_code)
    _sub(recipient, "name", _required(payment.recipient_name, "recipient_name"))
    _optional(recipient, "address", payment.recipient_address)
    _optional(recipient, "postcode", payment.recipient_postcode)
    _optional(recipient, "town", payment.recipient_town)
    _optional(recipient, "country", payment.recipient_country)
    _sub(node, "sourcebankaccountnumber", _account_number(payment.source_iban))
    destination = etree.SubElement(node, "destinationbankaccount")
    _sub(destination, "bankname", _required(payment.bank_name, "bank_name"))
    _sub(destination, "bankbranch", _account_number(payment.destination_bic))
    _sub(destination, "destinationbankaccountnumber", _account_number(payment.destination_iban))
    # Visma's sample sends the due date without a format attribute; whether one is accepted is
    # unconfirmed, so we follow the sample.
    _sub(node, "duedate", format_date(payment.due_date))
    _sub(node, "amount", format_amount(payment.amount))
    return to_bytes(root)


def connection_identifier_xml(identifier: str) -> bytes:
    """Body of the modelled ``connectionidentifier.nv`` exchange."""
    root = etree.Element("root")
    _sub(root, "connectionidentifier", _required(identifier, "identifier"))
    return to_bytes(root)


def _voucher_line(parent: Element, line: VoucherLine) -> None:
    node = _SubElement(parent, "voucherline")
    _SubElement(node, "linesum", type=line.line_sum_type).text = format_amount(line.line_sum)
    # Line texts are informational; Visma's sample client cuts them to 255 as well.
    description = line.description[:MAX_TEXT] if line.description else None
    _optional(node, "description", description)
    _SubElement(node, "accountnumber").text = _required(str(line.account_number), "account_number")
    vat_percent = format_percent(line.vat_percent)
    if line.vat_code:
        _SubElement(node, "vatpercent", vatcode=line.vat_code).text = vat_percent
    else:
        _SubElement(node, "vatpercent").text = vat_percent
    if line.account_dimension:
        dimension_type = line.account_dimension_type
        _SubElement(node, "accountdimension", type=dimension_type).text = line.account_dimension
    for dimension in line.dimensions:
        _dimension(node, dimension)


def _dimension(parent: Element, dimension: VoucherDimension) -> None:
    node = _SubElement(parent, "dimension")
    _SubElement(node, "dimensionname").text = _required(dimension.name, "dimension name")
    item = _required(dimension.item, "dimension item")
    if dimension.father_id is not None:
        _SubElement(node, "dimensionitem", fatherid=str(dimension.father_id)).text = item
    else:
        _SubElement(node, "dimensionitem").text = item


def _attachment(parent: Element, attachment: VoucherAttachment) -> None:
    node = _SubElement(parent, "voucherattachment")
    _SubElement(node, "mimetype").text = _required(attachment.mime_type, "mime_type")
    _SubElement(node, "attachmentdescription").text = _required(attachment.description, "attachment description")
    _SubElement(node, "filename").text = _required(attachment.filename, "filename")
    # lxml takes ASCII bytes as text as they are: handing it the Base64 bytes instead of a decoded str
    # saves two full copies (decode, then lxml's re-encode) of a text that may be 13 MB.
    # The stubs declare text as str only.
    _SubElement(node, "documentdata").text = base64.b64encode(attachment.data)  # type: ignore[assignment]


def _sub(parent: Element, tag: str, value: str, **attributes: str) -> Element:
    node = etree.SubElement(parent, tag, attributes)
    node.text = value
    return node


def _optional(parent: Element, tag: str, value: str | None) -> None:
    # Empty elements mean "set to blank" to Netvisor, so absent values are left out entirely.
    if value is not None and value.strip():
        _SubElement(parent, tag).text = value


def _required(value: str, what: str) -> str:
    if not value or not value.strip():
        raise ValueError(f"{what} must not be empty")
    return value


def _limited(value: str | None, what: str) -> str | None:
    if value is not None and len(value) > MAX_TEXT:
        raise ValueError(f"{what} is longer than {MAX_TEXT} characters")
    return value


def _voucher_number(number: int) -> str:
    if not 0 < number < 10**9:
        raise ValueError("voucher number must have 1 to 9 digits")
    return str(number)


def _account_number(value: str) -> str:
    compact = "".join(_required(value, "bank account").split()).upper()
    return compact


def _check_finite(value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"expected a finite Decimal, got {value!r}")
