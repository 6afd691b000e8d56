"""The README runs as written: its Python examples (which print what their
`# prints: TEXT` comments say), and every output it shows.

Outputs are shown two ways, and both are checked against the real commands:

- a shell block whose lines start with `$ ` is a session: each command's output follows it;
- a block after `<!-- output of: COMMAND -->` is what COMMAND prints.

A shell block after `<!-- run -->` is run as it is (in order, from the same folder), so
that later outputs can use its files. In a shown output a line `...` stands for any
lines, a line ending in `...` for any line that starts with the rest, and sizes and
times (`158 KiB, 0.04 s`) may differ.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
_FENCED = re.compile(r"(?:<!-- (run|output of: (.+?)) -->\n)?```(\w*)\n(.*?)```", re.DOTALL)
_VARIES = re.compile(r"\d+ KiB, \d+\.\d+ s")


def test_readme_has_python_examples() -> None:
    assert BLOCKS
    assert all("# prints: " in block for block in BLOCKS), "each example says what it prints"


@pytest.mark.parametrize("block", BLOCKS)
def test_readme_python_example_runs(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "/tmp" not in block  # found when tried: the example wrote into /tmp itself
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    for expected in re.findall(r"# prints: (.+)$", block, re.MULTILINE):
        assert expected.strip() in printed


def _steps() -> list[tuple[str, str, str | None]]:
    """What the README runs and shows, in order: (kind, command, shown output or None)."""
    steps: list[tuple[str, str, str | None]] = []
    for match in _FENCED.finditer(README):
        marker, command, language, body = match.groups()
        if marker == "run":
            joined = body.replace("\\\n", " ")
            steps += [("run", line, None) for line in joined.splitlines() if line.strip()]
        elif command:
            steps.append(("output", command, body))
        elif language == "sh" and body.startswith("$ "):
            for session in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
                line, _, shown = session.partition("\n")
                steps.append(("output", line, shown))
    return steps


STEPS = _steps()


def test_the_readme_shows_outputs() -> None:
    shown = [command for kind, command, _ in STEPS if kind == "output"]
    assert "make demo" in shown
    assert any(command.startswith("argmap grade maps/classroom") for command in shown)


def _run(command: str, folder: Path) -> str:
    """What a command prints on a terminal (standard output and error, in order)."""
    build = folder / "build"
    if command == "make demo":
        if shutil.which("make") is None:
            pytest.skip("make is not installed")
        binaries = Path(sys.executable).parent
        args = ["make", "-s", "-C", str(ROOT), "demo", f"BUILD={build}", f"BIN={binaries}",
                "-o", f"{binaries}/argmap"]  # fmt: skip
    else:
        words = shlex.split(command)
        assert words[0] == "argmap", command
        expanded = [sorted(map(str, folder.glob(w))) if "*" in w else [w] for w in words[1:]]
        args = [sys.executable, "-m", "argmap", *(w for group in expanded for w in group)]
    environment = os.environ | {"PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    done = subprocess.run(
        args, cwd=folder, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    return done.stdout.replace(f"{build}/", "build/")


def _matches(shown: str, actual: str) -> bool:
    """Whether the shown lines are the actual ones, with `...` elisions (see above)."""
    want = [_VARIES.sub("N KiB, N s", line.rstrip()) for line in shown.rstrip("\n").splitlines()]
    have = [_VARIES.sub("N KiB, N s", line.rstrip()) for line in actual.rstrip("\n").splitlines()]

    def fits(line: str, real: str) -> bool:
        return real.startswith(line[:-3].rstrip()) if line.endswith("...") else line == real

    def match(w: int, h: int) -> bool:
        if w == len(want):
            return h == len(have)
        if want[w].strip() == "...":
            return any(match(w + 1, later) for later in range(h, len(have) + 1))
        return h < len(have) and fits(want[w], have[h]) and match(w + 1, h + 1)

    return match(0, 0)


def test_every_output_the_readme_shows_is_what_the_command_prints(tmp_path: Path) -> None:
    """Found when tried: the quick start's tree was not what `make demo` printed."""
    for name in ("maps", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    for kind, command, shown in STEPS:
        actual = _run(command, tmp_path)
        if kind == "output":
            assert shown is not None
            assert _matches(shown, actual), (
                f"README shows for `{command}`:\n{shown}\nit prints:\n{actual}"
            )


def test_the_matcher_takes_elisions_only_where_they_are() -> None:
    actual = "a\nb\nc\nwrote x (svg, 3 KiB, 0.10 s)\nlong line here\n"
    assert _matches("a\n...\nwrote x (svg, 5 KiB, 1.00 s)\nlong ...\n", actual)
    assert not _matches("a\nc\n...\n", actual)
    assert not _matches("a\n...\nlong line there\n", actual)
