"""`watch`: rebuilds on every save, survives broken and moved files, serves a live page."""

from __future__ import annotations

import http.client
import queue
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import argmap
from argmap.authoring import _serve
from argmap.authoring._serve import LiveServer
from argmap.authoring._watch import Built, Event, Failed

from .browser import chromium, missing
from .conftest import MAPS, ROOT

ARTICLE = MAPS / "iraq-militias.yaml"
SOURCE = MAPS / "iraq-militias-article.txt"


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    shutil.copy(ARTICLE, tmp_path / ARTICLE.name)
    shutil.copy(SOURCE, tmp_path / SOURCE.name)
    return tmp_path / ARTICLE.name


@pytest.fixture
def watching(article: Path) -> Iterator[tuple[Path, list[Event]]]:
    """The article map watched in a thread, drawn as DOT into out.dot."""
    events: list[Event] = []
    stop = threading.Event()
    output = article.parent / "out.dot"
    thread = threading.Thread(
        target=argmap.watch,
        args=(article, output, lambda m: argmap.render(m, "dot")),
        kwargs={"report": events.append, "stop": stop},
    )
    thread.start()
    wait_for(lambda: len(events) == 1)
    time.sleep(0.3)  # the watcher is listening
    try:
        yield output, events
    finally:
        stop.set()
        thread.join(10)
        assert not thread.is_alive()


def retitled(text: str, title: str) -> str:
    """The map text with another title (the first line that gives one)."""
    return re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_save_rebuilds_the_output(watching: tuple[Path, list[Event]], article: Path) -> None:
    output, events = watching
    assert isinstance(events[0], Built)
    assert output.read_text() == argmap.render(argmap.load(article), "dot").decode()
    article.write_text(retitled(article.read_text(encoding="utf-8"), "Edited militias"))
    wait_for(lambda: len(events) == 2)
    assert isinstance(events[1], Built)
    assert events[1].version == 2
    assert "Edited militias" in output.read_text()


def test_a_broken_save_keeps_the_last_good_output(
    watching: tuple[Path, list[Event]], article: Path
) -> None:
    output, events = watching
    good = output.read_bytes()
    text = article.read_text(encoding="utf-8")
    article.write_text(text[: len(text) // 2], encoding="utf-8")  # saved half-written
    wait_for(lambda: any(isinstance(e, Failed) for e in events))
    failed = next(e for e in events if isinstance(e, Failed))
    assert failed.problems
    assert all(str(article) in problem for problem in failed.problems)
    assert output.read_bytes() == good
    article.write_text(text, encoding="utf-8")
    wait_for(lambda: isinstance(events[-1], Built))
    assert output.read_bytes() == good


def test_the_source_text_is_watched_too(watching: tuple[Path, list[Event]], article: Path) -> None:
    _, events = watching
    edit(article.parent / SOURCE.name, "Iranian-backed", "Iran-backed")
    wait_for(lambda: isinstance(events[-1], Failed))
    failed = events[-1]
    assert isinstance(failed, Failed)
    assert any("quote-not-in-source" in problem for problem in failed.problems)


def test_atomic_saves_renames_and_deletions_are_followed(
    watching: tuple[Path, list[Event]], article: Path
) -> None:
    output, events = watching
    text = article.read_text(encoding="utf-8")
    # An editor's atomic save: a new file renamed over the map.
    temporary = article.with_name(".map.swp")
    temporary.write_text(retitled(text, "Atomic"), encoding="utf-8")
    temporary.replace(article)
    wait_for(lambda: "Atomic" in output.read_text())
    # Deleted, then created again.
    count = len(events)
    article.unlink()
    wait_for(lambda: len(events) > count and isinstance(events[-1], Failed))
    assert any("file-not-found" in p for p in events[-1].problems)  # type: ignore[union-attr]
    article.write_text(retitled(text, "Back"), encoding="utf-8")
    wait_for(lambda: "Back" in output.read_text())
    # Renamed away and back.
    moved = article.with_name("moved.yaml")
    article.rename(moved)
    wait_for(lambda: isinstance(events[-1], Failed))
    moved.rename(article)
    wait_for(lambda: isinstance(events[-1], Built))
    assert not list(article.parent.glob(".out.dot.*"))  # no temporary file left


class Watching:
    """`argmap watch ARGS` in a new process, what it says on stderr read by a thread (so
    that a test waiting for a line never blocks past its deadline)."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "argmap", "watch", *args],
            cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.said: list[str] = []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def until(self, pattern: str, seconds: float = 60) -> str:
        """The first line (from here on) that matches `pattern`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.said.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no {pattern!r} within {seconds} s in: {''.join(self.said)}")

    def stop(self, how: signal.Signals = signal.SIGINT) -> str:
        """Send `how`, wait for the end; everything it said."""
        if self.process.poll() is None:
            self.process.send_signal(how)
        self.process.wait(20)
        self.reader.join(10)
        while not self.lines.empty():
            self.said.append(self.lines.get())
        return "".join(self.said)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_command_stops_cleanly(article: Path, stop: signal.Signals) -> None:
    watching = Watching(["render", article.name, "-o", "out.svg"], article.parent)
    watching.until(r"^build 1: out\.svg")
    err = watching.stop(stop)
    assert watching.process.returncode == 0, err
    assert "Traceback" not in err
    assert "argmap watch: stopped" in err
    assert [p.name for p in article.parent.iterdir() if p.name.startswith(".")] == []


def test_the_command_needs_an_output(article: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "watch", "render", str(article)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "give the output file with -o" in done.stderr


def test_serve_pushes_builds_and_problems(article: Path) -> None:
    watching = Watching(
        ["--serve", "--port", "0", "render", article.name, "-o", "out.svg"], article.parent
    )
    try:
        line = watching.until(r"^serving http://127\.0\.0\.1:\d+/")
        url = line.split()[1]
        watching.until(r"^build 1")
        page = urllib.request.urlopen(url, timeout=10).read().decode()
        assert "Content-Security-Policy" in page
        assert "default-src 'none'" in page
        assert not re.search(r"(src|href)=\"https?:", page)
        svg = urllib.request.urlopen(url + "output", timeout=10)
        assert svg.headers["Content-Type"] == "image/svg+xml"
        events = urllib.request.urlopen(url + "events", timeout=10)
        assert events.readline() == b"event: build\n"
        assert b'"version": 1' in events.readline()
        events.readline()
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("claims:", "claims: [", 1), encoding="utf-8")
        assert events.readline() == b"event: build\n"
        data = events.readline()
        assert b'"version": 1' in data
        assert b"yaml-syntax" in data
    finally:
        watching.stop()


def test_the_page_reloads_and_shows_problems_in_chromium(article: Path) -> None:
    reason = missing()
    if reason:
        pytest.skip(reason)
    watching = Watching(
        ["--serve", "--port", "0", "render", article.name, "-o", "out.svg"], article.parent
    )
    try:
        url = watching.until(r"^serving http://").split()[1]
        watching.until(r"^build 1")
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector('body[data-version="1"]')
            assert page.get_attribute("#output", "src") == "output?v=1"
            assert page.is_hidden("#problems")
            text = article.read_text(encoding="utf-8")
            article.write_text(retitled(text, "Live"), encoding="utf-8")
            page.wait_for_selector('body[data-version="2"]')
            article.write_text("argmap: 1\ntitle: [\n", encoding="utf-8")
            page.wait_for_selector("#problems:not([hidden])")
            assert "yaml-syntax" in page.inner_text("#problem-list")
            assert page.get_attribute("#output", "src") == "output?v=2"  # the last good one
    finally:
        watching.stop()


def test_the_server_listens_on_loopback_only(tmp_path: Path) -> None:
    from argmap.authoring._serve import LiveServer  # noqa: PLC0415

    server = LiveServer(tmp_path / "out.svg", "t", port=0)
    try:
        assert server.httpd.server_address[0] == "127.0.0.1"
    finally:
        server.httpd.server_close()


def test_the_reader_is_watched_and_served_in_a_frame(article: Path) -> None:
    watching = Watching(
        ["--serve", "--port", "0", "html", article.name, "-o", "reader.html"], article.parent
    )
    try:
        url = watching.until(r"^serving http://").split()[1]
        watching.until(r"^build 1: reader\.html")
        page = urllib.request.urlopen(url, timeout=10).read().decode()
        assert '<iframe id="output"' in page
        reader = urllib.request.urlopen(url + "output", timeout=10)
        assert reader.headers["Content-Type"] == "text/html"
        assert b"window.argmap = Object.freeze" in reader.read()  # the reader, script inline
    finally:
        watching.stop()


def test_a_deck_is_rebuilt_on_save(article: Path) -> None:
    watching = Watching(["deck", article.name, "-o", "deck.pptx"], article.parent)
    try:
        watching.until(r"^build 1: deck\.pptx")
        first = (article.parent / "deck.pptx").read_bytes()
        article.write_text(retitled(article.read_text(encoding="utf-8"), "Deck"))
        watching.until(r"^build 2: deck\.pptx")
        assert (article.parent / "deck.pptx").read_bytes() != first
    finally:
        watching.stop()


def test_a_symlink_loop_beside_the_map_is_no_crash(
    watching: tuple[Path, list[Event]], article: Path
) -> None:
    """Issue 19, M4: `ln -s loop loop` in the watched folder ended the watch (exit 3,
    "Symlink loop", from resolving the name of every file that changed)."""
    output, _ = watching
    (article.parent / "loop").symlink_to("loop")
    article.write_text(retitled(article.read_text(encoding="utf-8"), "Looped"))
    wait_for(lambda: "Looped" in output.read_text())


def test_the_map_replaced_by_a_link_is_followed(
    watching: tuple[Path, list[Event]], article: Path
) -> None:
    """Issue 19, L5: the map replaced by a link to a file elsewhere went unnoticed (the
    changed name was resolved to a file not watched), and so did saves to that file."""
    output, _ = watching
    elsewhere = article.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(article.parent / SOURCE.name, elsewhere / SOURCE.name)
    target = elsewhere / "target.yaml"
    target.write_text(retitled(article.read_text(encoding="utf-8"), "Elsewhere"))
    link = article.with_name(".link")
    link.symlink_to(target)
    link.replace(article)  # at once, as an editor or a script would
    wait_for(lambda: "Elsewhere" in output.read_text())
    target.write_text(retitled(target.read_text(encoding="utf-8"), "Saved there"))
    wait_for(lambda: "Saved there" in output.read_text())


def _slow_map(folder: Path) -> Path:
    """A map of 3,000 claims, themes scattered: a layout of several seconds."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import write  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    return Path(write(folder, 3_000, scattered=True))


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_build_stops_the_watch(tmp_path: Path, stop: signal.Signals) -> None:
    """Issue 19, M5: SIGTERM or Ctrl-C during a build was taken by the rebuilt command
    for its own interruption: a failed build ("the last good output stays", no problem
    listed), and the watch kept running."""
    path = _slow_map(tmp_path)
    watching = Watching(["render", path.name, "-o", "out.svg"], tmp_path)
    try:
        watching.until(r"^watching ")
        time.sleep(3)  # the first build is laying out
        err = watching.stop(stop)
    finally:
        watching.process.kill()
    assert watching.process.returncode == 0, err
    assert "argmap watch: stopped" in err
    assert "last good output" not in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.svg").exists()


def test_debug_holds_for_every_rebuild(
    article: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 19: `argmap --debug watch ...` printed no traceback for an internal error:
    each rebuild ran the command line again without --debug, which turned it off."""
    from argmap import cli  # noqa: PLC0415
    from argmap.paging import _files  # noqa: PLC0415

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(_files, "diagram", broken)
    output = article.parent / "out.svg"
    assert cli.run(["--debug", "watch", "render", str(article), "-o", str(output)]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert "RuntimeError: a bug" in err


def test_a_build_that_fails_without_a_word_says_so(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: a build the rebuilt command ended with a status but no message (as an
    interrupted one) listed no problem at all."""
    from argmap import cli  # noqa: PLC0415
    from argmap.paging import _files  # noqa: PLC0415

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_files, "diagram", interrupted)
    output = article.parent / "out.svg"
    session = argmap.WatchSession()
    run = cli._runner(["render", str(article), "-o", str(output)], session)
    event = argmap.rerun("render", output, run, session)()
    assert isinstance(event, Failed)
    assert event.problems == ("argmap render: stopped with status 130",)


def test_the_worker_ends_when_the_watch_is_killed(article: Path) -> None:
    """Issue 19, M7: after SIGKILL of `watch --serve`, its Graphviz worker lived on,
    holding the server's listening socket (the port stayed taken) and the watch's
    streams."""
    watching = Watching(
        ["--serve", "--port", "0", "render", article.name, "-o", "out.svg"], article.parent
    )
    try:
        port = int(watching.until(r"^serving http://").split(":")[2].split("/")[0])
        watching.until(r"^build 1")
        watching.process.kill()
        watching.stop()
    finally:
        watching.process.kill()
    assert not watching.reader.is_alive()  # end-of-file on stderr: no worker holds it
    deadline = time.monotonic() + 10
    while True:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.05)


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """A preview server on 127.0.0.1 (a free port) serving a small output; requests time
    out after half a second, idle event streams are written to every tenth."""
    monkeypatch.setattr(_serve, "TIMEOUT", 0.5)
    monkeypatch.setattr(_serve, "HEARTBEAT", 0.1)
    output = tmp_path / "out.svg"
    output.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    server = LiveServer(output, "t", port=0)
    server.start()
    try:
        yield server
    finally:
        server.close()


def _get(server: LiveServer, path: str, headers: dict[str, str] | None = None) -> int:
    """The status of GET `path` on the server, with these headers (Host: its own)."""
    connection = http.client.HTTPConnection(_serve.HOST, server.httpd.server_address[1], 10)
    try:
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_server_answers_only_its_own_host_origin_and_token(live: LiveServer) -> None:
    """Issue 19, M6: the server answered any Host and Origin, so a web page could read the
    map being edited through DNS rebinding (its own name resolved to 127.0.0.1 again)."""
    port = live.httpd.server_address[1]
    secret = urllib.parse.urlsplit(live.url).path  # /TOKEN/
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert _get(live, secret, {"Host": host}) == 200
        assert _get(live, secret + "output", {"Host": host, "Origin": f"http://{host}"}) == 200
    rebound = f"rebound.example:{port}"
    assert _get(live, secret + "output", {"Host": rebound}) == 403
    assert _get(live, secret + "output", {"Origin": f"http://{rebound}"}) == 403
    assert _get(live, secret + "events", {"Origin": "null"}) == 403
    for path in ("/", "/output", "/events", "/wrong-token/output", secret[:-2] + "/output"):
        assert _get(live, path) == 403


def test_clients_that_leave_early_print_no_traceback(
    live: LiveServer, capfd: pytest.CaptureFixture[str]
) -> None:
    """Issue 19, L1: every client that hung up early (BrokenPipeError,
    ConnectionResetError) printed a Python traceback."""
    request = f"GET {urllib.parse.urlsplit(live.url).path}output HTTP/1.1\r\nHost: x\r\n\r\n"
    for _ in range(50):
        client = socket.create_connection((_serve.HOST, live.httpd.server_address[1]))
        client.sendall(request.encode())
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # a reset, at once
    assert _get(live, urllib.parse.urlsplit(live.url).path) == 200  # still serving
    time.sleep(0.2)  # the last handlers finish
    assert "Traceback" not in capfd.readouterr().err


def test_half_sent_requests_time_out(live: LiveServer) -> None:
    """Issue 19, L2: a half-sent request held a thread and a descriptor for ever (100 of
    them: more than the connections served at once, which are closed at once)."""
    clients = [
        socket.create_connection((_serve.HOST, live.httpd.server_address[1])) for _ in range(100)
    ]
    try:
        for client in clients:
            client.sendall(b"GET / HTTP/1.1\r\n")  # and no more
            client.settimeout(20)
        assert all(client.recv(1) == b"" for client in clients)  # each closed by the server
    finally:
        for client in clients:
            client.close()


def test_a_closed_page_ends_its_event_stream(live: LiveServer) -> None:
    """Issue 19, L2: a page closed on its event stream held a thread and a descriptor
    until the next build, or for ever, until saves failed with "Too many open files"."""
    url = urllib.parse.urlsplit(live.url)
    events = http.client.HTTPConnection(url.hostname or "", url.port, 10)
    events.request("GET", url.path + "events")
    assert events.getresponse().readline() == b"event: build\n"
    wait_for(lambda: len(live.listeners) == 1)
    events.close()  # the page is closed
    wait_for(lambda: live.listeners == [])
