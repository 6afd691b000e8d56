"""Benchmark suite: every stage at every size, start-up, and the article end to end.

Run with `make bench`: about twelve minutes on two cores, most of it Graphviz laying out
10,000 claims (`--quick` for a smoke run). No test asserts these numbers: timings belong
to a benchmark, not to the test suite.

For each size (generated maps of 10 to 10,000 claims, see `generate.py`), a fresh
process measures the median of several runs of: load + check, analyse (lint),
evaluate, DOT, and Graphviz's layout to SVG with each engine; and its peak memory. The
growth of each stage is fitted as a power of the size (time ~ n^k, from 100 claims up).
Then `argmap --version` and `argmap render` of the article map, each a new process.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "maps" / "iraq-militias.yaml"
SIZES = (10, 100, 1_000, 10_000)
STAGES = ("load + check", "analyse", "evaluate", "DOT", "embedded", "dot")
OWN = ("load + check", "DOT")


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls, in milliseconds (after a warm-up call, unless a
    single run is asked for: a ten-minute layout is not worth warming up)."""
    if runs > 1:
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(claims: int, runs: int, layout_runs: int) -> dict[str, object]:
    """One size, in this process: each stage's median, and peak memory."""
    from generate import write  # noqa: PLC0415

    import argmap  # noqa: PLC0415  (in the measuring process only)
    from argmap.draw._dot import to_dot  # noqa: PLC0415
    from argmap.draw._engines import GraphvizRun  # noqa: PLC0415
    from argmap.vocabulary import Engine  # noqa: PLC0415

    result: dict[str, object] = {"claims": claims}
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), claims)
        result["megabytes"] = path.stat().st_size / 1e6
        times = {"load + check": median_ms(lambda: argmap.load(path), runs)}
        argument_map = argmap.load(path)
        result["claims"] = len(argument_map.claims)
        times["analyse"] = median_ms(lambda: argmap.analyse(argument_map), runs)
        times["evaluate"] = median_ms(lambda: argmap.evaluate(argument_map), runs)
        times["DOT"] = median_ms(lambda: to_dot(argument_map), runs)
        result["own_peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
        dot = to_dot(argument_map)
        engines: tuple[Engine, ...] = ("embedded", "dot")
        for engine in engines:

            def layout(engine: Engine = engine) -> tuple[bytes, str]:
                return GraphvizRun(engine, timeout=3600).draw(dot, "svg")

            times[engine] = median_ms(layout, layout_runs) if layout_runs else math.nan
        result["graphviz_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    result["ms"] = times
    return result


def _memory() -> str:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return f"{pages / 2**30:.0f} GiB"


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def command_ms(args: list[str], runs: int) -> float:
    """Median wall time of a command, in a new process each run."""
    subprocess.run(args, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """The k in time ~ n^k between two sizes: log(t2 / t1) / log(n2 / n1).

    >>> round(exponent((100, 2.0), (1_000, 20.0)), 2), round(exponent((1, 1.0), (10, 100.0)), 2)
    (1.0, 2.0)
    """
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def growth_table(rows: list[dict[str, Any]]) -> str:
    """Each stage's growth exponent per size range (100 -> 1,000 and 1,000 -> 10,000
    apart), so that a stage that turns superlinear at scale cannot hide behind a fit over
    small sizes. Ranges below 100 claims are left out: fixed costs dominate there."""
    sized = sorted((row for row in rows if row["claims"] >= 100), key=lambda r: r["claims"])
    pairs = list(itertools.pairwise(sized))
    if not pairs:
        return ""
    ranges = [f"{a['claims']:,} -> {b['claims']:,}" for a, b in pairs]
    lines = ["\ngrowth, time ~ n^k per size range:", ""]
    lines += ["| stage | " + " | ".join(ranges) + " |", "| --- |" + " ---: |" * len(ranges)]
    for stage in STAGES:
        cells = []
        for a, b in pairs:
            small, large = a["ms"][stage], b["ms"][stage]
            usable = not (math.isnan(small) or math.isnan(large)) and small > 0
            cells.append(
                f"{exponent((a['claims'], small), (b['claims'], large)):.2f}" if usable else "-"
            )
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def fmt(ms: float) -> str:
    """A duration as people read it: 40 µs, 5.5 ms, 64 ms, 1.25 s."""
    if math.isnan(ms):
        return "-"
    if ms < 1:
        return f"{ms * 1000:.0f} µs"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms" if ms < 10 else f"{ms:.0f} ms"


NEEDED = ("argmap", "yaml", "pygraphviz")
"""What the suite imports: argmap and its dependencies, from the project's venv."""


def require() -> None:
    """Stop with a message a user can act on when argmap is not importable here (a
    plain `python`, outside the project's virtual environment)."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(
            f"bench/suite.py: this Python ({sys.executable}) cannot import "
            f"{', '.join(missing)}. Run the suite with the project's virtual environment: "
            "`make bench` from the top folder, or `../.venv/bin/python suite.py --quick` "
            "from bench/ (`make test` or `make demo` sets the environment up)."
        )


def child(claims: int, runs: int) -> dict[str, Any]:
    """Measure one size in a new process; stop with its own message if it fails."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(claims), "--runs", str(runs)],
            check=True, capture_output=True, text=True, cwd=Path(__file__).parent,
        )  # fmt: skip
    except subprocess.CalledProcessError as error:
        sys.exit(f"bench/suite.py: measuring {claims:,} claims failed:\n{error.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    require()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=7, help="runs per stage (median)")
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child: one size
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = [10, 100], 3
    if options.one is not None:
        # Layout grows fastest: fewer runs for large maps keep the suite within minutes.
        layout_runs = options.runs if options.one <= 1_000 else 1
        print(json.dumps(measure(options.one, options.runs, layout_runs)))
        return
    print(f"{os.cpu_count()} cores, {platform.machine()}, {_memory()}, "
          f"Python {platform.python_version()}; median of {options.runs} runs "
          "(one layout run per engine at 10,000 claims)\n")  # fmt: skip
    rows = []
    for claims in options.sizes:
        rows.append(child(claims, options.runs))
        print(f"  measured {claims:,} claims", file=sys.stderr, flush=True)
    header = ["claims (file)", *STAGES, "own / layout", "peak memory: argmap, Graphviz"]
    print("| " + " | ".join(header) + " |")
    print("|" + " ---: |" * len(header))
    for row in rows:
        ms = row["ms"]
        own = sum(ms[stage] for stage in OWN)
        share = own / ms["embedded"] if ms["embedded"] == ms["embedded"] else math.nan
        print("| " + " | ".join([
            f"{row['claims']:,} ({row['megabytes']:.2f} MB)",
            *(fmt(ms[stage]) for stage in STAGES),
            "-" if math.isnan(share) else f"{share:.0%}",
            f"{row['own_peak_mb']:.0f} MB, {row['graphviz_peak_mb']:.0f} MB",
        ]) + " |")  # fmt: skip
    print(growth_table(rows))
    argmap_command = [sys.executable, "-m", "argmap"]
    startup = command_ms([*argmap_command, "--version"], options.runs)
    print(f"\n`argmap --version`: {fmt(startup)}")
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "x.svg")
        for engine in ("embedded", "dot"):
            render = [*argmap_command, "render", str(ARTICLE), "-o", out, "--engine", engine]
            print(f"`argmap render` of the article map, {engine}: "
                  f"{fmt(command_ms(render, options.runs))}")  # fmt: skip
    imports = command_ms(
        [
            sys.executable,
            "-c",
            "import argmap.cli, argmap.checks._load, argmap.draw._render, pygraphviz",
        ],
        options.runs,
    )
    print(f"of which importing argmap, typer, pydantic, PyYAML and pygraphviz: {fmt(imports)}")
    if max(options.sizes) >= 10_000:
        print(big_render(10_000))


def big_render(claims: int) -> str:
    """`argmap render` of a large generated map to SVG as a user runs it: default settings,
    no --timeout; wall time and the peak memory of argmap and its Graphviz worker. Twice:
    themes as sub-arguments (as real maps are), and themes scattered (the worst case)."""
    from generate import write  # noqa: PLC0415

    lines = [f"\n`argmap render` of {claims:,} generated claims to SVG, default settings:"]
    for scattered in (False, True):
        with tempfile.TemporaryDirectory() as folder:
            path = write(Path(folder), claims, scattered=scattered)
            command = [sys.executable, "-m", "argmap", "render", str(path), "-o",
                       str(Path(folder) / "x.svg")]  # fmt: skip
            script = (
                "import resource, subprocess, sys, time\n"
                "start = time.perf_counter()\n"
                "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
                "used = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
                "print(time.perf_counter() - start, used)\n"
            )
            done = subprocess.run(
                [sys.executable, "-c", script, *command],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            seconds, peak = map(float, done.stdout.split())
            kind = "themes scattered at random" if scattered else "themes as sub-arguments"
            lines.append(f"  {kind}: {seconds:.1f} s, peak {peak:.0f} MB (largest process)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
