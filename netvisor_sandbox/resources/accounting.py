"""accounting.nv: post one voucher (spec 6.1)."""

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from lxml import etree

from netvisor_sandbox import dimtree, envelope, vat, xmlio
from netvisor_sandbox.errors import PERIOD_LOCK, NetvisorError, invalid
from netvisor_sandbox.models import (
    SandboxAttachment,
    SandboxOrganisation,
    SandboxVoucher,
    SandboxVoucherLine,
    SandboxVoucherType,
)
from netvisor_sandbox.resources.base import Call, Resource, check_length, parse_ansi_date, parse_bool
from netvisor_sandbox.xmlio import Field, Node

DIMENSION = Field("dimension", 0, None, (Field("dimensionname"), Field("dimensionitem")))
LINE = Field(
    "voucherline",
    1,
    None,
    (
        Field("linesum"),
        Field("description", 0),
        Field("accountnumber"),
        Field("vatpercent"),
        Field("accountdimension", 0),
        DIMENSION,
    ),
)
ATTACHMENT = Field(
    "voucherattachment",
    1,
    None,
    (Field("mimetype"), Field("attachmentdescription", allow_empty=True), Field("filename"), Field("documentdata")),
)
SCHEMA = (
    Field(
        "voucher",
        children=(
            Field("calculationmode", 0),
            Field("voucherdate"),
            Field("number", 0),
            Field("description", 0),
            Field("voucherclass"),
            Field("checked", 0),
            Field("comment", 0),
            LINE,
            Field("voucherattachments", 0, 1, (ATTACHMENT,)),
        ),
    ),
)


@dataclass
class LineDraft:
    line_sum: Decimal
    account_number: str
    vat_percent: Decimal
    vat_code: str
    description: str = ""
    account_dimension: str = ""
    dimensions: list[list[str]] = field(default_factory=list)
    generated: str = ""


def post_voucher(call: Call) -> list[etree._Element]:
    assert call.body is not None
    xmlio.check(call.body, SCHEMA)
    node = call.body.one("voucher")
    assert node is not None
    # One transaction: dimensions auto-created for a voucher that is then refused must not stay behind.
    with transaction.atomic():
        voucher = _create(call.organisation, node)
    return envelope.inserted(voucher.pk)


def _create(organisation: SandboxOrganisation, node: Node) -> SandboxVoucher:
    mode = _calculation_mode(node)
    voucher_date = _voucher_date(node)
    voucher_type = _voucher_type(organisation, node.value("voucherclass"))
    lines = [_line(organisation, line, voucher_date) for line in node.all("voucherline")]
    lines = _gross_lines(organisation, lines) if mode == "gross" else _require_balance(lines)
    _check_period(organisation, voucher_date)
    attachments = [_attachment(child) for child in _attachment_nodes(node)]
    return _store(organisation, voucher_type, node, mode, voucher_date, lines, attachments)


def _calculation_mode(node: Node) -> str:
    mode = node.value("calculationmode", "net").strip().lower()
    if mode not in ("net", "gross"):
        raise invalid(f"Tuntematon laskentatapa: {mode}", f"Unknown calculationmode: {mode} (net or gross)")
    return mode


def _voucher_date(node: Node) -> date:
    element = node.one("voucherdate")
    assert element is not None
    declared = element.attrs.get("format", "ansi").strip().lower()
    if declared != "ansi":
        raise invalid(f"Päivämäärän muoto ei kelpaa: {declared}", f"Date format must be ansi, not {declared}")
    return parse_ansi_date(element.text, "voucherdate")


def _voucher_type(organisation: SandboxOrganisation, name: str) -> SandboxVoucherType:
    # The full Name in the company's language; the abbreviation is explicitly not accepted.
    found = organisation.voucher_types.filter(name__iexact=name.strip()).first()
    if found is None:
        raise invalid(f"Tositelajia ei löydy: {name}", f"Voucher class not found: {name}")
    return found


def _line(organisation: SandboxOrganisation, node: Node, voucher_date: date) -> LineDraft:
    account_number = node.value("accountnumber").strip()
    account = organisation.accounts.filter(number=account_number, is_group=False).first()
    if account is None:
        raise invalid(f"Tiliä ei löydy: {account_number}", f"Account not found: {account_number}")
    percent_node = node.one("vatpercent")
    assert percent_node is not None
    percent = xmlio.parse_decimal(percent_node.text, "vatpercent")
    code = (percent_node.attrs.get("vatcode") or account.default_vat_code).strip().upper()
    vat.check(code, percent, voucher_date)
    dimensions = [[d.value("dimensionname").strip(), d.value("dimensionitem").strip()] for d in node.all("dimension")]
    for dimension, child in zip(dimensions, node.all("dimension"), strict=True):
        father = (child.one("dimensionitem") or Node("")).attrs.get("fatherid", "")
        dimtree.ensure_item(organisation, dimension[0], dimension[1], father)
    return LineDraft(
        line_sum=xmlio.parse_decimal(node.value("linesum"), "linesum").quantize(vat.CENT),
        account_number=account_number,
        vat_percent=percent,
        vat_code=code,
        description=check_length(node.value("description"), 255, "description"),
        account_dimension=node.value("accountdimension"),
        dimensions=dimensions,
    )


def _gross_lines(organisation: SandboxOrganisation, lines: list[LineDraft]) -> list[LineDraft]:
    """Split VAT off every taxed line and book any imbalance to rounding differences."""
    result: list[LineDraft] = []
    for line in lines:
        net, tax = vat.split_gross(line.line_sum, line.vat_percent)
        line.line_sum = net
        result.append(line)
        if tax and line.vat_code != "NONE":
            role = "SalesVATDebt" if line.vat_code in vat.SALES_CODES else "PurchaseVATReceivable"
            result.append(_generated(organisation, role, tax, line, "vat"))
    difference = sum((line.line_sum for line in result), Decimal("0"))
    if difference:
        result.append(_generated(organisation, "RoundingOffDifference", -difference, None, "rounding"))
    return result


def _generated(
    organisation: SandboxOrganisation, role: str, amount: Decimal, source: LineDraft | None, kind: str
) -> LineDraft:
    account = organisation.default_account(role)
    if not account:
        raise invalid(f"Yrityksen oletustili {role} puuttuu", f"The company has no default account {role}")
    return LineDraft(
        line_sum=amount,
        account_number=account,
        vat_percent=source.vat_percent if source else Decimal("0"),
        vat_code=source.vat_code if source else "NONE",
        description=source.description if source else "Pyöristysero",
        generated=kind,
    )


def _require_balance(lines: list[LineDraft]) -> list[LineDraft]:
    # Netvisor stores net-mode vouchers as sent; what it does with an imbalance is not published (spec 6.1).
    difference = sum((line.line_sum for line in lines), Decimal("0"))
    if difference:
        shown = envelope.comma_decimal(difference)
        raise invalid(f"Tosite ei täsmää, erotus {shown}", f"The voucher does not balance, difference {shown}")
    return lines


def _check_period(organisation: SandboxOrganisation, voucher_date: date) -> None:
    lock = organisation.accounting_lock_date
    if lock and voucher_date <= lock:
        raise NetvisorError(PERIOD_LOCK, "period_lock", date=envelope.finnish_date(lock))
    periods = organisation.periods.all()
    if periods and not periods.filter(begin_date__lte=voucher_date, end_date__gte=voucher_date).exists():
        raise invalid(
            f"Päivälle {envelope.finnish_date(voucher_date)} ei ole tilikautta",
            f"No accounting period covers {envelope.finnish_date(voucher_date)}",
        )


def _attachment_nodes(node: Node) -> list[Node]:
    container = node.one("voucherattachments")
    return container.all("voucherattachment") if container else []


def _attachment(node: Node) -> dict[str, object]:
    try:
        data = base64.b64decode("".join(node.value("documentdata").split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid("Liitteen documentdata ei ole Base64-muodossa", "documentdata is not valid Base64") from exc
    return {
        "mime_type": node.value("mimetype"),
        "description": check_length(node.value("attachmentdescription"), 255, "attachmentdescription"),
        "filename": check_length(node.value("filename"), 255, "filename"),
        "data": data,
    }


def _store(
    organisation: SandboxOrganisation,
    voucher_type: SandboxVoucherType,
    node: Node,
    mode: str,
    voucher_date: date,
    lines: list[LineDraft],
    attachments: list[dict[str, object]],
) -> SandboxVoucher:
    voucher = SandboxVoucher.objects.create(
        organisation=organisation,
        voucher_type=voucher_type,
        number=_number(node, organisation, voucher_type),
        voucher_date=voucher_date,
        description=check_length(node.value("description"), 255, "description"),
        comment=check_length(node.value("comment"), 255, "comment"),
        checked=parse_bool(node.value("checked"), "checked"),
        calculation_mode=mode,
    )
    SandboxVoucherLine.objects.bulk_create(
        SandboxVoucherLine(voucher=voucher, position=index, **line.__dict__) for index, line in enumerate(lines)
    )
    SandboxAttachment.objects.bulk_create(SandboxAttachment(voucher=voucher, **item) for item in attachments)
    return voucher


def _number(node: Node, organisation: SandboxOrganisation, voucher_type: SandboxVoucherType) -> int:
    given = node.value("number").strip()
    if given:
        if not given.isdigit() or len(given) > 9:
            raise invalid(f"Tositenumero ei kelpaa: {given}", f"Voucher number is not valid: {given}")
        return int(given)
    # The next number in the chosen voucher type's own sequence.
    top = SandboxVoucher.objects.filter(organisation=organisation, voucher_type=voucher_type).aggregate(
        top=Max("number")
    )["top"]
    return (top or 0) + 1


RESOURCE = Resource("accounting.nv", "POST", "accounting", post_voucher)
