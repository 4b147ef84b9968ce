"""Faults on demand, per organisation (spec 13.12).

Faults live in the database, so one switched on by `manage.py netvisor_sandbox_fault` or the faults page
affects a server that is already running. What each does:

- latency: sleep `seconds` (default 2) before handling the request, then answer normally.
- timeout: the same with a default longer than the client's read timeout (150 s > 120 s); tests set a
  short `seconds` together with a shorter client timeout.
- drop: handle and store the request, then close the connection without sending a response. The view
  only marks the WSGI environ; `server.SandboxServerHandler` sees the mark and shuts the socket instead
  of writing (so it works only under the sandbox's own server).
- http_5xx: answer `status_code` (default 503) with an HTML page, like a broken proxy in front.
- maintenance: answer SYSTEM_MAINTANANCE.
- overlap: a request that arrives while another one for the same organisation is in flight gets
  TECHNICAL_ERROR. Combine it with latency to make the overlap easy to produce.
- expired_credentials: every API identifier of the organisation answers AUTHENTICATION_FAILED.
- missing_right: the integration loses `right` (default payment) -> SERVICE_ACCESS_ERROR :: right.

Any fault can be limited to one resource (`resource="accounting.nv"`) and to a share of the calls
(`share=0.1`). The share is drawn per call from the fault's own counter and seed, so setting the same fault
with the same seed again repeats the same hits: a failing test run can be replayed.
"""

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F

from netvisor_sandbox import resources
from netvisor_sandbox.models import SandboxFault, SandboxOrganisation

Kind = SandboxFault.Kind
DEFAULT_SECONDS: dict[str, float] = {Kind.LATENCY: 2.0, Kind.TIMEOUT: 150.0}
DEFAULT_HTTP_STATUS = 503
DEFAULT_MISSING_RIGHT = "payment"

_in_flight: Counter[int] = Counter()
_in_flight_lock = threading.Lock()


def all_for(organisation: SandboxOrganisation | None) -> dict[str, SandboxFault]:
    """The faults switched on for one organisation, by kind: read once per request."""
    if organisation is None:
        return {}
    return {fault.kind: fault for fault in SandboxFault.objects.filter(organisation=organisation)}


def set_fault(
    organisation: SandboxOrganisation,
    kind: str,
    *,
    seconds: float | None = None,
    status_code: int | None = None,
    right: str = "",
    share: float = 1.0,
    resource: str = "",
    seed: str = "",
) -> SandboxFault:
    """Switch a fault on (or change it); setting it again restarts its draws, so the same seed repeats.

    Raises ValueError for an unknown kind or resource, or a share outside 0..1.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown fault {kind!r}; choose from {', '.join(Kind.values)}")
    fault, _ = SandboxFault.objects.update_or_create(
        organisation=organisation,
        kind=kind,
        defaults={
            "seconds": seconds if seconds is not None else DEFAULT_SECONDS.get(kind),
            "status_code": status_code or (DEFAULT_HTTP_STATUS if kind == Kind.HTTP_5XX else None),
            "right": right or (DEFAULT_MISSING_RIGHT if kind == Kind.MISSING_RIGHT else ""),
            "share": _checked_share(share),
            "resource": _checked_resource(resource),
            "seed": str(seed),
            "draws": 0,
        },
    )
    return fault


def _checked_share(share: float) -> float:
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be between 0 and 1, not {share}")
    return float(share)


def _checked_resource(resource: str) -> str:
    # A misspelt resource would silently never fire; refuse it instead.
    name = resource.strip().lower()
    if name and resources.lookup(name) is None:
        raise ValueError(f"unknown resource {resource!r}; choose from {', '.join(sorted(resources.RESOURCES))}")
    return name


def clear(organisation: SandboxOrganisation, kind: str | None = None) -> int:
    faults = SandboxFault.objects.filter(organisation=organisation)
    if kind:
        faults = faults.filter(kind=kind)
    deleted, _ = faults.delete()
    return deleted


def firing(active_faults: dict[str, SandboxFault], resource: str) -> dict[str, SandboxFault]:
    """The faults that hit this call: those for its resource (or for all), each drawn against its share."""
    return {
        kind: fault
        for kind, fault in active_faults.items()
        if fault.resource in ("", resource.lower()) and _drawn(fault)
    }


def _drawn(fault: SandboxFault) -> bool:
    # Every call counts at share 1 and none at 0: no draw, no database write.
    if fault.share >= 1.0:
        return True
    if fault.share <= 0.0:
        return False
    number = next_draw_number(fault)
    return number is not None and random.Random(f"{fault.seed}:{fault.kind}:{number}").random() < fault.share


def next_draw_number(fault: SandboxFault) -> int | None:
    """Count one draw and return its number (1, 2, ...); None if the fault was cleared meanwhile.

    The increment and the read share one transaction: the UPDATE locks the row (PostgreSQL) or the
    database (SQLite) until commit, so concurrent sandbox threads never read the same number.
    """
    with transaction.atomic():
        SandboxFault.objects.filter(pk=fault.pk).update(draws=F("draws") + 1)
        return SandboxFault.objects.filter(pk=fault.pk).values_list("draws", flat=True).first()


def delay_seconds(active_faults: dict[str, SandboxFault]) -> float:
    """Latency and timeout add up; a timeout fault alone is simply a long latency."""
    total = 0.0
    for kind in (Kind.LATENCY, Kind.TIMEOUT):
        fault = active_faults.get(kind)
        if fault is not None:
            total += fault.seconds if fault.seconds is not None else DEFAULT_SECONDS[kind]
    return total


def sleep(seconds: float) -> None:
    if seconds > 0:
        time.sleep(seconds)


@contextmanager
def in_flight(organisation: SandboxOrganisation | None) -> Iterator[int]:
    """Track calls per organisation in this process; yields how many others were already in flight.

    The sandbox serves from one process (its own threaded server), so an in-process counter sees every call.
    """
    if organisation is None:
        yield 0
        return
    with _in_flight_lock:
        others = _in_flight[organisation.pk]
        _in_flight[organisation.pk] += 1
    try:
        yield others
    finally:
        with _in_flight_lock:
            _in_flight[organisation.pk] -= 1
            if _in_flight[organisation.pk] <= 0:
                del _in_flight[organisation.pk]
