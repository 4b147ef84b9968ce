"""The processes the load test needs: PostgreSQL and Redis (started if down, as .ci/run does), a
database of its own created fresh and dropped afterwards, and gunicorn with the production settings.

Everything listens on 127.0.0.1 only.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet
from psycopg import sql

HOST = "127.0.0.1"
POSTGRES_PORT = 5432
REDIS_PORT = 6379
DATABASE = "bezala_load"
# Redis databases of the load test's own: 15 belongs to the test suite, 0 and 1 to a production-shaped setup.
BROKER_DB, CACHE_DB = 12, 13


def ensure_postgres_and_redis() -> None:
    if not _answers(["pg_isready", "-h", HOST, "-p", str(POSTGRES_PORT), "-q"]):
        print("Starting PostgreSQL", flush=True)
        versions = sorted(os.listdir("/etc/postgresql"))
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=True)
        _wait_until(lambda: _answers(["pg_isready", "-h", HOST, "-p", str(POSTGRES_PORT), "-q"]), seconds=60)
    if not _answers(["redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "ping"]):
        print("Starting Redis", flush=True)
        options = ["--bind", HOST, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"]
        subprocess.run(["redis-server", "--daemonize", "yes", *options], check=True)
        _wait_until(lambda: _answers(["redis-cli", "-h", HOST, "-p", str(REDIS_PORT), "ping"]), seconds=30)


def production_environment(*, data_dir: Path) -> dict[str, str]:
    """What bezala.settings.production needs, with throw-away secrets, for plain http on 127.0.0.1."""
    return {
        "DJANGO_SETTINGS_MODULE": "bezala.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"postgres://postgres@{HOST}:{POSTGRES_PORT}/{DATABASE}",
        "CELERY_BROKER_URL": f"redis://{HOST}:{REDIS_PORT}/{BROKER_DB}",
        "CACHE_URL": f"redis://{HOST}:{REDIS_PORT}/{CACHE_DB}",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",
        "BEZALA_DATA_DIR": str(data_dir),
        # No TLS proxy in front here: no redirect to https, and the client's address is the peer's.
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def fresh_database() -> Iterator[None]:
    """DATABASE created empty (dropped first if a killed run left it), and dropped at the end."""
    _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    try:
        yield
    finally:
        _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


@contextmanager
def gunicorn(*, env: dict[str, str], workers: int, threads: int, log: Path) -> Iterator[str]:
    """gunicorn serving bezala.wsgi on a free port of 127.0.0.1; yields its base URL."""
    port = _free_port()
    gunicorn_bin = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [gunicorn_bin, "bezala.wsgi:application", "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--timeout", "60"]
    # Its default control socket is one per home directory: another gunicorn on the machine may own it.
    command += ["--no-control-socket"]
    # Longer than a user's pause: with gunicorn's 2 s a POST sent just as the server closes the idle
    # connection fails with "connection closed", and a client must not resend a POST by itself.
    command += ["--keep-alive", "30"]
    with log.open("w") as log_file:
        # A session of its own, so that stopping it stops its workers too.
        server = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=log_file, stderr=log_file, start_new_session=True
        )
        try:
            base_url = f"http://{HOST}:{port}"
            _wait_until(lambda: _serves(f"{base_url}/accounts/login/"), seconds=60, process=server)
            yield base_url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _admin(statement: sql.Composed) -> None:
    with psycopg.connect(host=HOST, port=POSTGRES_PORT, user="postgres", dbname="postgres", autocommit=True) as db:
        db.execute(statement)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _serves(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server on 127.0.0.1
            return bool(response.status == 200)
    except OSError:
        return False


def _answers(command: list[str]) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


def _wait_until(ready: Callable[[], bool], *, seconds: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {process.returncode}; see its log")
        if time.monotonic() > deadline:
            raise RuntimeError(f"not ready within {seconds} s")
        time.sleep(0.5)
