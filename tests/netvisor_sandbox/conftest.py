"""A running sandbox server per test: a thread on 127.0.0.1, a free port, the test database, the demo seeded."""

import threading
from collections.abc import Iterator

import pytest
from nvsandbox_client import Caller


@pytest.fixture
def sandbox(transactional_db) -> Iterator[dict[str, str]]:
    from netvisor_sandbox.seed import seed_demo
    from netvisor_sandbox.server import make_server

    info = seed_demo()
    # join_threads: closing the server waits for requests still sleeping in a latency/timeout fault,
    # so none of them touches the database after the test has flushed it.
    server = make_server("127.0.0.1", 0, join_threads=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    info["base_url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield info
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def nv(sandbox) -> Caller:
    return Caller(sandbox)


@pytest.fixture
def demo_org(sandbox):
    from netvisor_sandbox.models import SandboxOrganisation

    return SandboxOrganisation.objects.get(business_id=sandbox["organisation_id"])
