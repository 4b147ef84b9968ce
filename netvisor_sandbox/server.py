"""The sandbox's own threaded HTTP server and WSGI application.

The sandbox is not mounted in the service's URLconf: its handler resolves every request against
`netvisor_sandbox.urls` and runs a small middleware stack of its own (sessions, CSRF, messages) instead of
settings.MIDDLEWARE, which belongs to the service (login, current company...).

Two things need the server rather than Django:
- the MAC covers the request target exactly as sent, and WSGI only offers a percent-decoded PATH_INFO,
  so the request handler passes the raw target on in `environ["nvsandbox.raw_target"]`;
- the "drop" fault closes the connection without a response. The API view marks the environ, the WSGI
  wrapper turns the mark into `DropConnection` after Django has finished (and committed), and
  `SandboxServerHandler.handle_error` shuts the socket down instead of writing an error page.
"""

import contextlib
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ServerHandler, ThreadedWSGIServer, WSGIRequestHandler
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.module_loading import import_string

from netvisor_sandbox.views_api import DROP_CONNECTION

URLCONF = "netvisor_sandbox.urls"
MIDDLEWARE = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
)
RAW_TARGET = "nvsandbox.raw_target"
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class DropConnection(Exception):
    """Raised after a request was fully handled, to end the connection without an answer."""


class SandboxHandler(WSGIHandler):
    """Django's WSGI handler with the sandbox's URLconf and middleware."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Callable[..., Any]] = []
        self._template_response_middleware: list[Callable[..., Any]] = []
        self._exception_middleware = []
        # BaseHandler._get_response is private, so django-stubs leave it out.
        handler = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]
        for path in reversed(MIDDLEWARE):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        # resolve_request() switches to request.urlconf, and reverse() follows for the rest of the request.
        request.urlconf = URLCONF
        return super().get_response(request)


def get_wsgi_application() -> WSGIApp:
    """The sandbox as a WSGI app; the drop fault works only under `make_server`'s server."""
    django_app = SandboxHandler()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        result = django_app(environ, start_response)
        if environ.get(DROP_CONNECTION):
            close = getattr(result, "close", None)
            if close is not None:
                close()  # fires request_finished: database connections are released first
            raise DropConnection
        return result

    return application


class SandboxServerHandler(ServerHandler):
    request_handler: "SandboxRequestHandler"  # set by the request handler that made this one

    def handle_error(self) -> None:
        # Called from inside wsgiref's `except:` block, so exc_info() is the application's exception.
        if not isinstance(sys.exc_info()[1], DropConnection):
            super().handle_error()
            return
        self.request_handler.close_connection = True
        # Logged like nginx's 444 ("close the connection without a response").
        self.status = "444 Connection dropped by fault"
        with contextlib.suppress(OSError):
            # The socket; django-stubs type a request handler's connection as a WSGIRequest.
            self.request_handler.connection.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):
            self.close()

    def close(self) -> None:
        # Drain an unread body in chunks; Django's version reads it whole into memory.
        stdin = self.get_stdin()
        while stdin.read(65536):
            pass
        super().close()


class SandboxRequestHandler(WSGIRequestHandler):
    server: "SandboxServer"

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ[RAW_TARGET] = self.path
        return environ

    def handle_one_request(self) -> None:
        # Same as Django's, with our ServerHandler.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = SandboxServerHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ())
        handler.request_handler = self
        app = self.server.get_app()
        assert app is not None  # make_server sets it
        handler.run(app)


class SandboxServer(ThreadedWSGIServer):
    def __init__(self, address: tuple[str, int], *, join_threads: bool = False) -> None:
        # Tests join request threads on close so a sleeping fault cannot outlive its test database.
        self.daemon_threads = not join_threads
        self._open_connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, SandboxRequestHandler)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._open_connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._open_connections.discard(request)

    def server_close(self) -> None:
        # A browser keeps idle keep-alive connections open; their threads wait in a read that only a
        # shutdown of the socket ends, and joining them would otherwise hang.
        with self._connections_lock:
            for connection in self._open_connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        super().server_close()


def make_server(host: str = "127.0.0.1", port: int = 0, *, join_threads: bool = False) -> SandboxServer:
    server = SandboxServer((host, port), join_threads=join_threads)
    server.set_app(get_wsgi_application())
    return server
