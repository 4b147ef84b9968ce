"""Run the web server, the Celery worker and the scheduler together; Ctrl-C stops them all.

Used by `make run`. Each process gets its own line prefix so their logs can be told apart.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")

PROCESSES = {
    "web": [PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [PYTHON, "-m", "celery", "-A", "bezala", "worker", "--loglevel=INFO", "--concurrency=2"],
    "beat": [PYTHON, "-m", "celery", "-A", "bezala", "beat", "--loglevel=INFO"],
}


def _pipe(name: str, stream: object) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        sys.stdout.write(f"{name:>7} | {line}")
        sys.stdout.flush()


def main() -> int:
    children: dict[str, subprocess.Popen[str]] = {}
    for name, command in PROCESSES.items():
        child = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        children[name] = child
        threading.Thread(target=_pipe, args=(name, child.stdout), daemon=True).start()
    print(f"Bezala is running at http://{HOST}:{PORT}/  (Ctrl-C stops everything)", flush=True)
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
