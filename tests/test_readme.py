"""The README's Python examples run as written, from the repository's root."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)

# What each example prints, at least; an example is known by a line of its own.
EXPECTED = {
    'argmap.load("tests/data/invalid/support-cycle.yaml")': "support-cycle",
    'argmap.pages(article, "slide-16x9"': "page 1/",
}


def test_readme_has_python_examples() -> None:
    assert BLOCKS
    for block in BLOCKS:
        assert sum(line in block for line in EXPECTED) == 1, block[:200]


@pytest.mark.parametrize("block", BLOCKS)
def test_readme_python_example_runs(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    for line, output in EXPECTED.items():
        if line in block:
            assert output in printed
