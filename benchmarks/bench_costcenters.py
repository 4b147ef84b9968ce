"""'Fetch data' for 10,000 items into an existing 10,000, against only parsing the same answer.

Each round applies the answer that differs from what is stored (the two variants alternate),
so every round does real writes: ~1,000 renamed, 100 added, 100 deactivated.

The two sides are timed round by round in turn (``harness.compare``), so that other work on a
shared machine slows both sides of the ratio alike, and the fastest round of each side counts:
other processes only ever add time, so the minimum is the least disturbed measurement (the
advice of Python's ``timeit``).
"""

from itertools import cycle

from benchmarks.dimension_answers import dimension_answer
from benchmarks.harness import Result, compare
from netvisor.dimensions import DimensionRecord, stream_dimensions
from netvisor.response import CallInfo, RawResponse

ITEMS = 10_000
ROUNDS = 7
INFO = CallInfo("GET", "dimensionlist.nv", "bench")
HEADERS = {"content-type": "text/xml; charset=utf-8"}


def parse(body: bytes) -> list[DimensionRecord]:
    # Under the same conditions as the fetch's own parse, which runs with the cycle collector paused:
    # the ratio then measures what the upsert adds, not what the pause saves on the parse.
    from costcenters.services.gcpause import cycle_collection_paused

    with cycle_collection_paused():
        return list(stream_dimensions(RawResponse(200, HEADERS, body), INFO))


def run() -> list[Result]:
    from costcenters.services.sync import apply_snapshot, read_snapshot
    from tests.factories import CompanyFactory

    company = CompanyFactory.create()
    answers = [dimension_answer(ITEMS, variant=0), dimension_answer(ITEMS, variant=1)]

    def fetch_and_upsert(body: bytes) -> None:
        records = stream_dimensions(RawResponse(200, HEADERS, body), INFO)
        apply_snapshot(company, read_snapshot(records, ["Kustannuspaikka"]))

    fetch_and_upsert(answers[0])  # the existing 10,000
    ours_bodies, baseline_bodies = cycle([answers[1], answers[0]]), cycle([answers[1], answers[0]])
    return [
        compare(
            "costcenters_fetch_upsert_10k",
            lambda: fetch_and_upsert(next(ours_bodies)),
            lambda: parse(next(baseline_bodies)),
            rounds=ROUNDS,
            statistic=min,
        )
    ]
