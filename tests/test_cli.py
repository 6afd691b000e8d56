"""The command line, through typer's runner and through a real subprocess."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

from .conftest import ARTICLE_MAP, DATA, MAPS, ROOT, VALID_MAP

runner = CliRunner()


def test_validate_valid_maps_exits_zero() -> None:
    maps = sorted(str(path) for path in MAPS.glob("*.yaml"))
    result = runner.invoke(app, ["validate", *maps])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"{len(maps)} maps checked: {len(maps)} valid\n"


def test_validate_reports_every_problem_with_positions() -> None:
    path = DATA / "invalid" / "unknown-id.yaml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:12:16: unknown-id: inference 'I1' names 'P2' in 'from', but there is no claim "
        "'P2' (did you mean 'P1'?)\n"
    )
    assert result.stderr == "1 map checked: 0 valid, 1 with problems (1 error)\n"


def test_validate_several_files_keeps_going(tmp_path: Path, valid_map: Path) -> None:
    bad = DATA / "invalid" / "role-mismatch.yaml"
    missing = tmp_path / "missing.yaml"
    result = runner.invoke(app, ["validate", str(valid_map), str(bad), str(missing)])
    assert result.exit_code == 2
    codes = [line.split(": ")[1] for line in result.stdout.splitlines()]
    assert codes == ["role-mismatch", "file-not-found"]
    assert result.stderr == "3 maps checked: 1 valid, 2 with problems (2 errors)\n"


def test_validate_counts_a_file_given_twice_twice() -> None:
    bad = str(DATA / "invalid" / "unused-claim.yaml")
    result = runner.invoke(app, ["validate", bad, bad, str(MAPS / "watchmaker.yaml")])
    assert result.stderr == "3 maps checked: 1 valid, 2 with problems (2 errors)\n"


def test_validate_json_format() -> None:
    path = DATA / "invalid" / "unknown-theme.yaml"
    result = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "code": "unknown-theme",
            "message": "claim 'P1' has theme 'helth', which is not declared (did you mean "
            "'health'?); declared themes: health",
            "file": str(path),
            "line": 9,
            "column": 12,
            "severity": "error",
        }
    ]


def test_validate_json_format_of_a_valid_map_is_an_empty_list(valid_map: Path) -> None:
    result = runner.invoke(app, ["validate", "-f", "json", str(valid_map)])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_show_prints_the_tree_with_the_conclusion_on_top(valid_map: Path) -> None:
    result = runner.invoke(app, ["show", "--width", "60", str(valid_map)])
    assert result.exit_code == 0
    assert result.stdout == (
        "Smoking\n"
        "=======\n"
        "C  [conclusion] You should not smoke.\n"
        "└─ <= I1 (no scheme, linked)\n"
        "   ├─ P1  [premise] Smoking causes cancer.\n"
        "   └─ A1  [assumption] You should avoid what causes cancer.\n"
    )


def test_show_refuses_an_invalid_map_with_its_problems() -> None:
    path = DATA / "invalid" / "support-cycle.yaml"
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:20:9: support-cycle: ")


def test_usage_errors_exit_two() -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--format", "xml", "x.yaml"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


NAMES = {c.name or getattr(c.callback, "__name__", ""): c for c in app.registered_commands}
COMMANDS = sorted(NAMES)
# What typer prints where usage names a value: Python types, {FILE}, a lone period.
NOT_USAGE = re.compile(
    r"<(bool|str|int|float|path|list|int range|float range)\b|\{\w+\}| [.,;](?!\w)"
)


def test_the_commands_are_all_there() -> None:
    assert COMMANDS == [
        "analyse", "deck", "evaluate", "exercise", "export", "frames", "grade", "html", "import",
        "new", "questions", "render", "schema", "schemes", "show", "validate", "watch",
    ]  # fmt: skip


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_command_has_help_that_reads_as_usage(command: str) -> None:
    """Found when tried: help showed `--debug <bool>`, `<list[str]>`, `{file}`, and
    "standard output ." where typer took "[default: ...]" in a help text for markup."""
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert f"Usage: argmap {command}".rstrip() in result.stdout
    text = " ".join(re.sub(r"[\s│╭╮╰╯─]+", " ", result.stdout).split())
    assert not NOT_USAGE.search(text), NOT_USAGE.search(text)
    if command:
        callback = NAMES[command].callback
        assert callback is not None
        assert callback.__doc__


def test_a_flag_takes_no_value() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert re.search(r"--debug +Show a Python traceback", result.stdout)


def test_real_subprocess_python_m(tmp_path: Path) -> None:
    """The installed entry point, as a user runs it: no traceback, right statuses."""
    ok = subprocess.run(
        [sys.executable, "-m", "argmap", "validate", str(ARTICLE_MAP)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (ok.returncode, ok.stderr) == (0, "1 map checked: 1 valid\n")
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    bad = subprocess.run(
        [sys.executable, "-m", "argmap", "show", str(binary)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith(f"argmap: {binary}: binary-file: ")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, "argmap 0.1.0\n")


def test_a_list_where_one_id_goes_says_so(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "argmap: 1\ntitle: t\nclaims:\n  - {id: P, text: p, role: premise}\n"
        "  - {id: C, text: c, role: conclusion}\ninferences:\n  - {id: I1, from: P, to: [C]}\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "m.yaml:7:27: wrong-type:" in result.stdout
    assert "'to' takes one id: write to: C" in result.stdout


def test_json_reports_are_json_whatever_the_text_holds(tmp_path: Path) -> None:
    """J1: `validate --format json` escaped C1 controls as \\x7f, which is no JSON."""
    path = tmp_path / "m.yaml"
    path.write_text('argmap: 1\ntitle: t\nclaims: [{id: C, text: c, role: "x\\x7f\\x9b\\u202e"}]\n')
    result = runner.invoke(app, ["validate", "-f", "json", str(path)])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert issues[0]["code"] == "invalid-value"
    assert "'x\x7f\x9b\u202e' is not allowed" in issues[0]["message"]  # read back as it was
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e]", result.stdout.replace("\n", ""))
    good = tmp_path / "good.yaml"
    good.write_text(VALID_MAP.replace("title: Smoking", 'title: "Smoking\\x9b\\u202e"'))
    for args in (["evaluate", "-f", "json"], ["analyse", "-f", "json"]):
        shown = runner.invoke(app, [*args, str(good)])
        assert shown.exit_code == 0, shown.output
        json.loads(shown.stdout)


def test_show_depth_prints_the_top_of_the_tree(valid_map: Path) -> None:
    result = runner.invoke(app, ["show", "--width", "60", "--depth", "0", str(valid_map)])
    assert result.stdout == "Smoking\n=======\nC  [conclusion] You should not smoke.\n└─ ...\n"
    import argmap  # noqa: PLC0415

    assert argmap.show(argmap.load(valid_map), depth=1) == argmap.show(argmap.load(valid_map))


def test_labels_read_alike_in_python_and_on_the_command_line() -> None:
    """Found when tried: `evaluation.conclusion` printed `out` while the CLI says OUT, and
    `repr(evaluation)` was a 97 KB dump."""
    import argmap  # noqa: PLC0415

    evaluation = argmap.evaluate(argmap.load(ARTICLE_MAP))
    assert str(evaluation.conclusion) == f"{evaluation.conclusion}" == "OUT"
    assert evaluation.conclusion == "out"  # the value, as a map file writes it
    assert len(repr(evaluation)) < 300
    made = argmap.exercise(argmap.load(ARTICLE_MAP), "structure")
    assert len(repr(made)) < 1000  # not the sheets' every block and both maps (190 KB)
    assert len(repr(argmap.grade(made.key_map, made.key_map))) < 1000
    assert " C OUT (" in repr(evaluation)


def test_the_benchmark_says_to_use_the_venv_from_a_plain_python() -> None:
    """Found when tried: `cd bench && python suite.py --quick` with a Python that has no
    argmap ended in a raw CalledProcessError traceback."""
    result = subprocess.run(
        [sys.executable, "-I", "-S", "suite.py", "--quick"],  # -S: no site-packages
        cwd=ROOT / "bench", capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot import argmap" in result.stderr
    assert "../.venv/bin/python suite.py --quick" in result.stderr


def test_a_named_command_runs_in_an_app_of_its_own_with_the_same_help() -> None:
    """The executable builds only the command it runs; what a user sees is the same."""
    from argmap.cli import _app_for, _name  # noqa: PLC0415

    names = [_name(info) for info in app.registered_commands]
    assert len(names) > 10
    for name in names:
        assert name is not None
        single = _app_for([name, "--help"])
        assert [_name(info) for info in single.registered_commands] == [name]
        alone = runner.invoke(single, [name, "--help"], terminal_width=100)
        whole = runner.invoke(app, [name, "--help"], terminal_width=100)
        assert alone.exit_code == whole.exit_code == 0
        assert alone.stdout == whole.stdout
    assert _app_for(["--help"]) is app
    assert _app_for(["no-such-command"]) is app
    assert _name(_app_for(["--debug", "render", "x.yaml"]).registered_commands[0]) == "render"


PLUMBING = {"_issues", "_write", "_progress"}
"""The root's private modules the command line shares with the library as its own
plumbing: errors and messages, writing files, the progress line."""


def _cli_functions() -> list[ast.FunctionDef]:
    tree = ast.parse((ROOT / "src/argmap/cli.py").read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def _private_imports(function: ast.FunctionDef) -> list[str]:
    """The private modules of argmap's a function imports (`.draw._render`, say)."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            parts = node.module.split(".")
            if any(part.startswith("_") for part in parts) and node.module not in PLUMBING:
                found.append(node.module)
    return found


def test_the_command_line_uses_the_public_api() -> None:
    """Issue 20: the CLI imported 45 names from 23 private modules. Its functions (the
    commands and their helpers) import the public API, or the root's plumbing."""
    private = {f.name: _private_imports(f) for f in _cli_functions() if _private_imports(f)}
    assert not private, private
    module = ast.parse((ROOT / "src/argmap/cli.py").read_text(encoding="utf-8"))
    top = [
        node.module
        for node in module.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    ]
    assert set(top) <= PLUMBING | {"vocabulary"}, top


def test_every_command_is_a_few_lines() -> None:
    """Issue 20: a command parses its options and makes one library call."""
    lengths = {}
    for function in _cli_functions():
        if not any("command" in ast.unparse(d) for d in function.decorator_list):
            continue
        body = function.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring is help, not work
        lengths[function.name] = (body[-1].end_lineno or 0) - body[0].lineno + 1
    assert len(lengths) == len(COMMANDS)
    long = {name for name, length in lengths.items() if length > 25}
    assert long <= {"render_command"}, lengths  # its 30 lines pass 13 options on
