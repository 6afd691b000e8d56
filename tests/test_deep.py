"""Deep maps: a chain of 5,000 steps through everything that walks a map from its
conclusion down. Such chains come in through import without complaint; nothing may
recurse once per step (Python's stack holds about 1,000 frames), and no output may grow
with the square of the depth (an indent per step did: 576 MB of `show` for 8,000 steps).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.analysis._views import evaluation_report
from argmap.checks._structure import Structure
from argmap.draw._tree import show
from argmap.paging._reveal import build
from argmap.reader._data import page_data

from .conftest import chain

STEPS = 5_000


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> argmap.ArgumentMap:
    return argmap.load(chain(tmp_path_factory.mktemp("deep"), STEPS))


def test_show_of_a_deep_chain_is_linear_in_its_length(deep: argmap.ArgumentMap) -> None:
    lines = show(deep).splitlines()
    assert max(map(len, lines)) <= 100
    assert len(lines) < 3 * 2 * STEPS  # a claim, its step, now and then a part's heading
    assert any(line.lstrip("│├└─ ").startswith("P  [premise]") for line in lines)
    # The reasons of a claim at the deepest indent continue in a part of their own.
    cut = next(line for line in lines if "continued below" in line)
    claim = cut.rsplit(" ", 1)[1]
    assert f"{claim}, continued (10 steps down):" in lines


def test_show_keeps_a_cut_part_in_order_and_its_depth_option(tmp_path: Path) -> None:
    """The tree's parts read top-down, and --depth still cuts where it says."""
    text = show(argmap.load(chain(tmp_path, 30)), depth=15)
    assert "M15  [intermediate]" in text
    assert "M16" not in text
    assert text.index("M10, continued") < text.index("M15")


def test_the_evaluation_of_a_deep_chain_is_linear_in_its_length(
    deep: argmap.ArgumentMap,
) -> None:
    lines = evaluation_report(deep).splitlines()
    assert max(map(len, lines)) <= 160  # an indent of 40, a depth and a claim
    assert any(line.lstrip().startswith(f"[depth {2 * STEPS}] P IN: given") for line in lines)
    assert sum(map(len, lines)) < 150 * 2 * STEPS  # the trace, and a table of the steps


def test_the_build_order_of_a_deep_chain_needs_no_recursion(deep: argmap.ArgumentMap) -> None:
    everything = frozenset(
        [c.id for c in deep.claims]
        + [i.id for i in deep.inferences]
        + [o.id for o in deep.objections]
    )
    steps = build(deep, everything, ("C",))
    assert [step.title for step in steps[:2]] == [
        f"P supports M{STEPS - 1}",
        f"M{STEPS - 1} supports M{STEPS - 2}",
    ]
    assert steps[-1].title == "M1 supports C"


def test_the_reader_of_a_deep_chain_lists_what_each_step_reveals(
    deep: argmap.ArgumentMap,
) -> None:
    """Its present mode listed what each step hides: 200 MB for 5,000 steps."""
    frames = page_data(Structure.of(deep))["frames"]
    assert isinstance(frames, list)
    assert len(frames) == STEPS
    assert sum(len(frame["reveal"]) for frame in frames) == 2 * STEPS + 1


@pytest.mark.parametrize("command", ["show", "evaluate", "html"])
def test_commands_on_a_deep_chain_end_well(tmp_path: Path, command: str) -> None:
    path = chain(tmp_path, STEPS)
    output = ["-o", str(tmp_path / "reader.html")] if command == "html" else []
    done = subprocess.run(
        [sys.executable, "-m", "argmap", command, str(path), *output],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stdout) < 150 * 2 * STEPS
