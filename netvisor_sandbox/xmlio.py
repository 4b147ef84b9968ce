"""Request bodies: decoding, hardened XML parsing and Netvisor's strict element order.

Netvisor matches element names case-insensitively but rejects elements out of DTD order, so a
parsed body becomes a tree of `Node`s with lower-case names, checked against an ordered `Field` schema.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from lxml import etree

from netvisor_sandbox.errors import INVALID_DATA_SIZE, NetvisorError, invalid

# Spec 13.14: the total body is the only size bound (INVALID_DATA_SIZE beyond it).
DEFAULT_MAX_BODY_BYTES = 30 * 1024 * 1024
# libxml2's own bounds without huge_tree: one text node, nesting depth. We lift the text bound for
# Base64 attachment data only (a 10 MB receipt is ~13.4 MB of text) and keep both for everything else.
MAX_TEXT_CHARS = 10_000_000
MAX_DEPTH = 256
HUGE_TEXT_ELEMENTS = frozenset({"documentdata"})
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# DTDs are where entity expansion and external fetches live; Netvisor bodies never need one.
_DTD = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", re.IGNORECASE)


@dataclass
class Node:
    name: str
    text: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)

    def all(self, name: str) -> list["Node"]:
        return [child for child in self.children if child.name == name]

    def one(self, name: str) -> "Node | None":
        found = self.all(name)
        return found[0] if found else None

    def value(self, name: str, default: str = "") -> str:
        child = self.one(name)
        return child.text if child is not None else default


@dataclass(frozen=True)
class Field:
    """One element of an ordered schema: name, occurrence bounds and, for containers, children."""

    name: str
    min: int = 1
    max: int | None = 1
    children: tuple["Field", ...] | None = None
    allow_empty: bool = False


def max_body_bytes() -> int:
    return int(getattr(settings, "NETVISOR_SANDBOX_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


def decode_body(raw: bytes, content_type: str) -> str:
    """Honour a charset parameter; otherwise strict UTF-8, then ISO-8859-15 (what Netvisor's docs advise)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    declared = _CHARSET.search(content_type or "")
    if declared:
        try:
            return raw.decode(declared.group(1))
        except (LookupError, UnicodeDecodeError) as exc:
            raise invalid(
                f"Sanoman merkistö ei vastaa ilmoitettua ({declared.group(1)})",
                f"The body does not match its declared charset ({declared.group(1)})",
            ) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-15")


def parse_body(raw: bytes, content_type: str) -> Node:
    if len(raw) > max_body_bytes():
        raise NetvisorError(INVALID_DATA_SIZE, "too_large", limit=max_body_bytes())
    text = _DECLARATION.sub("", decode_body(raw, content_type).lstrip("\ufeff"), count=1).strip()
    if not text:
        raise invalid("Sanoma on tyhjä", "The request body is empty")
    if _DTD.search(text):
        raise invalid(
            "DTD- ja ENTITY-määrittelyt eivät ole sallittuja", "DOCTYPE and ENTITY declarations are not allowed"
        )
    root = _parse_xml(text)
    node = _to_node(root)
    if node.name != "root":
        raise invalid(
            f"Juurielementin pitää olla root, nyt {root.tag}", f"The root element must be root, not {root.tag}"
        )
    return node


def _parse_xml(text: str) -> etree._Element:
    # huge_tree lets one text node pass libxml2's 10 MB cap, which documentdata needs; it would lift the cap and
    # the depth limit for every element, so _to_node puts them back for all the others. It changes nothing for
    # entities: parse_body has refused any DTD or ENTITY declaration and entities are never resolved.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(text, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise invalid(f"Sanoma ei ole kelvollista XML:ää: {exc}", f"The body is not well-formed XML: {exc}") from exc


def _local(name: object) -> str:
    return etree.QName(name).localname.lower() if isinstance(name, str) else ""


def _to_node(element: etree._Element, depth: int = 1) -> Node:
    if depth > MAX_DEPTH:
        raise invalid(
            f"Sanoma on liian syvä (yli {MAX_DEPTH} tasoa)", f"The body is nested too deep (over {MAX_DEPTH})"
        )
    name, text = _local(element.tag), element.text or ""
    if len(text) > MAX_TEXT_CHARS and name not in HUGE_TEXT_ELEMENTS:
        raise NetvisorError(INVALID_DATA_SIZE, "too_long", element=name, limit=MAX_TEXT_CHARS)
    children = [_to_node(child, depth + 1) for child in element if isinstance(child.tag, str)]
    # str() only for the stubs, which allow bytes: parsed attribute values are always str.
    attrs = {_local(key): str(value) for key, value in element.attrib.items()}
    return Node(name, text.strip(), attrs, children)


def check(node: Node, schema: tuple[Field, ...]) -> None:
    """Validate node's children against the ordered schema, naming the first element that breaks it."""
    children = node.children
    index = 0
    for position, spec in enumerate(schema):
        count = 0
        while index < len(children) and children[index].name == spec.name:
            _check_child(children[index], spec)
            count += 1
            index += 1
        if spec.max is not None and count > spec.max:
            raise invalid(f"Elementtiä <{spec.name}> on liian monta", f"Too many <{spec.name}> elements")
        if count < spec.min:
            _raise_missing(spec, node, children[index:], schema[:position])
    if index < len(children):
        _raise_unexpected(children[index], node, schema)


def _check_child(child: Node, spec: Field) -> None:
    if spec.children is not None:
        check(child, spec.children)
        return
    if child.children:
        raise invalid(
            f"Elementti <{child.children[0].name}> ei kuulu elementtiin <{child.name}>",
            f"Element <{child.children[0].name}> is not allowed inside <{child.name}>",
        )
    if spec.min and not spec.allow_empty and not child.text:
        raise invalid(f"Pakollinen elementti <{spec.name}> on tyhjä", f"Mandatory element <{spec.name}> is empty")


def _raise_missing(spec: Field, parent: Node, rest: list[Node], passed: tuple[Field, ...]) -> None:
    if rest and any(earlier.name == rest[0].name for earlier in passed):
        # The element in the way belongs earlier in the order: that one is misplaced, not `spec`.
        _raise_unexpected(rest[0], parent, passed)
    if rest and any(child.name == spec.name for child in rest):
        raise invalid(
            f"Elementtien järjestys on väärä: <{spec.name}> pitää olla ennen elementtiä <{rest[0].name}>",
            f"Elements are out of order: <{spec.name}> must come before <{rest[0].name}>",
        )
    raise invalid(
        f"Pakollinen elementti <{spec.name}> puuttuu elementistä <{parent.name}>",
        f"Mandatory element <{spec.name}> is missing from <{parent.name}>",
    )


def _raise_unexpected(child: Node, parent: Node, schema: tuple[Field, ...]) -> None:
    if any(spec.name == child.name for spec in schema):
        raise invalid(
            f"Elementtien järjestys on väärä: <{child.name}> on väärässä kohdassa elementissä <{parent.name}>",
            f"Elements are out of order: <{child.name}> is in the wrong place inside <{parent.name}>",
        )
    raise invalid(
        f"Tuntematon elementti <{child.name}> elementissä <{parent.name}>",
        f"Unknown element <{child.name}> inside <{parent.name}>",
    )


def parse_decimal(text: str, element: str) -> Decimal:
    """Netvisor accepts `-10000,00` and `-10000.00` alike."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise invalid(f"Elementin <{element}> arvo ei ole numero: {text}", f"<{element}> is not a number: {text}")
    return value
