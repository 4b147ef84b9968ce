"""HTTP transport of the Netvisor client: the HTTP mechanics are ``outbound.http``'s, the meaning is ours.

``outbound.http.HttpClient`` sends the verbatim (signed) URL without following redirects, with
``(connect, read)`` timeouts, a bounded streamed read and ``Connection: close``; see its module
docstring for why. This module turns what it reports into the client's error hierarchy, by
whether the request may have reached Netvisor: before sending (:class:`TransportError`), after
(:class:`OutcomeUnknown` for writes, a retryable :class:`TransportError` for reads) or with an
over-large answer (:class:`MalformedResponse`). It imports ``requests`` only to accept a session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import requests

from netvisor.credentials import ClientConfig
from netvisor.errors import MalformedResponse, NetvisorError, OutcomeUnknown, TransportError, excerpt_of
from netvisor.response import RawResponse
from outbound.http import HttpClient, HttpFailure, MaybeReceived, NotSent, TooLarge

ACCEPT = "text/xml, application/xml, */*"


class Transport(Protocol):
    """Anything that can perform one HTTP exchange; used to inject fakes in tests."""

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse: ...


class RequestsTransport:
    """A :class:`Transport` on top of ``outbound.http.HttpClient`` (a ``requests.Session``)."""

    def __init__(
        self,
        *,
        connect_timeout: float,
        read_timeout: float,
        max_response_bytes: int,
        user_agent: str,
        session: requests.Session | None = None,
    ) -> None:
        self._http = HttpClient(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_response_bytes=max_response_bytes,
            user_agent=user_agent,
            session=session,
        )

    @classmethod
    def from_config(cls, config: ClientConfig) -> RequestsTransport:
        """A transport with the timeouts, size limit and User-Agent of ``config``."""
        return cls(
            connect_timeout=config.connect_timeout,
            read_timeout=config.read_timeout,
            max_response_bytes=config.max_response_bytes,
            user_agent=config.user_agent,
        )

    def close(self) -> None:
        """Release pooled connections."""
        self._http.close()

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse:
        """Send ``body`` to the verbatim ``url`` and return status, headers and bounded body.

        Raises :class:`TransportError` (not sent, or a GET that failed), :class:`OutcomeUnknown`
        (a POST that may have been received) and :class:`MalformedResponse` (body too large).
        """
        try:
            answer = self._http.request(method, url, headers={"Accept": ACCEPT, **headers}, body=body)
        except HttpFailure as failure:
            raise classify_failure(failure, method) from failure
        return RawResponse(answer.status_code, answer.headers, answer.body, answer.url)


def classify_failure(failure: HttpFailure, method: str) -> NetvisorError:
    """Map what ``outbound.http`` reports to our hierarchy (see module docstring)."""
    if isinstance(failure, TooLarge):
        error = MalformedResponse(failure.message, retryable=False, http_status=failure.status_code)
        return error.with_excerpt(excerpt_of(failure.head), maybe_applied=_is_write(method))
    if isinstance(failure, MaybeReceived):
        return after_send_error(failure.message, method)
    # NotSent: nothing reached Netvisor, so sending again is safe; it helps unless the cause is permanent.
    permanent = isinstance(failure, NotSent) and failure.permanent
    return TransportError(failure.message, retryable=not permanent)


def after_send_error(message: str, method: str) -> TransportError:
    """A failure after the request was written: unknown outcome for writes, retryable for reads."""
    if _is_write(method):
        return OutcomeUnknown(f"{message}; the write may have been applied, read back before re-posting")
    return TransportError(message)


def _is_write(method: str) -> bool:
    return method.upper() == "POST"
