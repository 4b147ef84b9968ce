"""The sandbox per test, the demo seeded: in this process, or a server thread on 127.0.0.1 when a test needs one.

These tests speak to the sandbox with `requests`, as any Netvisor caller does. In process, a transport adapter
for the sandbox's address hands each prepared request, bytes as sent, to the sandbox's handler in this thread
(tests/sandbox.py); the rest of `requests` is untouched. A test that needs the socket (a dropped connection, a
read timeout, calls in parallel) or real commits says ``@pytest.mark.django_db(transaction=True)`` and gets the
server thread, as before.
"""

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import requests
from nvsandbox_client import Caller
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from tests.sandbox import IN_PROCESS_BASE_URL, answer_in_process, commits_as_in_production, http_server, seeded_demo


class InProcessAdapter(BaseAdapter):
    """A `requests` transport adapter that answers from the sandbox in this thread."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body or b""
        headers: Mapping[str, str] = request.headers
        answer = answer_in_process(request.method or "GET", request.url or "", headers, body)
        if answer.dropped:
            raise requests.ConnectionError("connection dropped by the sandbox's fault", request=request)
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.body
        response.encoding = get_encoding_from_headers(response.headers)
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


@pytest.fixture
def sandbox(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    info, over_http = seeded_demo(request)
    if over_http:
        # The server joins its request threads on close, so none sleeping in a latency/timeout fault touches
        # the database after the test has flushed it.
        with http_server() as base_url:
            yield {**info, "base_url": base_url}
        return
    adapter = InProcessAdapter()
    get_adapter = requests.Session.get_adapter

    def adapter_for(session: requests.Session, url: str) -> BaseAdapter:
        return adapter if url.startswith(IN_PROCESS_BASE_URL) else get_adapter(session, url)

    monkeypatch.setattr(requests.Session, "get_adapter", adapter_for)
    with commits_as_in_production():
        yield {**info, "base_url": IN_PROCESS_BASE_URL}


@pytest.fixture
def nv(sandbox) -> Caller:
    return Caller(sandbox)


@pytest.fixture
def demo_org(sandbox):
    from netvisor_sandbox.models import SandboxOrganisation

    return SandboxOrganisation.objects.get(business_id=sandbox["organisation_id"])
