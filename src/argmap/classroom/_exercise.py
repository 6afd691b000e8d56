"""Exercises: a worksheet and its answer key from a checked map, the same for a seed.

The map is first renumbered as the worksheet shows it: the author's statements in a
shuffled order as S1, S2, ..., then the critic's points. Everything after that (diagrams,
phrased questions, evaluations and their reasons) works on the renumbered map, so the
worksheet, the key and the key map that `argmap grade` reads all use the same numbers.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from .._issues import UsageError, visible
from .._write import OutputError, Outputs, refuse_input, same_file
from ..checks._load import load
from ..draw._render import timeout_for
from ..model import ArgumentMap
from ..vocabulary import ExerciseKind as Kind
from ..vocabulary import Paper
from ._key import key_map_yaml
from ._kinds import ExerciseSheets
from ._part import sheet_part
from ._renumber import renumber
from ._sheet import Sheet, outputs, sheet_format

KINDS: tuple[str, ...] = get_args(Kind)
_COUNTED = ("structure", "missing-premise", "critical-questions", "evaluate")
_WHOLE = ("evaluate",)
"""Kinds made of the whole map only: a verdict depends on all of it."""


@dataclass(frozen=True)
class Exercise:
    """A worksheet, its answer key, and the key as a map for `grade`."""

    kind: Kind
    seed: int
    worksheet: Sheet
    key: Sheet
    key_map: ArgumentMap = field(repr=False)
    """The map with its claims renumbered as on the worksheet (what `grade --key` reads)."""
    numbers: dict[str, str] = field(repr=False)
    """Each claim's id in the original map -> its worksheet number."""
    original: ArgumentMap = field(repr=False)
    """The map the exercise was made from."""
    part: frozenset[str] | None = field(default=None, repr=False)
    """The ids (as numbered) of the part of the map the sheets are about (None: all)."""

    def save(
        self,
        worksheet: str | os.PathLike[str],
        answers: Iterable[str | os.PathLike[str]] = (),
        *,
        paper: Paper = "a4",
        engine: str = "embedded",
        timeout: float | None = None,
    ) -> list[Path]:
        """Write the worksheet and answer keys, each in the format its extension names.

        Worksheets and keys: .md (diagrams as SVG files beside it), .html or .pdf; a key
        may also be .yaml: the key map for `grade`. Returns every file written. All are
        written or none, and none over the map, its source text or its catalogue.
        `timeout` bounds each diagram's layout, in seconds (None: no limit).

        Raises:
            OutputError: an extension names no format, two outputs are one file, or a
                file cannot be written.
            RenderError: a diagram's layout failed or ran out of time.
        """
        inputs = self.original.files()
        worksheet_path, answer_paths = check_outputs(worksheet, answers, inputs)
        if self.part is not None and any(p.suffix.lower() in _YAML for p in answer_paths):
            raise OutputError(
                "a key map for `argmap grade` (.yaml) is the whole map's; make it without "
                "--theme or --focus"
            )
        written: list[Path] = []
        # Each file is made aside as it comes, and all are put in place at the end: no
        # worksheet without its key.
        with Outputs(inputs) as files:
            sheets = [(self.worksheet, worksheet_path), *((self.key, p) for p in answer_paths)]
            for sheet, path in sheets:
                if sheet is self.key and path.suffix.lower() in _YAML:
                    made = {
                        path: key_map_yaml(self.key_map, self.original, self.kind, self.seed, path)
                    }
                else:
                    made = outputs(sheet, path, paper=paper, engine=engine, timeout=timeout)
                for target, data in made.items():
                    files.add(target, data)
                    written.append(target)
        return written


_YAML = {".yaml", ".yml"}


def write_exercise(
    file: str | os.PathLike[str],
    kind: Kind,
    worksheet: str | os.PathLike[str],
    answers: Iterable[str | os.PathLike[str]] = (),
    *,
    seed: int = 1,
    count: int | None = None,
    theme: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    paper: Paper = "a4",
    engine: str = "embedded",
    timeout: float | None = None,
) -> list[Path]:
    """Read a map and write its worksheet and answer keys (see `exercise` and
    `Exercise.save`), as `argmap exercise` does: the outputs' names are checked before
    the map is read, and `timeout` None means the map's default (0: no limit).

    Raises:
        OutputError: as `Exercise.save`, found before any work.
        InputError, InvalidMapError: the map cannot be read or does not pass the checker.
        UsageError: as `exercise`, or a timeout that cannot be waited.
        RenderError: a diagram's layout failed or ran out of time.
    """
    answers = list(answers)
    check_outputs(worksheet, answers)  # before any work: a typo fails at once
    argument_map = load(file)
    made = exercise(
        argument_map, kind, seed=seed, count=count, theme=theme, focus=focus, depth=depth
    )
    layout = timeout_for(argument_map, timeout)
    return made.save(worksheet, answers, paper=paper, engine=engine, timeout=layout)


def check_outputs(
    worksheet: str | os.PathLike[str],
    answers: Iterable[str | os.PathLike[str]] = (),
    inputs: Iterable[Path] = (),
) -> tuple[Path, list[Path]]:
    """The output paths, once their formats are known, no two are the same file (nor
    put their diagrams in the same files), and none is an input: checked before anything
    is made.

    Raises:
        OutputError: an extension names no format, two outputs are one file, or an
            output is an input.
    """
    worksheet_path = Path(worksheet)
    answer_paths = [Path(a) for a in answers]
    sheet_format(worksheet_path)
    for path in answer_paths:
        if path.suffix.lower() not in _YAML:
            sheet_format(path, also=".yaml (the key map for grade)")
    paths = [worksheet_path, *answer_paths]
    for number, path in enumerate(paths):
        for other in paths[:number]:
            if same_file(path, other):
                raise OutputError("the worksheet and each answer key need files of their own")
            if (
                _markdown(path)
                and _markdown(other)
                and path.stem == other.stem
                and same_file(path.parent, other.parent)
            ):
                raise OutputError(
                    f"{visible(str(other))} and {visible(str(path))} would both put their "
                    f"diagrams in {visible(path.stem)}-1.svg, ...; give them different names"
                )
    inputs = list(inputs)
    for path in paths:
        refuse_input(path, inputs)
    return worksheet_path, answer_paths


def _markdown(path: Path) -> bool:
    return path.suffix.lower() not in _YAML and sheet_format(path) == "md"


def exercise(
    argument_map: ArgumentMap,
    kind: Kind,
    *,
    seed: int = 1,
    count: int | None = None,
    theme: str | None = None,
    focus: str | None = None,
    depth: int = 1,
) -> Exercise:
    """A worksheet and answer key of one kind, deterministic for a seed.

    `count` keeps that many items, chosen by the seed: slots to fill (the other boxes of
    the skeleton show their statement), blanks, steps or scenarios. `theme`, or `focus`
    and `depth` (as for `render`), make the sheets about one part of the map: the claims
    of one theme with the steps into them, or the part around one claim (every kind but
    `evaluate`, whose verdicts depend on the whole map).

    >>> import argmap
    >>> sheet = exercise(argmap.load("maps/watchmaker.yaml"), "roles", seed=3).worksheet
    >>> sheet.title
    "Roles: Paley's watchmaker: the argument from design"

    Raises:
        UsageError: an unknown kind, theme or claim, or an option the kind does not take.
        InvalidMapError: the map does not pass the checker.
    """
    if kind not in KINDS:
        raise UsageError(f"unknown exercise kind '{kind}'; choose one of {', '.join(KINDS)}")
    if count is not None and kind not in _COUNTED:
        raise UsageError(f"--count applies to {', '.join(_COUNTED)}, not to {kind}")
    if count is not None and count < 1:
        raise UsageError("--count must be at least 1")
    if theme is not None and focus is not None:
        raise UsageError("give --theme or --focus, not both: a sheet is about one part")
    if (theme is not None or focus is not None) and kind in _WHOLE:
        raise UsageError(
            f"the {kind} kind is made of the whole map (a verdict depends on all of it); "
            "leave out --theme and --focus"
        )
    if not argument_map.checked:
        from ..checks._load import accept  # noqa: PLC0415

        accept(argument_map)
    part = sheet_part(argument_map, theme, focus, depth)
    numbered, numbers = renumber(argument_map, seed, first=part or ())
    rng = random.Random(f"{seed}:{kind}")  # noqa: S311  (a shuffle, not a secret)
    shown = None if part is None else frozenset(numbers.get(i, i) for i in part)
    about = None
    if theme is not None:
        about = next(t.label for t in argument_map.themes if t.id == theme)
    elif focus is not None:
        about = f"the part around {numbers[focus]}"
    builder = ExerciseSheets(numbered, kind, seed, rng, count, shown, about)
    worksheet, key = builder.build()
    return Exercise(kind, seed, worksheet, key, numbered, numbers, argument_map, shown)
