"""`manage.py netvisor_sandbox --port PORT [--host 127.0.0.1] [--demo]`: run the Netvisor simulator.

Prints exactly one JSON line on stdout before serving (base_url plus, once the demo is seeded, its partner
and customer identifiers) so scripts can read it; logs go to stderr.
"""

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from netvisor_sandbox import seed
from netvisor_sandbox.server import make_server

DEFAULT_PORT = 8700


class Command(BaseCommand):
    help = "Run the Netvisor sandbox (a simulator of the Netvisor XML API) on its own port."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--demo", action="store_true", help="seed (idempotently) the demo company Demo Oy")

    def handle(self, *args: Any, **options: Any) -> None:
        _require_migrated()
        info = seed.seed_demo() if options["demo"] else seed.demo_info()
        server = make_server(options["host"], options["port"])
        host, port = server.server_address[:2]
        assert isinstance(host, str)  # typeshed allows bytes; an AF_INET server reports text
        base_url = getattr(settings, "NETVISOR_SANDBOX_PUBLIC_BASE_URL", "") or f"http://{host}:{port}"
        line = {"base_url": base_url.rstrip("/"), **(info or {"sender": seed.SENDER})}
        # Written to the real stdout and flushed: a parent process waits for this line before it goes on.
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _require_migrated() -> None:
    # Without this, a fresh database fails deep inside the seed with "no such table".
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if any(migration.app_label == "netvisor_sandbox" for migration, _backwards in plan):
        raise CommandError("The sandbox's tables are not there yet: run `python manage.py migrate` first.")
