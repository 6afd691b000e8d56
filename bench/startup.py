"""One-shot commands as whole processes, side by side with the Argdown CLI, in one run.

Each round runs, in turn: `argmap --version`, `argmap validate` of the article map,
`argmap render` of the article map to SVG, and the Argdown CLI's `argdown map` of the
same argument (argmap's own Argdown export of the article) to SVG. The rounds
interleave the commands, so a drift in the machine's speed touches all of them alike;
the render/Argdown ratio is taken round by round, then its median.

argmap's bytecode is compiled first and kept, as an installed package has it (a
development shell with PYTHONDONTWRITEBYTECODE set would compile every module on every
run instead). The Argdown CLI is `$ARGMAP_ARGDOWN`, `tools/node_modules/.bin/argdown`
(installed by `.ci/run`) or `argdown` on PATH.

    cd bench && ../.venv/bin/python startup.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "maps" / "iraq-militias.yaml"
TARGETS = {"argmap --version": 0.030, "argmap validate": 0.150}


def argdown_cli() -> str | None:
    """The Argdown CLI, where the project's tests find it too."""
    local = ROOT / "tools" / "node_modules" / ".bin" / "argdown"
    candidates = [os.environ.get("ARGMAP_ARGDOWN"), str(local), shutil.which("argdown")]
    return next((c for c in candidates if c and Path(c).exists()), None)


def seconds(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    argmap = [sys.executable, "-m", "argmap"]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src")],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    argdown = argdown_cli()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        commands: dict[str, list[str]] = {
            "argmap --version": [*argmap, "--version"],
            "argmap validate": [*argmap, "validate", str(ARTICLE)],
            "argmap render": [*argmap, "render", str(ARTICLE), "-o", str(work / "a.svg")],
        }
        if argdown is not None:
            subprocess.run(
                [*argmap, "export", str(ARTICLE), "--to", "argdown", "-o", str(work / "a.argdown")],
                check=True, capture_output=True, env=env,
            )  # fmt: skip
            commands["argdown map"] = [argdown, "map", "a.argdown", "out", "--format", "svg"]
        for command in commands.values():  # warm the file cache and the bytecode
            seconds(command, env, work)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.rounds):
            for name, command in commands.items():
                times[name].append(seconds(command, env, work))
    print(f"{os.cpu_count()} cores; whole processes, {options.rounds} interleaved rounds:\n")
    print("| command | median | fastest | slowest | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, runs in times.items():
        target = f"under {TARGETS[name] * 1000:.0f} ms" if name in TARGETS else ""
        print(f"| `{name}` | {statistics.median(runs) * 1000:.0f} ms | "
              f"{min(runs) * 1000:.0f} ms | {max(runs) * 1000:.0f} ms | {target} |")  # fmt: skip
    if "argdown map" in times:
        ratios = [a / b for a, b in zip(times["argmap render"], times["argdown map"], strict=True)]
        print(f"\n`argmap render` / `argdown map`, round by round: median "
              f"{statistics.median(ratios):.2f} (from {min(ratios):.2f} to {max(ratios):.2f}); "
              "target at most 0.25")  # fmt: skip
    else:
        print("\nThe Argdown CLI is not installed (run .ci/run, or set ARGMAP_ARGDOWN).")


if __name__ == "__main__":
    main()
