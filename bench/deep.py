"""Deep and degenerate maps: whole processes, with time and peak memory.

Run with `python bench/deep.py [--argmap PATH] [--timeout SECONDS] [--deck]`; give
`--argmap` another install's `argmap` to compare with it. Each figure is one run of the
command in a new process: wall time, exit status, output size and the process's peak
resident memory (`ru_maxrss` of that child alone, from `os.wait4`). A run that does not
end within the timeout is killed and reported as "> N s". Cases: `show` and `evaluate`
of chains of 8,000 and 50,000 steps (see `generate.chain`; the 50,000-step chain comes
in through an AIF file, as a real one would), `html` of chains of 1,000 and 5,000
steps, `validate` of 600 claims quoting "a" in a 300 KB run of "a", and with `--deck`
`deck` of generated maps of 1,000 and 2,000 claims. No test asserts these numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import chain, one_letter, write


def run(command: list[str], timeout: float, cwd: Path, memory: float | None = None) -> str:
    """One run: 'seconds, exit status, output bytes, peak MB' (or '> N s'), its address
    space limited to `memory` GB when given (a quadratic output can take hundreds)."""

    def limit() -> None:
        if memory:
            size = int(memory * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd,
                                   preexec_fn=limit)  # fmt: skip  # noqa: PLW1509
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.send_signal(signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                return f"> {timeout:.0f} s (killed)"
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        size = out.seek(0, os.SEEK_END)
    return (
        f"{seconds:.2f} s, exit {process.returncode}, stdout {size / 1e6:.2f} MB, "
        f"peak {usage.ru_maxrss / 1024:.0f} MB"
    )


def prepare(folder: Path, argmap: str, deck: bool) -> list[tuple[str, list[str]]]:
    """Write the maps (each chain in a folder of its own, with its source text) and say
    what to run: (label, [folder, *arguments])."""
    cases: list[tuple[str, list[str]]] = []
    for steps in (8_000, 50_000):
        (place := folder / f"chain-{steps}").mkdir()
        path = chain(place, steps).name
        if steps == 50_000:  # an imported chain, as the review found it
            subprocess.run([argmap, "export", path, "--to", "aif", "-o", "chain.json"],
                           cwd=place, check=True, capture_output=True)  # fmt: skip
            subprocess.run([argmap, "import", "chain.json", "-o", "imported.yaml"],
                           cwd=place, check=True, capture_output=True)  # fmt: skip
            path = "imported.yaml"
        cases += [(f"show, {steps:,}-step chain", [place.name, "show", path])]
        cases += [(f"evaluate, {steps:,}-step chain", [place.name, "evaluate", path])]
    for steps in (1_000, 5_000):
        (place := folder / f"chain-{steps}").mkdir()
        path = chain(place, steps).name
        cases += [(f"html, {steps:,}-step chain", [place.name, "html", path, "-o", "r.html"])]
    path = one_letter(folder, 600, 300_000).name
    cases += [("validate, 600 quotes of 'a' in 300 KB of 'a'", [".", "validate", path])]
    if deck:
        for claims in (1_000, 2_000):
            path = write(folder, claims).name
            cases += [(f"deck, {claims:,} claims", [".", "deck", path, "-o", "deck.pptx"])]
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = shutil.which("argmap", path=str(Path(sys.executable).parent)) or "argmap"
    parser.add_argument("--argmap", default=here, help="the argmap executable to time")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run")
    parser.add_argument("--deck", action="store_true", help="also time deck (slow)")
    parser.add_argument("--memory", type=float, help="GB of address space per run")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    argmap, timeout = options.argmap, options.timeout
    if options.prepare:  # in a process of its own: a child's peak memory starts at its parent's
        print(json.dumps(prepare(options.prepare, argmap, options.deck)))
        return
    print(f"{argmap}; {os.cpu_count()} cores; one run each, timeout {timeout:.0f} s\n")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        command = [sys.executable, __file__, "--prepare", name, "--argmap", argmap]
        made = subprocess.run(command + ["--deck"] * options.deck, capture_output=True,
                              text=True, check=True)  # fmt: skip
        for label, (place, *arguments) in json.loads(made.stdout):
            figures = run([argmap, *arguments], timeout, folder / place, options.memory)
            print(f"| {label} | {figures} |", flush=True)


if __name__ == "__main__":
    main()
