"""`manage.py netvisor_sandbox --demo` as a real process: one JSON line, stable keys across restarts."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from nvsandbox_client import Caller, assert_ok

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"base_url", "partner_id", "partner_key", "customer_id", "customer_key", "organisation_id", "sender"}


@pytest.fixture
def environment(tmp_path):
    # A database of its own: the process must never touch the developer's or the test run's database.
    env = {
        **os.environ,
        "BEZALA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sandbox.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bezala.settings.test",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=180
    )
    return env


def _run_once(env: dict[str, str]) -> tuple[dict[str, str], str]:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "netvisor_sandbox", "--port", "0", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=60)
        assert line and line[0].endswith("\n"), "no JSON line within 60 s"
        info = json.loads(line[0])
        assert_ok(Caller(info).get("/vouchertypelist.nv"))
    finally:
        process.terminate()
        try:
            rest, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            rest, _ = process.communicate()
    return info, rest


def test_command_prints_one_json_line_and_keeps_keys_across_restarts(environment):
    first, rest = _run_once(environment)
    assert set(first) == KEYS
    assert (first["organisation_id"], first["sender"]) == ("1234567-8", "Bezala")
    assert first["base_url"].startswith("http://127.0.0.1:")
    assert rest == ""
    second, _ = _run_once(environment)
    assert {k: v for k, v in second.items() if k != "base_url"} == {k: v for k, v in first.items() if k != "base_url"}


def test_store_page_default_notify_url_comes_from_the_environment(tmp_path):
    # scripts/run_dev.py tells the sandbox where the service runs through this variable; on any port but
    # the default one, activations from the Store page would otherwise go nowhere.
    notify_url = "http://127.0.0.1:8123/netvisor/store/activate/"
    env = {
        **os.environ,
        "BEZALA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "bezala.settings.test",
        "NETVISOR_SANDBOX_STORE_NOTIFY_URL": notify_url,
    }
    code = "import django; django.setup(); from netvisor_sandbox import store; print(store.notify_url_default())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == notify_url
