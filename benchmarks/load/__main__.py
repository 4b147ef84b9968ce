"""`make load`: seed, serve with gunicorn, drive with locust, check, report, clean up.

Two locust runs against the same server, with the same number of users, spawn rate and pauses: first
the baseline (each action one request for a static file, served by gunicorn and WhiteNoise alone;
``--baseline-seconds``), then the people (``--seconds``). Throughput and latencies count the steady
state, from when the last user has logged in; the table shows the whole run, ramp-up included.

The BENCH ratios are people/baseline. For requests/s, a person's action is one to three requests
against the baseline's one, so a ratio under 1 means that the server made people wait. For counts (errors over the whole run, lost or doubled expenses) the ratio is the share
of all requests or of all acknowledged creates. Exit status 1 on any error, lost or doubled expense.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path

from benchmarks.load import servers
from benchmarks.load.report import Run, bench_results, check_created

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def main() -> int:
    options = _options()
    # Other work on the machine shows in every figure; this says how much there was.
    print("load average before the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    servers.ensure_postgres_and_redis()
    with tempfile.TemporaryDirectory(prefix="bezala-load-") as folder:
        data_dir = Path(folder)
        env = servers.production_environment(data_dir=data_dir)
        os.environ.update(env)
        with servers.fresh_database():
            try:
                return _measure(options, data_dir, env)
            finally:
                from django.db import connections

                connections.close_all()  # the database is dropped next


def _measure(options: argparse.Namespace, data_dir: Path, env: dict[str, str]) -> int:
    accounts_file = _prepare(data_dir, people=options.users)
    run_id = uuid.uuid4().hex[:8]
    with servers.gunicorn(
        env=env, workers=options.workers, threads=options.threads, log=data_dir / "gunicorn.log"
    ) as url:
        baseline = _locust(options, url, data_dir, accounts_file, "StaticFileReader", options.baseline_seconds, run_id)
        mixed = _locust(options, url, data_dir, accounts_file, "Person", options.seconds, run_id)
    created = check_created(json.loads((data_dir / "creates-Person.json").read_text()), _stored(run_id))
    _print_table(mixed)
    ramp = mixed.percentile(0.99, lists_only=True)
    print(f"list pages' p99 with the ramp-up (everyone logging in at once) included: {ramp:.0f} ms", flush=True)
    print(
        f"creates: {created.acknowledged} acknowledged, {created.lost} lost, {created.doubled} doubled, "
        f"{created.unanswered_stored} unanswered but stored",
        flush=True,
    )
    for result in bench_results(mixed, baseline, created):
        print(result.line(), flush=True)
    ok = mixed.errors == 0 and created.lost == 0 and created.doubled == 0
    if not ok:
        print(f"gunicorn's log: {_tail(data_dir / 'gunicorn.log')}", file=sys.stderr)
    return 0 if ok else 1


def _prepare(data_dir: Path, *, people: int) -> Path:
    """Migrate, collect static files and seed; the accounts go to a file for locust."""
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.load.seed import seed_company

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    accounts = seed_company(people=people)
    path = data_dir / "accounts.json"
    path.write_text(json.dumps([account.as_dict() for account in accounts]))
    from django.db import connections

    connections.close_all()  # gunicorn's workers get the database to themselves
    return path


def _locust(
    options: argparse.Namespace, url: str, data_dir: Path, accounts: Path, user_class: str, seconds: int, run_id: str
) -> Run:
    samples = data_dir / f"samples-{user_class}.json"
    env = {
        **os.environ,
        "LOAD_ACCOUNTS_FILE": str(accounts),
        "LOAD_SAMPLES_FILE": str(samples),
        "LOAD_CREATES_FILE": str(data_dir / f"creates-{user_class}.json"),
        "LOAD_RUN_ID": run_id,
        "LOAD_PAUSE": f"{options.pause[0]},{options.pause[1]}",
    }
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    command += ["-u", str(options.users), "-r", str(options.spawn_rate), "-t", f"{seconds}s", "--host", url]
    # Users finish the request they are in when time is up, so every create sent gets its answer.
    command += ["--stop-timeout", "30", "--exit-code-on-error", "0", "--loglevel", "WARNING", user_class]
    pause = f"{options.pause[0]:g}-{options.pause[1]:g} s"
    print(f"locust: {options.users} users of {user_class}, pausing {pause}, for {seconds} s against {url}", flush=True)
    subprocess.run(command, env=env, check=True, stdout=sys.stderr)
    return Run.from_json(json.loads(samples.read_text()))


def _stored(run_id: str) -> Counter[str]:
    """How often each description of this run is in the database."""
    from django.db.models import Count

    from expenses.models import Expense

    rows = (
        Expense.objects.filter(description__startswith=f"load-{run_id}-")
        .values("description")
        .annotate(copies=Count("id"))
    )
    return Counter({row["description"]: row["copies"] for row in rows})


def _print_table(run: Run) -> None:
    print(f"{'request (whole run)':32} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for name, count, errors, p50, p99 in run.by_name():
        print(f"{name:32} {count:7d} {errors:7d} {p50:8.0f} {p99:8.0f}")


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(none)"


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help="concurrent locust users (and seeded people)")
    parser.add_argument("--spawn-rate", type=int, default=10, help="users started per second")
    parser.add_argument("--seconds", type=int, default=60, help="length of the mixed run")
    parser.add_argument("--baseline-seconds", type=int, default=20, help="length of the static-file baseline run")
    parser.add_argument(
        "--pause", type=_pause, default=(1.0, 5.0), metavar="MIN,MAX", help="seconds between a user's actions"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    return parser.parse_args()


def _pause(text: str) -> tuple[float, float]:
    low, high = (float(bound) for bound in text.split(","))
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError("give MIN,MAX seconds with 0 <= MIN <= MAX")
    return low, high


if __name__ == "__main__":
    sys.exit(main())
