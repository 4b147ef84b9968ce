"""HTTP transport: the only module that imports ``requests``.

Design points:

* The URL is sent verbatim. It is the string that was signed, so requests must not re-quote it;
  we prepare the request and then overwrite ``PreparedRequest.url``.
* No redirects are followed (a redirect would change the signed URL and could replay a POST).
* Explicit ``(connect, read)`` timeouts and a bounded, streamed read of the body. The size bound
  applies after content decoding, so a gzip bomb cannot get past it; the whole body must also
  arrive within the read timeout, so a server dripping bytes cannot hang the caller.
* Failures are classified by whether the request may have reached Netvisor: before sending
  (:class:`TransportError`) or after (:class:`OutcomeUnknown` for writes).
* ``Connection: close`` on every call: Netvisor allows one call at a time per company and calls
  are far apart, so pooled keep-alive connections would mostly be stale. A stale socket fails
  only after the POST was written, which we would have to report as "outcome unknown".
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Protocol

import requests
import urllib3
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from netvisor.credentials import ClientConfig
from netvisor.errors import MalformedResponse, NetvisorError, OutcomeUnknown, TransportError, excerpt_of
from netvisor.response import RawResponse

CHUNK_SIZE = 64 * 1024


class Transport(Protocol):
    """Anything that can perform one HTTP exchange; used to inject fakes in tests."""

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse: ...


class RequestsTransport:
    """A :class:`Transport` on top of a ``requests.Session``."""

    def __init__(
        self,
        *,
        connect_timeout: float,
        read_timeout: float,
        max_response_bytes: int,
        user_agent: str,
        session: requests.Session | None = None,
    ) -> None:
        self.timeout = (connect_timeout, read_timeout)
        self.max_response_bytes = max_response_bytes
        self.user_agent = user_agent
        self._session = session or requests.Session()

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
        self._session.close()

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse:
        """Perform one exchange; see :meth:`_request`."""
        return self._request(method, url, headers, body)

    def _request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> RawResponse:
        """Send ``body`` to the verbatim ``url`` and return status, headers and bounded body.

        Raises :class:`TransportError` (not sent, or a GET that failed), :class:`OutcomeUnknown`
        (a POST that may have been received) and :class:`MalformedResponse` (body too large).
        """
        prepared = self._prepare(method, url, headers, body)
        # Honour proxy/CA-bundle environment settings; stream=True so the body is read bounded.
        settings = self._session.merge_environment_settings(url, {}, True, None, None)
        try:
            response = self._session.send(prepared, allow_redirects=False, timeout=self.timeout, **settings)
        except requests.RequestException as exc:
            raise classify_exception(exc, method, url) from exc
        try:
            data = self._read_bounded(response, method, url)
        finally:
            response.close()
        lowered = {key.lower(): value for key, value in response.headers.items()}
        return RawResponse(response.status_code, lowered, data, url)

    def _prepare(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> requests.PreparedRequest:
        merged = {"User-Agent": self.user_agent, "Accept": "text/xml, application/xml, */*"}
        merged.update(headers)
        merged["Connection"] = "close"
        # Request.prepare() rather than Session.prepare_request(): no ~/.netrc credentials and no
        # session cookies are mixed into a signed request.
        prepared = requests.Request(method.upper(), url, headers=merged, data=body).prepare()
        prepared.url = url
        return prepared

    def _read_bounded(self, response: requests.Response, method: str, url: str) -> bytes:
        limit = self.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(method, url, limit, response.status_code)
        # The read timeout bounds each wait for bytes; this bounds the whole body, so a server that
        # drips a byte now and then cannot hold a worker forever.
        budget = self.timeout[1]
        deadline = time.monotonic() + budget
        buffer = bytearray()
        try:
            for chunk in _chunks(response):
                buffer += chunk
                if len(buffer) > limit:
                    raise _too_large(method, url, limit, response.status_code, bytes(buffer[:800]))
                if time.monotonic() > deadline:
                    raise after_send_error(f"answer from {url} still incomplete after {budget:g} s", method)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise after_send_error(f"connection failed while reading the answer: {exc}", method) from exc
        return bytes(buffer)


def _chunks(response: requests.Response) -> Iterator[bytes]:
    """Body pieces as they arrive (``read1``), decoded; ``iter_content`` would wait for full chunks."""
    raw = response.raw
    while chunk := raw.read1(CHUNK_SIZE, decode_content=True):
        yield chunk


def _too_large(method: str, url: str, limit: int, status: int, head: bytes = b"") -> MalformedResponse:
    error = MalformedResponse(f"response from {url} is larger than {limit} bytes", retryable=False, http_status=status)
    return error.with_excerpt(excerpt_of(head), maybe_applied=method.upper() == "POST")


def after_send_error(message: str, method: str) -> TransportError:
    """A failure after the request was written: unknown outcome for writes, retryable for reads."""
    if method.upper() == "POST":
        return OutcomeUnknown(f"{message}; the write may have been applied, read back before re-posting")
    return TransportError(message)


def classify_exception(exc: requests.RequestException, method: str, url: str) -> NetvisorError:
    """Map a requests exception from ``send`` to our hierarchy (see module docstring)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.ProxyError):
        return TransportError(f"could not connect to {url}: {exc}")
    if isinstance(exc, requests.exceptions.SSLError):
        # Certificate and handshake failures do not heal by themselves.
        return TransportError(f"TLS failure talking to {url}: {exc}", retryable=False)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return after_send_error(f"no answer from {url} within the read timeout", method)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _failed_before_send(exc):
            return TransportError(f"could not connect to {url}: {exc}")
        return after_send_error(f"connection to {url} dropped: {exc}", method)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return after_send_error(f"answer from {url} was cut off: {exc}", method)
    return TransportError(f"request to {url} failed: {exc}", retryable=False)


def _failed_before_send(exc: BaseException) -> bool:
    return any(isinstance(item, NewConnectionError | ConnectTimeoutError) for item in _causes(exc))


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its ``args``, urllib3 ``reason`` and ``__cause__``/``__context__`` chain."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += [arg for arg in current.args if isinstance(arg, BaseException)]
        stack.extend(item for item in linked if isinstance(item, BaseException))
