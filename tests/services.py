"""Helpers for tests that need real services: a Celery worker process, Redis, PostgreSQL."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.conftest import service_unavailable

ROOT = Path(__file__).resolve().parent.parent


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_redis() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    if not reachable("127.0.0.1", 6379):
        service_unavailable("Redis at 127.0.0.1:6379")
    return url


def database_url() -> str:
    """The URL of the test database this process uses, for child processes."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def worker_process(env: dict[str, str], *, ready_timeout: float = 60):
    """Run a real `celery worker` with this environment until the block ends."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bezala.settings.local", "DATABASE_URL": database_url(), **env}
    log = Path(env["BEZALA_DATA_DIR"]) / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "bezala", "worker", "--pool=solo", "--loglevel=INFO"],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + ready_timeout
        while "ready." not in log.read_text():
            assert process.poll() is None, f"worker exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"worker not ready:\n{log.read_text()}"
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for(predicate, timeout: float = 30, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
