"""The one outbound HTTP client: the only module besides ``netvisor.transport`` that imports ``requests``.

Design points:

* The URL is sent verbatim. For Netvisor it is the string that was signed, so requests must not
  re-quote it; we prepare the request and then overwrite ``PreparedRequest.url``.
* No redirects are followed (a redirect would change a signed URL and could replay a POST).
* Explicit ``(connect, read)`` timeouts and a bounded, streamed read of the body. The size bound
  applies after content decoding, so a gzip bomb cannot get past it; the whole body must also
  arrive within the read timeout, so a server dripping bytes cannot hang the caller.
* Failures say whether the request may have been received: :class:`NotSent` (it never left),
  :class:`MaybeReceived` (it was written, no complete answer came) or :class:`TooLarge` (an
  answer came, over the size limit). Callers decide what that means for their writes.
* ``Connection: close`` on every call: our calls to an API are far apart, so pooled keep-alive
  connections would mostly be stale, and a stale socket fails only after a POST was written,
  which a caller would then have to treat as "maybe received".
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import requests
import urllib3
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

CHUNK_SIZE = 64 * 1024
# How much of an over-large body a TooLarge error keeps, for an excerpt in the caller's error.
HEAD_BYTES = 800


@dataclass(frozen=True)
class HttpResponse:
    """What came back: status, headers (names in lower case), the whole body and the URL asked."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes
    url: str


class HttpFailure(Exception):
    """No usable answer came; the subclass says whether the request may have been received."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotSent(HttpFailure):
    """The request never reached the server (DNS, refused, connect timeout, proxy, TLS handshake).

    ``permanent`` is True when sending again cannot help by itself (a TLS failure, a request that
    could not be built).
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class MaybeReceived(HttpFailure):
    """The request was written but no complete answer came (read timeout, dropped, cut off, too slow).

    A write may have taken effect.
    """


class TooLarge(HttpFailure):
    """The server answered with a body over the size limit; the request was received.

    ``head`` holds up to the first 800 bytes read (empty when the declared length was refused).
    """

    def __init__(self, message: str, *, status_code: int, head: bytes = b"") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.head = head


class HttpClient:
    """One client per external API: timeouts, size limit and User-Agent fixed at construction."""

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

    def close(self) -> None:
        """Release pooled connections."""
        self._session.close()

    def request(
        self, method: str, url: str, *, headers: Mapping[str, str] | None = None, body: bytes | None = None
    ) -> HttpResponse:
        """Send ``body`` to the verbatim ``url``; return status, headers and the bounded body.

        Raises :class:`NotSent`, :class:`MaybeReceived` or :class:`TooLarge`. Whether it is safe to
        repeat is the caller's to say: this makes exactly one attempt.
        """
        return self._request(method, url, headers or {}, body)

    def _request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> HttpResponse:
        prepared = self._prepare(method, url, headers, body)
        # Honour proxy/CA-bundle environment settings; stream=True so the body is read bounded.
        settings = self._session.merge_environment_settings(url, {}, True, None, None)
        try:
            response = self._session.send(prepared, allow_redirects=False, timeout=self.timeout, **settings)
        except requests.RequestException as exc:
            raise _classify(exc, url) from exc
        try:
            data = self._read_bounded(response, url)
        finally:
            response.close()
        lowered = {key.lower(): value for key, value in response.headers.items()}
        return HttpResponse(response.status_code, lowered, data, url)

    def _prepare(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> requests.PreparedRequest:
        merged = {"User-Agent": self.user_agent}
        merged.update(headers)
        merged["Connection"] = "close"
        # Request.prepare() rather than Session.prepare_request(): no ~/.netrc credentials and no
        # session cookies are mixed into a signed request.
        prepared = requests.Request(method.upper(), url, headers=merged, data=body).prepare()
        prepared.url = url
        return prepared

    def _read_bounded(self, response: requests.Response, url: str) -> bytes:
        limit = self.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(url, limit, response.status_code)
        # The read timeout bounds each wait for bytes; this bounds the whole body, so a server that
        # drips a byte now and then cannot hold a worker forever.
        budget = self.timeout[1]
        deadline = time.monotonic() + budget
        buffer = bytearray()
        try:
            for chunk in _chunks(response):
                buffer += chunk
                if len(buffer) > limit:
                    raise _too_large(url, limit, response.status_code, bytes(buffer[:HEAD_BYTES]))
                if time.monotonic() > deadline:
                    raise MaybeReceived(f"answer from {url} still incomplete after {budget:g} s")
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise MaybeReceived(f"connection failed while reading the answer: {exc}") from exc
        return bytes(buffer)


def _chunks(response: requests.Response) -> Iterator[bytes]:
    """Body pieces as they arrive (``read1``), decoded; ``iter_content`` would wait for full chunks."""
    raw = response.raw
    while chunk := raw.read1(CHUNK_SIZE, decode_content=True):
        yield chunk


def _too_large(url: str, limit: int, status: int, head: bytes = b"") -> TooLarge:
    return TooLarge(f"response from {url} is larger than {limit} bytes", status_code=status, head=head)


def _classify(exc: requests.RequestException, url: str) -> HttpFailure:
    """Map a requests exception from ``send`` to whether the request may have been received."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.ProxyError):
        return NotSent(f"could not connect to {url}: {exc}")
    if isinstance(exc, requests.exceptions.SSLError):
        # Certificate and handshake failures do not heal by themselves.
        return NotSent(f"TLS failure talking to {url}: {exc}", permanent=True)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return MaybeReceived(f"no answer from {url} within the read timeout")
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _failed_before_send(exc):
            return NotSent(f"could not connect to {url}: {exc}")
        return MaybeReceived(f"connection to {url} dropped: {exc}")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return MaybeReceived(f"answer from {url} was cut off: {exc}")
    # The rest (an adapter refusing the URL, say) are no passing network fault: sending again will not help.
    return NotSent(f"request to {url} failed: {exc}", permanent=True)


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
