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
