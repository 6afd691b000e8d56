"""Grading: a student's map against the key, item by item, with feedback to act on.

Given statements are matched by id (the worksheet's numbers). A student's own claims
marked `assumption` are matched to the key's assumptions by what they say (see
`_match_assumptions`). Everything else is compared as sets of relations:

- roles: each key claim's role (assumptions are scored under assumptions);
- supports: each reason-to-claim link, as precision and recall (F1);
- grouping: for each of the key's premise groups whose links the student found,
  whether they are grouped the same way (linked in one inference, or convergent);
- objections: each attack found, by its reasons and target (F1; half credit when it
  targets the claim instead of the step, or the reverse);
- assumptions: the key's unstated premises the student supplied;
- schemes: the scheme of each inference the student grouped as the key does.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .._collector import collector_paused
from .._issues import (
    ArgmapError,
    InputError,
    InvalidMapError,
    Issue,
    UsageError,
    json_text,
    sort_key,
    visible,
)
from .._write import OutputError, Outputs, folder, same_file
from ..analysis._warnings import content_words
from ..checks._load import accept
from ..checks._rules import check_map
from ..mapfile._parse import build_map, salvage
from ..mapfile._read import read_file
from ..model import ROLE_NAMES, ArgumentMap, Claim, Role
from ..vocabulary import GradeFormat
from ._sheet_md import md_literal

WEIGHTS: dict[str, float] = {
    "roles": 25,
    "supports": 30,
    "grouping": 10,
    "objections": 15,
    "assumptions": 10,
    "schemes": 10,
}
"""Default share of each part of the score, in points; a part the key has nothing for
(no objections, say) is left out and the others are scaled up to 100."""

Status = Literal["correct", "partial", "missed", "wrong", "extra"]
_SIMILAR_ALONE = 0.5
_SIMILAR_IN_PLACE = 0.2


@dataclass(frozen=True)
class Item:
    """One thing checked: what, how it went, and what to do about it."""

    part: str
    status: Status
    feedback: str


@dataclass(frozen=True)
class Part:
    """One part of the score: the share it earned (0 to 1) and how."""

    name: str
    weight: float
    earned: float
    summary: str


@dataclass(frozen=True)
class Grade:
    """A student's map graded against a key."""

    student: str
    parts: tuple[Part, ...]
    items: tuple[Item, ...] = field(repr=False)
    issues: tuple[Issue, ...] = field(default=(), repr=False)
    """Problems in the student's map (as `validate` reports them)."""
    partial: bool = False
    """Whether parts of the map could not be read and were left out of the grading."""

    @property
    def score(self) -> float:
        """The score out of 100."""
        total = sum(part.weight for part in self.parts)
        if not total:
            return 0.0
        return round(100 * sum(part.weight * part.earned for part in self.parts) / total, 1)

    def to_data(self) -> dict[str, object]:
        """The grade as plain data (what `--format json` prints), for a gradebook."""
        total = sum(part.weight for part in self.parts) or 1
        return {
            "student": self.student,
            "score": self.score,
            "parts": {
                part.name: {
                    "points": round(100 * part.weight * part.earned / total, 1),
                    "out_of": round(100 * part.weight / total, 1),
                    "earned": round(part.earned, 3),
                    "summary": part.summary,
                }
                for part in self.parts
            },
            "items": [
                {"part": item.part, "status": item.status, "feedback": item.feedback}
                for item in self.items
            ],
            "issues": [
                {"code": issue.code, "message": str(issue), "severity": issue.severity}
                for issue in self.issues
            ],
        }

    def report(self, output_format: GradeFormat = "text") -> str:
        """The grade as text for the terminal, Markdown to hand back, or JSON.

        Whatever the student's map or file name holds, the report is inert: text shows
        control characters as escapes (`visible`), Markdown makes every piece literal,
        JSON escapes them.
        """
        if output_format == "json":
            return json_text(self.to_data()) + "\n"
        data = self.to_data()
        parts = data["parts"]
        assert isinstance(parts, dict)
        markdown = output_format == "markdown"
        text = _markdown_text if markdown else _plain_text
        student = text(self.student)
        lines = [f"# Grade: {student}" if markdown else f"{student}: {self.score}/100"]
        if markdown:
            lines += ["", f"**Score: {self.score} / 100**", ""]
            lines += ["| Part | Points | Out of | How |", "|---|---|---|---|"]
            lines += [
                f"| {name} | {p['points']} | {p['out_of']} | {text(p['summary'])} |"
                for name, p in parts.items()
            ]
        else:
            lines += [
                f"  {name:<12} {p['points']:>5} / {p['out_of']:<5} {text(p['summary'])}"
                for name, p in parts.items()
            ]
        if self.issues:
            lines += ["", "## Problems in your map" if markdown else "Problems in your map:"]
            lines += [f"{'- ' if markdown else '  '}{text(str(issue))}" for issue in self.issues]
            if self.partial:
                note = "(what could not be read was left out; the rest is graded)"
                lines.append(("" if markdown else "  ") + note)
        todo = [item for item in self.items if item.status != "correct"]
        if todo:
            lines += ["", "## What to work on" if markdown else "What to work on:"]
            lines += [
                f"{'- ' if markdown else '  '}[{item.part}] {text(item.feedback)}" for item in todo
            ]
        done = [item for item in self.items if item.status == "correct"]
        if done:
            lines += ["", f"Correct: {len(done)} items."]
        return "\n".join(lines) + "\n"


def _plain_text(text: str) -> str:
    """Text of a student's (a claim, a file name) for a plain report: one line, with
    control characters and the like shown as escapes."""
    return visible(text, lines=False)


def _markdown_text(text: str) -> str:
    """Text of a student's for a Markdown report: shown as `_plain_text`, then literal."""
    return md_literal(visible(text, lines=False))


def grade(
    student: ArgumentMap,
    key: ArgumentMap,
    *,
    weights: dict[str, float] | None = None,
    name: str | None = None,
    issues: Iterable[Issue] = (),
    unreadable_roles: Iterable[str] = (),
) -> Grade:
    """Grade a student's map against the key's.

    >>> import argmap
    >>> key = argmap.load("maps/watchmaker.yaml")
    >>> grade(key, key).score
    100.0

    Raises:
        UsageError: a weight names no part of the score, or is negative.
    """
    weights = _weights(weights)
    student_name = name or (student.origin.name if student.origin else student.title)
    grader = _Grader(student, key, weights, frozenset(unreadable_roles))
    return grader.run(student_name, tuple(issues))


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


def failure_report(path: Path, error: ArgmapError, output_format: GradeFormat = "text") -> str:
    """The feedback for a submission that could not be graded: every problem found."""
    problems = (
        [str(issue) for issue in error.issues]
        if isinstance(error, InvalidMapError)
        else [str(error.issue)]
        if isinstance(error, InputError)
        else [str(error)]
    )
    if output_format == "json":
        return json_text({"student": str(path), "score": None, "problems": problems}) + "\n"
    if output_format == "markdown":
        name = _markdown_text(str(path))
        lines = [f"# Grade: {name}", "", "**Not graded**: the map could not be read.", ""]
        return "\n".join([*lines, *(f"- {_markdown_text(p)}" for p in problems)]) + "\n"
    lines = [f"{_plain_text(str(path))}: not graded: the map could not be read"]
    return "\n".join([*lines, *map(_plain_text, problems)]) + "\n"


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


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula, with control characters and
    the like shown as escapes (`visible`)."""
    text = visible(text, lines=False)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def parse_weights(text: str) -> dict[str, float]:
    """`roles=30,schemes=0` as weights (the rest keep their defaults).

    Raises:
        UsageError: not NAME=NUMBER pairs, or a name that is no part of the score.
    """
    weights: dict[str, float] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = pair.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise UsageError(
                f"--weights: '{pair}' is not NAME=NUMBER, e.g. 'schemes=0,supports=40'"
            ) from None
    return weights


MAX_WEIGHT = 1_000_000.0
"""The most points one part may be given (the default parts add up to 100)."""


def _weights(given: dict[str, float] | None) -> dict[str, float]:
    weights = dict(WEIGHTS)
    for name, value in (given or {}).items():
        if name not in WEIGHTS:
            raise UsageError(
                f"--weights: '{visible(name)}' is no part of the score; the parts are "
                f"{', '.join(WEIGHTS)}"
            )
        if not math.isfinite(value) or value > MAX_WEIGHT:
            raise UsageError(
                f"--weights: '{name}={value}' is not a number of points; give a number from 0 "
                f"to {MAX_WEIGHT:,.0f}"
            )
        if value < 0:
            raise UsageError(f"--weights: '{name}' is negative; use 0 to leave a part out")
        weights[name] = value
    if not any(weights.values()):
        raise UsageError("--weights: every part is 0, so there is nothing to score")
    return weights


def _stem(word: str) -> str:
    """A crude stem: enough to match 'families' with 'family', and 'eases' with 'eased'.

    >>> [_stem(w) for w in ["families", "eases", "eased", "easing", "ease", "required"]]
    ['family', 'eas', 'eas', 'eas', 'eas', 'requir']
    """
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def similarity(a: str, b: str) -> float:
    """How much two texts say alike: the Dice overlap of their stemmed content words.

    >>> round(similarity("The state can act against the militias",
    ...                  "The Iraqi state is able to act against militias"), 2)
    0.73
    """
    left = {_stem(w) for w in content_words(a)}
    right = {_stem(w) for w in content_words(b)}
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


Group = tuple[frozenset[str], str]
"""An inference as its premises and its conclusion."""


@dataclass(frozen=True)
class Answered:
    """The target of a reply: the objection that rests on these reasons."""

    reasons: frozenset[str]


Target = str | Group | Answered
Attack = tuple[frozenset[str], Target]
"""An objection as its reasons and its target: a claim, an inference's group, or the
objection it replies to."""


@dataclass
class _Grader:
    student: ArgumentMap
    key: ArgumentMap
    weights: dict[str, float]
    unreadable_roles: frozenset[str] = frozenset()
    items: list[Item] = field(default_factory=list)

    def run(self, name: str, issues: tuple[Issue, ...]) -> Grade:
        self.key_claims = {c.id: c for c in self.key.claims}
        self.claims: dict[str, Claim] = {}
        for claim in self.student.claims:  # the first of duplicated ids, as the checker says
            self.claims.setdefault(claim.id, claim)
        self.as_key = self.match_assumptions()
        self.student_groups = self.groups(self.student, self.as_key)
        self.key_groups = self.groups(self.key, {})
        graders = {
            "roles": self.roles, "supports": self.supports, "grouping": self.grouping,
            "objections": self.objections, "assumptions": self.assumptions,
            "schemes": self.schemes,
        }  # fmt: skip
        shared = len(self.claims.keys() & self.key_claims.keys())
        if self.key_claims and not shared:
            example = ", ".join(sorted(self.key_claims, key=len)[:3])
            advice = f"name each given statement by its number on the worksheet ({example}, ...)"
            folded = {c.casefold(): c for c in self.key_claims}
            mine = next((c for c in self.claims if c.casefold() in folded), None)
            if mine is not None:
                advice += f"; ids are case-sensitive: write {folded[mine.casefold()]}, not {mine}"
            self.add("roles", "wrong", f"none of your claims has the id of a statement: {advice}")
        elif len(self.claims) >= 4 and 2 * shared < len(self.claims):
            self.add(
                "roles", "wrong",
                f"only {shared} of your {len(self.claims)} claims have the id of a statement of "
                "the key: name each given statement by its number on the worksheet, and check "
                "that the key is the one `argmap exercise` wrote for this worksheet",
            )  # fmt: skip
        parts = [grader() for name, grader in graders.items() if self.weights[name]]
        return Grade(name, tuple(p for p in parts if p is not None), tuple(self.items), issues)

    def add(self, part: str, status: Status, feedback: str) -> None:
        self.items.append(Item(part, status, feedback))

    def part(self, name: str, earned: float, summary: str) -> Part | None:
        weight = self.weights[name]
        return Part(name, weight, earned, summary) if weight else None

    # Matching ----------------------------------------------------------------------------

    def match_assumptions(self) -> dict[str, str]:
        """Student claim id -> key claim id: given ids as they are, plus the student's own
        claims matched to the key's assumptions by text.

        A claim in the student's own words (an assumption, or a premise: the wording is
        right even when the role is not) matches a key assumption when their stemmed
        content words overlap (Dice) by 0.5 or more, or by 0.2 or more when it sits in the
        same place: a reason in a step to the same claim. Best pairs first; each is used
        once.
        """
        mapping = {c: c for c in self.claims if c in self.key_claims}
        key_left = [c for c in self.key.claims if c.role is Role.ASSUMPTION and c.id not in mapping]
        own = [
            c
            for c in self.claims.values()
            if c.id not in self.key_claims and c.role in {Role.ASSUMPTION, Role.PREMISE}
        ]
        places = {
            (p, s.to) for s in self.student.inferences for p in s.premises
        }  # student reason -> the claim its step supports (given ids)
        key_places = {(p, s.to) for s in self.key.inferences for p in s.premises}
        pairs = []
        for mine in own:
            for theirs in key_left:
                score = similarity(mine.text, theirs.text)
                in_place = any(
                    (mine.id, to) in places and (theirs.id, to) in key_places
                    for to in self.key_claims
                )
                threshold = _SIMILAR_IN_PLACE if in_place else _SIMILAR_ALONE
                if score >= threshold:
                    pairs.append((score + in_place, mine.id, theirs.id))
        used: set[str] = set()
        for _, mine_id, theirs_id in sorted(pairs, reverse=True):
            if mine_id not in mapping and theirs_id not in used:
                mapping[mine_id] = theirs_id
                used.add(theirs_id)
        return mapping

    def groups(self, argument_map: ArgumentMap, rename: dict[str, str]) -> dict[str, Group]:
        """Each inference (by id) as its premise group and conclusion, in key ids.

        A reason that names no claim of the map is left out (the checker reports it);
        an inference whose conclusion names none, or with no reason left, is left out.
        """
        claims = {c.id for c in argument_map.claims}
        found = {}
        for step in argument_map.inferences:
            reasons = frozenset(rename.get(p, p) for p in step.premises if p in claims)
            if step.to in claims and reasons and step.id not in found:
                found[step.id] = (reasons, rename.get(step.to, step.to))
        return found

    # Parts -------------------------------------------------------------------------------

    def roles(self) -> Part | None:
        graded = [c for c in self.key.claims if c.role is not Role.ASSUMPTION]
        right = 0
        for claim in graded:
            mine = self.claims.get(claim.id)
            expected = ROLE_NAMES[claim.role]
            if mine is None:
                self.add(
                    "roles", "missed", f"{claim.id} is missing from your map; it is {_a(expected)}"
                )
            elif claim.id in self.unreadable_roles:
                self.add("roles", "wrong", f"{claim.id}: your role could not be read; it is "
                         f"{_a(expected)}")  # fmt: skip
            elif mine.role is claim.role:
                right += 1
                self.add("roles", "correct", f"{claim.id} is {_a(expected)}")
            else:
                self.add(
                    "roles",
                    "wrong",
                    f"{claim.id} is {_a(expected)}, not {_a(ROLE_NAMES[mine.role])}: "
                    f"{_role_hint(claim.role)}",
                )
        if not graded:
            return None
        return self.part("roles", right / len(graded), f"{right} of {len(graded)} roles right")

    def supports(self) -> Part | None:
        key_links = {(p, to) for group, to in self.key_groups.values() for p in group}
        mine = {(p, to) for group, to in self.student_groups.values() for p in group}
        if not key_links:
            return None
        found = key_links & mine
        key_supports = {p: sorted(to for q, to in key_links if q == p) for p, _ in key_links}
        for reason, claim in sorted(key_links - mine):
            self.add("supports", "missed", f"{self.shown(reason)} should support {claim}")
        for reason, claim in sorted(mine - key_links):
            elsewhere = key_supports.get(reason)
            hint = (
                f"in the key it supports {', '.join(elsewhere)}"
                if elsewhere
                else "it is not a statement of the key"
                if reason not in self.key_claims
                else "in the key it supports nothing directly"
            )
            self.add("supports", "extra", f"{self.shown(reason)} does not support {claim}: {hint}")
        for reason, claim in sorted(found):
            self.add("supports", "correct", f"{self.shown(reason)} supports {claim}")
        return self.part("supports", *_f1("links", len(found), len(mine), len(key_links)))

    def grouping(self) -> Part | None:
        mine_links = {(p, to) for group, to in self.student_groups.values() for p in group}
        # Reasons of the student's own that the key does not have (a warrant spelled out,
        # say) do not spoil a group: they cost precision under supports already.
        mine_groups = {
            (frozenset(p for p in group if p in self.key_claims), to)
            for group, to in self.student_groups.values()
        }
        graded = [
            g
            for g in dict.fromkeys(self.key_groups.values())
            if all((p, g[1]) in mine_links for p in g[0])
        ]
        right = 0
        for group, claim in graded:
            reasons = _and(sorted(self.shown(p) for p in group))
            if (group, claim) in mine_groups:
                right += 1
                self.add("grouping", "correct", f"{reasons} grouped right for {claim}")
            elif len(group) > 1 and (wider := self.wider(group, claim, mine_groups)):
                others = _and(sorted(self.shown(p) for p in wider - group))
                self.add(
                    "grouping",
                    "wrong",
                    f"{reasons} support {claim} together, but without {others}: keep "
                    f"{reasons} in one inference, and give {others} an inference of "
                    f"{'its' if len(wider - group) == 1 else 'their'} own",
                )
            elif len(group) > 1:
                self.add(
                    "grouping",
                    "wrong",
                    f"{reasons} work together (linked) to support {claim}: each needs the "
                    f"others, so put them in one inference (from: [{', '.join(sorted(group))}])",
                )
            else:
                reason = next(iter(group))
                self.add(
                    "grouping",
                    "wrong",
                    f"{self.shown(reason)} supports {claim} on its own (convergent): give it "
                    "its own inference instead of linking it with other reasons",
                )
        if not self.key_groups:
            return None
        if not graded:
            return self.part("grouping", 0.0, "no reason group of the key found, to compare")
        return self.part(
            "grouping", right / len(graded), f"{right} of {len(graded)} reason groups right"
        )

    @staticmethod
    def wider(group: frozenset[str], claim: str, mine: set[Group]) -> frozenset[str]:
        """The student's group to the same claim holding all of `group` and more, if any."""
        return next((g for g, to in mine if to == claim and group < g), frozenset())

    def objections(self) -> Part | None:
        key_attacks = [
            attack
            for o in self.key.objections
            if (attack := self.attack(o.premises, o.to, self.key, {}, self.key_groups))
        ]
        if not key_attacks:
            return None
        mine = [
            attack
            for o in self.student.objections
            if (
                attack := self.attack(
                    o.premises, o.to, self.student, self.as_key, self.student_groups
                )
            )
        ]
        credit = 0.0
        matched: set[int] = set()
        for reasons, target in key_attacks:
            best = None
            for index, (my_reasons, my_target) in enumerate(mine):
                if index in matched or not reasons & my_reasons:
                    continue
                if _same(my_target, target):
                    best = (1.0, index)
                    break
                if best is None and _near(my_target, target):
                    best = (0.5, index)
            who = _and(sorted(self.shown(r) for r in reasons))
            if best is None:
                self.add("objections", "missed", f"{who} should object to {_describe(target)}")
                continue
            matched.add(best[1])
            credit += best[0]
            if best[0] == 1:
                self.add("objections", "correct", f"{who} objects to {_describe(target)}")
            else:
                self.add(
                    "objections",
                    "partial",
                    f"{who} objects to {_describe(target)}, not to "
                    f"{_describe(mine[best[1]][1])}: {_attack_hint(target)}",
                )
        for index, (my_reasons, my_target) in enumerate(mine):
            if index not in matched:
                who = _and(sorted(self.shown(r) for r in my_reasons))
                self.add(
                    "objections",
                    "extra",
                    f"{who} against {_describe(my_target)} is not an objection in the key",
                )
        precision = credit / len(mine) if mine else 0.0
        recall = credit / len(key_attacks)
        score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return self.part(
            "objections",
            score,
            f"{credit:g} of {len(key_attacks)} objections found, {len(mine)} drawn",
        )

    def attack(
        self,
        reasons: list[str],
        target: str,
        argument_map: ArgumentMap,
        rename: dict[str, str],
        groups: dict[str, Group],
    ) -> Attack | None:
        """An objection as (reasons, target), the target a claim, a step's group, or the
        objection it replies to (known by that objection's reasons)."""
        claims = {c.id for c in argument_map.claims}
        if not all(r in claims for r in reasons):
            return None
        mapped = frozenset(rename.get(r, r) for r in reasons)
        if target in groups:
            return mapped, groups[target]
        if target in claims:
            return mapped, rename.get(target, target)
        answered = next((o for o in argument_map.objections if o.id == target), None)
        if answered is not None and all(r in claims for r in answered.premises):
            return mapped, Answered(frozenset(rename.get(r, r) for r in answered.premises))
        return None

    def assumptions(self) -> Part | None:
        wanted = [c for c in self.key.claims if c.role is Role.ASSUMPTION]
        if not wanted:
            return None
        by_key = {theirs: mine for mine, theirs in self.as_key.items()}
        credit = 0.0
        for claim in wanted:
            mine_id = by_key.get(claim.id)
            mine = self.claims.get(mine_id) if mine_id else None
            if mine is None:
                self.add(
                    "assumptions",
                    "missed",
                    f"unstated premise not found: \u201c{claim.text}\u201d ({claim.id})",
                )
            elif mine.role is not Role.ASSUMPTION:
                credit += 0.5
                self.add(
                    "assumptions",
                    "partial",
                    f"{claim.id} is an unstated assumption (the text never says it), "
                    f"not {_a(ROLE_NAMES[mine.role])}",
                )
            else:
                credit += 1
                said = "" if mine_id == claim.id else f" (your {mine_id}: \u201c{mine.text}\u201d)"
                self.add("assumptions", "correct", f"found: \u201c{claim.text}\u201d{said}")
        return self.part(
            "assumptions", credit / len(wanted), f"{credit:g} of {len(wanted)} assumptions found"
        )

    def schemes(self) -> Part | None:
        mine = {
            group: step.scheme
            for step in self.student.inferences
            if (group := self.student_groups.get(step.id))
        }
        with_scheme = [s for s in self.key.inferences if s.scheme and s.id in self.key_groups]
        graded = [(s, self.key_groups[s.id]) for s in with_scheme if self.key_groups[s.id] in mine]
        if not with_scheme:
            return None
        if not graded:
            return self.part("schemes", 0.0, "no step of the key found, to compare its scheme")
        right = 0
        for step, group in graded:
            chosen = mine[group]
            reasons = _and(sorted(self.shown(p) for p in group[0]))
            if chosen == step.scheme:
                right += 1
                self.add(
                    "schemes", "correct", f"the step from {reasons} to {group[1]}: {step.scheme}"
                )
            else:
                yours = f"not {chosen}" if chosen else "but names no scheme: add 'scheme:'"
                self.add(
                    "schemes",
                    "wrong",
                    f"the step from {reasons} to {group[1]} argues by {step.scheme}, {yours} "
                    "(`argmap schemes` describes each)",
                )
        return self.part("schemes", right / len(graded), f"{right} of {len(graded)} schemes right")

    def shown(self, claim_id: str) -> str:
        """A key id as the student knows it: their own id for an assumption they wrote."""
        for mine, theirs in self.as_key.items():
            if theirs == claim_id and mine != claim_id:
                return f"{mine} (= {claim_id})"
        return claim_id


def _f1(what: str, found: int, drawn: int, wanted: int) -> tuple[float, str]:
    precision = found / drawn if drawn else 0.0
    recall = found / wanted
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return score, (
        f"{found} of {wanted} {what} found, {drawn - found} extra "
        f"(precision {precision:.0%}, recall {recall:.0%})"
    )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _same(mine: Target, key: Target) -> bool:
    """Whether two targets are one: the same claim, steps to the same claim that share a
    reason (a step the student drew with a reason missing is still that step), or
    objections that share a reason."""
    if isinstance(mine, Answered) and isinstance(key, Answered):
        return bool(mine.reasons & key.reasons)
    if isinstance(mine, Answered) or isinstance(key, Answered):
        return False
    if isinstance(mine, str) or isinstance(key, str):
        return mine == key
    return mine[1] == key[1] and bool(mine[0] & key[0])


def _near(mine: Target, key: Target) -> bool:
    """Whether an attack hits next to the key's target: the claim instead of the step into
    it, one of the step's reasons instead of the step, one of an objection's reasons
    instead of the objection, or the reverse of any."""

    def ends(target: Target) -> set[str]:
        if isinstance(target, Answered):
            return set(target.reasons)
        return {target} if isinstance(target, str) else {target[1], *target[0]}

    return bool(ends(mine) & ends(key)) and _kind(mine) != _kind(key)


def _kind(target: Target) -> str:
    return (
        "reply" if isinstance(target, Answered) else "claim" if isinstance(target, str) else "step"
    )


def _describe(target: Target) -> str:
    if isinstance(target, Answered):
        return f"the objection from {_and(sorted(target.reasons))}"
    if isinstance(target, str):
        return target
    return f"the step from {_and(sorted(target[0]))} to {target[1]}"


def _attack_hint(target: Target) -> str:
    if isinstance(target, Answered):
        return (
            "it answers the objection, not a claim, so it targets the objection (a reply: "
            "'to: <objection id>')"
        )
    if isinstance(target, str):
        return "it denies the claim itself, so it targets the claim (a rebuttal or undermining)"
    return (
        "it questions whether the reasons support the claim, not the claim itself, so it "
        "targets the inference (an undercut: 'to: <inference id>')"
    )


def _role_hint(role: Role) -> str:
    return {
        Role.PREMISE: "the author offers it as a reason without arguing for it",
        Role.INTERMEDIATE: "it is argued for, and in turn supports a further claim",
        Role.CONCLUSION: "it is what the whole argument is for",
        Role.ASSUMPTION: "the text never states it",
    }[role]
