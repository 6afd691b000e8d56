"""Grading a class: reading the key and the submissions, grading each, the gradebook
(CSV) and the feedback files, written all at once, and the batch's exit status."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .._collector import collector_paused
from .._issues import (
    ArgmapError,
    InputError,
    InvalidMapError,
    Issue,
    UsageError,
    sort_key,
    visible,
)
from .._write import OutputError, Outputs, folder, same_file, write_atomic
from ..checks._load import accept
from ..checks._rules import check_map
from ..mapfile._parse import build_map, salvage
from ..mapfile._read import read_file
from ..model import ArgumentMap
from ..vocabulary import GradeFormat
from ._grade import WEIGHTS, grade, parse_weights
from ._report import Grade, failure_report


def load_key(path: str | Path) -> ArgumentMap:
    """Read a key map: checked as `load` checks, except its quotes against the source
    text, which grading never uses (so a key copied to another folder still works).

    Raises:
        InputError: the file cannot be read.
        InvalidMapError: the key has problems other than its source text.
    """
    with collector_paused():
        return accept(build_map(read_file(path)), quotes=False)


def grade_file(
    path: str | Path, key: ArgumentMap, *, weights: dict[str, float] | None = None
) -> Grade:
    """Read a student's map and grade it; a map with problems is graded on what is sound.

    No file the student's map names is read: its quotes are not checked against a source
    text, and its schemes are checked against the key's catalogue, not one of its own.

    Raises:
        InputError: the file cannot be read at all (missing, not text, not YAML).
        InvalidMapError: nothing safe to grade (no readable claim, no title or version).
    """
    read = salvage(read_file(path))
    if read.map is None:
        raise InvalidMapError(read.issues)
    student = read.map.model_copy(update={"catalogue": _catalogue_of(key)})
    checked = [issue for issue in check_map(student, quotes=False) if issue.severity == "error"]
    graded = grade(
        student, key, weights=weights, name=str(path), issues=sorted(
            read.issues + checked, key=sort_key
        ), unreadable_roles=read.unreadable_roles,
    )  # fmt: skip
    return replace(graded, partial=read.left_out)


def _catalogue_of(key: ArgumentMap) -> str | None:
    """The key's scheme catalogue file, as a path that holds from anywhere."""
    if key.catalogue is None:
        return None
    base = key.origin.base_dir if key.origin else Path()
    return os.path.realpath(base / key.catalogue)


def submissions(paths: Iterable[str | Path], key: ArgumentMap | None = None) -> list[Path]:
    """The map files to grade: files as given, and every .yaml, .yml and .json file in
    folders (by name); the key's own file is skipped if it sits among them.

    Raises:
        UsageError: a path names nothing (a mistyped folder, say): then nothing is graded.
    """
    key_file = os.path.realpath(key.origin.name) if key is not None and key.origin else None
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in {".yaml", ".yml", ".json"} and p.is_file()
            )
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise UsageError(
                f"{visible(str(path))}: no such file or folder; check the path (nothing was graded)"
            )
    return [p for p in files if key_file is None or os.path.realpath(p) != key_file]


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|]|^\.')
_LONGEST_LABEL = 100


def labels(files: Iterable[Path]) -> dict[Path, str]:
    """A short name for each submission, unique among them: the file's stem (`ana`), or
    its name when stems repeat (`ana.json`), or its folders too (`class-b-ana.yaml`).

    Each is also a safe file name for its feedback, on any system: control characters
    shown as escapes (`visible`), then each of `\\ / : * ? " < > |` and a leading dot made
    `_`; at most 100 characters; and unique even where case does not count (where two
    would still be one, the later gets `-2`, `-3`, ...).

    >>> paths = [Path("x/a/s.yaml"), Path("x-a/s.yaml"), Path("b/Ana.yaml"), Path("ana.yaml")]
    >>> list(labels(paths).values())
    ['x-a-s.yaml', 'x-a-s.yaml-2', 'Ana', 'ana-2']
    """
    files = list(dict.fromkeys(files))
    stems = Counter(p.stem for p in files)
    names = Counter(p.name for p in files)
    result: dict[Path, str] = {}
    taken: set[str] = set()
    for path in files:
        if stems[path.stem] == 1:
            label = path.stem
        elif names[path.name] == 1:
            label = path.name
        else:
            label = "-".join(part for part in path.parts if part not in {"/", ".", ".."})
        label = _UNSAFE_NAME.sub("_", visible(label, lines=False))[:_LONGEST_LABEL] or "_"
        unique, number = label, 1
        while unique.casefold() in taken:
            number += 1
            unique = f"{label}-{number}"
        taken.add(unique.casefold())
        result[path] = unique
    return result


_LINKED = (
    "is a symbolic link; a batch reads only the files handed in, never what a link "
    "points to (copy the file in place of the link to grade it)"
)


def grade_many(
    paths: Iterable[str | Path], key: ArgumentMap, *, weights: dict[str, float] | None = None
) -> tuple[list[Grade], list[tuple[Path, ArgmapError]]]:
    """Grade submissions (see `submissions`): the grades, and the files that could not
    be graded with why. One submission that cannot be graded never stops the others.
    A submission that is a symbolic link is not read: it could show another file (the
    teacher's notes) in the gradebook and the feedback.

    Raises:
        UsageError: a path names nothing (see `submissions`).
    """
    grades: list[Grade] = []
    failed: list[tuple[Path, ArgmapError]] = []
    for path in submissions(paths, key):
        if path.is_symlink():
            failed.append((path, InputError(Issue("not-a-file", _LINKED, str(path)))))
            continue
        try:
            grades.append(grade_file(path, key, weights=weights))
        except ArgmapError as error:
            failed.append((path, error))
        except Exception as error:  # a bug of argmap's must not cost the class its grades
            failed.append((path, InternalError(f"internal error: {type(error).__name__}: {error}")))
    return grades, failed


class InternalError(ArgmapError):
    """Grading one submission failed inside argmap: a bug (exit status 3 for the batch)."""

    exit_code = 3


def gradebook(grades: list[Grade], failed: list[tuple[Path, ArgmapError]]) -> str:
    """One CSV row per submission (its short name from `labels`, as a student id): score,
    points per part, how many problems the map had, or why it could not be graded."""
    names = list(dict.fromkeys(part.name for g in grades for part in g.parts)) or list(WEIGHTS)
    short = labels([*(Path(g.student) for g in grades), *(path for path, _ in failed)])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "file", "score", *names, "problems", "error"])
    for graded in grades:
        parts = graded.to_data()["parts"]
        assert isinstance(parts, dict)
        writer.writerow(
            [
                _cell(short[Path(graded.student)]),
                _cell(graded.student),
                graded.score,
                *(parts[n]["points"] if n in parts else "" for n in names),
                len(graded.issues),
                "",
            ]
        )
    for path, error in failed:
        first = str(error).splitlines()[-1].strip()
        row = [_cell(short[path]), _cell(str(path)), "", *("" for _ in names), "", _cell(first)]
        writer.writerow(row)
    return out.getvalue()


FEEDBACK_SUFFIXES: dict[GradeFormat, str] = {"text": ".txt", "markdown": ".md", "json": ".json"}
"""A feedback file's extension, by the report it holds."""


@dataclass(frozen=True)
class Batch:
    """Submissions graded together: the grades, the files that could not be graded (with
    why), and what was written."""

    grades: list[Grade]
    failed: list[tuple[Path, ArgmapError]]
    gradebook: str
    """The CSV, one row per submission (see `gradebook`)."""
    written: list[str]
    """What was written, as 'wrote ...' lines."""

    @property
    def status(self) -> int:
        """The exit status: 0 all graded, 1 a map had problems or was not graded; a
        submission that failed worse (2 unreadable, 3 argmap's bug) gives its own."""
        worst = max((problem.exit_code for _, problem in self.failed), default=0)
        problems = any(graded.issues for graded in self.grades)
        return worst if worst > 1 else 1 if self.failed or problems else 0

    def messages(self) -> list[str]:
        """What the batch says: what was written, each file not graded and why, a count."""
        problems = sum(bool(graded.issues) for graded in self.grades)
        not_graded = [
            f"argmap: {path}: not graded: {str(problem).splitlines()[-1].strip()}"
            for path, problem in self.failed
        ]
        return [
            *self.written,
            *not_graded,
            f"graded {len(self.grades)} map(s); {problems} with problems; "
            f"{len(self.failed)} not graded",
        ]


def grade_batch(
    paths: Iterable[str | Path],
    key: ArgumentMap,
    *,
    weights: dict[str, float] | None = None,
    output: Path | None = None,
    feedback: Path | None = None,
    output_format: GradeFormat = "text",
) -> Batch:
    """Grade submissions (see `grade_many`) and write the gradebook to `output` and each
    student's report into the folder `feedback` (in `output_format`, named by `labels`):
    all of them, or none. Without `output` (or with '-'), the gradebook is only returned.

    >>> import argmap
    >>> key = argmap.load_key("tests/data/grading/key.yaml")
    >>> batch = grade_batch(["tests/data/grading"], key)
    >>> batch.messages(), batch.status
    (['graded 4 map(s); 2 with problems; 0 not graded'], 1)

    Raises:
        UsageError: a path names nothing (see `submissions`).
        OutputError: `feedback` holds submissions, or an output cannot be written.
    """
    given = [Path(path) for path in paths]
    if feedback is not None and any(same_file(feedback, p) for p in given if p.is_dir()):
        raise OutputError(
            f"--feedback {visible(str(feedback))}: that folder holds the submissions; "
            "choose another one"
        )
    files = submissions(given, key)
    csv_file = None if output is None or str(output) == "-" else output
    written: list[str] = []
    with contextlib.ExitStack() as stack:
        if feedback is not None:
            stack.enter_context(folder(feedback, "--feedback"))
        outputs = stack.enter_context(Outputs([*key.files(), *files]))
        grades, failed = grade_many(files, key, weights=weights)
        table = gradebook(grades, failed)
        if feedback is not None:
            suffix, short = FEEDBACK_SUFFIXES[output_format], labels(files)
            for graded in grades:
                report = graded.report(output_format)
                outputs.add(feedback / (short[Path(graded.student)] + suffix), report.encode())
            for path, problem in failed:  # they hear why too
                report = failure_report(path, problem, output_format)
                outputs.add(feedback / (short[path] + suffix), report.encode())
            written.append(f"wrote {len(grades) + len(failed)} reports into {feedback}")
        if csv_file is not None:
            outputs.add(csv_file, table.encode("utf-8"))
            written.insert(0, f"wrote {csv_file}")
    return Batch(grades, failed, table, written)


class InvalidKeyError(InvalidMapError):
    """The key map has problems: the teacher's to fix before any grading (exit status 2)."""

    exit_code = 2

    def __init__(self, path: str | Path, problem: InvalidMapError) -> None:
        super().__init__(problem.issues)
        self.count = problem.count
        self.advice = f"the key {path} is not a valid map; fix it first"


@dataclass(frozen=True)
class Grading:
    """What `argmap grade` does with its files: the text for standard output (none when
    it was written to a file), the lines to say on standard error, and the exit status."""

    text: str | None
    messages: list[str]
    status: int


def grade_paths(
    paths: list[Path],
    key_path: Path,
    *,
    weights: str = "",
    output: Path | None = None,
    feedback: Path | None = None,
    output_format: GradeFormat = "text",
) -> Grading:
    """Grade as `argmap grade` does: one file (without `feedback`) gives its report in
    `output_format`; several files or a folder give a batch (see `grade_batch`). Without
    `output` (or with '-'), the report or the gradebook is returned as `text`.

    `weights` is written as on the command line, e.g. 'schemes=0,supports=40'.

    >>> grading = grade_paths([Path("tests/data/grading")], Path("tests/data/grading/key.yaml"))
    >>> grading.messages, grading.status
    (['graded 4 map(s); 2 with problems; 0 not graded'], 1)

    Raises:
        InvalidKeyError: the key has problems.
        UsageError: a path names nothing, or `weights` is not NAME=NUMBER pairs.
        InputError: the one file cannot be read, or the key cannot.
        OutputError: an output cannot be written (then none is).
    """
    chosen = parse_weights(weights)
    try:
        key = load_key(key_path)
    except InvalidMapError as error:
        raise InvalidKeyError(key_path, error) from None
    files = submissions(paths, key)  # a mistyped path: nothing is graded
    to_stdout = output is None or str(output) == "-"
    if len(paths) == 1 and not paths[0].is_dir() and feedback is None:
        graded = grade_file(paths[0], key, weights=chosen)
        report = graded.report(output_format)
        if output is not None and not to_stdout:
            write_atomic(output, report.encode("utf-8"), inputs=[*key.files(), *files])
        written = [] if to_stdout else [f"wrote {output}"]
        return Grading(report if to_stdout else None, written, 1 if graded.issues else 0)
    batch = grade_batch(paths, key, weights=chosen, output=output, feedback=feedback,
                        output_format=output_format)  # fmt: skip
    return Grading(batch.gradebook if to_stdout else None, batch.messages(), batch.status)


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula, with control characters and
    the like shown as escapes (`visible`)."""
    text = visible(text, lines=False)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text
