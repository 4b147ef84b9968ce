"""A real Netvisor sandbox server for tests: started in a thread on a free loopback port.

Use the ``sandbox`` fixture (registered in tests/conftest.py): it seeds the demo Netvisor
company, points the service's NETVISOR_* settings at the server and yields the demo's
identifiers. It needs the transactional database, because the server thread reads what
the test writes.
"""

import threading
from dataclasses import dataclass

import pytest
from django.utils import timezone

from companies.models import Company, NetvisorConnection
from netvisor_sandbox.seed import seed_demo
from netvisor_sandbox.server import make_server


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


@pytest.fixture
def sandbox(transactional_db, settings):
    server = make_server("127.0.0.1", 0, join_threads=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    info = seed_demo()
    settings.NETVISOR_BASE_URL = base_url
    settings.NETVISOR_PARTNER_ID = info["partner_id"]
    settings.NETVISOR_PARTNER_KEY = info["partner_key"]
    settings.NETVISOR_SENDER = info["sender"]
    settings.NETVISOR_READ_TIMEOUT = 5  # the sandbox's timeout fault must not stall the suite
    settings.NETVISOR_STORE_SECRET = "test-store-secret"
    try:
        yield Sandbox(base_url=base_url, **{k: info[k] for k in Sandbox.__dataclass_fields__ if k != "base_url"})
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
