"""Engines: Graphviz laying out and drawing DOT, in-process or as the `dot` executable.

Both engines take the same DOT. A layout can run in a forked worker process in a process
group of its own, so that a timeout stops it (and any `dot` child) for sure; the worker's
stderr, where Graphviz and the bundled fontconfig chatter, is captured and shown only
when asked for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from typing import Literal

from ._issues import ArgmapError

Engine = Literal["embedded", "dot"]
Format = Literal["svg", "png", "pdf"]


class RenderError(ArgmapError):
    """Graphviz could not draw the diagram (missing executable, layout error, timeout)."""

    exit_code = 1


def run(
    dot: str, output_format: Format, engine: Engine = "embedded", *, timeout: float | None = None
) -> tuple[bytes, str]:
    """Lay out and draw DOT; returns the drawing and what Graphviz printed on stderr.

    With a `timeout` (seconds), the work runs in a worker process that is killed when
    the time is up.

    Raises:
        RenderError: no Graphviz for the engine, Graphviz failed, or the time ran out.
    """
    draw = _ENGINES[engine]
    if timeout is None:
        with _captured_stderr() as chatter:
            result = draw(dot, output_format)
        return result, "".join(chatter)
    return _in_worker(draw, dot, output_format, timeout)


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


def _worker(
    draw: Callable[[str, Format], bytes],
    dot: str,
    output_format: Format,
    connection: multiprocessing.connection.Connection,
) -> None:
    os.setpgrp()  # so that a timeout can stop this worker and any 'dot' it started
    with _captured_stderr() as chatter:
        payload: bytes | str
        try:
            status, payload = "ok", draw(dot, output_format)
        except RenderError as error:
            status, payload = "error", str(error)
    connection.send((status, payload, "".join(chatter)))
    connection.close()


def _in_worker(
    draw: Callable[[str, Format], bytes], dot: str, output_format: Format, timeout: float
) -> tuple[bytes, str]:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(draw, dot, output_format, send), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            assert process.pid is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            raise RenderError(
                f"Graphviz did not finish within {timeout:g} s and was stopped; give more "
                "time with --timeout, or draw less with --focus ID --depth N"
            )
        status, payload, chatter = receive.recv()
    except EOFError:
        raise RenderError("Graphviz crashed while drawing (the worker process died)") from None
    finally:
        receive.close()
        process.join(1)
    if status == "error":
        raise RenderError(str(payload))
    assert isinstance(payload, bytes)
    return payload, chatter
