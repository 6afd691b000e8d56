"""Deck benchmark: `argmap deck` as a whole process, for the article and as maps grow.

Run with `make bench-decks` (about ten minutes on two cores; `--quick` for a smoke run).
Each figure is the median wall time of several runs of the command in a new process
(start-up, reading, checking, splitting into readable pages, every Graphviz layout and
drawing, writing the deck), for the article map (PPTX and PDF on 16:9 slides, and an A4
PDF handout) and for generated maps of growing size (see `generate.py`), with the
number of pages each gives. Growth is fitted as a power of the size (time ~ n^k). No
test asserts these numbers: timings belong to a benchmark, not to the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from generate import write
from suite import ARTICLE, command_ms, exponent, fmt

SIZES = (10, 50, 100, 200)
DECKS = (("pptx", "slide-16x9"), ("pdf", "slide-16x9"), ("pdf", "a4"))


def deck_ms(path: Path, folder: Path, suffix: str, preset: str, runs: int) -> tuple[float, int]:
    """Median milliseconds of `argmap deck`, and the deck's pages (title page included)."""
    out = folder / f"deck.{suffix}"
    command = [sys.executable, "-m", "argmap", "deck", str(path), "-o", str(out),
               "--preset", preset]  # fmt: skip
    ms = command_ms(command, runs)
    return ms, _pages(out)


def _pages(deck: Path) -> int:
    if deck.suffix == ".pptx":
        from pptx import Presentation  # noqa: PLC0415

        return len(Presentation(str(deck)).slides)
    from pypdf import PdfReader  # noqa: PLC0415

    return len(PdfReader(str(deck)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = [10, 50], 1
    print(f"{os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}; median of {options.runs} runs, each a new "
          "process\n")  # fmt: skip
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print("| article map | time | pages |\n| --- | ---: | ---: |")
        for suffix, preset in DECKS:
            ms, pages = deck_ms(ARTICLE, folder, suffix, preset, options.runs)
            print(f"| `deck -o deck.{suffix} --preset {preset}` | {fmt(ms)} | {pages} |",
                  flush=True)  # fmt: skip
        header = ["claims", *(f"{suffix} {preset}" for suffix, preset in DECKS)]
        print("\n| " + " | ".join(header) + " |\n|" + " ---: |" * len(header))
        timings: dict[tuple[str, str], list[tuple[int, float]]] = {deck: [] for deck in DECKS}
        for claims in options.sizes:
            path = write(folder, claims)
            cells = []
            for suffix, preset in DECKS:
                ms, pages = deck_ms(path, folder, suffix, preset, options.runs)
                timings[suffix, preset].append((claims, ms))
                cells.append(f"{fmt(ms)} ({pages} pages)")
            print(f"| {claims:,} | " + " | ".join(cells) + " |", flush=True)
    fitted = {deck: [p for p in points if p[0] >= 50] for deck, points in timings.items()}
    if all(len(points) >= 2 for points in fitted.values()):
        low, high = fitted[DECKS[0]][0][0], fitted[DECKS[0]][-1][0]
        print(f"\ngrowth, time ~ n^k from {low} to {high} claims: " + ", ".join(
            f"{suffix} {preset} k = {exponent(points[0], points[-1]):.2f}"
            for (suffix, preset), points in fitted.items()
        ))  # fmt: skip


if __name__ == "__main__":
    main()
