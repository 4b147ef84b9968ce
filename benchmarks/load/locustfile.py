"""The people of the load test, for locust (run by ``python -m benchmarks.load``, not by hand).

Each locust user is one seeded person: it logs in through the login page, then browses list and
detail pages, reads the API, creates receipts through the API (each with an Idempotency-Key and a
description no other request uses) and uploads small PNG receipts to them. Every request is written
to LOAD_SAMPLES_FILE and every create to LOAD_CREATES_FILE when the run stops, for the report and the
exactly-once check.

The server runs the production settings over plain http on 127.0.0.1, so its session and CSRF cookies
are marked Secure; the users' cookie jars send them back all the same (``SecureOverLoopback``), as
they would over the TLS that a proxy in front of production adds.
"""

import io
import itertools
import json
import os
import re
import time
import uuid
from collections import Counter
from http.cookiejar import Cookie, DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.request import Request

from locust import FastHttpUser, between, events, task
from PIL import Image

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS_FILE"]).read_text())
RUN_ID = os.environ.get("LOAD_RUN_ID", uuid.uuid4().hex[:8])
BASELINE_PATH = os.environ.get("LOAD_BASELINE_PATH", "/static/css/app.css")
# Seconds a person pauses between actions, drawn evenly from this range (locust's own example uses 1-5).
PAUSE = tuple(float(bound) for bound in os.environ.get("LOAD_PAUSE", "1,5").split(","))
# Requests whose name is here count as list pages for the p99 goal.
LIST_NAMES = {
    "page: my expenses",
    "page: all expenses",
    "page: approvals",
    "page: cost centers",
    "api: expenses",
    "api: approvals",
    "api: cost centers",
}

UPLOADS_PER_RECEIPT = 3

_next_account = itertools.count()
_samples: list[tuple[str, float, bool, float]] = []  # name, response ms, ok, started at
_steady_from: list[float] = []  # when every user had started, and when every Person had logged in
_logged_in = itertools.count(1)
_creates: list[dict[str, Any]] = []
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


@events.request.add_listener  # type: ignore[untyped-decorator]  # locust's add_listener is not annotated
def _record(name: str, response_time: float, exception: BaseException | None, start_time: float, **_: object) -> None:
    _samples.append((name, response_time, exception is None, start_time))


@events.spawning_complete.add_listener  # type: ignore[untyped-decorator]  # locust's add_listener is not annotated
def _note_all_started(**_: object) -> None:
    _steady_from.append(time.time())


@events.test_stop.add_listener  # type: ignore[untyped-decorator]  # locust's add_listener is not annotated
def _write_results(**_: object) -> None:
    steady_from = max(_steady_from, default=0.0)
    results = {"list_names": sorted(LIST_NAMES), "steady_from": steady_from, "samples": _samples}
    Path(os.environ["LOAD_SAMPLES_FILE"]).write_text(json.dumps(results))
    Path(os.environ["LOAD_CREATES_FILE"]).write_text(json.dumps(_creates))


class SecureOverLoopback(DefaultCookiePolicy):
    def return_ok_secure(self, cookie: Cookie, request: Request) -> bool:
        return True


class StaticFileReader(FastHttpUser):
    """The baseline: the same users and pauses, each request a static file (gunicorn and WhiteNoise alone)."""

    wait_time = between(*PAUSE)

    @task
    def static_file(self) -> None:
        self.client.get(BASELINE_PATH, name="baseline: static file")


class Person(FastHttpUser):
    wait_time = between(*PAUSE)

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(SecureOverLoopback())
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.api_headers = {
            "Authorization": f"Token {self.account['token']}",
            "X-Company": str(self.account["company_id"]),
        }
        self.drafts: list[int] = []
        self.uploads: Counter[int] = Counter()
        self.created = itertools.count()
        self._log_in()

    def _log_in(self) -> None:
        page = self.client.get("/accounts/login/", name="page: login form")
        found = _CSRF_INPUT.search(page.text or "")
        form = {"username": self.account["email"], "password": self.account["password"]}
        with self.client.post(
            "/accounts/login/",
            data={**form, "csrfmiddlewaretoken": found.group(1) if found else ""},
            name="page: log in",
            catch_response=True,
        ) as response:
            # A refused login shows the form again with 200; only a session cookie says it worked.
            if response.status_code != 200 or not any(c.name == "sessionid" for c in self.client.cookiejar):
                response.failure(f"not logged in ({response.status_code})")
        if next(_logged_in) == self.environment.runner.target_user_count:
            _steady_from.append(time.time())

    # --- pages --------------------------------------------------------------------------------------

    @task(6)
    def list_page(self) -> None:
        role = self.account["role"]
        if role in ("admin", "accountant"):
            self.client.get("/expenses/all/", name="page: all expenses")
        elif role == "approver":
            self.client.get("/expenses/approvals/", name="page: approvals")
        else:
            self.client.get("/expenses/", name="page: my expenses")

    @task(4)
    def dashboard_and_own_expense(self) -> None:
        self.client.get("/", name="page: dashboard")
        if self.drafts:
            self.client.get(f"/expenses/{self.drafts[-1]}/", name="page: expense")

    @task(2)
    def cost_centers_page(self) -> None:
        self.client.get("/cost-centers/", name="page: cost centers")

    # --- API ----------------------------------------------------------------------------------------

    @task(8)
    def api_reads(self) -> None:
        self.client.get("/api/v1/expenses/?limit=50", headers=self.api_headers, name="api: expenses")
        if self.drafts:
            self.client.get(f"/api/v1/expenses/{self.drafts[-1]}/", headers=self.api_headers, name="api: expense")
        if self.account["role"] == "approver":
            self.client.get("/api/v1/approvals/", headers=self.api_headers, name="api: approvals")
        else:
            self.client.get("/api/v1/cost-centers/?limit=50", headers=self.api_headers, name="api: cost centers")

    @task(5)
    def create_receipt(self) -> None:
        description = f"load-{RUN_ID}-{self.account['email'].split('@')[0]}-{next(self.created)}"
        record: dict[str, Any] = {"description": description, "status": None}
        _creates.append(record)
        body = {
            "kind": "receipt",
            "date": "2026-03-02",
            "description": description,
            "amount": "36.90",
            "payment_method": self.account["payment_method_id"],
            "lines": [{"purchase_type": self.account["purchase_type_id"], "amount": "36.90", "vat_rate": "13.5"}],
        }
        headers = {**self.api_headers, "Idempotency-Key": str(uuid.uuid4())}
        response = self.client.post("/api/v1/expenses/", json=body, headers=headers, name="api: create receipt")
        record["status"] = response.status_code
        if response.status_code == 201:
            self.drafts.append(response.json()["id"])

    @task(3)
    def upload_receipt(self) -> None:
        # A few files per receipt, well under the service's bound on attachments per expense.
        if not self.drafts or self.uploads[self.drafts[-1]] >= UPLOADS_PER_RECEIPT:
            return
        self.uploads[self.drafts[-1]] += 1
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="receipt.png"\r\n'
                f"Content-Type: image/png\r\n\r\n"
            ).encode()
            + PNG
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {**self.api_headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        self.client.post(
            f"/api/v1/expenses/{self.drafts[-1]}/attachments/",
            data=body,  # type: ignore[arg-type]  # sent as it is; locust annotates only str and dict
            headers=headers,
            name="api: upload receipt",
        )
