"""Benchmark: rendering, end to end and by stage.

1. `argmap render maps/iraq-militias.yaml -o x.svg` as a user runs it (a new process
   each time), per engine, median of several runs; and argmap's own share of it
   (start-up, load, check, DOT) against Graphviz's layout.
2. For generated maps of 1,000 claims and more: argmap's own work (load, check, DOT)
   against Graphviz's layout and drawing, in-process with the embedded engine.

Run with `make bench`; no test asserts these timings.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from check_bench import generate, median_seconds

import argmap
from argmap._dot import to_dot
from argmap._engines import run

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "maps" / "iraq-militias.yaml"


def command_seconds(args: list[str], runs: int) -> float:
    """Median wall time of a command, in a new process each run."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--claims", type=int, nargs="+", default=[1_000])
    options = parser.parse_args()
    argmap_command = [sys.executable, "-m", "argmap"]
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "x.svg")
        startup = command_seconds([*argmap_command, "--version"], options.runs)
        imports = command_seconds(
            [sys.executable, "-c", "import argmap._load, argmap._render, pygraphviz"], options.runs
        )
        argument_map = argmap.load(ARTICLE)
        own = median_seconds(lambda: to_dot(argmap.load(ARTICLE)), options.runs)
        dot = to_dot(argument_map)
        print(f"article map, median of {options.runs} runs")
        print(
            f"start-up (`argmap --version`): {startup * 1000:.0f} ms; importing pydantic, "
            f"PyYAML, graphviz and pygraphviz: {imports * 1000:.0f} ms; load + check + DOT: "
            f"{own * 1000:.0f} ms"
        )
        print("| engine | `argmap render … -o x.svg` | Graphviz alone (in-process) |")
        print("| --- | ---: | ---: |")
        for engine in ("embedded", "dot"):
            total = command_seconds(
                [*argmap_command, "render", str(ARTICLE), "-o", out, "--engine", engine],
                options.runs,
            )
            graphviz = median_seconds(lambda e=engine: run(dot, "svg", e), options.runs)  # type: ignore[misc]
            print(f"| {engine} | {total * 1000:.0f} ms | {graphviz * 1000:.0f} ms |")
        print()
        print("| claims | argmap: load + check + DOT | Graphviz: layout + SVG | share |")
        print("| ---: | ---: | ---: | ---: |")
        for claims in options.claims:
            data, source = generate(claims)
            path = Path(folder) / "generated.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000), encoding="utf-8")
            (Path(folder) / "source.txt").write_text(source, encoding="utf-8")
            runs = max(1, options.runs // 3)
            own = median_seconds(lambda p=path: to_dot(argmap.load(p)), runs)  # type: ignore[misc]
            generated_dot = to_dot(argmap.load(path))
            layout = median_seconds(lambda d=generated_dot: run(d, "svg"), runs)  # type: ignore[misc]
            print(
                f"| {claims:,} | {own * 1000:.0f} ms | {layout * 1000:.0f} ms | "
                f"{own / layout:.1%} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
