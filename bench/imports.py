"""Benchmark of hostile imports: inputs that once took quadratic time, timed as whole
processes (`argmap import FILE -o OUT`), before and after.

Run with `cd bench && ../.venv/bin/python imports.py [--before OTHER_ARGMAP] [--timeout S]`.
Each case is written to a temporary folder, then imported by this checkout's `argmap`
and, with `--before`, by another one (an older checkout's `.venv/bin/argmap`); a case
that runs past the timeout is reported as "> S s". Times are wall-clock seconds of one
run, with the exit status.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = "Discussion Title: T\n\n1. C.\n1.1. Pro: "


def brackets(size: int, piece: str) -> Callable[[], str]:
    """One claim of `size` bytes of `piece` ('[' or '\\[')."""
    return lambda: HEAD + piece * (size // len(piece)) + "\n"


def continued(lines: int) -> str:
    """One claim whose text goes on over `lines` short lines."""
    return HEAD + "x\n" * lines


def linked(links: int) -> str:
    """`links` claims and a Pro link under each to another claim (about 1 MB at 20,000)."""
    rows = ["Discussion Title: T", "", "1. C."]
    rows += [f"1.{n}. Pro: Claim {n}." for n in range(1, links + 1)]
    rows += [f"1.{n}.1. Pro: -> See 1.{n * 7919 % links + 1}." for n in range(1, links + 1)]
    return "\n".join(rows) + "\n"


def circled(links: int) -> str:
    """Links that make one circle through `links` claims (each under one, to the next)."""
    rows = ["Discussion Title: T", "", "1. C."]
    rows += [f"1.{n}. Pro: Claim {n}." for n in range(1, links + 1)]
    rows += [f"1.{n}.1. Pro: -> See 1.{n % links + 1}." for n in range(1, links + 1)]
    return "\n".join(rows) + "\n"


CASES: dict[str, Callable[[], str]] = {
    "80 KB of '['": brackets(80_000, "["),
    "200 KB of '['": brackets(200_000, "["),
    "80 KB of '\\['": brackets(80_000, "\\["),
    "200 KB of '\\['": brackets(200_000, "\\["),
    "1,000,000 continuation lines": lambda: continued(1_000_000),
    "20,000 links (1 MB)": lambda: linked(20_000),
    "20,000 links in one circle": lambda: circled(20_000),
}


def run(argmap: str, source: Path, timeout: float) -> str:
    """The time of one import as a whole process, or '> timeout'."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [argmap, "import", str(source), "-o", str(source.with_suffix(".yaml"))],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:g} s"
    return f"{time.perf_counter() - start:.2f} s (exit {done.returncode})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="another argmap executable to compare with")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    after = str(ROOT / ".venv" / "bin" / "argmap")
    print(f"| case | size | {'before | ' if args.before else ''}after |")
    print(f"| --- | --- | {'--- | ' if args.before else ''}--- |")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in CASES.items():
            source = Path(folder) / "case.txt"
            source.write_text(make(), encoding="utf-8")
            size = f"{source.stat().st_size / 1e6:.2f} MB"
            before = f"{run(args.before, source, args.timeout)} | " if args.before else ""
            print(f"| {name} | {size} | {before}{run(after, source, args.timeout)} |", flush=True)


if __name__ == "__main__":
    main()
