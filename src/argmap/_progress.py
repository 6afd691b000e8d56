"""Progress: a line on the terminal while a step runs long (reading, laying out, writing).

Quiet for any step that ends within two seconds, and always quiet when stderr is not a
terminal (a pipe, a log file, CI), so scripts see only the results.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def progress(
    what: str, *, stream: TextIO | None = None, after: float = 2.0, every: float = 1.0
) -> Iterator[None]:
    """While the block runs longer than `after` seconds, show `what` and the time so far
    on one line of `stream` (stderr), updated every `every` seconds; when the block ends
    the line says how long it took.

    >>> import io
    >>> with progress("laying out", stream=io.StringIO()):  # not a terminal: quiet
    ...     pass
    """
    out = stream or sys.stderr
    if not out.isatty():
        yield
        return
    done = threading.Event()
    started = time.monotonic()
    shown = threading.Event()

    def show() -> None:
        if done.wait(after):
            return
        shown.set()
        while True:
            out.write(f"\r{what}... {time.monotonic() - started:.0f} s")
            out.flush()
            if done.wait(every):
                return

    thread = threading.Thread(target=show, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if shown.is_set():
            out.write(f"\r{what}: {time.monotonic() - started:.1f} s\n")
            out.flush()
