"""The call log: what was called, how it ended, which reference it carried, and whether calls overlapped."""

import threading
import time

import pytest
import requests
from nvsandbox_client import assert_ok, error_code, line_xml, payment_xml, voucher_xml

from netvisor_sandbox import calls, faults
from netvisor_sandbox.models import SandboxCall


def _only_call() -> SandboxCall:
    (call,) = SandboxCall.objects.all()
    return call


def test_a_call_is_logged_with_resource_method_and_outcome(nv, demo_org):
    assert_ok(nv.get("/vouchertypelist.nv"))
    call = _only_call()
    assert (call.organisation, call.resource, call.method) == (demo_org, "vouchertypelist.nv", "GET")
    assert call.outcome == "ok"
    assert call.started_at <= call.finished_at


def test_a_refused_call_logs_the_error_code(nv):
    refused = voucher_xml(lines=[line_xml("1,00", "9876", "NONE", "0"), line_xml("-1,00", "2940", "NONE", "0")])
    assert error_code(nv.post("/accounting.nv", refused)) == "INVALID_DATA"
    assert _only_call().outcome == "INVALID_DATA"


def test_voucher_posts_are_counted_by_the_reference_in_their_description(nv, demo_org):
    nv.post("/accounting.nv", voucher_xml(description="Taxi [BZ-12]"))
    nv.post("/accounting.nv", voucher_xml(description="Taxi again [BZ-12]"))
    nv.post("/accounting.nv", voucher_xml(description="Hotel [BZ-13]"))
    assert calls.posts_with_reference(demo_org, "[BZ-12]") == 2


def test_payment_posts_are_counted_by_the_reference_in_their_message(nv, demo_org):
    assert_ok(nv.post("/payment.nv", payment_xml(message="BZ-P-9 Kulukorvaus")))
    assert calls.posts_with_reference(demo_org, "BZ-P-9", resource="payment.nv") == 1
    assert calls.posts_with_reference(demo_org, "BZ-P-9") == 0


def test_a_post_answered_5xx_still_counts_its_reference(nv, demo_org):
    faults.set_fault(demo_org, "http_5xx")
    assert nv.post("/accounting.nv", voucher_xml(description="Taxi [BZ-5]")).status_code == 503
    assert _only_call().outcome == "http_503"
    assert calls.posts_with_reference(demo_org, "[BZ-5]") == 1


def test_a_dropped_answer_is_logged_as_dropped(nv, demo_org):
    faults.set_fault(demo_org, "drop")
    with pytest.raises(requests.ConnectionError):
        nv.post("/accounting.nv", voucher_xml(description="Taxi [BZ-6]"))
    assert _only_call().outcome == "dropped"


def test_a_dropped_failure_keeps_its_error_code(nv, demo_org):
    faults.set_fault(demo_org, "drop")
    with pytest.raises(requests.ConnectionError):
        nv.post("/accounting.nv", voucher_xml(voucher_class="Tuntematon"))
    assert _only_call().outcome == "dropped:INVALID_DATA"


def test_a_call_without_a_known_organisation_is_logged_without_one(nv):
    assert error_code(nv.get("/vouchertypelist.nv", organisation_id="0000000-0")) == "AUTHENTICATION_FAILED"
    call = _only_call()
    assert (call.organisation, call.outcome) == (None, "AUTHENTICATION_FAILED")


def test_max_concurrency_is_zero_without_calls(demo_org):
    assert calls.max_concurrency(demo_org) == 0


def test_max_concurrency_is_one_for_calls_one_at_a_time(nv, demo_org):
    assert_ok(nv.get("/vouchertypelist.nv"))
    assert_ok(nv.get("/vouchertypelist.nv"))
    assert calls.max_concurrency(demo_org) == 1


def _two_at_once(nv) -> tuple[requests.Response, requests.Response]:
    """Start a call, send a second while the first sleeps in its latency, return both answers."""
    first: dict[str, requests.Response] = {}
    thread = threading.Thread(target=lambda: first.setdefault("response", nv.get("/vouchertypelist.nv")))
    thread.start()
    time.sleep(0.3)
    second = nv.get("/vouchertypelist.nv")
    thread.join()
    return first["response"], second


@pytest.mark.django_db(transaction=True)  # calls in parallel need the server: the sandbox over HTTP
def test_max_concurrency_counts_overlapping_calls(nv, demo_org):
    faults.set_fault(demo_org, "latency", seconds=0.8)
    first, _second = _two_at_once(nv)
    assert_ok(first)
    assert calls.max_concurrency(demo_org) == 2


@pytest.mark.django_db(transaction=True)  # calls in parallel need the server: the sandbox over HTTP
def test_an_overlapping_call_is_logged_as_overlap(nv, demo_org):
    faults.set_fault(demo_org, "latency", seconds=0.8)
    faults.set_fault(demo_org, "overlap")
    _first, second = _two_at_once(nv)
    assert error_code(second) == "TECHNICAL_ERROR"
    outcomes = sorted(SandboxCall.objects.values_list("outcome", "in_flight_at_start"))
    assert outcomes == [("ok", 0), ("overlap", 1)]
