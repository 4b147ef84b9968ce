"""The one hardened lxml parser factory: every XML body from the network is parsed here.

No entity resolution, no DTD loading, no network access, no huge trees, and any DOCTYPE is
refused outright. An API answer never needs a DTD, so a DOCTYPE can only be a proxy page or an
attack (billion laughs, XXE ``file:///`` reads).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Literal, TypedDict

from lxml import etree

# lxml's element class, under a public name.
Element = etree._Element

# Pull-parser events callers may ask for.
PullEvent = Literal["start", "end"]


class _ParserOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool
    remove_comments: bool
    remove_pis: bool


# A TypedDict rather than a plain dict so that mypy checks each option against lxml's signature.
_PARSER_OPTIONS: _ParserOptions = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.IGNORECASE)


class XmlRefused(ValueError):
    """The body is not a document we read; the message completes "the response …"."""


def make_parser(encoding: str | None = None) -> etree.XMLParser:
    """A hardened ``XMLParser``; ``encoding`` overrides the document's own declaration."""
    return etree.XMLParser(encoding=encoding, **_PARSER_OPTIONS)


def make_pull_parser(
    events: tuple[PullEvent, ...],
    encoding: str | None = None,
    tags: Collection[str] | None = None,
    *,
    namespaced: bool = True,
) -> etree.XMLPullParser:
    """A hardened ``XMLPullParser`` with the same options, for streaming large lists.

    ``tags`` limits events to those element names (exact spellings); lxml then skips every other
    element in C, which is most of the cost of a big list. ``namespaced=False`` (the document
    declares no namespace) matches names without the any-namespace wildcard, which is cheaper.
    """
    prefix = "{*}" if namespaced else ""
    tag_filter = sorted({prefix + tag for tag in tags}) if tags else None
    return etree.XMLPullParser(events=events, tag=tag_filter, encoding=encoding, **_PARSER_OPTIONS)


def has_doctype(data: bytes) -> bool:
    """Cheap pre-check on the head of the body; :func:`declares_doctype` is the backstop."""
    return _DOCTYPE.search(data[:65536]) is not None


def declares_doctype(element: Element) -> bool:
    """Whether the parsed document declared a DOCTYPE or internal DTD (exotic encodings get past the pre-check)."""
    docinfo = element.getroottree().docinfo
    # lxml-stubs 0.5 leave out DocInfo.doctype, which lxml has had since 2.x.
    return bool(docinfo.doctype or docinfo.internalDTD is not None)  # type: ignore[attr-defined]


def parse_xml(data: bytes, encoding: str | None = None) -> Element:
    """Parse a whole body; ``encoding`` overrides the document's declaration.

    Raises :class:`XmlRefused` for an empty body, a DOCTYPE or anything not well-formed.
    """
    if not data.strip():
        raise XmlRefused("is empty")
    if has_doctype(data):
        raise XmlRefused("contains a DOCTYPE; refused")
    try:
        root = etree.fromstring(data, make_parser(encoding))
    except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
        raise XmlRefused(f"is not well-formed XML: {exc}") from None
    if declares_doctype(root):
        raise XmlRefused("contains a DOCTYPE; refused")
    return root
