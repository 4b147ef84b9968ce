"""accountingledger.nv (spec 6.3) and getvoucherattachments.nv (6.4): read vouchers back."""

import base64
from datetime import date

from django.db.models import Prefetch, QuerySet
from lxml import etree

from netvisor_sandbox.envelope import comma_decimal, finnish_date, sub
from netvisor_sandbox.errors import invalid
from netvisor_sandbox.models import SandboxVoucher, SandboxVoucherLine
from netvisor_sandbox.resources.base import Call, Resource, key_list, parse_ansi_date

SELECTORS = (
    "netvisorkey",
    "netvisorkeylist",
    "startdate",
    "enddate",
    "changedsince",
    "lastmodifiedstart",
    "lastmodifiedend",
)
MAX_KEYS = 500
STATUS_FILTER = {"1": None, "2": ["valid"], "3": ["invalidated", "deleted"]}


def ledger(call: Call) -> list[etree._Element]:
    query = call.query
    if not any(query.get(name) for name in SELECTORS):
        raise invalid(
            "Anna jokin parametreista netvisorkey, netvisorkeylist, startdate+enddate, changedsince tai lastmodified*",
            "Give one of netvisorkey, netvisorkeylist, startdate+enddate, changedsince or lastmodified*",
        )
    vouchers = SandboxVoucher.objects.filter(organisation=call.organisation)
    vouchers = _by_keys(vouchers, query) if _uses_keys(query) else _by_dates(vouchers, query)
    start, end = query.get("accountnumberstart", ""), query.get("accountnumberend", "")
    lines = SandboxVoucherLine.objects.order_by("position", "pk")
    vouchers = vouchers.select_related("voucher_type").prefetch_related(Prefetch("lines", queryset=lines))
    container = etree.Element("Vouchers")
    for voucher in vouchers.order_by("voucher_date", "pk"):
        selected = [line for line in voucher.lines.all() if _in_range(line.account_number, start, end)]
        if (start or end) and not selected:
            continue
        container.append(_voucher_element(voucher, selected, call))
    return [container]


def _uses_keys(query: dict[str, str]) -> bool:
    return bool(query.get("netvisorkey") or query.get("netvisorkeylist"))


def _by_keys(vouchers: QuerySet[SandboxVoucher], query: dict[str, str]) -> QuerySet[SandboxVoucher]:
    # With keys only showgenerator may be combined (spec 6.3).
    extra = set(query) - {"netvisorkey", "netvisorkeylist", "showgenerator"}
    if extra:
        names = ", ".join(sorted(extra))
        raise invalid(
            f"Parametreja netvisorkey/netvisorkeylist ei voi yhdistää parametreihin: {names}",
            f"netvisorkey/netvisorkeylist cannot be combined with: {names}",
        )
    keys = key_list(query.get("netvisorkey", ""), "netvisorkey", 1) if query.get("netvisorkey") else []
    if query.get("netvisorkeylist"):
        keys += key_list(query["netvisorkeylist"], "netvisorkeylist", MAX_KEYS)
    return vouchers.filter(pk__in=keys)


def _by_dates(vouchers: QuerySet[SandboxVoucher], query: dict[str, str]) -> QuerySet[SandboxVoucher]:
    if bool(query.get("startdate")) != bool(query.get("enddate")):
        raise invalid("Anna sekä startdate että enddate", "Give both startdate and enddate")
    if query.get("startdate"):
        vouchers = vouchers.filter(
            voucher_date__gte=_date(query, "startdate"), voucher_date__lte=_date(query, "enddate")
        )
    elif query.get("vouchertype"):
        raise invalid("Parametri vouchertype vaatii aikavälin", "Parameter vouchertype needs startdate and enddate")
    if query.get("changedsince"):
        vouchers = vouchers.filter(modified_at__date__gte=_date(query, "changedsince"))
    if query.get("lastmodifiedstart"):
        vouchers = vouchers.filter(modified_at__date__gte=_date(query, "lastmodifiedstart"))
    if query.get("lastmodifiedend"):
        vouchers = vouchers.filter(modified_at__date__lte=_date(query, "lastmodifiedend"))
    if query.get("vouchertype"):
        vouchers = vouchers.filter(voucher_type_id=_int(query, "vouchertype"))
    status = query.get("voucherstatus", "2")
    if status not in STATUS_FILTER:
        raise invalid(f"Parametri voucherstatus ei kelpaa: {status}", f"voucherstatus must be 1, 2 or 3: {status}")
    statuses = STATUS_FILTER[status]
    return vouchers if statuses is None else vouchers.filter(status__in=statuses)


def _date(query: dict[str, str], name: str) -> date:
    return parse_ansi_date(query[name], name)


def _int(query: dict[str, str], name: str) -> int:
    return key_list(query[name], name, 1)[0]


def _in_range(number: str, start: str, end: str) -> bool:
    value = int(number) if number.isdigit() else 0
    return (not start.isdigit() or value >= int(start)) and (not end.isdigit() or value <= int(end))


def _voucher_element(voucher: SandboxVoucher, lines: list[SandboxVoucherLine], call: Call) -> etree._Element:
    element = etree.Element("Voucher", Status=voucher.status)
    sub(element, "NetvisorKey", voucher.pk)
    sub(element, "VoucherDate", finnish_date(voucher.voucher_date))
    sub(element, "VoucherNumber", voucher.number)
    sub(element, "VoucherDescription", voucher.description)
    # Plain text as in the captured answers (spec 13.13), though one client's types suggest a netvisorkey attribute.
    sub(element, "VoucherClass", voucher.voucher_type.name)
    sub(element, "LinkedSourceNetvisorKey", None, type="")  # a manual voucher has no source document
    uri = f"{call.base_url}/org/{call.organisation.business_id}/ledger/#voucher-{voucher.pk}"
    sub(element, "VoucherNetvisorURI", uri)
    for line in lines:
        element.append(_line_element(line))
    return element


def _line_element(line: SandboxVoucherLine) -> etree._Element:
    element = etree.Element("VoucherLine")
    sub(element, "NetvisorKey", line.pk)
    sub(element, "LineSum", comma_decimal(line.line_sum))
    sub(element, "Description", line.description)
    sub(element, "AccountNumber", line.account_number)
    sub(element, "VatPercent", comma_decimal(line.vat_percent, None))
    sub(element, "VatCode", "-" if line.vat_code == "NONE" else line.vat_code)
    if line.account_dimension:
        sub(element, "AccountDimension", line.account_dimension)
    for name, item in line.dimensions:
        dimension = sub(element, "Dimension")
        sub(dimension, "DimensionName", name)
        sub(dimension, "DimensionItem", item)
    return element


def attachments(call: Call) -> list[etree._Element]:
    if not call.query.get("netvisorkey"):
        raise invalid("Parametri netvisorkey puuttuu", "Parameter netvisorkey is missing")
    key = key_list(call.query["netvisorkey"], "netvisorkey", 1)[0]
    voucher = SandboxVoucher.objects.filter(organisation=call.organisation, pk=key).first()
    if voucher is None:
        raise invalid(f"Tositetta ei löydy: {key}", f"Voucher not found: {key}")
    container = etree.Element("Attachments")
    for attachment in voucher.attachments.all():
        element = sub(container, "Attachment")
        data = bytes(attachment.data)
        sub(element, "Filename", attachment.filename)
        sub(element, "SizeInBytes", len(data))
        sub(element, "MimeType", attachment.mime_type)
        sub(element, "Content", base64.b64encode(data).decode("ascii"))
    return [container]


RESOURCE = Resource("accountingledger.nv", "GET", "accounting", ledger)
ATTACHMENTS = Resource("getvoucherattachments.nv", "GET", "accounting", attachments)
