"""Live preview for `watch --serve`: the output served on 127.0.0.1, reloaded in the
browser after every build, with the map's problems shown in the page.

A small page (package data `data/live/`) shows the output (an image, a frame or a
download link, by its kind) and listens on a server-sent event stream; each build
pushes its version and problems. Only the loopback address is served, and only to a
request that names it (Host, and Origin if sent: no DNS rebinding) under the session's
secret path, which the printed address carries. Requests and connections are bounded.
"""

from __future__ import annotations

import html
import json
import mimetypes
import queue
import secrets
import string
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from .._issues import ArgmapError
from ._watch import Built, Event

HOST = "127.0.0.1"
_IMAGES = {".svg", ".png"}
_FRAMES = {".html", ".htm", ".pdf"}
CONNECTIONS = 32
"""Connections served at once (each open page holds one for its event stream)."""
TIMEOUT = 10.0
"""Seconds a client may take to send its request, or to take a piece of an answer."""
HEARTBEAT = 5.0
"""Seconds between comments on an idle event stream, so that a closed page is noticed."""


class ServeError(ArgmapError):
    """The preview server cannot listen where asked (exit status 2)."""

    exit_code = 2


class LiveServer:
    """Serves one output file and a stream of its builds."""

    def __init__(self, output: Path, title: str, port: int = 0) -> None:
        self.output = output
        self.title = title
        self.state: dict[str, object] = {"version": 0, "seconds": 0.0, "problems": []}
        self.listeners: list[queue.Queue[str | None]] = []
        self.lock = threading.Lock()
        self.token = secrets.token_urlsafe(24)
        handler = _handler(self)
        try:
            self.httpd = _Server((HOST, port), handler)
        except OSError as error:
            raise ServeError(
                f"cannot serve on {HOST}:{port}: {error.strerror}; choose another --port "
                "(0 picks a free one)"
            ) from None
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        here = self.httpd.server_address[1]
        self.hosts = {f"{HOST}:{here}", f"localhost:{here}"}
        """The Host headers answered: a rebound name (DNS rebinding) is not one."""

    @property
    def url(self) -> str:
        """The page's address, with the session's secret path."""
        return f"http://{HOST}:{self.httpd.server_address[1]}/{self.token}/"

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        with self.lock:
            for listener in self.listeners:
                listener.put(None)
        self.httpd.shutdown()
        self.httpd.server_close()

    def publish(self, event: Event) -> None:
        """Tell every open page about a build."""
        with self.lock:
            if isinstance(event, Built):
                self.state = {"version": event.version, "seconds": event.seconds, "problems": []}
            else:
                self.state = {**self.state, "problems": list(event.problems)}
            message = json.dumps(self.state)
            for listener in self.listeners:
                listener.put(message)

    @contextmanager
    def listening(self) -> Iterator[queue.Queue[str | None]]:
        listener: queue.Queue[str | None] = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
            listener.put(json.dumps(self.state))
        try:
            yield listener
        finally:
            with self.lock:
                self.listeners.remove(listener)

    def page(self) -> bytes:
        """The preview page: the output's element, the problems box, the script."""
        suffix = self.output.suffix.lower()
        name = html.escape(self.output.name)
        if suffix in _IMAGES:
            element = f'<img id="output" data-version="0" alt="{name}">'
        elif suffix in _FRAMES:
            element = f'<iframe id="output" data-version="0" title="{name}"></iframe>'
        else:
            element = f'<a id="output" data-version="0" download="{name}">Download {name}</a>'
        files = resources.files("argmap").joinpath("data/live")
        template = string.Template(files.joinpath("live.html").read_text(encoding="utf-8"))
        page = template.substitute(
            nonce=secrets.token_urlsafe(16),
            title=html.escape(self.title),
            css=files.joinpath("live.css").read_text(encoding="utf-8"),
            script=files.joinpath("live.js").read_text(encoding="utf-8"),
            output=element,
        )
        return page.encode("utf-8")


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most `CONNECTIONS` at once (more are closed at once);
    a client that goes away (a closed page, a dropped connection) is no error to print."""

    daemon_threads = True
    request_queue_size = 64  # connections waiting to be accepted (socketserver's: 5)

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(CONNECTIONS)

    def verify_request(self, request: Any, client_address: Any) -> bool:  # noqa: ARG002
        return self.slots.acquire(blocking=False)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: ARG002
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):  # a bug in argmap: one line, not a traceback
            print(f"argmap watch: a request failed: {error!r}", file=sys.stderr)


def _handler(server: LiveServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = TIMEOUT

        def do_GET(self) -> None:
            origin = self.headers.get("Origin")
            secret, _, path = self.path.split("?", 1)[0].lstrip("/").partition("/")
            if (
                self.headers.get("Host") not in server.hosts
                or (origin is not None and origin.removeprefix("http://") not in server.hosts)
                or not secrets.compare_digest(secret, server.token)
            ):
                self.send(403, "text/plain; charset=utf-8", b"forbidden\n")
            elif path == "":
                self.send(200, "text/html; charset=utf-8", server.page())
            elif path == "output":
                self.output()
            elif path == "events":
                self.events()
            else:
                self.send(404, "text/plain; charset=utf-8", b"not found\n")

        def output(self) -> None:
            try:
                data = server.output.read_bytes()
            except OSError:
                self.send(404, "text/plain; charset=utf-8", b"no output yet\n")
                return
            kind = mimetypes.guess_type(server.output.name)[0] or "application/octet-stream"
            self.send(200, kind, data)

        def events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with server.listening() as listener:
                while True:
                    try:
                        message = listener.get(timeout=HEARTBEAT)
                    except queue.Empty:
                        chunk = b":\n\n"  # a comment: writing it finds a closed page out
                    else:
                        if message is None:
                            return
                        chunk = f"event: build\ndata: {message}\n\n".encode()
                    self.wfile.write(chunk)  # an OSError (the page closed) ends it
                    self.wfile.flush()

        def send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows builds, not requests."""

    return Handler
