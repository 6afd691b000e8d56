"""The README's Python examples run as written, from the repository's root, and print
what their `# prints: TEXT` comments say."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)


def test_readme_has_python_examples() -> None:
    assert BLOCKS
    assert all("# prints: " in block for block in BLOCKS), "each example says what it prints"


@pytest.mark.parametrize("block", BLOCKS)
def test_readme_python_example_runs(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    for expected in re.findall(r"# prints: (.+)$", block, re.MULTILINE):
        assert expected.strip() in printed


def test_readme_quick_start_tree_is_what_show_prints() -> None:
    """The quick start's excerpt of the article's tree: every line of it, in order, is a
    line `argmap show --width 110` prints ('...' stands for lines left out)."""
    import argmap  # noqa: PLC0415

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("It also prints the argument as a tree", 1)[1].split("```\n", 2)[1]
    shown = [line for line in block.splitlines() if line.strip() != "..."]
    printed = argmap.show(argmap.load(ROOT / "maps" / "iraq-militias.yaml"), width=110)
    lines = printed.splitlines()
    positions = [lines.index(line) for line in shown]
    assert positions == sorted(positions)
    assert shown[0] == lines[2]  # the tree starts at the main conclusion
