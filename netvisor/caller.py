"""Sign, send and log one call. Shared by the client and the connection-identifier exchange.

Logged per call: method, resource path, transaction id, HTTP status, duration and outcome.
Never logged: keys, the MAC, the signed string, request or response bodies.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from netvisor.credentials import ClientConfig, PartnerCredentials
from netvisor.errors import NetvisorError
from netvisor.resources import build_url
from netvisor.response import CallInfo, RawResponse
from netvisor.signing import build_headers, new_transaction_id
from netvisor.transport import RequestsTransport, Transport

logger = logging.getLogger("netvisor")

T = TypeVar("T")
Clock = Callable[[], datetime]
Handler = Callable[[RawResponse, CallInfo], T]


def utc_now() -> datetime:
    """Default clock."""
    return datetime.now(UTC)


@dataclass(frozen=True, repr=False)
class Identity:
    """Who a call is made as. ``customer_key`` may be empty only for the connection exchange."""

    customer_id: str
    customer_key: str = field(repr=False)
    organisation_id: str

    def __repr__(self) -> str:
        return f"Identity(customer_id={self.customer_id!r}, organisation_id={self.organisation_id!r})"


# Netvisor wants one request at a time per company. This lock covers threads of one process;
# the service adds a cross-process lock on top.
_ORG_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_ORG_LOCKS_GUARD = threading.Lock()


def org_lock(base_url: str, organisation_id: str) -> threading.Lock:
    """The process-wide lock for one company on one Netvisor host."""
    with _ORG_LOCKS_GUARD:
        return _ORG_LOCKS.setdefault((base_url, organisation_id), threading.Lock())


class Caller:
    """Performs signed calls for one identity."""

    def __init__(
        self,
        config: ClientConfig,
        partner: PartnerCredentials,
        identity: Identity,
        *,
        transport: Transport | None = None,
        clock: Clock | None = None,
        transaction_ids: Callable[[], str] | None = None,
    ) -> None:
        self.config = config
        self.partner = partner
        self.identity = identity
        self.transport: Transport = transport or RequestsTransport.from_config(config)
        self.clock = clock or utc_now
        self.transaction_ids = transaction_ids or new_transaction_id

    def __repr__(self) -> str:
        return f"Caller({self.config.base_url!r}, {self.identity!r})"

    def execute(
        self,
        method: str,
        path: str,
        handler: Handler[T],
        *,
        params: Iterable[tuple[str, str]] = (),
        body: bytes | None = None,
    ) -> T:
        """Sign and send one request, then let ``handler`` interpret the answer.

        A new transaction id and timestamp are made for every call, so calling again is always
        a new request as far as Netvisor is concerned.
        """
        url = build_url(self.config.base_url, path, params)
        transaction_id = self.transaction_ids()
        info = CallInfo(method.upper(), path, transaction_id, self._secrets())
        with org_lock(self.config.base_url, self.identity.organisation_id):
            # Signed only once it is our turn, so waiting for the lock cannot age the timestamp.
            headers = self._headers(method, url, transaction_id)
            started = time.monotonic()
            raw: RawResponse | None = None
            try:
                raw = self.transport.request(info.method, url, headers, body)
                result = handler(raw, info)
            except NetvisorError as exc:
                exc.transaction_id = exc.transaction_id or transaction_id
                _log(info, raw, started, f"{type(exc).__name__}:{exc.code or '-'}", logging.WARNING)
                raise
            _log(info, raw, started, "ok", logging.INFO)
            return result

    def _headers(self, method: str, url: str, transaction_id: str) -> dict[str, str]:
        return build_headers(
            url=url,
            method=method,
            sender=self.config.sender,
            partner_id=self.partner.partner_id,
            customer_id=self.identity.customer_id,
            customer_key=self.identity.customer_key,
            partner_key=self.partner.partner_key,
            organisation_id=self.identity.organisation_id,
            language=self.config.language,
            algorithm=self.config.algorithm,
            now=self.clock(),
            transaction_id=transaction_id,
        )

    def _secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.identity.customer_key, self.partner.partner_key) if s)


def _log(info: CallInfo, raw: RawResponse | None, started: float, outcome: str, level: int) -> None:
    duration_ms = round((time.monotonic() - started) * 1000)
    status = raw.status_code if raw is not None else None
    logger.log(
        level,
        "netvisor %s %s tx=%s http=%s %dms %s",
        info.method, info.path, info.transaction_id, status, duration_ms, outcome,
        extra={
            "netvisor_method": info.method,
            "netvisor_resource": info.path,
            "netvisor_transaction_id": info.transaction_id,
            "netvisor_http_status": status,
            "netvisor_duration_ms": duration_ms,
            "netvisor_outcome": outcome,
        },
    )  # fmt: skip
