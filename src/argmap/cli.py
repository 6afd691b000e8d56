"""The `argmap` command line: a thin shell over the library."""

from __future__ import annotations

import json
import shutil
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from ._issues import ArgmapError, InputError, InvalidMapError, Issue
from ._load import load
from ._show import show

app = typer.Typer(
    name="argmap",
    help="Map the structure of an argument: validate, analyse and draw argument maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_debug = False


class OutputFormat(StrEnum):
    """How `validate` reports problems."""

    TEXT = "text"
    JSON = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a Python traceback on internal errors.")
    ] = False,
    version: Annotated[  # noqa: ARG001  (handled by its eager callback)
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    global _debug  # noqa: PLW0603  (one flag for the whole process)
    _debug = debug


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn argmap's errors into messages and exit statuses; never a traceback."""
    try:
        yield
    except InputError as error:
        typer.echo(f"argmap: {error.issue}", err=True)
        raise typer.Exit(2) from None
    except InvalidMapError as error:
        for issue in error.issues:
            typer.echo(str(issue), err=True)
        raise typer.Exit(1) from None
    except ArgmapError as error:
        typer.echo(f"argmap: {error}", err=True)
        raise typer.Exit(error.exit_code) from None


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Map files (YAML or JSON).")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text lines, or a JSON list.")
    ] = OutputFormat.TEXT,
) -> None:
    """Check maps and report every problem as file:line:col: code: message.

    Exit status: 0 all valid, 1 problems found, 2 a file could not be read.
    """
    issues: list[Issue] = []
    status = 0
    for path in files:
        try:
            load(path)
        except InputError as error:
            issues.append(error.issue)
            status = 2
        except InvalidMapError as error:
            issues.extend(error.issues)
            status = max(status, 1)
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps([issue.to_dict() for issue in issues], indent=2, ensure_ascii=False))
    else:
        for issue in issues:
            typer.echo(str(issue))
        typer.echo(_summary(len(files), issues), err=bool(issues))
    raise typer.Exit(status)


def _summary(checked: int, issues: list[Issue]) -> str:
    """'3 maps checked: 2 valid, 1 with problems (4 errors)'."""
    bad = len({issue.file for issue in issues})
    text = f"{checked} map{'s' if checked != 1 else ''} checked: {checked - bad} valid"
    if issues:
        text += f", {bad} with problems ({len(issues)} error{'s' if len(issues) != 1 else ''})"
    return text


@app.command("show")
def show_command(
    file: Annotated[Path, typer.Argument(help="Map file (YAML or JSON).")],
    width: Annotated[
        int | None, typer.Option(min=40, help="Wrap at this many columns [default: terminal]")
    ] = None,
) -> None:
    """Print the argument as a tree: the main conclusion on top, reasons and objections below."""
    with _user_errors():
        argument_map = load(file)
    typer.echo(show(argument_map, width=width or shutil.get_terminal_size((100, 24)).columns))


def main(argv: list[str] | None = None) -> None:
    """Run the command line; internal errors print one line unless --debug is given."""
    try:
        app(args=argv, prog_name="argmap")
    except Exception as error:
        if _debug:
            traceback.print_exc()
        else:
            typer.echo(
                f"argmap: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in argmap; run again with --debug for details and report it.",
                err=True,
            )
        sys.exit(3)
