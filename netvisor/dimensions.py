"""Streaming parser for ``dimensionlist.nv``.

A company can have 100,000+ dimension items; building the whole tree would cost hundreds of MB.
We feed the body to a hardened pull parser in chunks and emit, in document order:

* a :class:`Dimension` for every header, always before that header's items, then
* a :class:`DimensionItem` for each of its items, each carrying ``dimension_key`` and
  ``dimension_name`` so a bulk upsert needs no second lookup.

Every converted ``DimensionDetail`` is cleared and its processed siblings deleted, so memory stays
flat. ``ResponseStatus`` is checked before the stream is handed out, so a FAILED answer raises
its typed error at call time. A document that turns out to be broken half-way raises
:class:`MalformedResponse` from the iterator: treat the whole import as failed then.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from lxml import etree  # type: ignore[import-untyped]

from netvisor.errors import MalformedResponse
from netvisor.models import Dimension, DimensionItem
from netvisor.parsers import required_int, required_text
from netvisor.response import CallInfo, RawResponse, check_not_html, malformed, raise_for_status
from netvisor.xmlparse import (
    Element,
    check_docinfo,
    child_text,
    child_texts,
    local_name,
    make_pull_parser,
    parse_bool,
    parse_int,
    refuse_doctype,
    sniff_encoding,
    tag_name,
)

DimensionRecord = Dimension | DimensionItem
FEED_SIZE = 64 * 1024


class _StatusChecked:
    """Marker yielded once ``ResponseStatus`` has been read and was OK."""


_STATUS_OK = _StatusChecked()


def stream_dimensions(raw: RawResponse, info: CallInfo) -> Iterator[DimensionRecord]:
    """Check the envelope eagerly, then return a lazy iterator of headers and items."""
    if 300 <= raw.status_code < 400 or not raw.body.strip():
        raise malformed("no dimension list in the answer", raw, info)
    check_not_html(raw, info)
    try:
        refuse_doctype(raw.body)
    except MalformedResponse as exc:
        raise malformed(exc.message, raw, info) from None
    records = _records(raw, info)
    buffered: list[DimensionRecord] = []
    for record in records:
        if isinstance(record, _StatusChecked):
            return chain(buffered, _only_records(records))
        buffered.append(record)
    raise malformed("XML without Root/ResponseStatus", raw, info)


def _only_records(records: Iterator[DimensionRecord | _StatusChecked]) -> Iterator[DimensionRecord]:
    for record in records:
        if not isinstance(record, _StatusChecked):
            yield record


def _records(raw: RawResponse, info: CallInfo) -> Iterator[DimensionRecord | _StatusChecked]:
    parser = make_pull_parser(("end",), encoding=sniff_encoding(raw.body, raw.charset))
    state = _State(raw, info)
    try:
        for offset in range(0, len(raw.body), FEED_SIZE):
            parser.feed(raw.body[offset : offset + FEED_SIZE])
            yield from state.handle(parser.read_events())
        parser.close()
        yield from state.handle(parser.read_events())
    except etree.XMLSyntaxError as exc:
        raise malformed(f"response is not well-formed XML: {exc}", raw, info) from None
    except ValueError as exc:
        raise malformed(f"unexpected dimension data: {exc}", raw, info) from None


class _State:
    """Per-document bookkeeping for :func:`_records`."""

    def __init__(self, raw: RawResponse, info: CallInfo) -> None:
        self.raw = raw
        self.info = info
        self.started = False
        self.header: Element | None = None
        self.dimension: Dimension | None = None

    def handle(self, events: Iterator[tuple[str, Element]]) -> Iterator[DimensionRecord | _StatusChecked]:
        for _event, element in events:
            if not self.started:
                self._check_document(element)
            tag = element.tag
            name = tag_name(tag) if isinstance(tag, str) else ""
            if name == "dimensiondetail":
                yield from self._detail(element)
            elif name == "dimensionname" and local_name(element.getparent()) == "dimensionnamelist":
                yield from self._header_end(element)
            elif name == "responsestatus" and element.getparent() is element.getroottree().getroot():
                raise_for_status(element, self.raw.status_code, self.info)
                yield _STATUS_OK

    def _check_document(self, element: Element) -> None:
        self.started = True
        try:
            check_docinfo(element, self.raw.body)
        except MalformedResponse as exc:
            raise malformed(exc.message, self.raw, self.info) from None
        if local_name(element.getroottree().getroot()) != "root":
            raise malformed("XML root is not <Root>", self.raw, self.info)

    def _detail(self, element: Element) -> Iterator[DimensionRecord]:
        holder = element.getparent()
        header = holder.getparent() if holder is not None else None
        if header is None:
            raise ValueError("<DimensionDetail> outside a <DimensionName>")
        if header is not self.header:
            yield self._start_header(header)
        assert self.dimension is not None
        yield _item(element, self.dimension)
        _discard(element)

    def _header_end(self, header: Element) -> Iterator[DimensionRecord]:
        if header is not self.header:
            yield self._start_header(header)
        self.header = None
        self.dimension = None
        _discard(header)

    def _start_header(self, header: Element) -> Dimension:
        # Header fields precede DimensionDetails in the document, so they are complete here.
        self.header = header
        self.dimension = Dimension(
            netvisor_key=required_int(header, "Netvisorkey"),
            name=required_text(header, "Name"),
            is_hidden=bool(parse_bool(child_text(header, "IsHidden"), default=False)),
            link_type=parse_int(child_text(header, "LinkType")),
        )
        return self.dimension


def _item(element: Element, dimension: Dimension) -> DimensionItem:
    fields = child_texts(element)
    key, name = fields.get("netvisorkey"), fields.get("name")
    if key is None or name is None:
        raise ValueError("<DimensionDetail> without Netvisorkey or Name")
    return DimensionItem(
        netvisor_key=int(key),
        name=name,
        code=fields.get("code"),
        label=fields.get("label"),
        is_hidden=bool(parse_bool(fields.get("ishidden"), default=False)),
        level=parse_int(fields.get("level")),
        sort=parse_int(fields.get("sort")),
        end_sort=parse_int(fields.get("endsort")),
        father_id=parse_int(fields.get("fatherid")),
        dimension_key=dimension.netvisor_key,
        dimension_name=dimension.name,
    )


def _discard(element: Element) -> None:
    """Free a processed element and everything before it under the same parent."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is None:
        return
    while element.getprevious() is not None:
        del parent[0]
