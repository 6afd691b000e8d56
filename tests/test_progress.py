"""Progress lines: only on a terminal, only for long steps."""

from __future__ import annotations

import io
import re
import time

from argmap._progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_step_shows_a_line_on_a_terminal() -> None:
    out = Terminal()
    with progress("laying out 10,000 claims", stream=out, after=0.05, every=0.05):
        time.sleep(0.2)
    text = out.getvalue()
    assert text.startswith("\rlaying out 10,000 claims... 0 s")
    assert re.search(r"\rlaying out 10,000 claims: \d+\.\d s\n$", text)


def test_a_short_step_says_nothing() -> None:
    out = Terminal()
    with progress("reading", stream=out, after=1.0):
        pass
    assert out.getvalue() == ""


def test_no_terminal_no_progress() -> None:
    out = io.StringIO()
    with progress("laying out", stream=out, after=0.0, every=0.01):
        time.sleep(0.05)
    assert out.getvalue() == ""
