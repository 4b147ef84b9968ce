"""'Fetch data' for 10,000 items into an existing 10,000, against only parsing the same answer.

Each round applies the answer that differs from what is stored (the two variants alternate),
so every round does real writes: ~1,000 renamed, 100 added, 100 deactivated.

The two sides are timed round by round in turn (ours, then the baseline on the same answer), so
that other work on a shared machine slows both sides of the ratio alike, and the fastest round
of each side counts: other processes only ever add time, so the minimum is the least disturbed
measurement (the advice of Python's ``timeit``).
"""

import time
from collections.abc import Callable

from benchmarks.dimension_answers import dimension_answer
from benchmarks.harness import Result
from netvisor.dimensions import stream_dimensions
from netvisor.response import CallInfo, RawResponse

ITEMS = 10_000
ROUNDS = 7
INFO = CallInfo("GET", "dimensionlist.nv", "bench")
HEADERS = {"content-type": "text/xml; charset=utf-8"}


def parse(body: bytes) -> list:
    # Under the same conditions as the fetch's own parse, which runs with the cycle collector paused:
    # the ratio then measures what the upsert adds, not what the pause saves on the parse.
    from costcenters.services.gcpause import cycle_collection_paused

    with cycle_collection_paused():
        return list(stream_dimensions(RawResponse(200, HEADERS, body), INFO))


def run() -> list[Result]:
    from costcenters.services.sync import apply_snapshot, read_snapshot
    from tests.factories import CompanyFactory

    company = CompanyFactory()
    answers = [dimension_answer(ITEMS, variant=0), dimension_answer(ITEMS, variant=1)]

    def fetch_and_upsert(body: bytes) -> None:
        records = stream_dimensions(RawResponse(200, HEADERS, body), INFO)
        apply_snapshot(company, read_snapshot(records, ["Kustannuspaikka"]))

    fetch_and_upsert(answers[0])  # the existing 10,000
    ours, baseline = [], []
    for turn in range(1, ROUNDS + 2):  # the first round warms up
        body = answers[turn % 2]
        ours.append(_seconds(fetch_and_upsert, body))
        baseline.append(_seconds(parse, body))
    return [
        Result(
            name="costcenters_fetch_upsert_10k",
            value=min(ours[1:]) * 1000,
            unit="ms",
            baseline=min(baseline[1:]) * 1000,
        )
    ]


def _seconds(work: Callable[[bytes], object], body: bytes) -> float:
    started = time.perf_counter()
    work(body)
    return time.perf_counter() - started
