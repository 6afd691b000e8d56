"""One list for each choice: the command line's options take the library's words."""

from __future__ import annotations

from enum import Enum
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin, get_type_hints

import typer
from typer.testing import CliRunner

from argmap import cli, vocabulary
from argmap.cli import app
from argmap.draw._engines import _ENGINES
from argmap.draw._render import _DRAWINGS
from argmap.draw._style import PALETTES, PRESETS
from argmap.formats import SUFFIXES
from argmap.vocabulary import choices

from .conftest import ARTICLE_MAP

VOCABULARIES = {
    name: choices(value)
    for name, value in vars(vocabulary).items()
    if name[0].isupper() and choices(value)
}


def test_the_library_tables_hold_the_vocabularies() -> None:
    assert tuple(PALETTES) == choices(vocabulary.Palette)
    assert tuple(PRESETS) == choices(vocabulary.PresetName)
    assert tuple(SUFFIXES) == choices(vocabulary.ExportFormat)
    assert set(_ENGINES) == set(choices(vocabulary.Engine))
    assert tuple(_DRAWINGS.values()) == choices(vocabulary.DrawingFormat)
    assert set(choices(vocabulary.Paper)) <= set(PRESETS)
    assert set(choices(vocabulary.PageFormat)) < set(choices(vocabulary.DrawingFormat))


def _choices_of(annotation: object) -> tuple[str, ...]:
    """The words a parameter's annotation allows, if it is a choice ((), if not)."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in {Union, UnionType}:
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(member.value) for member in annotation)
    return ()


def test_every_choice_of_the_command_line_is_a_library_vocabulary() -> None:
    found = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = typer.main.get_command_name(info.name or info.callback.__name__)
        hints = get_type_hints(info.callback, vars(cli), include_extras=True)
        for parameter, annotation in hints.items():
            words = _choices_of(annotation)
            if not words:
                continue
            found[f"{name} {parameter}"] = words
            assert words in VOCABULARIES.values(), f"{name} {parameter}: {words}"
            metavar = get_args(annotation)[1].metavar
            assert metavar in {"|".join(words), "KIND", "COMMAND [ARGS]..."}, f"{name} {parameter}"
    assert found["exercise kind"] == choices(vocabulary.ExerciseKind)
    assert found["render theme"] == choices(vocabulary.Palette)
    assert found["import source_format"] == choices(vocabulary.ImportFormat)
    assert found["watch command"] == choices(vocabulary.WatchedCommand)
    assert len(found) >= 25


def test_a_missing_choice_names_the_choices_on_one_line() -> None:
    result = CliRunner().invoke(app, ["exercise", str(ARTICLE_MAP), "-o", "sheet.md"])
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert (
        "Missing option '--kind' / '-k'. Choose from structure, roles, missing-premise, "
        "critical-questions or evaluate." in message
    )


def test_a_mistyped_choice_names_the_closest() -> None:
    result = CliRunner().invoke(
        app, ["exercise", str(ARTICLE_MAP), "-k", "structures", "-o", "sheet.md"]
    )
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert (
        "Invalid value for '--kind' / '-k': 'structures' is not one of structure, roles, "
        "missing-premise, critical-questions or evaluate (did you mean 'structure'?)" in message
    )
    assert "Value error" not in message
