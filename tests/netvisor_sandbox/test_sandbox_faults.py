"""Faults on demand (spec 13.12), switched on while the server runs, from code and from the command."""

import http.client
import threading
import time

import pytest
import requests
from django.core.management import call_command
from lxml import etree
from nvsandbox_client import assert_ok, error_code, inserted_id, statuses, voucher_xml

from netvisor_sandbox import faults


def test_latency(nv, demo_org):
    faults.set_fault(demo_org, "latency", seconds=0.6)
    started = time.monotonic()
    assert_ok(nv.get("/vouchertypelist.nv"))
    assert time.monotonic() - started >= 0.6


@pytest.mark.django_db(transaction=True)  # a read timeout needs the socket: the sandbox over HTTP
def test_timeout_outlasts_the_clients_read_timeout(nv, demo_org):
    faults.set_fault(demo_org, "timeout", seconds=1.5)
    with pytest.raises(requests.ReadTimeout):
        nv.get("/vouchertypelist.nv", timeout=0.5)


def test_accept_then_drop_stores_the_voucher_but_sends_nothing(nv, demo_org):
    faults.set_fault(demo_org, "drop")
    before = demo_org.vouchers.count()
    with pytest.raises(requests.ConnectionError):
        nv.post("/accounting.nv", voucher_xml(description="Dropped [BZ-7]"))
    assert demo_org.vouchers.count() == before + 1
    faults.clear(demo_org)
    found = assert_ok(nv.get("/accountingledger.nv?startdate=2025-03-14&enddate=2025-03-14"))
    assert [v.findtext("VoucherDescription") for v in found.iter("Voucher")] == ["Dropped [BZ-7]"]


@pytest.mark.parametrize(("status", "expected"), [(None, 503), (502, 502)])
def test_http_5xx_with_an_html_body(nv, demo_org, status, expected):
    faults.set_fault(demo_org, "http_5xx", status_code=status)
    response = nv.get("/vouchertypelist.nv")
    assert response.status_code == expected
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html>" in response.text and "<Root>" not in response.text


def test_maintenance(nv, demo_org):
    faults.set_fault(demo_org, "maintenance")
    response = nv.get("/vouchertypelist.nv", status_codes=True)
    assert error_code(response) == "SYSTEM_MAINTANANCE"
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)  # calls in parallel need the server: the sandbox over HTTP
def test_overlapping_call_gets_technical_error(nv, demo_org):
    faults.set_fault(demo_org, "latency", seconds=1.0)
    faults.set_fault(demo_org, "overlap")
    first: dict[str, requests.Response] = {}
    thread = threading.Thread(target=lambda: first.setdefault("response", nv.get("/vouchertypelist.nv")))
    thread.start()
    time.sleep(0.4)
    second = nv.get("/vouchertypelist.nv")
    thread.join()
    assert error_code(second) == "TECHNICAL_ERROR"
    assert_ok(first["response"])


def test_sequential_calls_do_not_overlap(nv, demo_org):
    faults.set_fault(demo_org, "overlap")
    assert_ok(nv.get("/vouchertypelist.nv"))
    assert_ok(nv.get("/vouchertypelist.nv"))


def test_expired_credentials(nv, demo_org):
    faults.set_fault(demo_org, "expired_credentials")
    assert error_code(nv.get("/vouchertypelist.nv")) == "AUTHENTICATION_FAILED"
    faults.clear(demo_org, "expired_credentials")
    assert_ok(nv.get("/vouchertypelist.nv"))


@pytest.mark.parametrize(
    ("right", "path"), [(None, "/unprocessedoutgoingpayments.nv?idlist=1"), ("accounting", "/vouchertypelist.nv")]
)
def test_missing_right(nv, demo_org, right, path):
    faults.set_fault(demo_org, "missing_right", right=right or "")
    assert statuses(nv.get(path))[1] == f"SERVICE_ACCESS_ERROR :: {right or 'payment'}"
    assert_ok(nv.get("/dimensionlist.nv"))


def test_fault_command_changes_the_running_server(nv, capsys):
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--set", "maintenance")
    assert error_code(nv.get("/vouchertypelist.nv")) == "SYSTEM_MAINTANANCE"
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--list")
    assert "maintenance" in capsys.readouterr().out
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--clear")
    assert_ok(nv.get("/vouchertypelist.nv"))


def test_fault_command_options(nv, demo_org):
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--set", "missing_right", "--right", "dimensionlist")
    assert statuses(nv.get("/dimensionlist.nv"))[1] == "SERVICE_ACCESS_ERROR :: dimensionlist"
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--set", "http_5xx", "--status", "500")
    assert nv.get("/dimensionlist.nv").status_code == 500
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--clear", "http_5xx")
    assert demo_org.faults.get().kind == "missing_right"


def test_faults_are_per_organisation(nv, demo_org):
    from netvisor_sandbox.models import SandboxOrganisation

    other = SandboxOrganisation.objects.create(business_id="7654321-0", name="Other Oy")
    faults.set_fault(other, "maintenance")
    inserted_id(nv.post("/accounting.nv", voucher_xml()))


@pytest.mark.urls("netvisor_sandbox.urls")
def test_an_api_request_reads_the_faults_once(client, db):
    """The view reads the organisation's faults once; verification and the right check use that read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from nvsandbox_client import Caller

    from netvisor_sandbox.models import SandboxOrganisation
    from netvisor_sandbox.seed import seed_demo

    caller = Caller({**seed_demo(), "base_url": "http://testserver"})
    faults.set_fault(SandboxOrganisation.objects.get(business_id="1234567-8"), "missing_right", right="dimensionlist")
    url = "http://testserver/dimensionlist.nv"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dimensionlist.nv", headers={**caller.headers(url), "Host": "testserver"})
    assert [s.text for s in etree.fromstring(response.content).iter("Status")] == [
        "FAILED",
        "SERVICE_ACCESS_ERROR :: dimensionlist",
    ]
    assert sum("nvsandbox_fault" in query["sql"] for query in queries.captured_queries) == 1


def _post_slowly(nv, path: str, body: bytes, pause: float) -> int:
    """POST with the body sent in two halves, `pause` seconds apart; returns the HTTP status."""
    url = nv.info["base_url"] + path
    host, port = url.split("//")[1].split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("POST", path, skip_accept_encoding=True)
    for name, value in {**nv.headers(url), "Content-Type": "text/xml; charset=utf-8"}.items():
        connection.putheader(name, value)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    connection.send(body[: len(body) // 2])
    time.sleep(pause)
    connection.send(body[len(body) // 2 :])
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.django_db(transaction=True)  # a body still arriving needs the socket: the sandbox over HTTP
def test_a_call_still_receiving_its_body_is_in_flight(nv, demo_org):
    faults.set_fault(demo_org, "overlap")
    body = voucher_xml(description="Slow upload [BZ-8]").encode()
    first: dict[str, int] = {}
    thread = threading.Thread(target=lambda: first.setdefault("status", _post_slowly(nv, "/accounting.nv", body, 1.0)))
    thread.start()
    time.sleep(0.4)
    second = nv.get("/vouchertypelist.nv")
    thread.join()
    assert error_code(second) == "TECHNICAL_ERROR"
    assert first["status"] == 200 and demo_org.vouchers.filter(description="Slow upload [BZ-8]").exists()


@pytest.mark.django_db(transaction=True)  # calls in parallel need the server: the sandbox over HTTP
def test_an_overlapping_call_is_refused_during_the_whole_latency(nv, demo_org):
    faults.set_fault(demo_org, "latency", seconds=1.5)
    faults.set_fault(demo_org, "overlap")
    thread = threading.Thread(target=lambda: nv.get("/vouchertypelist.nv"))
    thread.start()
    time.sleep(1.0)  # late in the first call's sleep, not only at its start
    second = nv.get("/vouchertypelist.nv")
    thread.join()
    assert error_code(second) == "TECHNICAL_ERROR"
