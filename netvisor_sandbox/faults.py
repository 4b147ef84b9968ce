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
"""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from netvisor_sandbox.models import SandboxFault, SandboxOrganisation

Kind = SandboxFault.Kind
DEFAULT_SECONDS = {Kind.LATENCY: 2.0, Kind.TIMEOUT: 150.0}
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
) -> SandboxFault:
    if kind not in Kind.values:
        raise ValueError(f"unknown fault {kind!r}; choose from {', '.join(Kind.values)}")
    fault, _ = SandboxFault.objects.update_or_create(
        organisation=organisation,
        kind=kind,
        defaults={
            "seconds": seconds if seconds is not None else DEFAULT_SECONDS.get(kind),
            "status_code": status_code or (DEFAULT_HTTP_STATUS if kind == Kind.HTTP_5XX else None),
            "right": right or (DEFAULT_MISSING_RIGHT if kind == Kind.MISSING_RIGHT else ""),
        },
    )
    return fault


def clear(organisation: SandboxOrganisation, kind: str | None = None) -> int:
    faults = SandboxFault.objects.filter(organisation=organisation)
    if kind:
        faults = faults.filter(kind=kind)
    deleted, _ = faults.delete()
    return deleted


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
def in_flight(organisation: SandboxOrganisation) -> Iterator[bool]:
    """Track requests per organisation in this process; yields True when another one is already running."""
    with _in_flight_lock:
        overlapping = _in_flight[organisation.pk] > 0
        _in_flight[organisation.pk] += 1
    try:
        yield overlapping
    finally:
        with _in_flight_lock:
            _in_flight[organisation.pk] -= 1
            if _in_flight[organisation.pk] <= 0:
                del _in_flight[organisation.pk]
