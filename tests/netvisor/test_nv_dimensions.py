"""Streaming ``dimensionlist.nv``: correctness, laziness, hardening and memory pruning."""

from __future__ import annotations

import pytest
import responses
from nv_support import BASE, failed_body, make_client, ok_body

from netvisor import errors
from netvisor.dimensions import FEED_SIZE, _State, stream_dimensions
from netvisor.models import Dimension, DimensionItem
from netvisor.response import CallInfo, RawResponse
from netvisor.xmlparse import child, make_pull_parser

INFO = CallInfo("GET", "dimensionlist.nv", "tx")


def detail(key: int, name: str, *, father: int = 0, key_tag: str = "Netvisorkey", father_tag: str = "FatherID") -> str:
    return (
        f"<DimensionDetail><{key_tag}>{key}</{key_tag}><Name>{name}</Name><IsHidden>False</IsHidden>"
        f"<Level>{2 if father else 1}</Level><Sort>{key}</Sort><EndSort>{key}</EndSort>"
        f"<{father_tag}>{father}</{father_tag}></DimensionDetail>"
    )


def header(key: int, name: str, details: str, hidden: str = "False") -> str:
    return (
        f"<DimensionName><Netvisorkey>{key}</Netvisorkey><Name>{name}</Name><IsHidden>{hidden}</IsHidden>"
        f"<LinkType>0</LinkType><DimensionDetails>{details}</DimensionDetails></DimensionName>"
    )


def generated(items: int) -> bytes:
    half = items // 2
    first = "".join(detail(i, f"CC{i:05d}") for i in range(1, half + 1))
    second = "".join(detail(i, f"P{i:05d}", father=1) for i in range(half + 1, items + 1))
    return ok_body(
        "<DimensionNameList>"
        + header(14, "Kustannuspaikka", first)
        + header(15, "Projekti", second)
        + "</DimensionNameList>"
    )


def stream(body: bytes, status: int = 200, charset: str | None = "utf-8") -> list[Dimension | DimensionItem]:
    headers = {"content-type": f"text/html; charset={charset}"} if charset else {}
    return list(stream_dimensions(RawResponse(status, headers, body), INFO))


def test_streams_ten_thousand_items() -> None:
    records = stream(generated(10_000))
    dimensions = [r for r in records if isinstance(r, Dimension)]
    items = [r for r in records if isinstance(r, DimensionItem)]
    assert [(d.netvisor_key, d.name, d.is_hidden, d.link_type) for d in dimensions] == [
        (14, "Kustannuspaikka", False, 0),
        (15, "Projekti", False, 0),
    ]
    assert len(items) == 10_000
    assert records[0] == dimensions[0]
    assert records[5001] == dimensions[1]  # each header precedes its items
    assert items[0] == DimensionItem(1, "CC00001", None, None, False, 1, 1, 1, 0, 14, "Kustannuspaikka")
    assert items[-1].name == "P10000"
    assert (items[-1].dimension_key, items[-1].dimension_name, items[-1].father_id) == (15, "Projekti", 1)
    assert len({i.netvisor_key for i in items}) == 10_000


def test_tree_is_pruned_while_streaming() -> None:
    # Feed chunks exactly as the stream does; at any time the tree may only hold the items of
    # roughly one chunk, never the whole list.
    items = 20_000
    body = generated(items)
    item_bytes = min(len(detail(1, "P00001", father=1)), len(detail(1, "CC00001")))
    parser = make_pull_parser(("end",))
    state = _State(RawResponse(200, {}, body), INFO)
    largest = seen = 0
    for offset in range(0, len(body), FEED_SIZE):
        parser.feed(body[offset : offset + FEED_SIZE])
        for record in state.handle(parser.read_events()):
            if isinstance(record, DimensionItem):
                seen += 1
                largest = max(largest, len(child(state.header, "DimensionDetails")))
    assert seen == items
    assert largest <= FEED_SIZE // item_bytes + 2
    assert largest < items // 20


def test_empty_dimension_list() -> None:
    assert stream(ok_body("<DimensionNameList/>")) == []


def test_header_without_items_and_case_variants() -> None:
    body = ok_body(
        "<DimensionNameList>"
        + header(1, "Tyhjä", "", hidden="True")
        + header(2, "Hinnastoryhmä", detail(9, "Eläkeläiset", key_tag="NetvisorKey", father_tag="FatherId"))
        + "<DimensionName><Netvisorkey>3</Netvisorkey><Name>Ilman</Name>"
        + "<IsHidden>false</IsHidden></DimensionName>"
        + "</DimensionNameList>"
    )
    records = stream(body)
    assert records[0] == Dimension(1, "Tyhjä", True, 0)
    assert records[1] == Dimension(2, "Hinnastoryhmä", False, 0)
    assert isinstance(records[2], DimensionItem)
    assert (records[2].netvisor_key, records[2].name, records[2].father_id) == (9, "Eläkeläiset", 0)
    assert records[3] == Dimension(3, "Ilman", False, None)
    assert len(records) == 4


def test_code_and_label() -> None:
    item = (
        "<DimensionDetail><Netvisorkey>17</Netvisorkey><Name>P001 Website renewal</Name><Code>P001</Code>"
        "<Label>Website renewal</Label><IsHidden>True</IsHidden><Level>1</Level>"
        "<Sort>0</Sort><EndSort>0</EndSort>"
        "<FatherID>0</FatherID></DimensionDetail>"
    )
    records = stream(ok_body("<DimensionNameList>" + header(5, "Projekti", item) + "</DimensionNameList>"))
    parsed = records[1]
    assert isinstance(parsed, DimensionItem)
    assert (parsed.code, parsed.label, parsed.is_hidden) == ("P001", "Website renewal", True)


def test_iso_8859_15_body() -> None:
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>'
        "<Root><ResponseStatus><Status>OK</Status></ResponseStatus>"
        "<DimensionNameList>" + header(1, "Kustannuspaikka", detail(2, "Myyntiä €")) + "</DimensionNameList></Root>"
    )
    records = stream(xml.encode("iso-8859-15"), charset=None)
    assert isinstance(records[1], DimensionItem) and records[1].name == "Myyntiä €"


def test_undeclared_latin_body_uses_charset() -> None:
    xml = (
        "<Root><ResponseStatus><Status>OK</Status></ResponseStatus><DimensionNameList>"
        + header(1, "Kääntö", "")
        + "</DimensionNameList></Root>"
    )
    assert stream(xml.encode("iso-8859-15"), charset="iso-8859-15") == [Dimension(1, "Kääntö", False, 0)]


def test_failed_status_raises_before_iteration() -> None:
    raw = RawResponse(403, {}, failed_body("SERVICE_ACCESS_ERROR :: dimensionlist"))
    with pytest.raises(errors.PermissionMissing) as info:
        stream_dimensions(raw, INFO)
    assert info.value.resource == "dimensionlist"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>502</body></html>",
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Root>&x;</Root>',
        b"<Root><DimensionNameList/></Root>",
        b"<Other><ResponseStatus><Status>OK</Status></ResponseStatus></Other>",
    ],
)
def test_unusable_bodies_raise_malformed(body: bytes) -> None:
    with pytest.raises(errors.MalformedResponse):
        stream(body)


def test_unknown_charset_is_malformed_at_call_time() -> None:
    body = ok_body("<DimensionNameList>" + header(1, "Kääntö", "") + "</DimensionNameList>").replace(
        b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>', b""
    )
    with pytest.raises(errors.MalformedResponse, match="unknown charset"):
        stream_dimensions(
            RawResponse(200, {"content-type": "text/xml; charset=klingon"}, body.decode().encode("latin-1")), INFO
        )


def test_doctype_behind_long_prolog_caught_by_docinfo() -> None:
    body = (
        b"<!--" + b"x" * 70_000 + b"--><!DOCTYPE Root><Root><ResponseStatus><Status>OK</Status></ResponseStatus></Root>"
    )
    with pytest.raises(errors.MalformedResponse, match="DOCTYPE"):
        stream(body)


def test_truncated_document_raises_during_iteration() -> None:
    body = generated(1_000)[:-5000]
    iterator = stream_dimensions(RawResponse(200, {}, body), INFO)
    with pytest.raises(errors.MalformedResponse):
        for _record in iterator:
            pass


def test_bad_item_value_raises_malformed() -> None:
    bad = "<DimensionDetail><Netvisorkey>x</Netvisorkey><Name>n</Name></DimensionDetail>"
    with pytest.raises(errors.MalformedResponse, match="unexpected dimension data"):
        stream(ok_body("<DimensionNameList>" + header(1, "A", bad) + "</DimensionNameList>"))


@responses.activate
def test_client_iter_dimensions() -> None:
    responses.add(responses.GET, f"{BASE}/dimensionlist.nv?showhidden=1", body=generated(10))
    responses.add(responses.GET, f"{BASE}/dimensionlist.nv", body=ok_body("<DimensionNameList/>"))
    client = make_client()
    records = list(client.iter_dimensions())
    assert sum(isinstance(r, DimensionItem) for r in records) == 10
    assert list(client.iter_dimensions(show_hidden=False)) == []
    assert [c.request.url for c in responses.calls] == [
        f"{BASE}/dimensionlist.nv?showhidden=1",
        f"{BASE}/dimensionlist.nv",
    ]


@responses.activate
def test_client_iter_dimensions_calls_eagerly() -> None:
    responses.add(
        responses.GET,
        f"{BASE}/dimensionlist.nv?showhidden=1",
        body=failed_body("SYSTEM_MAINTANANCE :: tauko"),
        status=503,
    )
    with pytest.raises(errors.Maintenance) as info:
        make_client().iter_dimensions()  # no iteration needed
    assert info.value.retryable is True


def test_element_case_may_vary_item_by_item() -> None:
    # The stream only wakes Python for the spellings it found in the body; every one must count.
    lower = detail(2, "Toinen").replace("DimensionDetail>", "dimensiondetail>")
    upper = detail(3, "Kolmas").replace("DimensionDetail>", "DIMENSIONDETAIL>").replace("Name>", "NAME>")
    body = ok_body(
        "<dimensionnamelist>"
        + header(1, "Kustannuspaikka", detail(1, "Eka") + lower + upper).replace("DimensionName>", "dimensionname>")
        + "</dimensionnamelist>"
    ).replace(b"ResponseStatus>", b"responsestatus>")
    records = stream(body)
    assert records[0] == Dimension(1, "Kustannuspaikka", False, 0)
    assert [(r.netvisor_key, r.name) for r in records[1:] if isinstance(r, DimensionItem)] == [
        (1, "Eka"),
        (2, "Toinen"),
        (3, "Kolmas"),
    ]


def test_utf16_body_is_parsed_without_the_tag_filter() -> None:
    xml = '<?xml version="1.0" encoding="UTF-16"?>' + ok_body(
        "<DimensionNameList>" + header(1, "Kustannuspaikka", detail(2, "Myynti Åbo")) + "</DimensionNameList>"
    ).decode("utf-8").removeprefix('<?xml version="1.0" encoding="utf-8" standalone="yes"?>')
    records = stream(xml.encode("utf-16"), charset=None)
    assert records[1] == DimensionItem(2, "Myynti Åbo", None, None, False, 1, 2, 2, 0, 1, "Kustannuspaikka")


def test_namespaced_elements_are_streamed() -> None:
    body = ok_body(
        '<n:DimensionNameList xmlns:n="urn:x">'
        + header(1, "Projekti", detail(5, "P5"))
        .replace("<DimensionDetail>", "<n:DimensionDetail>")
        .replace("</DimensionDetail>", "</n:DimensionDetail>")
        + "</n:DimensionNameList>"
    )
    records = stream(body)
    assert [r.name for r in records] == ["Projekti", "P5"]


def test_items_follow_their_own_header_whatever_the_list_is_called() -> None:
    # The header of an item is found from the item's place in the tree, not from header-end events.
    body = ok_body(
        "<Dimensions>"
        + header(1, "Kustannuspaikka", detail(10, "Myynti"))
        + header(2, "Projekti", detail(20, "P20"))
        + "</Dimensions>"
    )
    records = stream(body)
    items = [(r.name, r.dimension_name) for r in records if isinstance(r, DimensionItem)]
    assert items == [("Myynti", "Kustannuspaikka"), ("P20", "Projekti")]
