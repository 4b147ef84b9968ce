"""The export and the background kernel against real worker processes, Redis and (in CI) PostgreSQL.

Workers are killed with SIGKILL at random moments and Redis is restarted mid-run; the sandbox's
books must end with every voucher exactly once. Under CI these fail instead of skipping.
"""

import os
import random
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from costcenters.models import CostCenter, CostCenterFetch
from costcenters.services import request_fetch
from costcenters.services.fetching import sweep_fetches
from exports.models import VoucherExport
from exports.services.lanes import sweep_exports
from exports.services.queueing import send_now
from netvisor_sandbox import calls
from tests.conftest import service_unavailable
from tests.exports.helpers import clear_faults, organisation, posts_of, sandbox_vouchers, set_fault
from tests.services import require_redis, wait_for, worker_env, worker_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
LEASE_SECONDS = 2


def export_worker_env(tmp_path, broker: str, sandbox) -> dict[str, str]:
    return {
        **worker_env(tmp_path, broker),
        "JOBS_LEASE_SECONDS": str(LEASE_SECONDS),
        "EXPORTS_PAYMENT_CHECK_SECONDS": "3600",
        "NETVISOR_BASE_URL": sandbox.base_url,
        "NETVISOR_PARTNER_ID": sandbox.partner_id,
        "NETVISOR_PARTNER_KEY": sandbox.partner_key,
        "NETVISOR_READ_TIMEOUT": "2",
        "JOBS_RETRY_BASE_SECONDS": "1",
    }


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def settle(books, *, timeout: float = 180) -> None:
    """Act as the beat's sweeper until every voucher is in the books."""

    def done() -> bool:
        sweep_exports()
        return not VoucherExport.objects.exclude(state="sent").exists()

    wait_for(done, timeout=timeout, interval=LEASE_SECONDS)


def assert_exactly_once(books, count: int, *, refused_posts: bool = False) -> None:
    """Every row sent, each reference in exactly one voucher of the sandbox's books, and (unless
    Netvisor refused some posts before storing anything) no voucher posted a second time."""
    rows = list(VoucherExport.objects.all())
    assert len(rows) == count and {row.state for row in rows} == {"sent"}
    assert sandbox_vouchers(books).count() == count
    descriptions = list(sandbox_vouchers(books).values_list("description", flat=True))
    assert all(sum(f"[{row.reference}]" in text for text in descriptions) == 1 for row in rows)
    if refused_posts:
        assert all(posts_of(books, row) <= row.attempt_count for row in rows)
    else:
        assert all(posts_of(books, row) == 1 for row in rows)
    assert len({row.netvisor_key for row in rows}) == count


@pytest.fixture
def fast_leases(settings):
    settings.JOBS_LEASE_SECONDS = LEASE_SECONDS
    settings.JOBS_RETRY_BASE_SECONDS = 1
    settings.EXPORTS_PAYMENT_CHECK_SECONDS = 3600


def test_a_fetch_whose_worker_is_killed_ends_in_one_completed_fetch(
    tmp_path, publish_for_real, sandbox, company, fast_leases
):
    broker = require_redis()
    publish_for_real(broker)
    sandbox.connect(company)
    # Long enough to kill the worker inside the call; the sandbox's server waits out the sleep when it closes.
    set_fault_on(sandbox, "latency", seconds=5, resource="dimensionlist.nv")
    env = export_worker_env(tmp_path, broker, sandbox)
    with worker_process(env, name="doomed") as doomed:
        fetch, _created = request_fetch(company=company, actor=None)
        wait_for(lambda: CostCenterFetch.objects.get(pk=fetch.pk).state == "running", timeout=30)
        time.sleep(0.5)  # inside the Netvisor call
        kill(doomed)
    clear_faults_on(sandbox)
    time.sleep(LEASE_SECONDS + 0.5)  # the dead worker's lease runs out
    with worker_process(env, name="restarted"):
        assert sweep_fetches() == 1
        done = wait_for(lambda: CostCenterFetch.objects.filter(pk=fetch.pk, state="succeeded").first(), timeout=60)
    assert CostCenterFetch.objects.filter(company=company).count() == 1
    assert done.added == CostCenter.objects.filter(company=company).count() > 0


def set_fault_on(sandbox, kind: str, **options) -> None:
    from netvisor_sandbox import faults
    from netvisor_sandbox.models import SandboxOrganisation

    faults.set_fault(SandboxOrganisation.objects.get(business_id=sandbox.organisation_id), kind, **options)


def clear_faults_on(sandbox) -> None:
    from netvisor_sandbox import faults
    from netvisor_sandbox.models import SandboxOrganisation

    faults.clear(SandboxOrganisation.objects.get(business_id=sandbox.organisation_id))


def approve_many(books, count: int) -> None:
    for index in range(count):
        books.receipt(f"{10 + index % 90}.{index % 100:02d}", description=f"Taksi {index}")


def test_killing_the_worker_twenty_times_leaves_exactly_200_vouchers(tmp_path, publish_for_real, books, fast_leases):
    broker = require_redis()
    publish_for_real(broker)
    approve_many(books, 200)
    set_fault(books, "latency", seconds=0.02, resource="accounting.nv")  # a kill lands inside calls too
    env = export_worker_env(tmp_path, broker, books.sandbox)
    rng = random.Random(20)
    send_now(company=books.company, actor=books.accountant)
    for round_ in range(20):
        with worker_process(env, name=f"worker{round_}") as worker:
            sweep_exports()
            time.sleep(rng.uniform(0.2, 1.5))
            kill(worker)
    clear_faults(books)
    with worker_process(env, name="last"):
        settle(books)
    assert_exactly_once(books, 200)


def test_redis_restarted_mid_run_loses_and_doubles_nothing(tmp_path, publish_for_real, books, fast_leases):
    require_redis()
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    approve_many(books, 100)
    set_fault(books, "latency", seconds=0.02, resource="accounting.nv")
    with own_redis(port) as restart:
        publish_for_real(broker)
        with worker_process(export_worker_env(tmp_path, broker, books.sandbox)):
            send_now(company=books.company, actor=books.accountant)
            wait_for(lambda: VoucherExport.objects.filter(state="sent").count() >= 10, timeout=60)
            restart()  # its queue is gone: the outbox rows are what remains
            clear_faults(books)
            settle(books)
    assert_exactly_once(books, 100)


def test_twenty_presses_at_once_never_put_two_calls_in_flight(tmp_path, publish_for_real, books, fast_leases):
    broker = require_redis()
    publish_for_real(broker)
    approve_many(books, 60)
    set_fault(books, "latency", seconds=0.05, resource="accounting.nv")
    env = export_worker_env(tmp_path, broker, books.sandbox)
    with worker_process(env, name="one"), worker_process(env, name="two"):
        start, queued = threading.Barrier(20), []

        def press() -> None:
            try:
                start.wait()
                queued.append(send_now(company=books.company, actor=books.accountant))
            finally:
                connection.close()

        presses = [threading.Thread(target=press) for _ in range(20)]
        for thread in presses:
            thread.start()
        for thread in presses:
            thread.join(timeout=60)
        assert sum(queued) == 60
        settle(books)
    assert_exactly_once(books, 60)
    assert calls.max_concurrency(organisation(books)) == 1


@pytest.mark.parametrize(
    ("fault", "options"),
    [
        ("drop", {"share": 0.1, "seed": "workers-drop"}),  # stored, then the answer is lost
        ("http_5xx", {"share": 0.3, "seed": "workers-5xx"}),  # refused before anything is stored
    ],
)
def test_faulty_answers_through_a_worker_leave_every_voucher_exactly_once(
    tmp_path, publish_for_real, books, fast_leases, fault, options
):
    broker = require_redis()
    publish_for_real(broker)
    approve_many(books, 200)
    set_fault(books, fault, resource="accounting.nv", **options)
    with worker_process(export_worker_env(tmp_path, broker, books.sandbox)):
        send_now(company=books.company, actor=books.accountant)
        settle(books)
    assert_exactly_once(books, 200, refused_posts=fault == "http_5xx")
    assert max(VoucherExport.objects.values_list("attempt_count", flat=True)) <= 8


def test_credentials_expiring_mid_run_pause_the_worker_and_update_completes_it(
    tmp_path, publish_for_real, books, fast_leases
):
    from netvisor_sandbox.models import SandboxApiIdentifier
    from tests.costcenters.cc_helpers import update_credentials

    broker = require_redis()
    publish_for_real(broker)
    approve_many(books, 100)
    set_fault(books, "latency", seconds=0.05, resource="accounting.nv")
    with worker_process(export_worker_env(tmp_path, broker, books.sandbox)):
        send_now(company=books.company, actor=books.accountant)
        wait_for(lambda: VoucherExport.objects.filter(state="sent").count() >= 10, timeout=60)
        SandboxApiIdentifier.objects.filter(customer_id=books.sandbox.customer_id).update(revoked_at=timezone.now())
        wait_for(lambda: VoucherExport.objects.filter(state="paused").exists(), timeout=60)
        failed = list(VoucherExport.objects.filter(state="failed").values_list("message", "netvisor_text"))
        assert not failed
        clear_faults(books)
        update_credentials(books.sandbox, books.company)  # resumes the paused work after its commit
        settle(books)
    assert_exactly_once(books, 100, refused_posts=True)  # the refused post stored nothing


def test_a_payment_whose_answer_a_worker_lost_is_held_and_never_sent_twice(
    tmp_path, publish_for_real, books, fast_leases
):
    from exports.models import PaymentExport
    from netvisor_sandbox.models import SandboxPayment

    broker = require_redis()
    publish_for_real(broker)
    approve_many(books, 3)
    set_fault(books, "drop", resource="payment.nv")
    with worker_process(export_worker_env(tmp_path, broker, books.sandbox)):
        send_now(company=books.company, actor=books.accountant)
        held = wait_for(lambda: PaymentExport.objects.filter(state="check").first(), timeout=60)
        for _sweep in range(3):  # later runs of the lane leave it alone
            sweep_exports()
            send_now(company=books.company, actor=books.accountant)
            time.sleep(LEASE_SECONDS)
    assert PaymentExport.objects.get().state == "check" and held.reference in held.message
    assert SandboxPayment.objects.filter(organisation=organisation(books)).count() == 1
    assert calls.posts_with_reference(organisation(books), held.reference, resource="payment.nv") == 1


def test_an_account_netvisor_lacks_fails_that_expense_alone_through_a_worker(
    tmp_path, publish_for_real, books, fast_leases
):
    from decimal import Decimal

    from expenses.services.inputs import LineInput
    from tests.factories import PurchaseTypeFactory

    broker = require_redis()
    publish_for_real(broker)
    approve_many(books, 20)
    unknown = PurchaseTypeFactory(company=books.company, name="Väärä tili", account_number="9999")
    line = LineInput(amount=Decimal("40.00"), vat_rate=Decimal("13.5"), purchase_type=unknown)
    bad = books.receipt("40.00", description="Wrong account", lines=(line,))
    with worker_process(export_worker_env(tmp_path, broker, books.sandbox)):
        send_now(company=books.company, actor=books.accountant)
        wait_for(lambda: not VoucherExport.objects.filter(state__in=["pending", "sending", "unknown"]).exists())
    failed = VoucherExport.objects.get(expenses=bad)
    assert failed.state == "failed" and "9999" in failed.netvisor_text
    assert VoucherExport.objects.filter(state="sent").count() == 20 == sandbox_vouchers(books).count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def own_redis(port: int):
    """A Redis of this test's own (never the shared one), with a function that kills and restarts it."""

    def start() -> subprocess.Popen:
        try:
            process = subprocess.Popen(
                ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            service_unavailable("redis-server (to restart a Redis of the test's own)")
        wait_for(lambda: _answers(port), timeout=20)
        return process

    current = [start()]

    def restart() -> None:
        current[0].kill()
        current[0].wait(timeout=10)
        current[0] = start()

    try:
        yield restart
    finally:
        current[0].kill()
        current[0].wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


__all__ = ["timezone"]
