"""The Netvisor sandbox for tests, in the test's own process or as a real server.

Use the ``sandbox`` fixture (registered in tests/conftest.py): it seeds the demo Netvisor company, points the
service's NETVISOR_* settings at the sandbox and yields the demo's identifiers.

Most tests reach the sandbox in process: the client's transport (``NETVISOR_TRANSPORT``) hands each signed
request, bytes as sent, to the sandbox's Django handler in the same thread, on the same database connection. The test then runs in a
transaction that is rolled back, instead of committing and flushing every table (most of what these tests
used to cost). Everything from the signature check to the XML answer is the sandbox's real code; only the
socket is left out.

The demo is seeded once when the test database is created and again after each flush (a transactional test
ends with one), so a test normally finds it committed and only reads it; what a test changes is rolled back
with the test (see ``seed_the_demo_again``).

A test gets a real HTTP server in a thread instead when it needs what only a socket or real commits give
(a read timing out, latency, calls in parallel, `responses` faking an answer, a constraint violated and
handled): it says so with ``@pytest.mark.django_db(transaction=True)``. So do browser tests (``live_server``)
and tests with worker processes (the ``services`` marker). The server thread reads what the test commits.
"""

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import get_urlconf, set_urlconf
from django.utils import timezone, translation

from companies.models import Company, NetvisorConnection
from netvisor.response import RawResponse
from netvisor.transport import after_send_error
from netvisor_sandbox.seed import demo_info, seed_demo
from netvisor_sandbox.server import RAW_TARGET, SandboxHandler, make_server
from netvisor_sandbox.views_api import DROP_CONNECTION

IN_PROCESS_BASE_URL = "http://sandbox.invalid"
TRANSPORT = "tests.sandbox.InProcessSandbox"


@dataclass(frozen=True)
class Sandbox:
    base_url: str
    partner_id: str
    partner_key: str
    customer_id: str
    customer_key: str
    organisation_id: str

    def connect(self, company: Company) -> NetvisorConnection:
        """Store the demo identifier as the company's working connection (no UI, no probe)."""
        connection, _created = NetvisorConnection.objects.update_or_create(
            company=company,
            defaults={
                "state": NetvisorConnection.State.CONNECTED,
                "customer_id": self.customer_id,
                "customer_key": self.customer_key,
                "organisation_id": self.organisation_id,
                "voucher_types": ["Muut"],
                # As a real connect leaves it: just checked, so opening the box queues no Check of its own.
                "last_checked_at": timezone.now(),
            },
        )
        return connection


@dataclass(frozen=True)
class Answer:
    status_code: int
    headers: dict[str, str]
    body: bytes
    dropped: bool  # the "drop" fault: over HTTP the connection would close without this answer


_handler: SandboxHandler | None = None


def answer_in_process(method: str, url: str, headers: Mapping[str, str], body: bytes) -> Answer:
    """The sandbox's answer to one request, from its Django handler in this thread.

    The handler is called below the WSGI layer: a WSGI call would send request_started/request_finished,
    whose receiver closes the test's database connection, and our service's own request may be in the middle
    of its work. The URLconf and language the sandbox switches to are put back afterwards for the same reason.
    """
    global _handler
    if _handler is None:
        _handler = SandboxHandler()
    request = _request(method, url, headers, body)
    urlconf = get_urlconf()
    with translation.override(translation.get_language()):
        try:
            response = _handler.get_response(request)
        finally:
            set_urlconf(urlconf)
    data = b"".join(response) if response.streaming else response.content
    return Answer(response.status_code, dict(response.items()), data, bool(request.META.get(DROP_CONNECTION)))


class InProcessSandbox:
    """A ``netvisor.transport.Transport`` that hands each request to the sandbox in this thread."""

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse:
        answer = answer_in_process(method, url, headers, body or b"")
        if answer.dropped:  # as the HTTP transport reports a connection closed after the request was written
            raise after_send_error(f"connection to {url} dropped", method)
        lowered = {name.lower(): value for name, value in answer.headers.items()}
        return RawResponse(answer.status_code, lowered, answer.body, url)


def _request(method: str, url: str, headers: Mapping[str, str], body: bytes) -> WSGIRequest:
    """The request as the sandbox's server would hand it on, built by Django's RequestFactory."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return RequestFactory().generic(
        method.upper(),
        target,
        data=body,
        content_type=headers.get("Content-Type", ""),
        secure=parts.scheme == "https",
        headers={name: value for name, value in headers.items() if name.lower() != "content-type"},
        HTTP_HOST=parts.netloc,
        SERVER_NAME=parts.hostname or "",
        **{RAW_TARGET: target},
    )


@contextmanager
def commits_as_in_production() -> Iterator[None]:
    """Run on-commit callbacks when the code's outermost atomic block ends, as a real commit would.

    The test's transaction stays open around the code under test, so Django would otherwise keep every
    ``transaction.on_commit`` callback (the tasks a service queues after its commit) until the test ends and
    then drop it. Here a block that ends at the test's own depth counts as committed, and a callback
    registered outside any block of the code runs at once, as it does in autocommit mode.
    """
    base_depth = len(connection.atomic_blocks)
    original_exit = transaction.Atomic.__exit__
    original_on_commit = connection.on_commit

    def exit_block(self: transaction.Atomic, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        original_exit(self, exc_type, exc_value, traceback)
        if exc_type is None and len(connection.atomic_blocks) == base_depth and not connection.needs_rollback:
            _run_callbacks()

    def on_commit(func: Any, robust: bool = False) -> None:
        original_on_commit(func, robust)
        if len(connection.atomic_blocks) == base_depth:
            _run_callbacks()

    with (
        mock.patch.object(transaction.Atomic, "__exit__", exit_block),
        mock.patch.object(connection, "on_commit", on_commit),
    ):
        yield


def _run_callbacks() -> None:
    while connection.run_on_commit:
        _savepoints, callback, robust = connection.run_on_commit.pop(0)
        if robust:
            try:
                callback()
            except Exception:
                transaction.logger.exception("Error calling %s in on_commit() (robust).", callback)
        else:
            callback()


def seed_the_demo_again(**_signal: Any) -> None:
    """A ``post_migrate`` receiver for the tests: the demo is in the test database after ``migrate`` and ``flush``.

    Seeding costs about 0.1 s; once per flush instead of once per test, and in no test's own transaction.
    """
    seed_demo()


def needs_http(request: pytest.FixtureRequest) -> bool:
    node = request.node
    marker = node.get_closest_marker("django_db")
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or node.get_closest_marker("services")
        or "live_server" in request.fixturenames
    )


@contextmanager
def http_server() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, join_threads=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def seeded_demo(request: pytest.FixtureRequest) -> tuple[dict[str, str], bool]:
    """The demo's identifiers, after giving the test its database; and whether the test needs the HTTP server."""
    over_http = needs_http(request)
    request.getfixturevalue("transactional_db" if over_http else "db")
    return demo_info() or seed_demo(), over_http


@pytest.fixture
def sandbox(request: pytest.FixtureRequest, settings: Any) -> Iterator[Sandbox]:
    info, over_http = seeded_demo(request)
    settings.NETVISOR_PARTNER_ID = info["partner_id"]
    settings.NETVISOR_PARTNER_KEY = info["partner_key"]
    settings.NETVISOR_SENDER = info["sender"]
    settings.NETVISOR_READ_TIMEOUT = 5  # the sandbox's timeout fault must not stall the suite
    settings.NETVISOR_STORE_SECRET = "test-store-secret"
    identifiers = {key: info[key] for key in Sandbox.__dataclass_fields__ if key != "base_url"}
    if over_http:
        with http_server() as base_url:
            settings.NETVISOR_BASE_URL = base_url
            yield Sandbox(base_url=base_url, **identifiers)
        return
    settings.NETVISOR_BASE_URL = IN_PROCESS_BASE_URL
    settings.NETVISOR_TRANSPORT = TRANSPORT
    with commits_as_in_production():
        yield Sandbox(base_url=IN_PROCESS_BASE_URL, **identifiers)
