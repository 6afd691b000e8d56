"""Benchmark of the foreign formats: export and import at 10 to 10,000 claims.

Run with `cd bench && ../.venv/bin/python formats.py` (`--quick` for 10 and 100 claims).
Each size, in a process of its own, is a generated map (see `generate.py`): the times
are the median of several runs of exporting it to AIF, Argdown and Mermaid, and of
importing the AIF export, the JSON that the Argdown CLI writes for the Argdown export
(made once, not timed; skipped without the CLI) and a Kialo discussion of the same
number of claims. Growth is time ~ n^k between sizes (100 -> 1,000, 1,000 -> 10,000):
linear is k close to 1.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import write
from suite import SIZES, exponent, fmt, median_ms

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


def measure(claims: int, runs: int) -> dict[str, float]:
    """Each stage's median time, in milliseconds, at one size."""
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        argument_map = argmap.load(write(Path(folder), claims))
        texts: dict[str, str] = {}
        for to in ("aif", "argdown", "mermaid"):

            def export(to: str = to) -> str:
                return argmap.export(argument_map, to)

            times[f"export {to}"] = median_ms(export, runs)
            texts[to] = export()
        times["import aif"] = median_ms(
            lambda: argmap.import_text(texts["aif"], "aif", name="x.json"), runs
        )
        source = Path(folder) / "x.argdown"
        source.write_text(texts["argdown"], encoding="utf-8")
        if Path(ARGDOWN).is_file():
            subprocess.run([ARGDOWN, "json", str(source), folder], check=True, capture_output=True)
            json_text = (Path(folder) / "x.json").read_text(encoding="utf-8")
            times["import argdown"] = median_ms(
                lambda: argmap.import_text(json_text, "argdown", name="x.json"), runs
            )
        kialo = kialo_text(claims)
        times["import kialo"] = median_ms(lambda: argmap.import_text(kialo, "kialo"), runs)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs per stage (median)")
    parser.add_argument("--quick", action="store_true", help="10 and 100 claims, 3 runs")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child: one size
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = [10, 100], 3
    if options.one is not None:
        print(json.dumps(measure(options.one, options.runs)))
        return
    print(
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"median of {options.runs} runs\n"
    )
    rows = []
    for claims in options.sizes:  # each size in a fresh process, as in suite.py
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(claims), "--runs", str(options.runs)],
            check=True, capture_output=True, text=True, cwd=Path(__file__).parent,
        )  # fmt: skip
        rows.append((claims, json.loads(child.stdout)))
        print(f"  measured {claims:,} claims", file=sys.stderr, flush=True)
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
