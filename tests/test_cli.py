"""The command line, through typer's runner and through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

from .conftest import ARTICLE_MAP, DATA, MAPS

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


@pytest.mark.parametrize("command", ["validate", "show"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    docstring = app.registered_commands
    assert any(c.callback and c.callback.__doc__ for c in docstring)
    assert "Usage: argmap " + command in result.stdout


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
