"""One typed error hierarchy for everything the Netvisor client can raise.

Every error carries ``retryable``: whether sending the *same operation again as a new request*
(fresh transaction id, fresh timestamp) is safe and may succeed. ``maybe_applied`` says whether a
write may have taken effect even though we got no clean answer; a caller must then read back
(``accountingledger.nv``) before posting again, because Netvisor has no idempotency key.
"""

from __future__ import annotations

import re
from typing import ClassVar

# MAC echoes in Netvisor's error texts are long hex runs; they are derived from the keys, so we keep
# them out of anything that ends up in logs or tracebacks.
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{32,}")


def mask_hex_runs(text: str) -> str:
    """Replace hex runs of 32+ characters (MACs, digests) with a placeholder."""
    return _HEX_RUN.sub("<hex masked>", text)


class NetvisorError(Exception):
    """Base class. ``code`` is Netvisor's error code when the server sent one."""

    maybe_applied: bool = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        retryable: bool,
        netvisor_text: str | None = None,
        resource: str | None = None,
        transaction_id: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retryable = retryable
        # Netvisor asks integrators to show its error text to the user unchanged.
        self.netvisor_text = netvisor_text
        self.resource = resource
        self.transaction_id = transaction_id
        self.http_status = http_status

    def __str__(self) -> str:
        return self.message


class CategoryError(NetvisorError):
    """Subclasses whose retryability is a property of the category, not of the call."""

    RETRYABLE: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        retryable: bool | None = None,
        netvisor_text: str | None = None,
        resource: str | None = None,
        transaction_id: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(
            message,
            code=code,
            retryable=self.RETRYABLE if retryable is None else retryable,
            netvisor_text=netvisor_text,
            resource=resource,
            transaction_id=transaction_id,
            http_status=http_status,
        )


class AuthenticationFailed(CategoryError):
    """AUTHENTICATION_FAILED: wrong, expired or revoked keys, bad MAC or clock. Not retryable."""


class ConnectionIdentifierRejected(AuthenticationFailed):
    """The one-time connection identifier is unknown, already used or expired."""


class PermissionMissing(CategoryError):
    """SERVICE_ACCESS_ERROR: the company has not granted this integration the right.

    ``resource`` names the right to grant (``"accounting"``, ``"dimensionlist"``, ``"payment"``)
    and ``path`` the resource that was called (e.g. ``"accountingledger.nv"``).
    """

    path: str | None = None


class InvalidData(CategoryError):
    """INVALID_DATA or INVALID_DATA_SIZE: the request content was refused as it is."""


class DuplicateData(CategoryError):
    """DUPLICATE_DATA: the data already exists in Netvisor."""


class RequestNotUnique(CategoryError):
    """REQUEST_NOT_UNIQUE: the transaction id was seen before.

    Retryable with a new transaction id (every call makes one). On a write, though, the client
    never reuses ids, so this answer means the same request reached Netvisor twice (replayed on
    the way) and the first copy may have been stored: the client then sets ``retryable`` False
    and ``maybe_applied`` True, and the caller reads back as for ``OutcomeUnknown``.
    """

    RETRYABLE = True


class PeriodLocked(CategoryError):
    """PERIOD_LOCK: the accounting period of the voucher date is locked."""


class Maintenance(CategoryError):
    """SYSTEM_MAINTANANCE / SYSTEM_MAINTENANCE: maintenance break; retry later."""

    RETRYABLE = True


class TechnicalError(CategoryError):
    """TECHNICAL_ERROR: server-side fault (also what overlapping calls get); retry later."""

    RETRYABLE = True


class TransportError(CategoryError):
    """The request never reached Netvisor (DNS, refused, connect timeout, TLS before send).

    For a GET this is also used after sending, because reading again is harmless.
    """

    RETRYABLE = True


class OutcomeUnknown(TransportError):
    """A write was sent but no complete answer came back (read timeout, dropped connection).

    ``retryable`` is False: Netvisor may already have stored the voucher or payment, and a blind
    re-post would create a duplicate. Read back first, re-post only what is proven absent.
    """

    RETRYABLE = False
    maybe_applied = True


class MalformedResponse(CategoryError):
    """The answer was not a usable Netvisor XML document.

    Covers non-XML bodies, HTML error pages from proxies, empty or oversized bodies, DOCTYPE or
    entity payloads and missing envelope parts. ``excerpt`` holds at most 200 characters of the body.
    """

    excerpt: str = ""

    def with_excerpt(self, excerpt: str, *, maybe_applied: bool = False) -> MalformedResponse:
        """Attach a body excerpt (cut to 200 characters) and the maybe-applied flag."""
        self.excerpt = excerpt[:200]
        self.maybe_applied = maybe_applied
        return self


class InvalidSignedField(ValueError):
    """A value that goes into the MAC cannot be signed unambiguously (non-ASCII, unencodable)."""


_BY_CODE: dict[str, type[CategoryError]] = {
    "AUTHENTICATION_FAILED": AuthenticationFailed,
    "SERVICE_ACCESS_ERROR": PermissionMissing,
    "INVALID_DATA": InvalidData,
    "INVALID_DATA_SIZE": InvalidData,
    "DUPLICATE_DATA": DuplicateData,
    "REQUEST_NOT_UNIQUE": RequestNotUnique,
    "PERIOD_LOCK": PeriodLocked,
    # Netvisor's clients spell it MAINTANANCE; a secondary list spells it correctly. Accept both.
    "SYSTEM_MAINTANANCE": Maintenance,
    "SYSTEM_MAINTENANCE": Maintenance,
    "TECHNICAL_ERROR": TechnicalError,
}


def error_class_for(code: str) -> type[CategoryError] | None:
    """The typed error for a Netvisor error code; None for codes we do not know."""
    return _BY_CODE.get(code.strip().upper())


def excerpt_of(body: bytes, limit: int = 200) -> str:
    """A short, single-line, printable excerpt of a response body for error messages."""
    text = body[: limit * 4].decode("utf-8", errors="replace")
    text = " ".join(text.split())
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:limit]
