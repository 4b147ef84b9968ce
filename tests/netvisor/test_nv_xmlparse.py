"""Parser hardening and the tolerant value helpers."""

from __future__ import annotations

import pathlib
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import netvisor
from netvisor.errors import MalformedResponse
from netvisor.xmlparse import (
    attribute,
    child,
    child_text,
    children,
    make_parser,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_document,
    path,
    spellings_of,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<Root><ResponseStatus><Status>&lol9;</Status></ResponseStatus></Root>"""

MARKER = "TOP-SECRET-FILE-CONTENT-42"


def xxe_payload(target: pathlib.Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{target}">]>'
        "<Root><ResponseStatus><Status>&x;</Status></ResponseStatus></Root>"
    ).encode()


def test_billion_laughs_refused() -> None:
    with pytest.raises(MalformedResponse, match="DOCTYPE") as info:
        parse_document(BILLION_LAUGHS)
    assert info.value.retryable is False
    assert len(info.value.excerpt) <= 200


def test_xxe_refused_and_file_never_read(tmp_path: pathlib.Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(MARKER)
    with pytest.raises(MalformedResponse) as info:
        parse_document(xxe_payload(secret))
    assert MARKER not in str(info.value) + info.value.excerpt


def test_etc_passwd_xxe_refused() -> None:
    payload = xxe_payload(pathlib.Path("/etc/passwd"))
    with pytest.raises(MalformedResponse, match="DOCTYPE") as info:
        parse_document(payload)
    assert "root:" not in info.value.excerpt


def test_hardened_parser_itself_resolves_no_entities(tmp_path: pathlib.Path) -> None:
    # Defence in depth: even without the DOCTYPE refusal the parser must not read files or expand.
    secret = tmp_path / "passwd"
    secret.write_text(MARKER)
    tree = etree.fromstring(xxe_payload(secret), make_parser())
    assert MARKER not in etree.tostring(tree).decode()
    laughs = etree.fromstring(BILLION_LAUGHS, make_parser())
    assert len(etree.tostring(laughs)) < 1000


def test_doctype_hidden_behind_long_prolog_refused() -> None:
    # A prolog longer than the cheap pre-scan window is caught by the docinfo check.
    prolog = b"<!--" + b"x" * 70000 + b"-->"
    body = b'<?xml version="1.0"?>' + prolog + b"<!DOCTYPE Root><Root><ResponseStatus/></Root>"
    with pytest.raises(MalformedResponse, match="DOCTYPE"):
        parse_document(body)


@pytest.mark.parametrize(
    "body", [b"", b"   \r\n", b"<html><body>502 Bad Gateway</body>", b"not xml", b"<Root><unclosed></Root>"]
)
def test_unusable_bodies(body: bytes) -> None:
    with pytest.raises(MalformedResponse):
        parse_document(body)


def test_undeclared_entity_refused() -> None:
    with pytest.raises(MalformedResponse):
        parse_document(b"<Root>&nbsp;</Root>")


def test_iso_8859_15_declared() -> None:
    body = '<?xml version="1.0" encoding="ISO-8859-15"?><Root><Name>Hinnastoryhmä €</Name></Root>'
    root = parse_document(body.encode("iso-8859-15"))
    assert child_text(root, "Name") == "Hinnastoryhmä €"


def test_iso_8859_15_from_content_type_charset() -> None:
    root = parse_document("<Root><Name>Eläkeläiset</Name></Root>".encode("iso-8859-15"), "iso-8859-15")
    assert child_text(root, "Name") == "Eläkeläiset"


def test_undeclared_latin_body_falls_back_to_iso_8859_15() -> None:
    root = parse_document("<Root><Name>Kääntö</Name></Root>".encode("iso-8859-15"))
    assert child_text(root, "Name") == "Kääntö"


@pytest.mark.parametrize(
    ("body", "charset", "match"),
    [
        ("<Root><Name>Kääntö</Name></Root>".encode("iso-8859-15"), "klingon", "unknown charset 'klingon'"),
        ("<Root><Name>Kääntö</Name></Root>".encode("iso-8859-15"), "utf-8", "not well-formed"),
        # A codec Python has but libxml2 lacks must end typed too, not as a LookupError.
        ("<Root><Name>Kääntö</Name></Root>".encode("iso-8859-15"), "rot13", "unknown encoding"),
        (b'<?xml version="1.0" encoding="bogus"?><Root/>', None, "not well-formed"),
        (b'<?xml version="1.0" encoding="UTF-16"?><Root/>', None, "not well-formed"),
    ],
)
def test_wrong_charset_is_malformed_with_excerpt(body: bytes, charset: str | None, match: str) -> None:
    with pytest.raises(MalformedResponse, match=match) as info:
        parse_document(body, charset)
    assert info.value.excerpt.startswith("<") and len(info.value.excerpt) <= 200


def test_utf8_check_spans_slice_boundaries() -> None:
    # A two-byte character split across the 64 KiB slices of the UTF-8 check is still UTF-8.
    body = ("<Root><Name>" + "x" * (65536 - 13) + "ä</Name></Root>").encode()
    assert child_text(parse_document(body), "Name").endswith("xä")


def test_utf8_with_bom() -> None:
    root = parse_document("\ufeff<Root><Name>Ää</Name></Root>".encode())
    assert child_text(root, "Name") == "Ää"


def test_case_insensitive_lookup_and_attributes() -> None:
    root = parse_document(
        b'<Root><Item><Netvisorkey>14</Netvisorkey><FatherId>3</FatherId><X Status="valid"/></Item>'
        b"<item><NetvisorKey>15</NetvisorKey><FatherID>0</FatherID></item></Root>"
    )
    items = children(root, "ITEM")
    assert [child_text(i, "NetvisorKey") for i in items] == ["14", "15"]
    assert [child_text(i, "FatherID") for i in items] == ["3", "0"]
    assert attribute(child(items[0], "x"), "status") == "valid"
    assert path(root, "item", "netvisorkey") is not None
    assert children(None, "x") == []
    assert child_text(root, "missing") is None


def test_comments_removed() -> None:
    root = parse_document(b"<Root><!-- hi --><A>1</A></Root>")
    assert len(root) == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("-17,18", Decimal("-17.18")),
        ("150.22", Decimal("150.22")),
        ("25,5", Decimal("25.5")),
        ("1 234,50", Decimal("1234.50")),
        (" 0 ", Decimal("0")),
        ("", None),
        (None, None),
    ],
)
def test_parse_decimal(raw: str | None, expected: Decimal | None) -> None:
    result = parse_decimal(raw)
    assert result == expected
    assert result is None or isinstance(result, Decimal)


@pytest.mark.parametrize("raw", ["abc", "NaN", "Infinity", "1,2,3"])
def test_parse_decimal_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(raw)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9))
def test_parse_decimal_round_trips_comma_form(value: Decimal) -> None:
    assert parse_decimal(f"{value:f}".replace(".", ",")) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31.12.2023", date(2023, 12, 31)),
        ("1.1.2000", date(2000, 1, 1)),
        ("2014-12-31", date(2014, 12, 31)),
        ("2009-1-1", date(2009, 1, 1)),
        ("5.6.2023 16:12:09", date(2023, 6, 5)),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_parse_date_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_date("31/12/2023")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("True", True), ("false", False), ("1", True), ("0", False), ("Kyllä", True), ("Ei", False),
     ("Yes", True), ("No", False), ("", None)],
)  # fmt: skip
def test_parse_bool(raw: str, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


def test_parse_bool_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_bool("maybe")


def test_no_other_module_parses_xml_directly() -> None:
    package = pathlib.Path(netvisor.__file__).parent
    pattern = re.compile(r"etree\.(fromstring|parse|iterparse|XML|XMLParser|XMLPullParser)\(")
    offenders = [p.name for p in package.glob("*.py") if p.name != "xmlparse.py" and pattern.search(p.read_text())]
    assert offenders == []


def test_package_is_framework_free() -> None:
    package = pathlib.Path(netvisor.__file__).parent
    imports = re.compile(r"^\s*(from|import)\s+(django|netvisor_sandbox|accounts|companies|expenses)\b", re.M)
    assert [p.name for p in package.glob("*.py") if imports.search(p.read_text())] == []
    requests_users = [p.name for p in package.glob("*.py") if re.search(r"^import requests", p.read_text(), re.M)]
    assert requests_users == ["transport.py"]


def test_spellings_of_finds_every_case_across_slices() -> None:
    body = (
        b"<Root><ResponseStatus/>" + b"<DimensionDetail/>" * 50 + b"<dimensionDETAIL/>" + b"<DIMENSIONDETAIL/></Root>"
    )
    found = spellings_of(body, ("DimensionDetail", "ResponseStatus"), slice_size=7)
    assert found == {"DimensionDetail", "dimensionDETAIL", "DIMENSIONDETAIL", "ResponseStatus"}
    assert spellings_of("<Root/>".encode("utf-16"), ("Root",)) == set()
