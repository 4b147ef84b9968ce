"""From what locust recorded to BENCH lines, and the exactly-once check of the created expenses."""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from benchmarks.harness import Result


@dataclass(frozen=True)
class Sample:
    name: str
    milliseconds: float
    ok: bool
    started_at: float

    @property
    def finished_at(self) -> float:
        return self.started_at + self.milliseconds / 1000


@dataclass(frozen=True)
class Run:
    """One locust run: every request, which request names are list pages, and when the steady state began
    (every user started and, for people, logged in)."""

    samples: list[Sample]
    list_names: frozenset[str]
    steady_from: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Run":
        samples = [Sample(*row) for row in data["samples"]]
        return cls(samples, frozenset(data["list_names"]), float(data["steady_from"]))

    def steady(self) -> "Run":
        """The requests started in the steady state: the ramp-up, with everyone logging in at once, left out."""
        later = [sample for sample in self.samples if sample.started_at >= self.steady_from]
        return Run(later, self.list_names, self.steady_from)

    @property
    def requests_per_second(self) -> float:
        if len(self.samples) < 2:
            return 0.0
        first = min(sample.started_at for sample in self.samples)
        last = max(sample.finished_at for sample in self.samples)
        return len(self.samples) / max(last - first, 1e-9)

    @property
    def errors(self) -> int:
        return sum(not sample.ok for sample in self.samples)

    def percentile(self, share: float, *, lists_only: bool = False) -> float:
        times = sorted(s.milliseconds for s in self.samples if s.name in self.list_names or not lists_only)
        return nearest_rank(times, share)

    def by_name(self) -> list[tuple[str, int, int, float, float]]:
        """(name, requests, errors, p50 ms, p99 ms) per request name."""
        rows = []
        for name in sorted({s.name for s in self.samples}):
            mine = [s for s in self.samples if s.name == name]
            times = sorted(s.milliseconds for s in mine)
            rows.append(
                (name, len(mine), sum(not s.ok for s in mine), nearest_rank(times, 0.5), nearest_rank(times, 0.99))
            )
        return rows


def nearest_rank(ordered: list[float], share: float) -> float:
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class CreateCheck:
    acknowledged: int  # answered 201
    lost: int  # answered 201 but not in the database
    doubled: int  # in the database more than once
    unanswered_stored: int  # no 201 (error or cut off), yet stored: allowed, counted to be seen


def check_created(creates: Iterable[dict[str, object]], stored: Counter[str]) -> CreateCheck:
    """Compare the creates locust sent with how often each description is in the database."""
    acknowledged = [str(c["description"]) for c in creates if c["status"] == 201]
    unanswered = [str(c["description"]) for c in creates if c["status"] != 201]
    return CreateCheck(
        acknowledged=len(acknowledged),
        lost=sum(stored[d] == 0 for d in acknowledged),
        doubled=sum(count > 1 for count in stored.values()),
        unanswered_stored=sum(stored[d] > 0 for d in unanswered),
    )


def bench_results(whole: Run, whole_baseline: Run, created: CreateCheck) -> list[Result]:
    """Throughput and latencies in the steady state against the static-file baseline's; errors over the
    whole run, and losses, as shares of the whole."""
    mixed, baseline = whole.steady(), whole_baseline.steady()
    return [
        Result("load_requests_per_s", mixed.requests_per_second, "req/s", baseline.requests_per_second),
        Result("load_p50", mixed.percentile(0.5), "ms", baseline.percentile(0.5)),
        Result("load_p99", mixed.percentile(0.99), "ms", baseline.percentile(0.99)),
        Result("load_p99_lists", mixed.percentile(0.99, lists_only=True), "ms", baseline.percentile(0.99)),
        Result("load_errors", whole.errors, "requests", len(whole.samples)),
        Result("load_lost", created.lost, "expenses", created.acknowledged),
        Result("load_doubled", created.doubled, "expenses", created.acknowledged),
    ]
