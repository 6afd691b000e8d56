"""`watch`: rebuilds on every save, survives broken and moved files, serves a live page."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import argmap
from argmap._watch import Built, Event, Failed

from .browser import chromium, missing
from .conftest import MAPS

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
    from argmap._serve import LiveServer  # noqa: PLC0415

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
