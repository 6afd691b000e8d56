"""Benchmark of the HTML reader: file size, time to write it, and toggle to repaint.

Run from the repository's root with the project's environment:
`.venv/bin/python bench/reader.py` (add `--screenshots DIR` to keep pictures of the
article's page: light, dark, present mode, print). It measures

- the article's reader: its size, and the time to write it (`argmap html` as a whole new
  process, median of 11 runs; and `argmap.html` inside a process, median of 11);
- in Debian's Chromium (through Playwright), the time from a what-if toggle
  (`window.argmap.reject`, then `reset`) to the recoloured map on screen: the script's own
  work (evaluation of both views and the DOM update), and until the next frame has been
  painted; median and worst of 40 toggles, for the article and a generated map of 1,000
  claims.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from generate import write  # noqa: E402
from tests.browser import chromium, missing  # noqa: E402

import argmap  # noqa: E402

ARTICLE = ROOT / "maps" / "iraq-militias.yaml"

TOGGLE = """async ([claim, runs]) => {
    const work = [], painted = [];
    const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    await frame();
    for (let run = 0; run < runs; run++) {
        const start = performance.now();
        if (run % 2) window.argmap.reset(claim); else window.argmap.reject(claim);
        work.push(performance.now() - start);
        await frame();
        painted.push(performance.now() - start);
    }
    return {work, painted};
}"""


def median_s(action: list[str] | None, runs: int, call: object = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        if action is not None:
            subprocess.run(action, check=True, capture_output=True)
        elif callable(call):
            call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def toggles(page_file: Path, claim: str, *, zoomed: bool, runs: int = 40) -> dict[str, float]:
    """Toggle timings with the whole map in view, or zoomed on the claim as selecting it
    does (the view a reader has when they toggle it from its panel)."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(page_file.as_uri())
        page.wait_for_selector("body.am-ready")
        if zoomed:
            page.evaluate("(id) => window.argmap.select(id)", claim)
        page.wait_for_timeout(1500)  # the first drawing of the page is done, as for a reader
        page.evaluate(TOGGLE, [claim, 4])
        result = page.evaluate(TOGGLE, [claim, runs])
    work, painted = result["work"], result["painted"]
    return {
        "work": statistics.median(work),
        "work_max": max(work),
        "painted": statistics.median(painted),
        "painted_max": max(painted),
    }


def screenshots(page_file: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(page_file.as_uri() + "#T6")
        page.wait_for_selector("body.am-ready")
        page.evaluate("document.documentElement.dataset.theme = 'light'")
        page.screenshot(path=folder / "reader-light.png")
        page.keyboard.press("t")
        page.evaluate("window.argmap.reject('T2')")
        page.screenshot(path=folder / "reader-dark.png")
        page.keyboard.press("t")
        page.keyboard.press("p")
        page.screenshot(path=folder / "reader-present-1.png")
        page.keyboard.press("End")
        page.screenshot(path=folder / "reader-present-last.png")
        page.keyboard.press("Escape")
        page.emulate_media(media="print")
        page.screenshot(path=folder / "reader-print.png", full_page=True)
        page.pdf(path=folder / "reader-print.pdf", format="A4")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, help="keep pictures of the page here")
    options = parser.parse_args()
    reason = missing()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "reader.html"
        command = [str(ROOT / ".venv" / "bin" / "argmap"), "html", str(ARTICLE), "-o", str(out)]
        subprocess.run(command, check=True, capture_output=True)
        size = out.stat().st_size
        process = median_s(command, 11)
        article = argmap.load(ARTICLE)
        argmap.html(article)
        inside = median_s(None, 11, lambda: argmap.html(article))
        print(f"article reader: {size / 1024:.0f} KiB ({size:,} bytes)")
        print(f"write it: argmap html {process:.2f} s as a new process; ", end="")
        print(f"argmap.html {inside * 1000:.0f} ms")
        if reason:
            print(f"browser figures skipped: {reason}")
            return
        big = write(Path(folder), 1_000)
        generated = argmap.load(big)
        big_page = Path(folder) / "generated.html"
        big_page.write_text(argmap.html(generated), encoding="utf-8")
        premise = next(c.id for c in generated.claims if c.role == "premise")
        for name, page_file, claim, count in (
            ("article", out, "T2", len(article.claims)),
            ("generated", big_page, premise, len(generated.claims)),
        ):
            for zoomed in (False, True):
                figures = toggles(page_file, claim, zoomed=zoomed)
                where = "zoomed on the claim" if zoomed else "whole map in view"
                print(
                    f"toggle, {name} ({count:,} claims, {page_file.stat().st_size / 1024:.0f} "
                    f"KiB), {where}: script {figures['work']:.1f} ms (worst "
                    f"{figures['work_max']:.1f}), to the painted frame {figures['painted']:.1f} "
                    f"ms (worst {figures['painted_max']:.1f})"
                )
        if options.screenshots:
            screenshots(out, options.screenshots)
            print(f"screenshots in {options.screenshots}")


if __name__ == "__main__":
    main()
