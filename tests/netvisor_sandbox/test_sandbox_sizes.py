"""Body size (spec 13.14): a 10 MB receipt parses and is stored; the one bound is 30 MiB for the whole body."""

import base64
import os

import pytest
from nvsandbox_client import error_code, inserted_id, voucher_xml

from netvisor_sandbox import xmlio
from netvisor_sandbox.errors import NetvisorError
from netvisor_sandbox.models import SandboxAttachment

MIB = 1024 * 1024


def _attachment_xml(data: bytes, filename: str = "receipt.jpg") -> str:
    return (
        "<voucherattachments><voucherattachment><mimetype>image/jpeg</mimetype>"
        f"<attachmentdescription>Receipt</attachmentdescription><filename>{filename}</filename>"
        f"<documentdata>{base64.b64encode(data).decode()}</documentdata></voucherattachment></voucherattachments>"
    )


def test_voucher_with_a_10_mb_attachment_is_stored(nv):
    receipt = os.urandom(10 * MIB)  # ~14 MB of Base64: past libxml2's 10 MB text node limit
    key = inserted_id(nv.post("/accounting.nv", voucher_xml(extra=_attachment_xml(receipt)), timeout=60))
    assert bytes(SandboxAttachment.objects.get(voucher_id=key).data) == receipt


def test_body_over_30_mib_is_refused_with_invalid_data_size(nv, demo_org):
    body = voucher_xml(extra=_attachment_xml(os.urandom(23 * MIB)))  # ~30.7 MiB with Base64
    assert len(body) > 30 * MIB
    assert error_code(nv.post("/accounting.nv", body, timeout=60)) == "INVALID_DATA_SIZE"
    assert not demo_org.vouchers.exists()


def test_the_bound_is_exactly_30_mib():
    with pytest.raises(NetvisorError) as over:
        xmlio.parse_body(b" " * (30 * MIB + 1), "")
    with pytest.raises(NetvisorError) as at_bound:
        xmlio.parse_body(b" " * (30 * MIB), "")
    assert (over.value.code, at_bound.value.code) == ("INVALID_DATA_SIZE", "INVALID_DATA")


HUGE_TEXT = "A" * (xmlio.MAX_TEXT_CHARS + 1)


def test_a_documentdata_text_node_past_libxml2s_limit_parses():
    node = xmlio.parse_body(f"<root><documentdata>{HUGE_TEXT}</documentdata></root>".encode(), "")
    assert len(node.value("documentdata")) == len(HUGE_TEXT)


def test_any_other_text_node_past_libxml2s_limit_is_refused():
    with pytest.raises(NetvisorError) as refused:
        xmlio.parse_body(f"<root><description>{HUGE_TEXT}</description></root>".encode(), "")
    assert (refused.value.code, refused.value.params["element"]) == ("INVALID_DATA_SIZE", "description")


def test_deep_nesting_is_invalid_data_not_a_crash():
    depth = xmlio.MAX_DEPTH + 1
    with pytest.raises(NetvisorError) as refused:
        xmlio.parse_body(("<root>" + "<a>" * depth + "</a>" * depth + "</root>").encode(), "")
    assert refused.value.code == "INVALID_DATA"
