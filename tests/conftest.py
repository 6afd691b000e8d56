"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MAPS = ROOT / "maps"
ARTICLE_MAP = MAPS / "iraq-militias.yaml"

VALID_MAP = """\
argmap: 1
title: Smoking
claims:
  - id: P1
    text: Smoking causes cancer.
    role: premise
  - id: A1
    text: You should avoid what causes cancer.
    role: assumption
  - id: C
    text: You should not smoke.
    role: conclusion
inferences:
  - id: I1
    from: [P1, A1]
    to: C
"""


def marked_line(path: Path) -> int:
    """The 1-based line of a fixture that carries the `# <-` (in JSON, `// <-`) marker."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(r"(#|//)\s*<-", line):
            return number
    raise AssertionError(f"{path} has no '# <-' marker")


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites the golden files from the current output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are being rewritten in this run."""
    return bool(request.config.getoption("--update-golden"))


requires_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="the Graphviz executable 'dot' is not installed"
)


@pytest.fixture
def valid_map(tmp_path: Path) -> Path:
    """A small valid map file in a temporary folder."""
    path = tmp_path / "smoking.yaml"
    path.write_text(VALID_MAP, encoding="utf-8")
    return path
