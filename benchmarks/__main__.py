"""`make bench`: run every benchmark and print one BENCH line each.

Runs on a throw-away SQLite database under a temporary data folder, so it never touches
the demo's data.
"""

import importlib
import os
import sys
import tempfile

MODULES = [
    "benchmarks.bench_pages",
    "benchmarks.bench_netvisor",
    "benchmarks.bench_costcenters",
    "benchmarks.bench_exports",
    "benchmarks.bench_dashboards",
]


def main() -> int:
    os.environ.setdefault("BEZALA_DATA_DIR", tempfile.mkdtemp(prefix="bezala-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bezala.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host and a quiet mail outbox

    call_command("migrate", verbosity=0)
    names = sys.argv[1:]
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for result in module.run():
            if not names or result.name in names:
                print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
