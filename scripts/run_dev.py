"""Run the Netvisor sandbox, the web server, the Celery worker and the scheduler together.

Used by `make run`; Ctrl-C stops them all. The sandbox starts first: the one JSON line it
prints (its URL and the demo's partner and customer credentials) configures the service's
processes and connects the demo company to it. Each process's log lines carry its name.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")
SANDBOX_PORT = os.environ.get("RUN_SANDBOX_PORT", "8700")

PROCESSES = {
    "web": [PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [PYTHON, "-m", "celery", "-A", "bezala", "worker", "--loglevel=INFO", "--concurrency=2"],
    "beat": [PYTHON, "-m", "celery", "-A", "bezala", "beat", "--loglevel=INFO"],
}


def _pipe(name: str, stream: IO[str]) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>7} | {line}")
        sys.stdout.flush()


def _start(name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )


def _start_sandbox(children: dict[str, subprocess.Popen[str]]) -> dict[str, str]:
    """Start the sandbox and read its JSON line; returns it."""
    command = [PYTHON, "manage.py", "netvisor_sandbox", "--host", HOST, "--port", SANDBOX_PORT, "--demo"]
    sandbox = children["sandbox"] = _start("sandbox", command, {**os.environ, **_store_env()})
    assert sandbox.stdout is not None  # started with stdout=PIPE
    for line in iter(sandbox.stdout.readline, ""):
        if line.startswith("{"):
            threading.Thread(target=_pipe, args=("sandbox", sandbox.stdout), daemon=True).start()
            info: dict[str, str] = json.loads(line)
            return info
        sys.stdout.write(f"{'sandbox':>7} | {line}")
    raise SystemExit("The Netvisor sandbox did not start; see its output above.")


def _store_env() -> dict[str, str]:
    return {
        "NETVISOR_STORE_SECRET": os.environ.get("NETVISOR_STORE_SECRET", "dev-only-netvisor-store-secret"),
        "NETVISOR_SANDBOX_STORE_NOTIFY_URL": f"http://{HOST}:{PORT}/netvisor/store/activate/",
    }


def _service_env(sandbox: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        **_store_env(),
        # Links in e-mails (invitations, password reset) and the Store's redirect must reach this server.
        "SITE_URL": os.environ.get("SITE_URL", f"http://{HOST}:{PORT}"),
        "NETVISOR_BASE_URL": sandbox["base_url"],
        "NETVISOR_PARTNER_ID": sandbox["partner_id"],
        "NETVISOR_PARTNER_KEY": sandbox["partner_key"],
        "NETVISOR_SENDER": sandbox.get("sender", "Bezala"),
    }


def _exit_on_signal(signum: int, _frame: object) -> None:
    # The children run in sessions of their own (so that a terminal's Ctrl-C reaches only us and we stop
    # them in order); a SIGTERM or SIGHUP must therefore also go through `_stop`, not end us silently.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    children: dict[str, subprocess.Popen[str]] = {}
    try:
        sandbox = _start_sandbox(children)
        env = _service_env(sandbox)
        subprocess.run(
            [PYTHON, "manage.py", "seed_demo"], cwd=ROOT, check=True, env={**env, "DEMO_NETVISOR": json.dumps(sandbox)}
        )
        for name, command in PROCESSES.items():
            children[name] = _start(name, command, env)
            threading.Thread(target=_pipe, args=(name, children[name].stdout), daemon=True).start()
    except BaseException:
        _stop(children)
        raise
    print(f"Bezala is running at http://{HOST}:{PORT}/  (Ctrl-C stops everything)", flush=True)
    print(f"The Netvisor sandbox is at {sandbox['base_url']}/", flush=True)
    try:
        while all(child.poll() is None for child in children.values()):
            time.sleep(0.5)
        failed = [name for name, child in children.items() if child.poll() is not None]
        print(f"Stopped because {', '.join(failed)} exited.", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(children)


def _stop(children: dict[str, subprocess.Popen[str]]) -> None:
    for child in children.values():
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
