"""Netvisor's response envelope, byte for byte as captured from the real service.

`<?xml version="1.0" encoding="utf-8" standalone="yes"?>`, CRLF line endings, 4-space indent,
`Root/ResponseStatus(Status, [Status], TimeStamp)` with the time in Finnish local time as d.M.yyyy HH:mm:ss
(day and month not zero-padded).
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from lxml import etree

from netvisor_sandbox.errors import DEFAULT_HTTP_STATUS, NetvisorError

HELSINKI = ZoneInfo("Europe/Helsinki")
DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>'
CONTENT_TYPE = "text/xml; charset=utf-8"


def netvisor_timestamp(moment: datetime | None = None) -> str:
    local = (moment or datetime.now(tz=HELSINKI)).astimezone(HELSINKI)
    return f"{local.day}.{local.month}.{local.year} {local:%H:%M:%S}"


def finnish_date(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def comma_decimal(value: Decimal, places: int | None = 2) -> str:
    """`150,22`; with places=None the shortest form (`24`, `25,5`) as used for VAT percentages."""
    if places is None:
        text = format(value.normalize(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:.{places}f}"
    return text.replace(".", ",")


def sub(parent: etree._Element, tag: str, text: object = None, **attrs: str) -> etree._Element:
    """Append a child element; None text leaves it empty."""
    child = etree.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = str(text)
    return child


def _response_status(root: etree._Element, statuses: Iterable[str]) -> None:
    status = sub(root, "ResponseStatus")
    for value in statuses:
        sub(status, "Status", value)
    sub(status, "TimeStamp", netvisor_timestamp())


def render(root: etree._Element) -> bytes:
    etree.indent(root, space="    ")
    body = etree.tostring(root, encoding="unicode")
    return (DECLARATION + "\n" + body).replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def ok(data: Iterable[etree._Element] = ()) -> HttpResponse:
    root = etree.Element("Root")
    _response_status(root, ["OK"])
    for element in data:
        root.append(element)
    return HttpResponse(render(root), content_type=CONTENT_TYPE)


def failed(error: NetvisorError, language: str, use_status_codes: bool) -> HttpResponse:
    root = etree.Element("Root")
    _response_status(root, ["FAILED", f"{error.code} :: {error.text(language)}"])
    status = http_status(error.code) if use_status_codes else 200
    return HttpResponse(render(root), content_type=CONTENT_TYPE, status=status)


def http_status(code: str) -> int:
    # Netvisor has not published its mapping; NETVISOR_SANDBOX_HTTP_STATUS can override ours per code.
    overrides = getattr(settings, "NETVISOR_SANDBOX_HTTP_STATUS", {}) or {}
    return int(overrides.get(code, DEFAULT_HTTP_STATUS.get(code, 400)))


def inserted(identifier: int) -> list[etree._Element]:
    replies = etree.Element("Replies")
    sub(replies, "InsertedDataIdentifier", identifier)
    return [replies]
