"""Faults limited to a share of the calls and to one resource, drawn repeatably from a seed (spec 13.12)."""

import threading

import pytest
import requests
from django.core.management import CommandError, call_command
from django.db import connection
from nvsandbox_client import assert_ok, error_code, voucher_xml

from netvisor_sandbox import faults


def _hits(organisation, kind: str, calls: int, resource: str = "accounting.nv") -> list[bool]:
    return [kind in faults.firing(faults.all_for(organisation), resource) for _ in range(calls)]


@pytest.fixture
def org(db):
    from netvisor_sandbox.models import SandboxOrganisation

    # The test database holds the seeded demo already (tests/sandbox.py); its faults start empty all the same.
    return SandboxOrganisation.objects.get_or_create(business_id="1234567-8", defaults={"name": "Demo Oy"})[0]


def test_share_hits_about_that_share_of_calls(org):
    faults.set_fault(org, "http_5xx", share=0.3, seed="shares")
    assert 60 <= sum(_hits(org, "http_5xx", 300)) <= 120


def test_without_a_share_every_call_is_hit_and_nothing_is_drawn(org):
    faults.set_fault(org, "maintenance")
    assert all(_hits(org, "maintenance", 5))
    assert org.faults.get().draws == 0


def test_share_zero_hits_no_call(org):
    faults.set_fault(org, "maintenance", share=0)
    assert not any(_hits(org, "maintenance", 20))


def test_same_seed_repeats_the_same_hits(org):
    faults.set_fault(org, "drop", share=0.5, seed="run-1")
    first = _hits(org, "drop", 40)
    faults.set_fault(org, "drop", share=0.5, seed="run-1")
    assert _hits(org, "drop", 40) == first


def test_another_seed_hits_other_calls(org):
    faults.set_fault(org, "drop", share=0.5, seed="run-1")
    first = _hits(org, "drop", 40)
    faults.set_fault(org, "drop", share=0.5, seed="run-2")
    assert _hits(org, "drop", 40) != first


def test_each_draw_is_counted(org):
    faults.set_fault(org, "drop", share=0.5)
    _hits(org, "drop", 7)
    assert org.faults.get().draws == 7


def test_a_fault_for_one_resource_spares_the_others(org):
    faults.set_fault(org, "maintenance", resource="accounting.nv")
    assert _hits(org, "maintenance", 1, "accounting.nv") == [True]
    assert _hits(org, "maintenance", 1, "vouchertypelist.nv") == [False]


def test_other_resources_draw_nothing(org):
    faults.set_fault(org, "drop", share=0.5, resource="accounting.nv")
    _hits(org, "drop", 5, "accountingledger.nv")
    assert org.faults.get().draws == 0


def test_resource_name_is_stored_in_lower_case(org):
    assert faults.set_fault(org, "drop", resource="Accounting.NV").resource == "accounting.nv"


def test_unknown_resource_is_refused(org):
    with pytest.raises(ValueError, match="unknown resource"):
        faults.set_fault(org, "drop", resource="acounting.nv")


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_share_outside_zero_to_one_is_refused(org, share):
    with pytest.raises(ValueError, match="share"):
        faults.set_fault(org, "drop", share=share)


@pytest.mark.django_db(transaction=True)
def test_threads_drawing_at_once_get_distinct_numbers():
    from netvisor_sandbox.models import SandboxOrganisation

    fault = faults.set_fault(SandboxOrganisation.objects.create(business_id="1-1", name="A"), "drop", share=0.5)
    numbers: list[int] = []

    def draw() -> None:
        try:
            numbers.extend(faults.next_draw_number(fault) for _ in range(15))
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(1, 61))


def test_command_sets_share_resource_and_seed(org):
    call_command(
        "netvisor_sandbox_fault", "--org", "1234567-8", "--set", "drop",
        "--share", "0.1", "--resource", "accounting.nv", "--seed", "run-1",
    )  # fmt: skip
    fault = org.faults.get()
    assert (fault.share, fault.resource, fault.seed) == (0.1, "accounting.nv", "run-1")


def test_command_refuses_a_bad_share(org):
    with pytest.raises(CommandError, match="share"):
        call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--set", "drop", "--share", "3")


def test_command_lists_share_and_resource(org, capsys):
    faults.set_fault(org, "drop", share=0.25, resource="payment.nv")
    call_command("netvisor_sandbox_fault", "--org", "1234567-8", "--list")
    assert "share=0.25 resource=payment.nv" in capsys.readouterr().out


# Over HTTP: what the client sees.


def _post_vouchers(nv, count: int) -> list[str]:
    """Post `count` vouchers; each outcome is "ok", "dropped" or "http_<status>"."""
    outcomes = []
    for number in range(count):
        try:
            response = nv.post("/accounting.nv", voucher_xml(description=f"Share test [BZ-{number}]"))
        except requests.ConnectionError:
            outcomes.append("dropped")
            continue
        outcomes.append("ok" if response.status_code == 200 else f"http_{response.status_code}")
    return outcomes


def test_drop_share_drops_some_answers_and_stores_every_voucher(nv, demo_org):
    faults.set_fault(demo_org, "drop", share=0.1, resource="accounting.nv", seed="drop-10")
    outcomes = _post_vouchers(nv, 30)
    assert 1 <= outcomes.count("dropped") <= 8
    assert demo_org.vouchers.count() == 30


def test_http_5xx_share_answers_some_calls_and_stores_nothing_for_them(nv, demo_org):
    faults.set_fault(demo_org, "http_5xx", share=0.3, resource="accounting.nv", seed="5xx-30")
    outcomes = _post_vouchers(nv, 20)
    assert 2 <= outcomes.count("http_503") <= 12
    assert demo_org.vouchers.count() == outcomes.count("ok") == 20 - outcomes.count("http_503")


def test_maintenance_for_accounting_only_leaves_other_resources_working(nv, demo_org):
    faults.set_fault(demo_org, "maintenance", resource="accounting.nv")
    assert error_code(nv.post("/accounting.nv", voucher_xml())) == "SYSTEM_MAINTANANCE"
    assert_ok(nv.get("/vouchertypelist.nv"))
