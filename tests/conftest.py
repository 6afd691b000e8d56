"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import importlib.util
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


_TAG = re.compile(r"<(?!!--)(/?[A-Za-z][^>]*)>", re.DOTALL)
_ACTIVE_TAGS = re.compile(
    r"^/?(script|iframe|object|embed|foreignObject|image|use|link|meta|style)\b", re.I
)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(?:xlink:)?(?:href|src|action|formaction)\s*=\s*\"([^\"]*)\"", re.I)
_NAMESPACES = {"xmlns", "xmlns:xlink"}


def assert_inert(markup: str, links: tuple[str, ...] = ()) -> None:
    """SVG or HTML that carries no active content: no script or embedding element, no
    event-handler attribute, no reference outside itself but the `links` allowed (a
    validated source URL); <style> only as argmap writes it, in the HTML head."""
    head, _, body = markup.partition("</head>") if "</head>" in markup else ("", "", markup)
    for match in _TAG.finditer(body):
        tag = match[1]
        assert not _ACTIVE_TAGS.match(tag), f"active element: <{tag[:80]}>"
        assert not _HANDLER.search(tag), f"event handler: <{tag[:80]}>"
        for target in _REFERENCE.findall(tag):
            assert target in links or target.startswith("#"), f"reference: {target[:80]}"
    assert "javascript:" not in "".join(m[1] for m in _TAG.finditer(body)).lower()
    assert "<script" not in head.lower()


def assert_inert_markdown(markdown: str, links: tuple[str, ...] = ()) -> None:
    """Markdown whose map text is literal: no raw HTML but argmap's own <br>, and no link
    or image target but the figures beside it and the `links` allowed."""
    for tag in re.findall(r"(?<!\\)<([^>\s]*)", markdown):
        assert tag in {"br", *links}, f"raw HTML or autolink: <{tag[:80]}"
    for target in re.findall(r"(?<!\\)\]\(([^)]*)\)", markdown):
        assert target == "" or re.fullmatch(r"[\w.-]+\.svg", target), f"link: {target[:80]}"


TOOLS = ROOT / "tools" / "node_modules" / ".bin"
"""Where `.ci/run` installs the Node tools the tests check exports with."""


def node_tool(name: str, variable: str) -> str | None:
    """A Node tool: named by an environment variable, installed by `.ci/run`, or on PATH."""
    import os  # noqa: PLC0415

    named = os.environ.get(variable)
    if named:
        return named if Path(named).is_file() else None
    local = TOOLS / name
    return str(local) if local.is_file() else shutil.which(name)


ARGDOWN = node_tool("argdown", "ARGMAP_ARGDOWN")
if ARGDOWN is not None:  # argmap itself finds the CLI by this variable (or on PATH)
    __import__("os").environ.setdefault("ARGMAP_ARGDOWN", ARGDOWN)
MMDC = node_tool("mmdc", "ARGMAP_MMDC")
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None
)

requires_argdown = pytest.mark.skipif(
    ARGDOWN is None,
    reason="the Argdown CLI is not installed (run .ci/run, or set ARGMAP_ARGDOWN)",
)
requires_mermaid = pytest.mark.skipif(
    MMDC is None or CHROMIUM is None,
    reason="Mermaid's checker needs mermaid-cli (run .ci/run, or set ARGMAP_MMDC) and chromium",
)


def chain(folder: Path, steps: int) -> Path:
    """A valid map that is one chain of `steps` inferences (bench/generate.py's `chain`)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path: Path = module.chain(folder, steps)
    return path
