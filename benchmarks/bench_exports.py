"""The export through real worker processes against the sandbox over HTTP.

* ``export_1000_vouchers``: "Send to accounting now" for 1,000 approved expenses until the last
  voucher is in the sandbox's books, handled by one real worker, against the bare client posting
  the same 1,000 vouchers in a loop (no rows, no claims, no attempts). Bound: 1.5.
* ``export_sql_queries_per_voucher``: statements (transaction control not counted) the export
  makes per voucher, queueing included; the ratio is against the bound of 10.
* ``export_fairness_small_company``: two workers; how long company B's 10 vouchers take while
  company A exports 1,000, against B's 10 alone (medians of three trials). Bound: 2.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.harness import Result
from tests.services import forget_broker_connections

if TYPE_CHECKING:  # the models load only once Django is set up
    from accounts.models import User
    from companies.models import Company

VOUCHERS = 1000
SMALL = 10
TRIALS = 3
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.IGNORECASE)
ROOT = Path(__file__).resolve().parent.parent


def run() -> list[Result]:
    # The sandbox in a process of its own, as with `make run`: Netvisor is another service, and a
    # sandbox sharing this process's interpreter would make every company's calls wait on each other.
    sandbox, demo = _start_sandbox()
    base_url = demo["base_url"]
    _point_at_sandbox(base_url, demo)
    try:
        results = [_queries_per_voucher(demo)]
        with _broker() as env:
            env.update(_worker_env(base_url, demo))
            results.append(_export_1000(demo, env))
            results.append(_fairness(demo, env))
        return results
    finally:
        sandbox.kill()
        sandbox.wait()


def _start_sandbox() -> tuple[subprocess.Popen[str], dict[str, str]]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bezala.settings.local", "DEBUG": "false",
           "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}"}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "manage.py", "netvisor_sandbox", "--port", "0", "--demo"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = json.loads(process.stdout.readline())
    return process, line


# --- set-up ------------------------------------------------------------------------------------


def _point_at_sandbox(base_url: str, demo: dict[str, str]) -> None:
    settings.NETVISOR_BASE_URL = base_url
    settings.NETVISOR_PARTNER_ID, settings.NETVISOR_PARTNER_KEY = demo["partner_id"], demo["partner_key"]
    settings.NETVISOR_SENDER = demo["sender"]
    settings.EXPORTS_PAYMENT_CHECK_SECONDS = 3600


def _worker_env(base_url: str, demo: dict[str, str]) -> dict[str, str]:
    return {
        "NETVISOR_BASE_URL": base_url,
        "NETVISOR_PARTNER_ID": demo["partner_id"],
        "NETVISOR_PARTNER_KEY": demo["partner_key"],
        "EXPORTS_PAYMENT_CHECK_SECONDS": "3600",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }


class _broker:
    """The embedded filesystem broker, shared by this process (publishing) and the workers."""

    def __enter__(self) -> dict[str, str]:
        from bezala.celery import app

        folder = Path(tempfile.mkdtemp(prefix="bench-broker-"))
        options = {"data_folder_in": str(folder / "q"), "data_folder_out": str(folder / "q"),
                   "processed_folder": str(folder / "p"), "control_folder": str(folder / "c"),
                   "store_processed": False, "polling_interval": 0.02}  # fmt: skip
        for name in ("q", "p", "c"):
            (folder / name).mkdir()
        self.saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")}
        app.conf.update(task_always_eager=False, broker_url="filesystem://", broker_transport_options=options)
        forget_broker_connections()
        return {"BEZALA_DATA_DIR": str(folder), "CELERY_BROKER_URL": "filesystem://",
                "BENCH_BROKER_FOLDER": str(folder)}  # fmt: skip

    def __exit__(self, *exc: object) -> None:
        from bezala.celery import app

        app.conf.update(**self.saved)
        forget_broker_connections()


def _start_worker(env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    folder = Path(env["BENCH_BROKER_FOLDER"])
    log = folder / f"{name}.log"
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_worker_settings", "PYTHONPATH": str(folder), **env}
    (folder / "bench_worker_settings.py").write_text(_WORKER_SETTINGS)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bezala", "worker", "--pool=solo", "--loglevel=WARNING",
         "-n", f"{name}@%h", "--without-mingle", "--without-gossip", "--without-heartbeat"],
        cwd=ROOT, env=full, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    time.sleep(3)  # the worker's start-up; the measurement starts after it
    return process


# The embedded broker's folders are this run's, not the local settings' var/ folder.
_WORKER_SETTINGS = """
import os
from bezala.settings.local import *  # noqa
_F = os.environ["BENCH_BROKER_FOLDER"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": _F + "/q", "data_folder_out": _F + "/q",
    "processed_folder": _F + "/p", "control_folder": _F + "/c", "store_processed": False, "polling_interval": 0.02}
"""


def _company(name: str, demo: dict[str, str], expenses: int) -> tuple["Company", "User"]:
    """A company connected to the sandbox organisation of ``demo`` with ``expenses`` approved receipts."""
    from companies.models import NetvisorConnection
    from companies.roles import Role
    from expenses.models import Expense, ExpenseLine, ExpenseSettings
    from exports.models import ExportSettings
    from tests.factories import CompanyFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

    company = CompanyFactory.create(name=name, business_id=demo["organisation_id"])
    accountant = MembershipFactory.create(company=company, role=Role.ACCOUNTANT).user
    employee = MembershipFactory.create(company=company, role=Role.EMPLOYEE).user
    ExpenseSettings.objects.create(company=company, employee_payable_account="2940")
    ExportSettings.objects.create(company=company, when="manual", payments_enabled=False)
    NetvisorConnection.objects.create(
        company=company, state="connected", customer_id=demo["customer_id"], customer_key=demo["customer_key"],
        organisation_id=demo["organisation_id"], voucher_types=["Muut"],
    )  # fmt: skip
    kind = PurchaseTypeFactory.create(company=company, account_number="7000")
    method = PaymentMethodFactory.create(company=company, counter_account="2940")
    rows = Expense.objects.bulk_create(
        Expense(company=company, owner=employee, kind="receipt", state="approved", date=date(2026, 3, 2),
                description=f"Taksi {n}", amount=Decimal("24.80"), amount_eur=Decimal("24.80"), payment_method=method)
        for n in range(expenses)
    )  # fmt: skip
    ExpenseLine.objects.bulk_create(
        ExpenseLine(expense=row, purchase_type=kind, amount=row.amount, amount_eur=row.amount_eur,
                    vat_rate=Decimal("25.5"), vat_amount=Decimal("5.04"), net_amount=Decimal("19.76"))
        for row in rows
    )  # fmt: skip
    return company, accountant


def _second_organisation(demo: dict[str, str]) -> dict[str, str]:
    from netvisor_sandbox.models import (
        SandboxApiIdentifier,
        SandboxIntegrationGrant,
        SandboxOrganisation,
        SandboxPartner,
    )
    from netvisor_sandbox.seed import EXTENSION_RIGHTS, seed_company

    organisation = SandboxOrganisation.objects.create(business_id="7654321-9", name="Pieni Oy")
    seed_company(organisation)
    partner = SandboxPartner.objects.get(partner_id=demo["partner_id"])
    SandboxIntegrationGrant.objects.create(organisation=organisation, partner=partner, rights=list(EXTENSION_RIGHTS))
    identifier = SandboxApiIdentifier.objects.create(organisation=organisation, label="bench")
    return {**demo, "customer_id": identifier.customer_id, "customer_key": identifier.customer_key,
            "organisation_id": organisation.business_id}  # fmt: skip


def _wait_sent(company: "Company", count: int, timeout: float = 600) -> float:
    from exports.models import VoucherExport

    deadline = time.monotonic() + timeout
    while VoucherExport.objects.filter(company=company, state="sent").count() < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the export did not finish within {timeout} s")
        time.sleep(0.05)  # a lighter poll: the sandbox answering both companies shares this process
    return time.monotonic()


# --- measurements ------------------------------------------------------------------------------


def _queries_per_voucher(demo: dict[str, str]) -> Result:
    from exports.services.queueing import send_now

    company, accountant = _company("Kyselyt Oy", demo, 100)
    with CaptureQueriesContext(connection) as queries:
        send_now(company=company, actor=accountant)  # runs inline: the bench process is eager here
    statements = [q for q in queries.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
    per_voucher = len(statements) / 100
    return Result("export_sql_queries_per_voucher", per_voucher, "queries", 10.0)


def _export_1000(demo: dict[str, str], env: dict[str, str]) -> Result:
    from exports.services.queueing import send_now

    company, accountant = _company("Iso Oy", demo, VOUCHERS)
    baseline = _bare_client_loop(demo)
    worker = _start_worker(env, "export")
    try:
        started = time.monotonic()
        send_now(company=company, actor=accountant)
        ours = _wait_sent(company, VOUCHERS) - started
    finally:
        worker.kill()
        worker.wait()
    return Result("export_1000_vouchers", ours * 1000, "ms", baseline * 1000)


def _bare_client_loop(demo: dict[str, str]) -> float:
    """The same 1,000 vouchers posted by the bare client in a loop: the floor the export is held to."""
    from companies.integration.gateway import client_config, partner_credentials
    from netvisor import CustomerCredentials, NetvisorClient, Voucher, VoucherLine

    customer = CustomerCredentials(demo["customer_id"], demo["customer_key"], demo["organisation_id"])
    with NetvisorClient(client_config(), partner_credentials(), customer) as client:
        started = time.monotonic()
        for number in range(VOUCHERS):
            cost = VoucherLine(line_sum=Decimal("24.80"), account_number="7000", vat_percent=Decimal("25.5"),
                               vat_code="KOOS", description=f"Taksi {number}")  # fmt: skip
            counter = VoucherLine(line_sum=Decimal("-24.80"), account_number="2940", vat_percent=Decimal(0),
                                  vat_code="NONE", description="Expenses")  # fmt: skip
            client.post_voucher(Voucher(voucher_date=date(2026, 3, 2), voucher_class="Muut", lines=(cost, counter),
                                        description=f"Bench: Taksi {number} [BASE-{number}]"))  # fmt: skip
        return time.monotonic() - started


def _fairness(demo: dict[str, str], env: dict[str, str]) -> Result:
    """Median of three trials each way: one trial is under a second, so a single one is mostly noise."""
    from exports.services.queueing import send_now

    small_org = _second_organisation(demo)
    workers = [_start_worker(env, "fair-1"), _start_worker(env, "fair-2")]

    def small_export(name: str) -> float:
        company, actor = _company(name, small_org, SMALL)
        started = time.monotonic()
        send_now(company=company, actor=actor)
        return _wait_sent(company, SMALL) - started

    try:
        alone = statistics.median(small_export(f"Pieni yksin {n} Oy") for n in range(TRIALS))
        big, big_actor = _company("Iso kilpailija Oy", demo, VOUCHERS)
        send_now(company=big, actor=big_actor)
        time.sleep(1.0)  # the big export is under way, and stays so for the trials below
        beside_big = statistics.median(small_export(f"Pieni {n} Oy") for n in range(TRIALS))
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    return Result("export_fairness_small_company", beside_big * 1000, "ms", alone * 1000)
