"""Engines: Graphviz laying out and drawing DOT, in-process or as the `dot` executable.

Both engines take the same DOT. A layout can run in a forked worker process in a process
group of its own, so that a timeout stops it (and any `dot` child) for sure; the worker's
stderr, where Graphviz and the bundled fontconfig chatter, is captured and shown only
when asked for. `stopped_by_signals` makes the workers end with the command when it is
interrupted or terminated; a guard beside each worker ends it when the command is killed.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Literal

from .._issues import ArgmapError, UsageError
from ..vocabulary import Engine

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Format = Literal["svg", "png", "pdf", "json"]


class RenderError(ArgmapError):
    """Graphviz could not draw the diagram (missing executable, layout error, timeout)."""

    exit_code = 1


@dataclass(frozen=True)
class GraphvizRun:
    """How Graphviz runs: its engine, a layout's timeout in seconds (None: no limit), a
    worker started ahead (when given, its engine is used) and a deadline for all the
    layouts of one command (a `time.monotonic()` instant; None: none), which cuts the
    layout under way and starts no other."""

    engine: Engine = "embedded"
    timeout: float | None = None
    worker: Worker | None = None
    deadline: float | None = None

    def draw(self, dot: str, output_format: Format) -> tuple[bytes, str]:
        """Lay out and draw DOT; returns the drawing and what Graphviz printed on stderr.

        With a `timeout`, the work runs in a worker process that is killed when the time
        is up: the worker started ahead, or a new one.

        Raises:
            RenderError: no Graphviz for the engine, Graphviz failed, or the time ran out.
            UsageError: the timeout is not a number of seconds argmap can wait.
        """
        timeout = checked_timeout(self.timeout)
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise RenderError("the time for all of this command's layouts ran out")
            timeout = left if timeout is None else min(timeout, left)
        if self.worker is not None:
            return self.worker.draw(dot, output_format, timeout)
        if timeout is None:
            with _captured_stderr() as chatter:
                result = _ENGINES[self.engine](dot, output_format)
            return result, "".join(chatter)
        with Worker(self.engine, warm=False) as fresh:  # it draws at once: nothing to overlap
            return fresh.draw(dot, output_format, timeout)


EMBEDDED = GraphvizRun()
"""Graphviz in-process, without a time limit: the default run."""


LONGEST_TIMEOUT = 1_000_000.0
"""The longest layout timeout, in seconds (11 days and a half): what the operating
system's waits take; no limit at all is asked for with None (0 on the command line)."""


def checked_timeout(timeout: float | None) -> float | None:
    """A layout timeout as given, once it is a number of seconds that can be waited.

    >>> checked_timeout(30.0), checked_timeout(None)
    (30.0, None)

    Raises:
        UsageError: not a number (NaN), not positive, infinite or longer than
            `LONGEST_TIMEOUT`.
    """
    if timeout is not None and not (0 < timeout <= LONGEST_TIMEOUT and math.isfinite(timeout)):
        raise UsageError(
            f"--timeout {timeout:g}: give a number of seconds above 0 and at most "
            f"{LONGEST_TIMEOUT:,.0f} (0 on the command line, None in Python, for no limit)"
        )
    return timeout


def _embedded(dot: str, output_format: Format) -> bytes:
    try:
        import pygraphviz  # noqa: PLC0415  (heavy: imported only to draw)
    except ImportError as error:
        raise RenderError(
            f"the embedded engine needs pygraphviz ({error}); reinstall argmap, "
            "or use --engine dot with Graphviz installed"
        ) from None
    try:
        graph = pygraphviz.AGraph(string=dot)
        drawing = graph.draw(format=output_format, prog="dot")
    except (OSError, ValueError) as error:
        raise RenderError(f"Graphviz failed: {error}") from None
    assert drawing is not None
    return bytes(drawing)


def _executable(dot: str, output_format: Format) -> bytes:
    import graphviz  # noqa: PLC0415

    try:
        return bytes(graphviz.pipe("dot", output_format, dot.encode("utf-8"), quiet=True))
    except graphviz.ExecutableNotFound:
        raise RenderError(
            "--engine dot needs the Graphviz executable 'dot' on PATH; install Graphviz "
            "(Debian/Ubuntu: apt install graphviz; macOS: brew install graphviz), or use "
            "the default --engine embedded"
        ) from None
    except graphviz.CalledProcessError as error:
        stderr = error.stderr.decode("utf-8", "replace") if error.stderr else ""
        raise RenderError(f"Graphviz 'dot' failed: {stderr.strip() or error}") from None


_ENGINES: dict[Engine, Callable[[str, Format], bytes]] = {
    "embedded": _embedded,
    "dot": _executable,
}


@contextlib.contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Send file descriptor 2 (where C libraries write) to a temporary file meanwhile.

    The list it yields holds what was written, once the block has ended.
    """
    captured: list[str] = []
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", "replace"))


class Worker:
    """A drawing process in a process group of its own, started ahead of the drawing.

    Started ahead (`warm`), the worker imports its engine and draws a one-node graph
    (loading Graphviz's plugins and fonts) while the caller reads and checks the map: on
    two cores the two run side by side. It then draws each DOT it is sent; a drawing that
    overruns its timeout kills the worker's whole group, so any `dot` it started stops too.
    """

    def __init__(self, engine: Engine, *, warm: bool = True) -> None:
        import multiprocessing  # noqa: PLC0415  (only when a worker starts: `--version` is quick)

        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(engine, theirs, warm), daemon=True)
        self.process.start()
        with contextlib.suppress(OSError):  # the worker does so too: whichever comes first
            os.setpgid(self.process.pid or 0, self.process.pid or 0)
        _LIVE.add(self)
        theirs.close()

    def draw(self, dot: str, output_format: Format, timeout: float | None) -> tuple[bytes, str]:
        """The drawing and Graphviz's messages; RenderError if it fails or overruns."""
        timeout = checked_timeout(timeout)
        if not self.process.is_alive():
            raise RenderError("Graphviz stopped earlier and cannot draw this (the worker died)")
        self.connection.send((dot, output_format))
        try:
            if not self.connection.poll(timeout):
                self.close()
                raise RenderError(
                    f"Graphviz did not finish within {timeout:g} s and was stopped; give "
                    "more time with --timeout, or draw less with --focus ID --depth N"
                )
            status, payload, chatter = self.connection.recv()
        except EOFError:
            raise RenderError("Graphviz crashed while drawing (the worker process died)") from None
        if status == "error":
            raise RenderError(str(payload))
        assert isinstance(payload, bytes)
        return payload, chatter

    def close(self) -> None:
        """Stop the worker (and anything it started)."""
        self.kill()
        _LIVE.discard(self)
        self.connection.close()
        self.process.join(1)

    def kill(self) -> None:
        """Kill the worker's process group at once: the worker and any `dot` it started."""
        if self.process.pid is not None and self.process.exitcode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


_LIVE: set[Worker] = set()
"""The workers not yet closed, which a signal must stop with the command."""
SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
"""What ends a command from outside: `kill`, a closed terminal, Ctrl-C."""


class Stopped(BaseException):
    """The command received one of `SIGNALS`; its workers are stopped already."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While the block runs, each of `SIGNALS` kills every Graphviz worker's process
    group at once, then raises `Stopped` so that the command unwinds (its outputs not yet
    in place are removed). A worker sits in a process group of its own, so that a
    timeout can stop it and what it started; that is also why a signal sent to the
    command, or to the terminal's process group, does not reach it by itself.

    Outside the main thread, where signal handlers cannot be set, it does nothing.
    """

    def stop(signum: int, _frame: FrameType | None) -> None:
        for worker in list(_LIVE):
            worker.kill()
        raise Stopped(signum)

    try:
        previous = {number: signal.signal(number, stop) for number in SIGNALS}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _serve(engine: Engine, connection: Connection, warm: bool) -> None:
    os.setpgrp()  # so that a timeout can stop this worker and any 'dot' it started
    for number in SIGNALS:  # the command's handlers are not the worker's: it just ends
        signal.signal(number, signal.SIG_DFL)
    import multiprocessing  # noqa: PLC0415  (imported already: the worker is a fork)

    parent = multiprocessing.parent_process()
    assert parent is not None
    _let_go(connection.fileno(), parent.sentinel)
    guard = _guard(parent.sentinel)
    try:
        _draw_each(engine, connection, warm)
    finally:
        os.kill(guard, signal.SIGKILL)


def _let_go(*kept: int) -> None:
    """Drop what the fork copied from the command: its standard streams, its end of the
    pipe (so that the worker sees end-of-file when the command is gone), a server's
    listening socket, a watch's file notifications. Every descriptor but `kept` is
    pointed at /dev/null rather than closed, so that no object still holding its number
    can later close a file the worker opens."""
    inherited = [int(entry.name) for entry in Path("/dev/fd").iterdir()]
    null = os.open(os.devnull, os.O_RDWR)
    for number in inherited:
        if number not in (*kept, null):
            with contextlib.suppress(OSError):  # the listing's own, closed already
                os.dup2(null, number, inheritable=number <= 2)
    os.close(null)


def _guard(sentinel: int) -> int:
    """Fork a guard that kills the worker's group (the worker, any 'dot', itself) once
    the command has ended, even by SIGKILL, when `sentinel` reaches end-of-file. A thread
    could not: Graphviz holds the interpreter's lock for the whole of a layout."""
    from multiprocessing.connection import wait  # noqa: PLC0415

    guard = os.fork()
    if guard == 0:
        try:
            _let_go(sentinel)  # the worker's end of the pipe too: its death must be seen
            wait([sentinel])
        finally:
            os.killpg(0, signal.SIGKILL)  # the guard with the rest: it never returns
    return guard


def _draw_each(engine: Engine, connection: Connection, warm: bool) -> None:
    """Draw each DOT the command sends, until it closes the pipe."""
    draw = _ENGINES[engine]
    if warm:  # import and load Graphviz while the caller is still reading the map
        with _captured_stderr(), contextlib.suppress(RenderError):
            draw("digraph { warm }", "svg")
    while True:
        try:
            dot, output_format = connection.recv()
        except EOFError:
            return
        with _captured_stderr() as chatter:
            payload: bytes | str
            try:
                status, payload = "ok", draw(dot, output_format)
            except RenderError as error:
                status, payload = "error", str(error)
        connection.send((status, payload, "".join(chatter)))
