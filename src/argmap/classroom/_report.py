"""A grade, and how it reads: the parts of the score and the items checked, as text
for the terminal, Markdown to hand back, or JSON; and the report for a submission that
could not be graded. Every piece of a student's text is made inert for its output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .._issues import ArgmapError, InputError, InvalidMapError, Issue, json_text, visible
from ..vocabulary import GradeFormat
from ._sheet_md import md_literal

Status = Literal["correct", "partial", "missed", "wrong", "extra"]


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
