"""The README and the pages of docs/ run as written: their Python examples (which print
what their `# prints: TEXT` comments say), and every output they show.

Outputs are shown two ways, and both are checked against the real commands:

- a shell block whose lines start with `$ ` is a session: each command's output follows it;
- a block after `<!-- output of: COMMAND -->` is what COMMAND prints.

A shell block after `<!-- run -->` is run as it is (in order, from the same folder), so
that later outputs of its page can use its files; a block after `<!-- file: NAME -->` is
written to NAME in that folder. In a shown output a line `...` stands for any
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

PAGES = {
    path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
}
README = PAGES["README.md"]
BLOCKS = [
    (name, block)
    for name, text in PAGES.items()
    for block in re.findall(r"```python\n(.*?)```", text, re.DOTALL)
]
_FENCED = re.compile(
    r"(?:<!-- (run|file: (.+?)|output of: (.+?)) -->\n)?```(\w*)\n(.*?)```", re.DOTALL
)
_VARIES = re.compile(r"\d+ KiB, \d+\.\d+ s")


def test_readme_has_python_examples() -> None:
    assert any(name == "README.md" for name, _ in BLOCKS)
    assert {"docs/python-api.md", "docs/commands.md"} <= {name for name, _ in BLOCKS}
    unsaid = [name for name, block in BLOCKS if "# prints: " not in block]
    assert unsaid == [], "each example says what it prints"


@pytest.mark.parametrize(("page", "block"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_readme_python_example_runs(
    page: str, block: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "/tmp" not in block  # found when tried: the example wrote into /tmp itself
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(block, page, "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    for expected in re.findall(r"# prints: (.+)$", block, re.MULTILINE):
        assert expected.strip() in printed


def _steps(text: str) -> list[tuple[str, str, str | None]]:
    """What a page runs and shows, in order: (kind, command, shown output or None); for a
    file it writes, ("file", its name, its text)."""
    steps: list[tuple[str, str, str | None]] = []
    for match in _FENCED.finditer(text):
        marker, file, command, language, body = match.groups()
        if file:
            steps.append(("file", file, body))
        elif marker == "run":
            joined = body.replace("\\\n", " ")
            steps += [("run", line, None) for line in joined.splitlines() if line.strip()]
        elif command:
            steps.append(("output", command, body))
        elif language == "sh" and body.startswith("$ "):
            for session in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
                line, _, shown = session.partition("\n")
                steps.append(("output", line, shown))
    return steps


STEPS = {name: _steps(text) for name, text in PAGES.items()}
RUNNING = sorted(name for name, steps in STEPS.items() if steps)


def test_the_readme_shows_outputs() -> None:
    def shown(page: str) -> list[str]:
        return [command for kind, command, _ in STEPS[page] if kind == "output"]

    assert "make demo" in shown("README.md")
    assert {"argmap validate smoking.yaml", "argmap evaluate smoking.yaml"} <= set(
        shown("README.md")
    )
    assert any(
        command.startswith("argmap grade maps/classroom") for command in shown("docs/classroom.md")
    )
    assert "argmap validate maps/*.yaml" in shown("docs/commands.md")


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


@pytest.mark.parametrize("page", RUNNING)
def test_every_output_the_readme_shows_is_what_the_command_prints(
    page: str, tmp_path: Path
) -> None:
    """Found when tried: the quick start's tree was not what `make demo` printed."""
    for name in ("maps", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    for kind, command, shown in STEPS[page]:
        if kind == "file":
            assert shown is not None
            (tmp_path / command).write_text(shown, encoding="utf-8")
            continue
        actual = _run(command, tmp_path)
        if kind == "output":
            assert shown is not None
            assert _matches(shown, actual), (
                f"{page} shows for `{command}`:\n{shown}\nit prints:\n{actual}"
            )


def test_the_matcher_takes_elisions_only_where_they_are() -> None:
    actual = "a\nb\nc\nwrote x (svg, 3 KiB, 0.10 s)\nlong line here\n"
    assert _matches("a\n...\nwrote x (svg, 5 KiB, 1.00 s)\nlong ...\n", actual)
    assert not _matches("a\nc\n...\n", actual)
    assert not _matches("a\n...\nlong line there\n", actual)


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, no punctuation, `-` for spaces."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(text: str) -> set[str]:
    """The anchors of a page's headings (outside code blocks; a repeated one gets `-1`)."""
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} (.+)$", _PROSE.sub("", text), re.MULTILINE):
        slug = _slug(heading)
        seen[slug] = seen.get(slug, -1) + 1
        if seen[slug]:
            seen[f"{slug}-{seen[slug]}"] = 0
    return set(seen)


_PROSE = re.compile(r"^(`{3,}).*?^\1\s*$", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_slug_is_githubs() -> None:
    assert _slug("`argmap render FILE [-o OUT]`") == "argmap-render-file--o-out"
    assert _slug("Judging the argument: `evaluate`, `questions`") == (
        "judging-the-argument-evaluate-questions"
    )
    assert _anchors("# A\n```\n# not a heading\n```\n## A\n") == {"a", "a-1"}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_relative_link_leads_to_a_file_and_a_heading(page: str) -> None:
    prose = re.sub(r"`[^`\n]*`", "", _PROSE.sub("", PAGES[page]))
    links = _LINK.findall(prose)
    folder = (ROOT / page).parent
    broken = []
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        path, _, anchor = link.partition("#")
        target = (folder / path).resolve() if path else ROOT / page
        if not target.exists():
            broken.append(f"{link}: no such file")
        elif anchor and anchor not in _anchors(target.read_text(encoding="utf-8")):
            broken.append(f"{link}: no heading #{anchor} in {target.relative_to(ROOT)}")
    assert broken == []
    if page == "README.md":
        assert any(link.startswith("docs/") for link in links)
