"""Helpers for tests that need real services: a Celery worker process, Redis, PostgreSQL."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from kombu import pools as kombu_pools

from bezala.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_redis() -> str:
    from tests.conftest import service_unavailable  # conftest imports this module for its fixture

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    if not reachable("127.0.0.1", 6379):
        service_unavailable("Redis at 127.0.0.1:6379")
    return own_redis_database(url)


def own_redis_database(url: str) -> str:
    """The Redis database of this pytest-xdist worker: gw0 the configured one, gw1 the one below it, and so on.

    Parallel tests would otherwise share one broker, and a worker process of one test would take the tasks of
    another.
    """
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    base, _slash, number = url.rpartition("/")
    return f"{base}/{int(number) - index}"


def database_url() -> str:
    """The URL of the test database this process uses, for child processes."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    host = db.get("HOST") or "127.0.0.1"
    options = quote(db.get("OPTIONS", {}).get("options", ""))  # the test settings' synchronous_commit=off
    return f"postgres://{user}@{host}:{db.get('PORT') or 5432}/{db['NAME']}" + (
        f"?options={options}" if options else ""
    )


@contextmanager
def worker_process(env: dict[str, str], *, ready_timeout: float = 60, name: str = "worker"):
    """Run a real `celery worker` with this environment until the block ends.

    In its own session, so a test can end it with ``os.killpg(process.pid, signal.SIGKILL)``.
    """
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bezala.settings.local", "DATABASE_URL": database_url(), **env}
    log = Path(env["BEZALA_DATA_DIR"]) / f"{name}.log"
    with log.open("a") as out:
        start = log.stat().st_size
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bezala",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-n",
                f"{name}@%h",
                "--without-mingle",
                "--without-gossip",
            ],
            start_new_session=True,
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + ready_timeout
        while "ready." not in log.read_text()[start:]:
            assert process.poll() is None, f"worker exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"worker not ready:\n{log.read_text()}"
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
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


@pytest.fixture
def publish_for_real(tmp_path):
    """Send tasks to a broker instead of running them inline, for the length of a test."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: celery_app.conf[key] for key in keys}

    def configure(broker_url: str, transport_options: dict | None = None) -> None:
        for key, value in zip(keys, (False, broker_url, transport_options or {}), strict=True):
            celery_app.conf[key] = value
        forget_broker_connections()

    yield configure
    for key, value in saved.items():
        celery_app.conf[key] = value
    forget_broker_connections()


def forget_broker_connections() -> None:
    """Forget pooled broker connections so the next publish uses the broker configured now."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # kombu keeps producer pools per broker in a registry of its own: a second test on the same
    # broker would otherwise get the pool closed above.
    kombu_pools.reset()


def worker_env(tmp_path: Path, broker_url: str) -> dict[str, str]:
    return {
        "BEZALA_DATA_DIR": str(tmp_path),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "DEBUG": "false",
    }


def sent_mail(tmp_path: Path) -> str:
    folder = tmp_path / "mail"
    return "".join(p.read_text() for p in folder.glob("*.log")) if folder.exists() else ""
