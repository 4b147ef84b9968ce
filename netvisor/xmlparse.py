"""Netvisor's XML: reading whole answers, plus tolerant value helpers.

Parsing itself goes through the one hardened parser factory (``outbound.xml``: no entities, no
DTD, no network, no huge trees, any DOCTYPE refused); this module adds what is Netvisor's own,
the 8-bit fallback encoding and :class:`MalformedResponse` with an excerpt of the body.

Netvisor's element names vary in case between resources and versions (``Netvisorkey`` vs
``NetvisorKey``, ``FatherID`` vs ``FatherId``), so lookups here compare local names
case-insensitively.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Collection, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from netvisor.errors import MalformedResponse, excerpt_of
from outbound.xml import Element as Element
from outbound.xml import PullEvent as PullEvent
from outbound.xml import XmlRefused, declares_doctype, has_doctype, parse_xml
from outbound.xml import make_parser as make_parser
from outbound.xml import make_pull_parser as make_pull_parser

_XML_DECL_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding", re.IGNORECASE)
# Netvisor's docs name ISO-8859-15 as its 8-bit encoding; used when a body without an encoding
# declaration is not valid UTF-8.
FALLBACK_ENCODING = "iso-8859-15"


def spellings_of(data: bytes, names: Collection[str], *, slice_size: int = 1 << 20) -> set[str]:
    """Every spelling (any case) in which the ``names`` occur in ``data``, as ASCII bytes.

    Netvisor's element case varies, and lxml's tag filter is exact, so a streaming parser first
    collects the spellings actually used. Occurrences in text are harmless extras. Empty when the
    body is not ASCII-compatible (UTF-16): the caller then parses without a filter. Works slice by
    slice (overlapping by a name's length) so a large body is never copied whole; within a slice,
    ``bytes.count`` tells when every occurrence has a known spelling.
    """
    needles = [name.lower().encode("ascii") for name in names]
    overlap = max(len(needle) for needle in needles) - 1
    found: dict[bytes, set[bytes]] = {needle: set() for needle in needles}
    for offset in range(0, len(data), slice_size):
        piece = data[offset : offset + slice_size + overlap]
        lowered = piece.lower()
        for needle in needles:
            _collect_spellings(piece, lowered, needle, found[needle])
    return {spelling.decode("ascii") for spellings in found.values() for spelling in spellings}


def _collect_spellings(piece: bytes, lowered: bytes, needle: bytes, known: set[bytes]) -> None:
    remaining = lowered.count(needle) - sum(piece.count(spelling) for spelling in known)
    position = lowered.find(needle)
    while remaining > 0 and position >= 0:
        spelling = piece[position : position + len(needle)]
        if spelling not in known:
            known.add(spelling)
            remaining -= piece.count(spelling)
        position = lowered.find(needle, position + 1)


def sniff_encoding(data: bytes, charset: str | None = None) -> str | None:
    """Encoding override for bodies that carry no declaration and are not valid UTF-8.

    Raises :class:`MalformedResponse` when the override would be a Content-Type charset that no
    codec knows (a wrong charset must end as a typed error, not a ``LookupError``).
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _XML_DECL_ENCODING.match(data):
        return None
    if _is_utf8(data):
        return None
    if charset is None:
        return FALLBACK_ENCODING
    try:
        codecs.lookup(charset)
    except LookupError:
        error = MalformedResponse(f"response declares an unknown charset {charset[:40]!r}", retryable=False)
        raise error.with_excerpt(excerpt_of(data)) from None
    return charset


def _is_utf8(data: bytes) -> bool:
    # Checked in slices so a large body is never decoded into one huge string.
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for offset in range(0, len(data), 1 << 16):
            decoder.decode(view[offset : offset + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def refuse_doctype(data: bytes) -> None:
    """Cheap pre-check; :func:`check_docinfo` is the backstop for exotic encodings."""
    if has_doctype(data):
        raise MalformedResponse("response contains a DOCTYPE; refused", retryable=False).with_excerpt(excerpt_of(data))


def check_docinfo(element: Element, data: bytes) -> None:
    """Refuse a parsed document that declared a DOCTYPE or internal DTD."""
    if declares_doctype(element):
        raise MalformedResponse("response contains a DOCTYPE; refused", retryable=False).with_excerpt(excerpt_of(data))


def parse_document(data: bytes, charset: str | None = None) -> Element:
    """Parse a whole response body. Raises :class:`MalformedResponse` (not retryable) on any problem."""
    if not data.strip():
        raise MalformedResponse("empty response body", retryable=False)
    refuse_doctype(data)
    try:
        return parse_xml(data, sniff_encoding(data, charset))
    except XmlRefused as exc:
        raise MalformedResponse(f"response {exc}", retryable=False).with_excerpt(excerpt_of(data)) from None


def local_name(element: Element | None) -> str:
    """Lower-case tag name without namespace; '' for None, comments and processing instructions."""
    if element is None:
        return ""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag_name(tag)


@functools.lru_cache(maxsize=1024)
def tag_name(tag: str) -> str:
    """Lower-case local name of a tag string (cached: documents repeat a handful of tags)."""
    return tag.rsplit("}", 1)[-1].lower()


def children(element: Element | None, name: str) -> list[Element]:
    """All direct children called ``name`` (any case). One or many: always a list."""
    if element is None:
        return []
    wanted = name.lower()
    return [child for child in element if local_name(child) == wanted]


def child(element: Element | None, *names: str) -> Element | None:
    """The first direct child matching any of ``names`` (any case), else None."""
    for name in names:
        found = children(element, name)
        if found:
            return found[0]
    return None


def path(element: Element | None, *steps: str) -> Element | None:
    """Follow a chain of child names (any case)."""
    current = element
    for step in steps:
        current = child(current, step)
    return current


def text(element: Element | None) -> str | None:
    """Stripped text of an element; None when missing or blank."""
    if element is None or element.text is None:
        return None
    value = str(element.text).strip()
    return value or None


def child_text(element: Element | None, *names: str) -> str | None:
    """Text of the first matching child (see :func:`child`)."""
    return text(child(element, *names))


def attribute(element: Element | None, name: str) -> str | None:
    """An attribute value looked up case-insensitively; None when missing or blank."""
    if element is None:
        return None
    wanted = name.lower()
    for key, value in element.attrib.items():
        if str(key).rsplit("}", 1)[-1].lower() == wanted:
            return str(value).strip() or None
    return None


def iter_children(element: Element | None) -> Iterator[Element]:
    """Element children only (skips comments and processing instructions)."""
    if element is None:
        return
    for item in element:
        if isinstance(item.tag, str):
            yield item


def parse_decimal(value: str | None) -> Decimal | None:
    """``"-17,18"`` or ``"-17.18"`` (spaces as thousand separators allowed) → Decimal; never float."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        result = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not a finite decimal number: {value!r}")
    return result


def parse_int(value: str | None) -> int | None:
    """An integer field; None when blank."""
    if value is None or not value.strip():
        return None
    return int(value.strip())


def parse_date(value: str | None) -> date | None:
    """``d.M.yyyy`` (responses) or ``yyyy-MM-dd`` (ANSI); a trailing time part is ignored."""
    if value is None or not value.strip():
        return None
    head = value.strip().split()[0].split("T")[0]
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r}")


# Booleans are localised by X-Netvisor-Interface-Language (FI/EN/SE).
_TRUE = frozenset({"true", "1", "kyllä", "yes", "ja"})
_FALSE = frozenset({"false", "0", "ei", "no", "nej"})


def parse_bool(value: str | None, default: bool | None = None) -> bool | None:
    """Localised booleans (``True/False/1/0/Kyllä/Ei/Yes/No``); ``default`` when blank."""
    if value is None or not value.strip():
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")
