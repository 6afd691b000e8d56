"""Edit-to-output latency of `argmap watch`: from a save of the map to the output replaced.

A copy of the article map is watched by `argmap watch render ... -o out.svg` (a separate
process, as a user runs it); this script saves the map with a new title, then polls the
output file until it is replaced, many times over. Printed: the median, fastest and
slowest latency, and each run's.

    cd bench && ../.venv/bin/python watch.py [--runs 15] [--format svg]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "maps" / "iraq-militias.yaml"
SOURCE = ROOT / "maps" / "iraq-militias-article.txt"


def replaced(path: Path, before: tuple[int, int], deadline: float) -> float:
    """Poll until `path` is a new file (inode or modification time changed)."""
    while time.perf_counter() < deadline:
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        if (status.st_ino, status.st_mtime_ns) != before:
            return time.perf_counter()
        time.sleep(0.0005)
    raise SystemExit(f"{path} was not replaced within the deadline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--format", default="svg", choices=["svg", "png", "pdf", "dot"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        map_path = work / ARTICLE.name
        shutil.copy(ARTICLE, map_path)
        shutil.copy(SOURCE, work / SOURCE.name)
        output = work / f"out.{options.format}"
        text = map_path.read_text(encoding="utf-8")
        watcher = subprocess.Popen(
            [sys.executable, "-m", "argmap", "watch", "render", map_path.name, "-o", output.name],
            cwd=work, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert watcher.stderr is not None
        while "build 1:" not in watcher.stderr.readline():
            if watcher.poll() is not None:
                raise SystemExit("argmap watch stopped before its first build")
        time.sleep(0.5)  # the watcher is listening
        latencies = []
        for run in range(options.runs):
            status = output.stat()
            before = (status.st_ino, status.st_mtime_ns)
            edited = re.sub(r"^title: .*$", f"title: Run {run}", text, count=1, flags=re.M)
            started = time.perf_counter()
            map_path.write_text(edited, encoding="utf-8")
            latencies.append((replaced(output, before, started + 10) - started) * 1000)
            time.sleep(0.3)  # let the watcher settle before the next save
        watcher.send_signal(2)
        watcher.wait(10)
    print(
        f"{os.cpu_count()} cores; `argmap watch render` of the article to {options.format}, "
        f"{options.runs} saves:\n"
        f"save -> output replaced: median {statistics.median(latencies):.0f} ms "
        f"(fastest {min(latencies):.0f} ms, slowest {max(latencies):.0f} ms)\n"
        f"each: {', '.join(f'{ms:.0f}' for ms in latencies)} ms"
    )


if __name__ == "__main__":
    main()
