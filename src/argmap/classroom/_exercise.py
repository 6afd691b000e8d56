"""Exercises: a worksheet and its answer key from a checked map, the same for a seed.

The map is first renumbered as the worksheet shows it: the author's statements in a
shuffled order as S1, S2, ..., then the critic's points. Everything after that (diagrams,
phrased questions, evaluations and their reasons) works on the renumbered map, so the
worksheet, the key and the key map that `argmap grade` reads all use the same numbers.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, get_args

from .._issues import UsageError, did_you_mean, visible
from .._write import OutputError, Outputs, refuse_input, same_file
from ..analysis._evaluate import evaluate
from ..checks._rules import check_map
from ..checks._structure import Structure
from ..draw._dot import DiagramOptions
from ..mapfile._catalogue import catalogue_for, phrase
from ..model import (
    ID_MAX_LENGTH,
    ROLE_NAMES,
    ArgumentMap,
    Claim,
    Holder,
    Inference,
    Label,
    Objection,
    Role,
    Status,
)
from ..vocabulary import ExerciseKind as Kind
from ..vocabulary import Paper
from ._blocks import Entries, Entry, Figure, Heading, Lines, Table, Text
from ._sheet import Sheet, outputs, sheet_format

KINDS: tuple[str, ...] = get_args(Kind)
_COUNTED = ("structure", "missing-premise", "critical-questions", "evaluate")
_WHOLE = ("evaluate",)
"""Kinds made of the whole map only: a verdict depends on all of it."""

_T = TypeVar("_T")
VERDICTS = {Label.IN: "stands", Label.OUT: "falls", Label.UNDECIDED: "undecided"}
_PART_THRESHOLD = 20
"""Maps with more claims than this are drawn one theme (part) per diagram, for print."""


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
                    made = {path: key_map_yaml(self, path)}
                else:
                    made = outputs(sheet, path, paper=paper, engine=engine, timeout=timeout)
                for target, data in made.items():
                    files.add(target, data)
                    written.append(target)
        return written


_YAML = {".yaml", ".yml"}


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
    part = _part(argument_map, theme, focus, depth)
    numbered, numbers = renumber(argument_map, seed, first=part or ())
    rng = random.Random(f"{seed}:{kind}")  # noqa: S311  (a shuffle, not a secret)
    shown = None if part is None else frozenset(numbers.get(i, i) for i in part)
    about = None
    if theme is not None:
        about = next(t.label for t in argument_map.themes if t.id == theme)
    elif focus is not None:
        about = f"the part around {numbers[focus]}"
    builder = _Builder(numbered, kind, seed, rng, count, shown, about)
    worksheet, key = builder.build()
    return Exercise(kind, seed, worksheet, key, numbered, numbers, argument_map, shown)


def _part(
    argument_map: ArgumentMap, theme: str | None, focus: str | None, depth: int
) -> frozenset[str] | None:
    """The ids of the part a sheet is about: a theme's (see `theme_part`), or those
    within `depth` steps of a claim (see `render --focus`); None for the whole map.

    Raises:
        UsageError: no such theme or claim, or a theme with no claims.
    """
    if focus is not None:
        from ..draw._dot import focus as around  # noqa: PLC0415

        return frozenset(around(argument_map, focus, depth))
    if theme is None:
        return None
    themes = [t.id for t in argument_map.themes]
    if theme not in themes:
        known = ", ".join(themes) or "none"
        raise UsageError(
            f"--theme {theme}: no such theme{did_you_mean(theme, themes)}; the map's themes: "
            f"{known}"
        )
    part = theme_part(Structure.of(argument_map), theme)
    if not part:
        raise UsageError(f"--theme {theme}: no claim of the map has this theme")
    return part


def renumber(
    argument_map: ArgumentMap, seed: int, *, first: Iterable[str] = ()
) -> tuple[ArgumentMap, dict[str, str]]:
    """The map with claims renamed S1..Sn: the author's claims shuffled, then the critic's;
    the claims in `first` (a part a sheet is about) before all others.

    Inferences and objections keep their ids. The source file is left out (quotes were
    checked on the original), and a catalogue path is made absolute.
    """
    rng = random.Random(seed)  # noqa: S311  (a shuffle, not a secret)
    # The part's statements first; in each, the text's statements (the author's and the
    # voices it reports), then the critic's.
    before = set(first)
    groups = [
        [
            c.id
            for c in argument_map.claims
            if (c.holder is Holder.ANALYST) is critic and (c.id in before) is early
        ]
        for early in (True, False)
        for critic in (False, True)
    ]
    for group in groups:
        rng.shuffle(group)
    order = [claim_id for group in groups for claim_id in group]
    prefix = _prefix(argument_map, len(order))
    numbers = {claim_id: f"{prefix}{n}" for n, claim_id in enumerate(order, 1)}
    data = argument_map.to_data()
    _rename(data, numbers)
    source = data.get("source")
    if isinstance(source, dict):
        source.pop("path", None)
    if argument_map.catalogue and argument_map.origin:
        data["catalogue"] = os.path.realpath(argument_map.origin.base_dir / argument_map.catalogue)
    numbered = ArgumentMap.model_validate(data)
    check_map(numbered)  # sets `checked`; the scenarios were run on the original
    return numbered, numbers


def _prefix(argument_map: ArgumentMap, count: int) -> str:
    """The letters statement numbers start with: "S", unless a step of the map already
    has an id of that form ("S3"), then "SS", "SSS", ..., then "T", "TT", ...; each short
    enough that every number is a valid id.

    Raises:
        UsageError: the map's step ids take every such prefix.
    """
    taken = {s.id for s in argument_map.inferences} | {o.id for o in argument_map.objections}
    room = ID_MAX_LENGTH - len(str(count))
    for letter in "STUVWXYZ":
        for length in range(1, room + 1):
            prefix = letter * length
            pattern = re.compile(re.escape(prefix) + r"([1-9][0-9]*)")
            if not any((m := pattern.fullmatch(i)) and int(m[1]) <= count for i in taken):
                return prefix
    raise UsageError(
        "the map's inference and objection ids (S1, SS1, ...) leave no way to number the "
        "statements; rename some of them"
    )


def _rename(data: dict[str, object], numbers: dict[str, str]) -> None:
    def new(ids: object) -> object:
        if isinstance(ids, list):
            return [numbers.get(i, i) for i in ids]
        return numbers.get(ids, ids) if isinstance(ids, str) else ids

    # Notes and warrants name claims by id in prose: they follow the numbers too.
    named = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(numbers, key=len, reverse=True))) + r")\b"
    )

    def prose(element: dict[str, Any]) -> None:
        for name in ("note", "warrant"):
            if isinstance(element.get(name), str):
                element[name] = named.sub(lambda m: numbers[m[1]], element[name])

    for claim in _items(data, "claims"):
        claim["id"] = new(claim["id"])
        prose(claim)
    for step in [*_items(data, "inferences"), *_items(data, "objections")]:
        step["from"], step["to"] = new(step["from"]), new(step["to"])
        if "roles" in step:
            step["roles"] = {role: new(ids) for role, ids in step["roles"].items()}
        prose(step)
        for answer in step.get("questions", {}).values():
            prose(answer)
            if "by" in answer:
                answer["by"] = new(answer["by"])
    for scenario in _items(data, "scenarios"):
        prose(scenario)
        for name in ("reject", "accept"):
            if name in scenario:
                scenario[name] = new(scenario[name])
        scenario["expect"] = {new(k): v for k, v in scenario["expect"].items()}


def _items(data: dict[str, object], field: str) -> list[dict[str, Any]]:
    items = data.get(field, [])
    assert isinstance(items, list)
    return items


def key_map_yaml(result: Exercise, path: Path) -> bytes:
    """The key map as a YAML file at `path`, with the source and catalogue paths relative
    to its folder (so `argmap validate` still checks its quotes)."""
    from ..mapfile._yaml import map_yaml  # noqa: PLC0415

    original = result.original
    data = result.key_map.to_data()
    folder = os.path.realpath(path.parent)
    base = original.origin.base_dir if original.origin else Path()
    source = data.get("source")
    if original.source and original.source.path and isinstance(source, dict):
        source_path = os.path.realpath(base / original.source.path)
        source["path"] = os.path.relpath(source_path, folder)
    if original.catalogue:
        data["catalogue"] = os.path.relpath(os.path.realpath(base / original.catalogue), folder)
    title = visible(original.title, lines=False)  # one line of a comment, whatever it holds
    title = title if len(title) <= 80 else title[:79] + "\u2026"
    header = (
        f"# Answer key: {result.kind} exercise, seed {result.seed}, from {title}.\n"
        "# Claims are numbered as on the worksheet. When students hand in maps (for the\n"
        "# structure worksheet, or to map the text themselves), grade each with:\n"
        f"#   argmap grade STUDENT.yaml --key {visible(path.name, lines=False)} "
        "--weights schemes=0\n"
        "# (the worksheet does not ask for schemes; leave out --weights if students name them)\n"
    )
    return (header + map_yaml(data)).encode("utf-8")


SLOT_LETTERS = "ABCDEFGHJKMNPRTVWXYZ"
"""Capitals that cannot be misread for one another, for a digit, or in pairs: no I (1,
l: "AI" reads "Al"), L, O and Q (0), S (5, and the statements' S), U (V)."""


def slot_names(count: int) -> list[str]:
    """Names for `count` diagram slots: A, B, ..., Z, then AA, AB, ..., as long as needed,
    in letters that cannot be misread (see `SLOT_LETTERS`).

    >>> slot_names(3), slot_names(22)[-3:]
    (['A', 'B', 'C'], ['Z', 'AA', 'AB'])
    """
    names: list[str] = []
    width = 1
    while len(names) < count:
        names += [
            "".join(letters)
            for letters in itertools.islice(
                itertools.product(SLOT_LETTERS, repeat=width), count - len(names)
            )
        ]
        width += 1
    return names


def theme_part(index: Structure, theme: str | None) -> frozenset[str]:
    """A theme's claims, the steps into them with all their reasons, and the attacks on
    those claims and steps with their reasons (neighbours from other parts too): what a
    diagram of the theme shows, and what a sheet about it asks. Empty when no claim has
    the theme.

    Which claims are the theme's own is `Structure.parts`' rule for sheets: a reason that
    only supports claims of other parts, and is supported by nothing, is drawn with the
    step it belongs to, not alone in its own part; its attackers go with it.
    """
    argument_map = index.map
    parts = index.parts("with-steps")
    moved = {c.id for c in argument_map.claims if c.id not in parts}
    own = {c for c, part in parts.items() if part == theme}
    keep = set(own)
    for step in argument_map.inferences:
        if step.to in own:
            keep |= {step.id, *step.premises}
    for objection in argument_map.objections:
        target = objection.to
        if target in own or (target in keep and (target not in index.claims or target in moved)):
            keep |= {objection.id, *objection.premises}
    # A claim whose every link went elsewhere (a critic's point against a moved reason,
    # say) is drawn there, not alone here.
    linked = {s.to for s in argument_map.inferences if s.id in keep}
    linked |= {end for s in argument_map.inferences if s.id in keep for end in s.premises}
    linked |= {o.to for o in argument_map.objections if o.id in keep}
    linked |= {end for o in argument_map.objections if o.id in keep for end in o.premises}
    keep = {e for e in keep if e not in index.claims or e in linked}
    return frozenset(keep) if own else frozenset()


class _Builder:
    def __init__(  # noqa: PLR0917  (one private caller)
        self,
        argument_map: ArgumentMap,
        kind: Kind,
        seed: int,
        rng: random.Random,
        count: int | None,
        shown: frozenset[str] | None = None,
        about: str | None = None,
    ) -> None:
        self.map = argument_map
        self.kind = kind
        self.seed = seed
        self.rng = rng
        self.count = count
        self.shown = shown
        """The part of the map the sheets are about (None: all of it)."""
        self.about = about
        """What that part is, in words ("The threat", "the part around S3")."""
        self.index = Structure.of(argument_map)
        self.claims = self.index.claims
        self.ordered = sorted(
            (c for c in argument_map.claims if shown is None or c.id in shown),
            key=lambda c: _number(c.id),
        )

    def build(self) -> tuple[Sheet, Sheet]:
        name = self.kind.replace("-", " ").capitalize()
        worksheet_blocks, key_blocks = getattr(self, self.kind.replace("-", "_"))()
        footer = f"argmap exercise --kind {self.kind} --seed {self.seed}"
        title = f"{name}: {self.map.title}" + (f" ({self.about})" if self.about else "")
        worksheet = Sheet(
            title,
            (*self.header(student=True), *worksheet_blocks),
            self.map,
            footer,
        )
        key = Sheet(
            f"Answer key. {title}",
            (*self.header(student=False), *key_blocks),
            self.map,
            footer,
        )
        return worksheet, key

    @property
    def where(self) -> str:
        """What the sheets are about, for a message: 'this map' or 'this part of the map'."""
        return "this map" if self.shown is None else "this part of the map"

    def in_part(self, element: str) -> bool:
        """Whether an element belongs to the part the sheets are about."""
        return self.shown is None or element in self.shown

    # Shared pieces ---------------------------------------------------------------------

    def header(self, *, student: bool) -> list[Heading | Text]:
        blocks: list[Heading | Text] = []
        source = self.map.source
        if source:
            by = ", ".join(filter(None, [source.author, source.publisher, source.date]))
            line = f"Source: \u201c{source.title}\u201d" + (f", {by}" if by else "") + "."
            blocks.append(Text(line, quiet=True, url=source.url))
        if student:
            blocks.append(Text("Name: ______________________   Date: ____________"))
        return blocks

    def statements(self, claims: Iterable[Claim], *, passages: bool = False) -> Entries:
        return Entries(
            tuple(Entry(f"{c.id}.", c.text, _passage(c) if passages else None) for c in claims)
        )

    def author_statements(self) -> list[Claim]:
        """The text's statements (of the part the sheets are about), by number: the
        author's own, the voices it reports, and the steps the analyst reconstructs from it
        (not the critic's points)."""
        return [c for c in self.ordered if c.holder is not Holder.ANALYST]

    def critic_statements(self) -> list[Claim]:
        return [c for c in self.ordered if c.holder is Holder.ANALYST]

    def statement_blocks(
        self, *, passages: bool = False, leave_out: set[str] | None = None
    ) -> list[Heading | Text | Entries]:
        """The numbered statements: the author's, then the critic's points apart."""
        hidden = leave_out or set()
        author = [c for c in self.author_statements() if c.id not in hidden]
        blocks: list[Heading | Text | Entries] = [
            Heading("Statements"),
            self.statements(author, passages=passages),
        ]
        critic = [c for c in self.critic_statements() if c.id not in hidden]
        if critic:
            blocks += [
                Heading("A critic's points"),
                Text("These are not in the text: a critical reader raises them against it."),
                self.statements(critic, passages=passages),
            ]
        return blocks

    def figures(
        self,
        caption: str,
        slots: dict[str, str],
        *,
        plain: bool = False,
        leave_out: frozenset[str] = frozenset(),
    ) -> list[Figure]:
        """The diagram with these box texts, without `leave_out`; one per part (theme)
        when the map is large."""
        look = DiagramOptions(slots=slots, plain=plain, title=False, quotes=False)
        if self.shown is not None:
            return [Figure(caption, replace(look, only=self.shown - leave_out))]
        parts = self.parts
        if parts is None:
            only = None if not leave_out else self.everything() - leave_out
            return [Figure(caption, replace(look, only=only))]
        return [
            Figure(f"{caption}: {label}", replace(look, only=only - leave_out))
            for label, only in parts
        ]

    @functools.cached_property
    def parts(self) -> list[tuple[str, frozenset[str]]] | None:
        """The parts a large map is drawn in, by label (None: the map is drawn whole)."""
        if len(self.map.claims) <= _PART_THRESHOLD or len(self.map.themes) < 2:
            return None
        named = [(t.label, theme_part(self.index, t.id)) for t in self.map.themes]
        if any(c.theme is None for c in self.map.claims):
            named.append(("other claims", theme_part(self.index, None)))
        return [(label, only) for label, only in named if only]

    def everything(self) -> frozenset[str]:
        index = self.index
        return frozenset([*index.claims, *index.inferences, *index.objections])

    def numbers(self) -> dict[str, str]:
        return {c.id: c.id for c in self.map.claims}

    def pick(self, items: list[_T]) -> list[_T]:
        """Up to --count items, chosen by the seed, kept in their order."""
        if self.count is None or self.count >= len(items):
            return items
        chosen = set(self.rng.sample(range(len(items)), self.count))
        return [item for index, item in enumerate(items) if index in chosen]

    def reasons(self, claim: Claim) -> str:
        """Why a claim has its role, in terms of the structure."""
        into = self.index.support_for.get(claim.id, [])
        out_of = [s for s in self.map.inferences if claim.id in s.premises]
        attacks = [o for o in self.map.objections if claim.id in o.premises]
        supports = sorted({s.to for s in out_of}, key=_number)
        if claim.role is Role.ASSUMPTION:
            return "not stated in the text; needed for " + ", ".join(supports)
        parts = ["not stated in the text"] if claim.unstated else []
        if claim.voice:
            parts.append(f"the author reports it as the claim of {claim.voice}")
        if into:
            groups = [" + ".join(s.premises) for s in into]
            separately = "" if len(groups) == 1 else ", each on its own"
            parts.append(f"supported by {_ids(groups)}{separately}")
        if supports:
            parts.append("supports " + ", ".join(supports))
        against = [o for o in attacks if o.to not in self.index.objections]
        replies = [o for o in attacks if o.to in self.index.objections]
        if against:
            parts.append("objects to " + ", ".join(self.target(o.to) for o in against))
        if replies:
            parts.append("answers " + ", ".join(self.target(o.to) for o in replies))
        if claim.role is Role.CONCLUSION:
            parts.append("what the whole argument is for")
        return "; ".join(parts)

    # Kinds -------------------------------------------------------------------------------

    def structure(self) -> tuple[list[object], list[object]]:
        claims = self.ordered
        blank = self.pick(claims)  # --count: the slots to fill; the others show their number
        given = [c for c in claims if c not in blank]
        # Slot letters are shuffled too, so that a slot's letter gives nothing away and
        # sheets made with different seeds do not share answers.
        names = slot_names(len(blank))
        self.rng.shuffle(names)
        letters = dict(zip((c.id for c in blank), names, strict=True))
        by_letter = sorted(blank, key=lambda c: (len(letters[c.id]), letters[c.id]))
        critic = [c for c in self.critic_statements() if c.id in letters]
        intro = (
            "The diagrams show the shape of the argument. Each lettered box is a slot for one "
            "statement. Reasons meet in a dot, and the dot's arrow points to the claim they "
            "support: reasons that share a dot work together (linked), reasons with a dot "
            "each support the claim on their own (convergent). A dashed line through a "
            "diamond, ending in a bar, is an objection: it attacks the claim or the step "
            "(dot) it ends on. Write the number of the statement that belongs in each slot; "
            f"{'each statement to place' if given else 'every statement'} goes in exactly one "
            "slot."
        )
        notes = []
        if given:
            notes.append(
                "The boxes that show a number hold that statement already: they are there to "
                "help you place the others."
            )
        if any(c.implicit for c in blank):
            notes.append(
                "Some statements are not in the text: unstated assumptions or steps a careful "
                "reader supplies. They have slots too."
            )
        if any(c.voice for c in blank):
            notes.append(
                "Some statements are in the text but are not the author's own: the author "
                "reports them from someone else (critics, a survey, an official)."
            )
        shown = self.shown
        if any(
            o.to in self.index.objections and (shown is None or o.id in shown)
            for o in self.map.objections
        ):
            notes.append(
                "A dashed line that ends on another objection's diamond answers that "
                "objection: it replies to it."
            )
        if len(critic) == 1:
            notes.append(
                f"Statement {critic[0].id} is a critic's point: it goes at the start of a "
                "dashed line."
            )
        elif critic:
            ids = _span(critic) if len(critic) > 3 else _ids([c.id for c in critic])
            notes.append(
                f"Statements {ids} are a critic's points: each goes at the start of a dashed line."
            )
        if self.shown is None and self.parts:
            notes.append(
                "The argument is drawn one part per diagram. A slot from another part appears "
                "again where it connects: write the same number there."
            )
        statements: list[object] = [*self.statement_blocks(leave_out={c.id for c in given})]
        if given:
            statements[0] = Heading("Statements to place")
            statements += [
                Heading("Statements already in the diagram"),
                self.statements(sorted(given, key=lambda c: _number(c.id))),
            ]
        worksheet: list[object] = [
            Heading("Instructions"),
            Text(intro),
            *(Text(n) for n in notes),
            *statements,
            Heading("Diagram"),
            *self.figures("Skeleton", letters | {c.id: c.id for c in given}, plain=True),
            Heading("Your answers"),
            _grid([letters[c.id] for c in by_letter]),
        ]
        filled = {c.id: f"{letters[c.id]}: {c.id}" for c in blank} | {c.id: c.id for c in given}
        rows = tuple(
            (
                letters[c.id],
                c.id,
                _role_name(c),
                c.text,
            )
            for c in by_letter
        )
        swaps = [
            _ids(sorted((letters[c] for c in group), key=lambda x: (len(x), x)))
            for group in self.interchangeable(set(letters))
        ]
        key: list[object] = [
            Heading("The filled diagram"),
            *self.figures("Filled", filled),
            Heading("Slots"),
            Table(("Slot", "No.", "Role", "Text"), rows, (1, 1.1, 2.2, 7)),
        ]
        if swaps:
            key.insert(
                len(key) - 2,  # after the diagrams, before the table of slots
                Text(
                    "Interchangeable slots (their statements may go in either order): "
                    + "; ".join(swaps)
                    + "."
                ),
            )
        return worksheet, key

    def interchangeable(self, slots: set[str]) -> list[list[str]]:
        """Groups of slots that look alike in the skeleton, so that swapping their
        statements is just as right. A slot's statement must start one line and nothing
        else, and nothing may point at it: then it is alike with the others alone in
        their steps (or objections) to the same target, attacked alike (by the same
        reasons, or not at all), and with the others together in its step (or objection).
        """
        steps: list[Inference | Objection] = [*self.map.inferences, *self.map.objections]
        uses: dict[str, list[Inference | Objection]] = {}
        for step in steps:
            for premise in step.premises:
                uses.setdefault(premise, []).append(step)
        targets = {step.to for step in steps}
        attacks: dict[str, set[frozenset[str]]] = {}
        for objection in self.map.objections:
            attacks.setdefault(objection.to, set()).add(frozenset(objection.premises))
        groups: dict[tuple[object, ...], list[str]] = {}
        for claim in self.map.claims:
            used = uses.get(claim.id, [])
            if claim.id not in slots or len(used) != 1 or claim.id in targets:
                continue
            step = used[0]
            kind = "objection" if step.id in self.index.objections else "inference"
            if len(step.premises) == 1:
                alike = frozenset(attacks.get(step.id, set()))
                groups.setdefault(("alone", kind, step.to, alike), []).append(claim.id)
            else:
                groups.setdefault(("together", step.id), []).append(claim.id)
        return [group for group in groups.values() if len(group) > 1]

    def roles(self) -> tuple[list[object], list[object]]:
        claims = self.author_statements()
        intro = (
            "Label each statement with the role it plays in the argument. A premise is a "
            "reason the author gives without arguing for it. An intermediate conclusion is "
            "argued for and in turn supports something further. The main conclusion is what "
            "the whole argument is for (there is one). An assumption is a premise the "
            "argument needs but the author never states: you will not find it in the text."
        )
        worksheet: list[object] = [
            Heading("Instructions"),
            Text(intro),
            Text(
                "Write P (premise), IC (intermediate conclusion), MC (main conclusion) or "
                "A (assumption).",
                quiet=True,
            ),
            Heading("Statements"),
            Table(
                ("No.", "Statement", "Role"), tuple((c.id, c.text, "") for c in claims), (1, 9, 1.6)
            ),
        ]
        rows = tuple((c.id, c.text, _role_name(c), self.reasons(c)) for c in claims)
        key: list[object] = [
            Heading("Roles"),
            Text(
                "In the last column, reasons joined by \u201c+\u201d work together; "
                "reasons listed with \u201cand\u201d each support the claim on their own.",
                quiet=True,
            ),
            Table(("No.", "Statement", "Role", "Because it is"), rows, (1, 6, 2.2, 3.8)),
        ]
        return worksheet, key

    def missing_premise(self) -> tuple[list[object], list[object]]:
        assumptions = [c for c in self.ordered if c.role is Role.ASSUMPTION]
        if not assumptions:
            raise UsageError(
                f"{self.where} has no assumptions (claims with role: assumption), so a "
                "missing-premise worksheet has nothing to ask; choose another --kind"
            )
        chosen = self.pick(sorted(assumptions, key=lambda c: _number(c.id)))
        blanks = {c.id: f"Blank {n}" for n, c in enumerate(chosen, 1)}
        slots = {c.id: blanks.get(c.id, c.id) for c in self.map.claims}
        # A critic's objection to a blank would all but state it: it is left out, with
        # reasons that object to nothing else.
        against = [o for o in self.map.objections if o.to in blanks]
        still = {p for o in self.map.objections if o not in against for p in o.premises}
        still |= {p for s in self.map.inferences for p in s.premises}
        hidden = {o.id for o in against} | {
            p for o in against for p in o.premises if p not in still
        }
        intro = (
            "Some steps of this argument only work because of a premise the author never "
            "states. In the diagrams, each such premise is a blank box. For each blank, read "
            "the step it belongs to and write the unstated premise: the weakest claim that, "
            "added to the stated reasons, makes the conclusion follow."
        )
        worksheet: list[object] = [
            Heading("Instructions"),
            Text(intro),
            Heading("Diagram"),
            *self.figures("The argument with its blanks", slots, leave_out=frozenset(hidden)),
            *self.statement_blocks(leave_out=set(blanks) | hidden),
        ]
        key: list[object] = [Heading("The unstated premises")]
        for claim in chosen:
            steps = [s for s in self.map.inferences if claim.id in s.premises]
            worksheet.append(Heading(blanks[claim.id]))
            key.append(Heading(f"{blanks[claim.id]} ({claim.id})"))
            for step in steps:
                others = [p for p in step.premises if p != claim.id]
                sentence = (
                    f"Together with {_ids([blanks.get(p, p) for p in others])}, the blank "
                    f"supports {step.to}."
                    if others
                    else f"The blank alone supports {step.to}."
                )
                context = [
                    Entry(f"{blanks[p]}:", "another unstated premise")
                    if p in blanks
                    else Entry(f"{p}.", self.claims[p].text, _passage(self.claims[p]))
                    for p in [*others, step.to]
                ]
                worksheet += [Text(sentence), Entries(tuple(context))]
            worksheet += [Text("The unstated premise:"), Lines(3)]
            key.append(Entries((Entry(f"{claim.id}.", claim.text, claim.note),)))
            key += [
                Text(f"How the step to {s.to} works: {s.warrant}", quiet=True)
                for s in steps
                if s.warrant
            ]
        key += [Heading("The whole diagram"), *self.figures("Filled", self.numbers())]
        return worksheet, key

    def critical_questions(self) -> tuple[list[object], list[object]]:
        schemes = catalogue_for(self.map)
        steps = [s for s in self.map.inferences if s.scheme in schemes and self.in_part(s.id)]
        if not steps:
            raise UsageError(
                f"no inference of {self.where} names a scheme, so there are no critical "
                "questions to ask; add 'scheme:' to its inferences (`argmap schemes` lists them)"
            )
        intro = (
            "Each step below follows a common pattern of reasoning (an argumentation "
            "scheme), and each pattern comes with critical questions: the points where such "
            "reasoning can go wrong. For each question, answer from the text: does the "
            "article answer it, and how? If it does not, say what the author would need to "
            "show. Some reasons are unstated assumptions (marked as not stated in the text): "
            "for those, ask whether the author would have to accept them."
        )
        worksheet: list[object] = [Heading("Instructions"), Text(intro)]
        key: list[object] = []
        question_number = 0
        for step_number, step in enumerate(self.pick(steps), 1):
            scheme = schemes[step.scheme or ""]
            title = f"Step {step_number}: {scheme.name}"
            context = [self.claims[p] for p in step.premises]
            worksheet += [
                Heading(title),
                Text("The reasons:"),
                self.statements(context, passages=True),
                Text("support the claim:"),
                self.statements([self.claims[step.to]], passages=True),
            ]
            key.append(Heading(f"{title} ({step.id})"))
            for phrased in phrase(self.map, step, scheme, by_id=True):
                question_number += 1
                worksheet += [Text(f"Q{question_number}. {phrased.text}"), Lines(2)]
                key += [
                    Text(f"Q{question_number}. {phrased.text}"),
                    Text(self.answer(phrased.status, phrased.by, phrased.note), quiet=True),
                ]
            pressed = self.pressing(step)
            if pressed:
                key.append(Text(f"The critic's points against this step: {pressed}", quiet=True))
        key += [Heading("Steps and objections named above"), self.step_table()]
        return worksheet, key

    def answer(self, status: Status, by: str | None, note: str | None) -> str:
        where, in_text = "", False
        if by is not None:
            element = self.claims.get(by)
            if element is None:  # an objection: name its reasons
                element = self.claims[self.index.objections[by].premises[0]]
            where = f"{element.id}, \u201c{element.text}\u201d"
            in_text = element.stated
        if status is Status.ANSWERED:
            # Only a statement of the text is an answer "in the text"; otherwise the note
            # says where the answer comes from (the text, or what a reader knows).
            answer = "Answered in the text" if in_text else "Answered"
            answer += f" (see {where})." if where else "."
        else:
            answer = "Left open by the author."
            answer += f" A critic presses it ({where})." if where else ""
        if by is None and note is None and status is Status.OPEN:
            answer = "No answer is recorded in the map: judge it from the text."
        return f"{answer} {note}" if note else answer

    def target(self, target: str) -> str:
        """What an objection attacks, in words: a claim, the step it cuts, or the objection
        it answers."""
        answered = self.index.objections.get(target)
        if answered is not None:
            return f"the objection {target} ({' + '.join(answered.premises)} against {answered.to})"
        step = self.index.inferences.get(target)
        if step is None:
            return target
        return f"the step from {' + '.join(step.premises)} to {step.to}"

    def pressing(self, step: Inference) -> str:
        """The critic's points that attack a step, its reasons or its conclusion: where an
        open question is most likely pressed."""
        ends = {step.id, step.to, *step.premises}
        points = []
        for objection in self.map.objections:
            if objection.to in ends:
                target = "the step" if objection.to == step.id else objection.to
                reasons = " + ".join(objection.premises)
                points.append(f"{reasons} against {target} ({objection.id})")
        return "; ".join(points)

    def evaluate(self) -> tuple[list[object], list[object]]:
        scenarios = self.scenarios()
        conclusions = [c for c in self.ordered if c.role in {Role.INTERMEDIATE, Role.CONCLUSION}]
        intro = (
            "Work out which conclusions still stand in each scenario. Every given statement "
            "(a premise, an assumption or a critic's point) stands unless the scenario says "
            "you reject it. A claim that is argued for stands when at least one step into it "
            "stands; a step stands when all of its reasons stand and no standing objection "
            "cuts it. Any claim falls when a standing objection attacks it. When objections "
            "knock each other out in a circle, the claims caught in the circle are undecided."
        )
        worksheet: list[object] = [
            Heading("Instructions"),
            Text(intro),
            Heading("Diagram"),
            *self.figures("The argument", self.numbers()),
            *self.statement_blocks(),
        ]
        key: list[object] = []
        main = self.index.conclusion
        for number, (reject, accept) in enumerate(scenarios, 1):
            evaluation = evaluate(self.map, reject=reject, accept=accept)
            supposition = _supposition(reject, accept, self.critic_statements())
            verdict = VERDICTS[evaluation.labels[main.id]]
            title = f"Scenario {number}"
            worksheet += [
                Heading(title),
                Text(supposition),
                Table(
                    ("Conclusion", "Stands, falls or undecided?"),
                    tuple((_named(c), "") for c in conclusions),
                    (3, 4),
                ),
                Text(f"Explain in a sentence or two why {main.id} stands or falls:"),
                Lines(2),
            ]
            rows = tuple(
                (_named(c), VERDICTS[evaluation.labels[c.id]], evaluation.why(c.id))
                for c in conclusions
            )
            key += [
                Heading(title),
                Text(supposition),
                Table(("Conclusion", "Verdict", "Why"), rows, (1.3, 1.4, 7)),
                Text(f"Why the main conclusion, {main.id}, {verdict}:"),
                Entries(
                    tuple(
                        Entry("", line.strip(), indent=(len(line) - len(line.lstrip())) // 2)
                        for line in evaluation.trace(main.id)
                    )
                ),
            ]
        key += [Heading("Steps and objections named above"), self.step_table()]
        return worksheet, key

    def scenarios(self) -> list[tuple[list[str], list[str]]]:
        """The map's own scenarios. Without any: the argument as it stands; then, when
        there is a critic, the author's argument alone (the critic's points rejected);
        then that with one of the author's premises or assumptions rejected as well, for
        premises chosen by the seed: --count scenarios in all (default 5)."""
        if self.map.scenarios:
            return self.pick([(s.reject, s.accept) for s in self.map.scenarios])
        critic = [c.id for c in self.critic_statements()]
        given = [
            c.id
            for c in self.ordered
            if c.role in {Role.PREMISE, Role.ASSUMPTION} and c.holder is not Holder.ANALYST
        ]
        base: list[tuple[list[str], list[str]]] = [([], [])]
        if critic:
            base.append((critic, []))
        count = self.count or 5
        if count <= len(base):
            return base[:count]
        picked = sorted(self.rng.sample(given, min(count - len(base), len(given))), key=_number)
        return [*base, *(([*critic, claim_id], []) for claim_id in picked)]

    def step_table(self) -> Table:
        rows = [
            (s.id, f"{' + '.join(s.premises)} {_s('support', s.premises)} {s.to}")
            for s in self.map.inferences
        ]
        rows += [
            (
                o.id,
                f"{' + '.join(o.premises)} {_s('object', o.premises)} to {self.target(o.to)}",
            )
            for o in self.map.objections
        ]
        return Table(("Id", "Meaning"), tuple(rows), (1, 6))


def _s(verb: str, subjects: list[str]) -> str:
    """The verb agreeing with its subjects: 'S1 supports', 'S1 + S2 support'."""
    return verb + "s" if len(subjects) == 1 else verb


def _named(claim: Claim) -> str:
    return f"{claim.id} (main conclusion)" if claim.role is Role.CONCLUSION else claim.id


def _supposition(reject: list[str], accept: list[str], critic: list[Claim]) -> str:
    if not reject and not accept:
        return "Suppose you accept every given statement, as the argument stands."
    parts = []
    ids = {c.id for c in critic}
    if critic and ids <= set(reject):
        others = [r for r in reject if r not in ids]
        also = f" and {_ids(sorted(others, key=_number))}" if others else ""
        parts.append(f"reject all the critic's points ({_span(critic)}){also}")
    elif reject:
        parts.append(f"reject {_ids(sorted(reject, key=_number))}")
    if accept:
        parts.append(f"accept {_ids(sorted(accept, key=_number))} without argument")
    return "Suppose you " + " and ".join(parts) + "; every other given statement stands."


def _span(claims: list[Claim]) -> str:
    if len(claims) <= 2:
        return _ids([c.id for c in claims])
    return f"{claims[0].id} to {claims[-1].id}"


def _grid(slots: list[str], columns: int = 4) -> Table:
    """An answer table with several slots per row, so that it fits on a page."""
    rows = []
    for start in range(0, len(slots), columns):
        chunk = slots[start : start + columns]
        row: list[str] = []
        for slot in chunk:
            row += [slot, ""]
        row += ["", ""] * (columns - len(chunk))
        rows.append(tuple(row))
    return Table(("Slot", "No.") * columns, tuple(rows), (1, 1.6) * columns)


def _ids(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _number(claim_id: str) -> tuple[int, str]:
    digits = claim_id.lstrip(string.ascii_letters)
    return (int(digits), claim_id) if digits.isdigit() else (0, claim_id)


def _passage(claim: Claim) -> str | None:
    if claim.quote:
        return f"\u201c{claim.quote}\u201d"
    if claim.role is Role.ASSUMPTION or claim.unstated:
        return "Not stated in the text."
    return None


def _role_name(claim: Claim) -> str:
    """A statement's part in the argument, as the roles key names it."""
    if claim.holder is Holder.ANALYST:
        return "critic's point"
    name = ROLE_NAMES[claim.role]
    if claim.unstated:
        return f"{name} (unstated)"
    return f"{name} (reported: {claim.voice})" if claim.voice else name
