"""Timing helpers for `make bench`: each benchmark is a ratio to a baseline measured in the same run.

Ratios, not absolute times, because the machine's speed varies from run to run while the
two sides of a ratio share it. Several rounds damp one-off hiccups.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    baseline: float

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        return f"BENCH {self.name} {self.value:.6g} {self.unit} ratio={self.ratio:.3f}"


def compare(
    name: str,
    ours: Callable[[], object],
    baseline: Callable[[], object],
    *,
    rounds: int = 5,
    statistic: Callable[[list[float]], float] = statistics.median,
) -> Result:
    """Time ours and the baseline round by round, alternating which goes first, so that drifts in the
    machine's speed (other processes, CPU frequency) hit both sides alike; ``statistic`` (the median
    unless told) of each side's rounds counts. One untimed call of each warms up."""
    ours()
    baseline()
    ours_samples: list[float] = []
    base_samples: list[float] = []
    for round_number in range(rounds):
        pairs = [(ours, ours_samples), (baseline, base_samples)]
        for work, samples in pairs if round_number % 2 == 0 else reversed(pairs):
            started = time.perf_counter()
            work()
            samples.append(time.perf_counter() - started)
    ours_s, base_s = statistic(ours_samples), statistic(base_samples)
    return Result(name=name, value=ours_s * 1000, unit="ms", baseline=base_s * 1000)
