"""The transport against a real local socket: what is on the wire, and how failures classify."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nv_support import CUSTOMER, FIXED_NOW, PARTNER, VOUCHER, expected_mac, inserted, ok_body

from netvisor import errors
from netvisor.client import NetvisorClient
from netvisor.credentials import ClientConfig
from netvisor.transport import RequestsTransport

Behaviour = Callable[[BaseHTTPRequestHandler], None]


class Recorder:
    def __init__(self) -> None:
        self.request_lines: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.bodies: list[bytes] = []
        self.behaviour: Behaviour = reply(ok_body("<Vouchers/>"))


def reply(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for key, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            handler.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return behave


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that gave up (timeouts, size limits) make the handler's writes fail; expected.
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            recorder.request_lines.append(self.requestline)
            recorder.headers.append(dict(self.headers.items()))
            length = int(self.headers.get("Content-Length") or 0)
            recorder.bodies.append(self.rfile.read(length))
            recorder.behaviour(self)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", recorder
    finally:
        httpd.shutdown()
        httpd.server_close()


def client_for(base: str, *, read_timeout: float = 5, max_bytes: int = 10_000_000) -> NetvisorClient:
    config = ClientConfig(
        base_url=base,
        sender="Bezala test",
        read_timeout=read_timeout,
        connect_timeout=2,
        max_response_bytes=max_bytes,
        allow_short_read_timeout=True,
    )
    return NetvisorClient(config, PARTNER, CUSTOMER, clock=lambda: FIXED_NOW)


def test_url_on_the_wire_equals_signed_url(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    client_for(base).get_ledger(netvisor_keys=[1, 2, 3])
    request_line = recorder.request_lines[0]
    method, target, _version = request_line.split(" ")
    assert method == "GET"
    assert target == "/accountingledger.nv?netvisorkeylist=1%2C2%2C3"
    headers = recorder.headers[0]
    assert headers["X-Netvisor-Authentication-MAC"] == expected_mac(
        base + target, headers, CUSTOMER.customer_key, PARTNER.partner_key
    )
    assert headers["Connection"] == "close"


def test_unusual_characters_in_query_are_percent_encoded_once(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    transport = RequestsTransport(connect_timeout=2, read_timeout=5, max_response_bytes=10**6, user_agent="t")
    from netvisor.resources import build_url

    url = build_url(base, "dimensionlist.nv", [("name", "Kustannus paikka/ä&x=%")])
    transport.request("GET", url, {}, None)
    assert base + recorder.request_lines[0].split(" ")[1] == url
    assert url.endswith("?name=Kustannus%20paikka%2F%C3%A4%26x%3D%25")


def test_post_body_and_headers_on_the_wire(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = reply(inserted(77))
    assert client_for(base).post_voucher(VOUCHER) == 77
    assert recorder.bodies[0].startswith(b"<root><voucher>")
    assert recorder.headers[0]["Content-Type"] == "text/xml; charset=utf-8"
    assert recorder.request_lines[0].startswith("POST /accounting.nv ")


def test_redirect_not_followed(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = reply(b"", 302, {"Location": base + "/elsewhere"})
    with pytest.raises(errors.MalformedResponse, match="redirect"):
        client_for(base).list_voucher_types()
    assert len(recorder.request_lines) == 1


def sleepy(seconds: float) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        reply(inserted(1))(handler)

    return behave


def test_read_timeout_after_post_is_outcome_unknown(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = sleepy(1.0)
    with pytest.raises(errors.OutcomeUnknown) as info:
        client_for(base, read_timeout=0.2).post_voucher(VOUCHER)
    assert info.value.retryable is False
    assert recorder.bodies  # the server did receive the voucher


def test_read_timeout_on_get_is_retryable(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = sleepy(1.0)
    with pytest.raises(errors.TransportError) as info:
        client_for(base, read_timeout=0.2).list_voucher_types()
    assert not isinstance(info.value, errors.OutcomeUnknown)
    assert info.value.retryable is True


def drop(handler: BaseHTTPRequestHandler) -> None:
    # Accept the request, then close the socket without answering.
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def test_accept_then_drop_on_post_is_outcome_unknown(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = drop
    with pytest.raises(errors.OutcomeUnknown):
        client_for(base).post_voucher(VOUCHER)


def test_accept_then_drop_on_get_is_transport_error(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = drop
    with pytest.raises(errors.TransportError) as info:
        client_for(base).list_accounts()
    assert not isinstance(info.value, errors.OutcomeUnknown)


def truncated(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "5000")
    handler.end_headers()
    handler.wfile.write(ok_body()[:40])
    handler.wfile.flush()
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def test_body_cut_off_on_post_is_outcome_unknown(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = truncated
    with pytest.raises(errors.OutcomeUnknown):
        client_for(base).post_voucher(VOUCHER)


def test_connection_refused_is_transport_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port now, so nothing can have been sent.
    with pytest.raises(errors.TransportError) as info:
        client_for(f"http://127.0.0.1:{port}").post_voucher(VOUCHER)
    assert type(info.value) is errors.TransportError
    assert info.value.retryable is True


def test_dns_failure_is_transport_error() -> None:
    with pytest.raises(errors.TransportError) as info:
        client_for("http://nonexistent.invalid").post_voucher(VOUCHER)
    assert type(info.value) is errors.TransportError


def unbounded(size: int) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        # No Content-Length: the size limit must be enforced while reading.
        handler.protocol_version = "HTTP/1.0"
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(ok_body("<Vouchers>" + "x" * size + "</Vouchers>"))
        handler.close_connection = True

    return behave


def test_size_limit_without_content_length(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = unbounded(300_000)
    with pytest.raises(errors.MalformedResponse, match="larger than") as info:
        client_for(base, max_bytes=100_000).get_ledger(netvisor_keys=[1])
    assert info.value.excerpt and len(info.value.excerpt) <= 200  # the start of what came


def test_size_limit_with_declared_length(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = reply(ok_body("<Vouchers>" + "x" * 300_000 + "</Vouchers>"))
    with pytest.raises(errors.MalformedResponse, match="larger than") as info:
        client_for(base, max_bytes=100_000).post_voucher(VOUCHER)
    assert info.value.maybe_applied is True


def test_html_5xx_page_from_proxy(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    recorder.behaviour = reply(b"<html><body><h1>502 Bad Gateway</h1></body></html>", 502)
    with pytest.raises(errors.MalformedResponse) as info:
        client_for(base).list_accounts()
    assert info.value.retryable is True
    assert "502 Bad Gateway" in info.value.excerpt


def dripping(handler: BaseHTTPRequestHandler) -> None:
    # A byte every 0.1 s: each wait is far inside the read timeout, the whole body never comes.
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _byte in range(100):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize(("call", "error"), [("list_accounts", errors.TransportError), ("post", errors.OutcomeUnknown)])
def test_dripping_answer_ends_at_the_read_timeout(server: tuple[str, Recorder], call: str, error: type) -> None:
    base, recorder = server
    recorder.behaviour = dripping
    client = client_for(base, read_timeout=0.8)
    started = time.monotonic()
    with pytest.raises(error, match="still incomplete") as info:
        client.post_voucher(VOUCHER) if call == "post" else client.list_accounts()
    assert time.monotonic() - started < 3
    assert info.value.retryable is (call != "post")


def test_gzip_answer_is_decoded_and_bounded(server: tuple[str, Recorder]) -> None:
    import gzip

    base, recorder = server
    body = ok_body("<Vouchers/>")
    recorder.behaviour = reply(gzip.compress(body), headers={"Content-Encoding": "gzip"})
    assert client_for(base).get_ledger(netvisor_keys=[1]) == []
    bomb = gzip.compress(ok_body("<Vouchers>" + " " * 5_000_000 + "</Vouchers>"))
    recorder.behaviour = reply(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(errors.MalformedResponse, match="larger than"):
        client_for(base, max_bytes=100_000).get_ledger(netvisor_keys=[1])


def test_chunked_answer_is_read_whole(server: tuple[str, Recorder]) -> None:
    base, recorder = server
    body = ok_body("<Vouchers/>")

    def chunked(handler: BaseHTTPRequestHandler) -> None:
        handler.protocol_version = "HTTP/1.1"
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for start in range(0, len(body), 7):
            piece = body[start : start + 7]
            handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")
        handler.close_connection = True

    recorder.behaviour = chunked
    assert client_for(base).get_ledger(netvisor_keys=[1]) == []
