"""The exercise kinds: what each one's worksheet asks and its answer key answers."""

from __future__ import annotations

import functools
import itertools
import random
import string
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from .._issues import UsageError
from ..analysis._evaluate import evaluate
from ..checks._structure import Structure
from ..draw._dot import DiagramOptions
from ..mapfile._catalogue import catalogue_for, phrase
from ..model import (
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
from ._blocks import Block, Entries, Entry, Figure, Heading, Lines, Table, Text
from ._part import theme_part
from ._sheet import Sheet

_T = TypeVar("_T")
VERDICTS = {Label.IN: "stands", Label.OUT: "falls", Label.UNDECIDED: "undecided"}
_PART_THRESHOLD = 20
"""Maps with more claims than this are drawn one theme (part) per diagram, for print."""


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


class ExerciseSheets:
    """The worksheet and answer key of one exercise kind, for a renumbered map."""

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
        worksheet_blocks, key_blocks = KIND_SHEETS[self.kind](self)
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

    def structure(self) -> tuple[list[Block], list[Block]]:
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
        statements: list[Block] = [*self.statement_blocks(leave_out={c.id for c in given})]
        if given:
            statements[0] = Heading("Statements to place")
            statements += [
                Heading("Statements already in the diagram"),
                self.statements(sorted(given, key=lambda c: _number(c.id))),
            ]
        worksheet: list[Block] = [
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
        key: list[Block] = [
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

    def roles(self) -> tuple[list[Block], list[Block]]:
        claims = self.author_statements()
        intro = (
            "Label each statement with the role it plays in the argument. A premise is a "
            "reason the author gives without arguing for it. An intermediate conclusion is "
            "argued for and in turn supports something further. The main conclusion is what "
            "the whole argument is for (there is one). An assumption is a premise the "
            "argument needs but the author never states: you will not find it in the text."
        )
        worksheet: list[Block] = [
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
        key: list[Block] = [
            Heading("Roles"),
            Text(
                "In the last column, reasons joined by \u201c+\u201d work together; "
                "reasons listed with \u201cand\u201d each support the claim on their own.",
                quiet=True,
            ),
            Table(("No.", "Statement", "Role", "Because it is"), rows, (1, 6, 2.2, 3.8)),
        ]
        return worksheet, key

    def missing_premise(self) -> tuple[list[Block], list[Block]]:
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
        worksheet: list[Block] = [
            Heading("Instructions"),
            Text(intro),
            Heading("Diagram"),
            *self.figures("The argument with its blanks", slots, leave_out=frozenset(hidden)),
            *self.statement_blocks(leave_out=set(blanks) | hidden),
        ]
        key: list[Block] = [Heading("The unstated premises")]
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

    def critical_questions(self) -> tuple[list[Block], list[Block]]:
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
        worksheet: list[Block] = [Heading("Instructions"), Text(intro)]
        key: list[Block] = []
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

    def evaluate(self) -> tuple[list[Block], list[Block]]:
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
        worksheet: list[Block] = [
            Heading("Instructions"),
            Text(intro),
            Heading("Diagram"),
            *self.figures("The argument", self.numbers()),
            *self.statement_blocks(),
        ]
        key: list[Block] = []
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


KIND_SHEETS: dict[Kind, Callable[[ExerciseSheets], tuple[list[Block], list[Block]]]] = {
    "structure": ExerciseSheets.structure,
    "roles": ExerciseSheets.roles,
    "missing-premise": ExerciseSheets.missing_premise,
    "critical-questions": ExerciseSheets.critical_questions,
    "evaluate": ExerciseSheets.evaluate,
}
"""Each kind's worksheet and key blocks, by the kind's name in the vocabulary."""


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
