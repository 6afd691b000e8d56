"""Benchmark of the foreign formats: export and import at 10 to 10,000 claims.

Run with `cd bench && ../.venv/bin/python formats.py` (`--quick` for 10 and 100 claims).
Each size is a generated map (see `generate.py`). Timed through the API: exporting it to
AIF, Argdown and Mermaid (text in memory), and importing files: the AIF export, the
JSON that the Argdown CLI writes for the Argdown export (made once, not timed; skipped
without the CLI) and a Kialo discussion of the same number of claims. The times are CPU
times, the fastest of several runs, the sizes taking turns (see `measure`). Growth is
time ~ n^k between sizes (100 -> 1,000, 1,000 -> 10,000): linear is k close to 1.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import write
from suite import SIZES, exponent, fmt

import argmap

ROOT = Path(__file__).resolve().parent.parent
ARGDOWN = os.environ.get("ARGMAP_ARGDOWN") or str(ROOT / "tools/node_modules/.bin/argdown")
STAGES: tuple[str, ...] = ("export aif", "export argdown", "export mermaid", "import aif")
STAGES += ("import argdown", "import kialo")


def kialo_text(claims: int) -> str:
    """A Kialo discussion of `claims` claims: three Pros and a Con under each claim."""
    lines = ["Discussion Title: Generated", "", "1. Thesis number 0."]
    frontier, count = ["1."], 1
    while count < claims:
        following = []
        for parent in frontier:
            for child in range(1, 5):
                if count >= claims:
                    break
                key = f"{parent}{child}."
                stance = "Con" if child == 4 else "Pro"
                lines.append(f"{key} {stance}: Claim number {count} about {parent}.")
                following.append(key)
                count += 1
        frontier = following
    return "\n".join(lines) + "\n"


Action = Callable[[], object]


def actions(claims: int, folder: Path) -> dict[str, Action]:
    """Each stage at one size, ready to run: the inputs are made here, not timed."""
    argument_map = argmap.load(write(folder, claims))
    texts = {to: argmap.export(argument_map, to) for to in ("aif", "argdown", "mermaid")}
    stages: dict[str, Action] = {}
    for to in texts:

        def export(to: str = to) -> str:
            return argmap.export(argument_map, to)

        stages[f"export {to}"] = export
    (folder / "x.aif.json").write_text(texts["aif"], encoding="utf-8")
    stages["import aif"] = lambda: argmap.import_map(folder / "x.aif.json")
    source = folder / "x.argdown"
    source.write_text(texts["argdown"], encoding="utf-8")
    if Path(ARGDOWN).is_file():
        subprocess.run([ARGDOWN, "json", str(source), str(folder)], check=True, capture_output=True)
        stages["import argdown"] = lambda: argmap.import_map(folder / "x.json", format="argdown")
    (folder / "kialo.txt").write_text(kialo_text(claims), encoding="utf-8")
    stages["import kialo"] = lambda: argmap.import_map(folder / "kialo.txt")
    return stages


def measure(sizes: list[int], runs: int) -> dict[int, dict[str, float]]:
    """The fastest of `runs` runs of each stage at each size: the process's CPU time, in
    milliseconds.

    On a machine shared with others, wall time at 10,000 claims moved by half between
    runs, and a median's growth exponent with it (by 0.4). So the sizes take turns, round
    by round, in one process, every size seeing the same load; the process's own CPU
    time is counted, not the time others took; and the fastest run is kept.
    """
    best: dict[int, dict[str, float]] = {claims: {} for claims in sizes}
    with tempfile.TemporaryDirectory() as folder:
        prepared = {}
        for claims in sizes:
            (Path(folder) / str(claims)).mkdir()
            prepared[claims] = actions(claims, Path(folder) / str(claims))
            for action in prepared[claims].values():
                action()  # warm up
            print(f"  prepared {claims:,} claims", file=sys.stderr, flush=True)
        for _ in range(runs):
            for claims in sizes:
                for stage, action in prepared[claims].items():
                    start = time.process_time()
                    action()
                    took = (time.process_time() - start) * 1000
                    best[claims][stage] = min(best[claims].get(stage, took), took)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=7, help="runs per stage (the fastest)")
    parser.add_argument("--quick", action="store_true", help="10 and 100 claims, 3 runs")
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = [10, 100], 3
    print(
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"fastest of {options.runs} runs, CPU time\n"
    )
    rows = list(measure(options.sizes, options.runs).items())
    print("| claims | " + " | ".join(STAGES) + " |")
    print("| ---: |" + " ---: |" * len(STAGES))
    for claims, times in rows:
        cells = [fmt(times[stage]) if stage in times else "-" for stage in STAGES]
        print(f"| {claims:,} | " + " | ".join(cells) + " |")
    sized = [(claims, times) for claims, times in rows if claims >= 100]
    pairs = list(itertools.pairwise(sized))
    if pairs:
        ranges = [f"{a:,} -> {b:,}" for (a, _), (b, _) in pairs]
        print("\ngrowth, time ~ n^k per size range:\n")
        print("| stage | " + " | ".join(ranges) + " |")
        print("| --- |" + " ---: |" * len(ranges))
        for stage in STAGES:
            cells = [
                f"{exponent((a, ta[stage]), (b, tb[stage])):.2f}"
                if stage in ta and stage in tb
                else "-"
                for (a, ta), (b, tb) in pairs
            ]
            print(f"| {stage} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
