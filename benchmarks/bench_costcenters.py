"""'Fetch data' for 10,000 items into an existing 10,000, against only parsing the same answer.

Each round applies the answer that differs from what is stored (the two variants alternate),
so every round does real writes: ~1,000 renamed, 100 added, 100 deactivated.
"""

from benchmarks.dimension_answers import dimension_answer
from benchmarks.harness import Result, compare
from netvisor.dimensions import stream_dimensions
from netvisor.response import CallInfo, RawResponse

ITEMS = 10_000
INFO = CallInfo("GET", "dimensionlist.nv", "bench")
HEADERS = {"content-type": "text/xml; charset=utf-8"}


def parse(body: bytes) -> list:
    return list(stream_dimensions(RawResponse(200, HEADERS, body), INFO))


def run() -> list[Result]:
    from costcenters.services.sync import apply_snapshot, read_snapshot
    from tests.factories import CompanyFactory

    company = CompanyFactory()
    answers = [dimension_answer(ITEMS, variant=0), dimension_answer(ITEMS, variant=1)]
    turn = [0]

    def fetch_and_upsert() -> None:
        body = answers[turn[0] % 2]
        turn[0] += 1
        records = stream_dimensions(RawResponse(200, HEADERS, body), INFO)
        apply_snapshot(company, read_snapshot(records, ["Kustannuspaikka"]))

    fetch_and_upsert()  # the existing 10,000
    return [compare("costcenters_fetch_upsert_10k", fetch_and_upsert, lambda: parse(answers[turn[0] % 2]))]
