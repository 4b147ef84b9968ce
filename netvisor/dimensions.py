"""Streaming parser for ``dimensionlist.nv``.

A company can have 100,000+ dimension items; building the whole tree would cost hundreds of MB.
We feed the body to a hardened pull parser in chunks and emit, in document order:

* a :class:`Dimension` for every header, always before that header's items, then
* a :class:`DimensionItem` for each of its items, each carrying ``dimension_key`` and
  ``dimension_name`` so a bulk upsert needs no second lookup.

After each fed chunk the converted ``DimensionDetail`` elements are deleted, so memory stays
flat. ``ResponseStatus`` is checked before the stream is handed out, so a FAILED answer raises
its typed error at call time. A document that turns out to be broken half-way raises
:class:`MalformedResponse` from the iterator: treat the whole import as failed then.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import cast

from lxml import etree

from netvisor.errors import MalformedResponse
from netvisor.models import Dimension, DimensionItem
from netvisor.parsers import required_int, required_text
from netvisor.response import CallInfo, RawResponse, check_not_html, malformed, raise_for_status
from netvisor.xmlparse import (
    Element,
    check_docinfo,
    child_text,
    local_name,
    make_pull_parser,
    parse_bool,
    parse_int,
    refuse_doctype,
    sniff_encoding,
    spellings_of,
    tag_name,
)

DimensionRecord = Dimension | DimensionItem
FEED_SIZE = 64 * 1024
# Only these elements need Python; lxml skips the ~9 fields of every item in C.
_EVENT_TAGS = ("DimensionDetail", "DimensionName", "ResponseStatus")


def stream_dimensions(raw: RawResponse, info: CallInfo) -> Iterator[DimensionRecord]:
    """Check the envelope eagerly, then return a lazy iterator of headers and items."""
    if 300 <= raw.status_code < 400 or not raw.body.strip():
        raise malformed("no dimension list in the answer", raw, info)
    check_not_html(raw, info)
    try:
        refuse_doctype(raw.body)
    except MalformedResponse as exc:
        raise malformed(exc.message, raw, info) from None
    state = _State(raw, info)
    records = _records(state)
    buffered: list[DimensionRecord] = []
    # Netvisor sends ResponseStatus first, so this reads at most a header and an item.
    while not state.status_ok:
        record = next(records, None)
        if record is None:
            break
        buffered.append(record)
    if not state.status_ok:
        raise malformed("XML without Root/ResponseStatus", raw, info)
    return chain(buffered, records)


def _records(state: _State) -> Iterator[DimensionRecord]:
    raw = state.raw
    tags = spellings_of(raw.body, _EVENT_TAGS)
    try:
        encoding = sniff_encoding(raw.body, raw.charset)
        # Prefixed or default-namespaced elements need an xmlns declaration somewhere in the body.
        parser = make_pull_parser(("end",), encoding, tags, namespaced=b"xmlns" in raw.body)
    except MalformedResponse as exc:
        raise malformed(exc.message, raw, state.info) from None
    except LookupError as exc:  # a codec Python knows but libxml2 does not
        raise malformed(f"response encoding is not supported: {exc}", raw, state.info) from None
    try:
        for offset in range(0, len(raw.body), FEED_SIZE):
            parser.feed(raw.body[offset : offset + FEED_SIZE])
            yield from state.handle(_end_events(parser))
        parser.close()
        yield from state.handle(_end_events(parser))
    except etree.XMLSyntaxError as exc:
        raise malformed(f"response is not well-formed XML: {exc}", raw, state.info) from None
    except ValueError as exc:
        raise malformed(f"unexpected dimension data: {exc}", raw, state.info) from None


def _end_events(parser: etree.XMLPullParser) -> Iterator[tuple[str, Element]]:
    # The stubs type read_events() for every event kind; the parser was asked for "end" events
    # only, and those carry elements.
    return cast(Iterator[tuple[str, Element]], parser.read_events())


class _State:
    """Per-document bookkeeping for :func:`_records`."""

    def __init__(self, raw: RawResponse, info: CallInfo) -> None:
        self.raw = raw
        self.info = info
        self.started = False
        self.status_ok = False
        self.header: Element | None = None
        self.holder: Element | None = None
        self.dimension: Dimension | None = None

    def handle(self, events: Iterator[tuple[str, Element]]) -> Iterator[DimensionRecord]:
        """Convert one batch of ``end`` events, then prune what the batch used from the tree."""
        for _event, element in events:
            if not self.started:
                self._check_document(element)
            tag = element.tag
            name = tag_name(tag) if isinstance(tag, str) else ""
            if name == "dimensiondetail":
                if element.getparent() is not self.holder:
                    yield from self._enter_holder(element)
                assert self.dimension is not None
                yield _item(element, self.dimension)
            elif name == "dimensionname" and local_name(element.getparent()) == "dimensionnamelist":
                yield from self._header_end(element)
            elif name == "responsestatus" and element.getparent() is element.getroottree().getroot():
                raise_for_status(element, self.raw.status_code, self.info)
                self.status_ok = True
        self._prune()

    def _prune(self) -> None:
        # Once per batch rather than per item (one C call frees them all): every item before the
        # holder's last child has been converted; the last may still be open in the parser.
        if self.holder is not None and len(self.holder) > 1:
            del self.holder[:-1]

    def _check_document(self, element: Element) -> None:
        self.started = True
        try:
            check_docinfo(element, self.raw.body)
        except MalformedResponse as exc:
            raise malformed(exc.message, self.raw, self.info) from None
        if local_name(element.getroottree().getroot()) != "root":
            raise malformed("XML root is not <Root>", self.raw, self.info)

    def _enter_holder(self, element: Element) -> Iterator[DimensionRecord]:
        self._prune()
        holder = element.getparent()
        header = holder.getparent() if holder is not None else None
        if header is None:
            raise ValueError("<DimensionDetail> outside a <DimensionName>")
        self.holder = holder
        if header is not self.header:
            yield self._start_header(header)

    def _header_end(self, header: Element) -> Iterator[DimensionRecord]:
        if header is not self.header:
            yield self._start_header(header)
        self.header = None
        self.holder = None
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


# Item fields by lower-case element name, in DimensionItem's order; names the spec shows in more
# than one case (Netvisorkey/NetvisorKey, FatherID/FatherId) meet here after lower-casing.
_ITEM_FIELDS = ("netvisorkey", "name", "code", "label", "ishidden", "level", "sort", "endsort", "fatherid")
_FIELD_INDEX = {name: index for index, name in enumerate(_ITEM_FIELDS)}
# Tag spelling as found in documents -> field index (-1: not an item field). Filled as met.
_INDEX_BY_TAG: dict[str, int] = {}


def _field_index(tag: object) -> int:
    if not isinstance(tag, str):
        return -1  # comment, processing instruction or entity reference
    index = _FIELD_INDEX.get(tag_name(tag), -1)
    if len(_INDEX_BY_TAG) < 1024:
        _INDEX_BY_TAG[tag] = index
    return index


def _item(element: Element, dimension: Dimension) -> DimensionItem:
    """One ``DimensionDetail``; written as one tight loop because a list may hold 100,000."""
    values: list[str | None] = [None] * len(_ITEM_FIELDS)
    for field in element:
        tag = field.tag
        index = _INDEX_BY_TAG.get(tag)
        if index is None:
            index = _field_index(tag)
        if index >= 0 and values[index] is None:
            value = field.text
            values[index] = (value.strip() or None) if value else None
    key, name, code, label, hidden, level, sort, end_sort, father = values
    if key is None or name is None:
        raise ValueError("<DimensionDetail> without Netvisorkey or Name")
    return DimensionItem(
        int(key), name, code, label,
        bool(parse_bool(hidden)) if hidden is not None else False,
        int(level) if level is not None else None,
        int(sort) if sort is not None else None,
        int(end_sort) if end_sort is not None else None,
        int(father) if father is not None else None,
        dimension.netvisor_key, dimension.name,
    )  # fmt: skip


def _discard(element: Element) -> None:
    """Free a processed element and everything before it under the same parent."""
    element.clear(keep_tail=False)  # type: ignore[call-arg]  # lxml has keep_tail since 4.4; lxml-stubs 0.5 lack it
    parent = element.getparent()
    if parent is None:
        return
    while element.getprevious() is not None:
        del parent[0]
