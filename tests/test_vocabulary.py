"""One list for each choice: the command line's options take the library's words."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from argmap import vocabulary
from argmap._engines import _ENGINES
from argmap._render import _DRAWINGS
from argmap._style import PALETTES, PRESETS
from argmap.cli import app
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


def test_every_choice_of_the_command_line_is_a_library_vocabulary() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    found = {}
    for name, command in group.commands.items():
        for param in command.params:
            described = getattr(param, "type_descriptor", None)
            if described is None or not described.is_choice:
                continue
            words = tuple(str(getattr(c, "value", c)) for c in described.choices)
            found[f"{name} {param.name}"] = words
            if name == "watch":  # the commands watch reruns: the command line's own list
                continue
            assert words in VOCABULARIES.values(), f"{name} {param.name}: {words}"
            assert param.metavar in {"|".join(words), "KIND"}, f"{name} {param.name}"
    assert found["exercise kind"] == choices(vocabulary.ExerciseKind)
    assert found["render theme"] == choices(vocabulary.Palette)
    assert found["import source_format"] == choices(vocabulary.ImportFormat)


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
