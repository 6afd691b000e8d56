"""Lint: a critical reader's warnings about a valid map, and its statistics.

Warnings are not errors: the map is sound, but these are the places a careful reader
would question. Every pass is linear or near-linear; near-duplicate texts are found
through an index of each claim's rarest words, never by comparing all pairs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .._document import Loc, issue_at
from .._issues import Issue, brief, sort_key
from ..checks._quotes import normalise
from ..checks._structure import Structure
from ..mapfile._catalogue import QuestionKind, catalogue_for
from ..model import ArgumentMap, Basis, Claim, Holder, Inference, Role, Status

HEDGES = re.compile(
    r"\b(?:(?i:could|might|potentially|possibly|perhaps|some|likely|probably|seems?|appears?)"
    r"|may|(?i:can)(?!['\u2019]t))\b"  # "may" in lower case only (not the month); not "can't"
)
"""Words that hedge a claim: it is offered as possible or probable, not as so."""
_NOUN_BEFORE = re.compile(
    r"(?i:\b(?:the|a|an|its|their|his|her|our|your|my|whose|this|that|of|all|such|full|sheer"
    r"|great|growing|military|economic|political|naval|popular|free|good|ill|own)\s+"
    r"|['\u2019]s\s+)$"
)
"""What makes the next word a noun: "the growing might", "Iran's might", "political will"."""
_ASKED = re.compile(r"(?i:\bhow\s+)$")
"""What makes the next word a question, not a hedge: "how likely"."""
_LOOK_BACK = 24
"""How far before a word `_NOUN_BEFORE` and `_ASKED` look (longer than any of their words)."""
_SAYS_WHICH = re.compile(r"(?i:\s+of\s+(?:which|whom|them|these|those|the|its|their)\b)")
"""After "some": a partitive that says which ("some of which are supplied from Iran")."""
NECESSITY = re.compile(
    r"(?i:\b(?:must|essential|crucial|vital|necessary|indispensable|imperative|required"
    r"|requires?|needs?|needed|(?:hinges?|hinging|depends?|depending)\s+on)\b)"
)
"""Words that make a claim one of necessity: "is essential", "hinges on", "must"."""
_FUTURE = re.compile(r"(?i:\b(?:will|shall|won['\u2019]t)\b)")
_QUOTED = re.compile(
    r"(?<![^\s(\[\u2014\u2013/-])"  # at the start, or after a space, bracket or dash
    r"(?:'(?P<single>(?:[^']|'(?=\w))+?)'|\u2018(?P<curly>(?:[^\u2019]|\u2019(?=\w))+?)\u2019"
    r'|"(?P<double>[^"]+?)"|\u201c(?P<curly_double>[^\u201d]+?)\u201d)'
    r"(?![^\s.,;:!?)\]\u2014\u2013/-])"  # at the end, or before a space, stop or dash
)
"""A passage in quotation marks: one the analyst cites, or a word mentioned, not used."""
_BASIS_WORDS = {Basis.UNNAMED_SOURCE: "an unnamed source", Basis.ASSERTION: "bare assertion"}
_STOPWORDS = frozenset(
    "a an the and or of in on to for by with as at from is are was were be been being it its "
    "this that these those their they them but so than then which who whom whose".split()
)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing"})
_SIMILAR = 0.7
"""Word-set overlap (Jaccard) above which two claims say nearly the same thing."""
_COMMON = 100
"""Claims a word may be shared by and still pair them (keeps the join near-linear)."""


@dataclass(frozen=True)
class Analysis:
    """Lint warnings and statistics of one map."""

    warnings: list[Issue]
    statistics: dict[str, object] = field(default_factory=dict)
    map: ArgumentMap | None = field(default=None, repr=False, compare=False)
    """The map analysed (for its diagram in notebooks)."""

    def __repr__(self) -> str:
        """One line: how many warnings of each code."""
        codes = Counter(warning.code for warning in self.warnings)
        found = ", ".join(f"{count} {code}" for code, count in sorted(codes.items()))
        title = f" of {brief(self.map.title)}" if self.map else ""
        count = len(self.warnings)
        return f"<Analysis{title}: {count} warning{'s' if count != 1 else ''}" + (
            f" ({found})>" if found else ">"
        )

    def to_dict(self) -> dict[str, object]:
        """What `argmap analyse --format json` prints: the warnings and the statistics."""
        return {
            "warnings": [warning.to_dict() for warning in self.warnings],
            "statistics": self.statistics,
        }

    def report(self) -> str:
        """What `argmap analyse` prints: each warning, their count, the statistics."""
        count = len(self.warnings)
        return "\n".join(
            [
                *(f"{warning} (warning)" for warning in self.warnings),
                f"\n{count} warning{'s' if count != 1 else ''}.",
                self.summary(),
            ]
        )

    def summary(self) -> str:
        """The statistics as lines of text."""
        lines = ["Statistics:"]
        for key, value in self.statistics.items():
            text = str(value)
            if isinstance(value, dict) and "id" in value:
                count = value["premises"]
                text = f"{value['id']} ({count} premise{'' if count == 1 else 's'})"
            elif isinstance(value, dict):
                text = ", ".join(f"{count} {name}" for name, count in value.items()) or "none"
            lines.append(f"  {key.replace('_', ' ')}: {text}")
        return "\n".join(lines)


def analyse(argument_map: ArgumentMap) -> Analysis:
    """Warnings a critical reader would raise, and the map's statistics.

    >>> import argmap
    >>> analysis = analyse(argmap.load("maps/iraq-militias.yaml"))
    >>> analysis.statistics["claims"]["conclusion"]
    1
    """
    structure = Structure.of(argument_map)
    linter = _Linter(structure)
    warnings = [
        *linter.weak_bases(),
        *linter.hedges(),
        *linter.escalations(),
        *linter.predictions(),
        *linter.objection_hedges(),
        *linter.answers(),
        *linter.quotes(),
        *linter.schemes(),
        *linter.duplicates(),
    ]
    return Analysis(sorted(warnings, key=sort_key), linter.statistics(), argument_map)


class _Linter:
    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.map = structure.map
        self.index: dict[str, tuple[str, int]] = {
            claim.id: ("claims", n) for n, claim in enumerate(self.map.claims)
        }
        self.index |= {step.id: ("inferences", n) for n, step in enumerate(self.map.inferences)}
        self.index |= {o.id: ("objections", n) for n, o in enumerate(self.map.objections)}
        self.said = {c.id: _unquoted(_words(c)) for c in self.map.claims}
        """Each claim's words as it uses them (quoted passages are mentioned, not used)."""
        self.hedged = {claim_id: _hedges_in(words) for claim_id, words in self.said.items()}
        self.used_by: dict[str, list[Inference]] = defaultdict(list)
        """The inferences each claim is a premise of."""
        for step in self.map.inferences:
            for premise in step.premises:
                self.used_by[premise].append(step)

    def hedge(self, claim_id: str) -> list[str]:
        """The hedges in the source's own words (assumptions and critics' reasons aside)."""
        return self.hedged[claim_id] if self.structure.claims[claim_id].stated else []

    def necessity(self, claim_id: str) -> str:
        """The word that makes an unhedged claim of the source's one of necessity, or ''."""
        if not self.structure.claims[claim_id].stated or self.hedged[claim_id]:
            return ""
        match = NECESSITY.search(self.said[claim_id])
        return match[0].lower() if match else ""

    def said_with_force(self, claim_id: str) -> str:
        """A claim's id with the word that gives its modal force: "S1 ('essential')"."""
        need = self.necessity(claim_id)
        return f"{claim_id} ('{need}')" if need else claim_id

    def _below(self, claim_id: str) -> list[str]:
        """The premises of every inference into a claim."""
        return [p for step in self.structure.support_for.get(claim_id, []) for p in step.premises]

    def warn(self, code: str, message: str, element: str, *fields: str) -> Issue:
        section, position = self.index[element]
        loc: Loc = (section, position, *fields)
        return issue_at(self.map.origin, code, message, loc, severity="warning")

    def weak_bases(self) -> list[Issue]:
        found = []
        for claim in self.map.claims:
            steps = self.structure.support_for.get(claim.id, [])
            if len(steps) != 1 or len(steps[0].premises) != 1:
                continue
            ground = self.structure.claims[steps[0].premises[0]]
            if ground.basis in _BASIS_WORDS and not self._backed(steps[0], ground):
                found.append(self.warn(
                    "weak-basis",
                    f"'{claim.id}' rests on a single claim, '{ground.id}', offered as "
                    f"{_BASIS_WORDS[ground.basis]}; what else supports it?",
                    claim.id, "id",
                ))  # fmt: skip
        return found

    def _backed(self, step: Inference, ground: Claim) -> bool:
        """Whether the map records more behind a step than its one ground: the ground is
        argued for in turn, or a claim of the map answers one of the step's questions."""
        return ground.id in self.structure.support_for or any(
            answer.status is Status.ANSWERED and answer.by in self.structure.claims
            for answer in step.questions.values()
        )

    def hedges(self) -> list[Issue]:
        found = []
        for step in self.map.inferences:
            if self.hedge(step.to):
                continue
            hedged = [p for p in step.premises if self.hedge(p)]
            if hedged:
                words = sorted({w for p in hedged for w in self.hedge(p)})
                found.append(self.warn(
                    "hedged-premise",
                    f"'{step.to}' is stated without hedging, but its support {step.id} rests on "
                    f"hedged {', '.join(hedged)} ({', '.join(words)}): does the conclusion claim "
                    "more than its premises give?",
                    step.id, "to",
                ))  # fmt: skip
        return found

    def escalations(self) -> list[Issue]:
        """Claims of necessity that rest, two or more inferences down, on a hedged claim with
        nothing but unhedged claims between: "can help" to "essential" to "hinges on". (One
        step from a hedge to an unhedged claim is `hedged-premise`'s.)"""
        chains = self._chains_to_hedges()
        found = []
        for claim in self.map.claims:
            chain = chains.get(claim.id, ())
            need = self.necessity(claim.id)
            if need and len(chain) >= 2:
                between = ", ".join(self.said_with_force(c) for c in chain[:-1])
                hedge = ", ".join(self.hedge(chain[-1]))
                found.append(self.warn(
                    "modal-escalation",
                    f"'{claim.id}' ('{need}') rests, through {between}, on hedged {chain[-1]} "
                    f"({hedge}): the modal force grows along the chain, from possibility to "
                    "necessity; does each step add the grounds for it?",
                    claim.id, "id",
                ))  # fmt: skip
        return found

    def _chains_to_hedges(self) -> dict[str, tuple[str, ...]]:
        """For each claim, the shortest chain of premises down to a hedged claim through
        unhedged ones only (nearest first), where there is one. Each claim is visited once."""
        chains: dict[str, tuple[str, ...]] = {}
        done: set[str] = set()
        for root in self.map.claims:
            stack = [(root.id, False)]
            while stack:
                claim_id, expanded = stack.pop()
                if claim_id in done:
                    continue
                below = self._below(claim_id)
                if not expanded:
                    stack.append((claim_id, True))
                    stack += [(p, False) for p in below if p not in done]
                    continue
                done.add(claim_id)
                options = [
                    (p,) if self.hedge(p) else (p, *chains[p])
                    for p in below
                    if self.hedge(p) or p in chains
                ]
                if options:
                    chains[claim_id] = min(options, key=len)
        return chains

    def predictions(self) -> list[Issue]:
        found = []
        for claim in self.map.claims:
            if not claim.stated or self.hedged[claim.id]:
                continue
            future = _future_in(self.said[claim.id])
            if claim.basis is not Basis.PREDICTION and not future:
                continue
            grounds = sorted(self._grounds(claim.id))
            if len(grounds) <= 1:
                how = f"('{future}') " if future else ""
                on = f"a single claim, {grounds[0]}" if grounds else "no claim of the map"
                found.append(self.warn(
                    "lone-prediction",
                    f"'{claim.id}' predicts without hedging {how}but rests on {on}: what else "
                    "supports the prediction?",
                    claim.id, "id",
                ))  # fmt: skip
        return found

    def _grounds(self, claim_id: str) -> set[str]:
        """The claims a claim's support rests on, assumptions aside; an unstated step counts
        as what supports it, since the text never offers it as a ground."""
        grounds: set[str] = set()
        stack = self._below(claim_id)
        seen: set[str] = set()
        while stack:
            premise = stack.pop()
            claim = self.structure.claims[premise]
            if premise in seen or claim.role is Role.ASSUMPTION:
                continue
            seen.add(premise)
            if claim.unstated:
                stack += self._below(premise)
            else:
                grounds.add(premise)
        return grounds

    def objection_hedges(self) -> list[Issue]:
        """Objections whose reasons hedge: held to the standard `hedged-premise` holds the
        author to, since an objection that stands defeats its target outright."""
        found = []
        for objection in self.map.objections:
            hedged = {reason: self.hedged[reason] for reason in objection.premises}
            hedged = {reason: words for reason, words in hedged.items() if words}
            if hedged:
                reasons = ", ".join(f"{r} ({', '.join(w)})" for r, w in hedged.items())
                kind = self.structure.attack_kind(objection)
                found.append(self.warn(
                    "hedged-objection",
                    f"objection '{objection.id}' {kind} '{objection.to}' outright when its "
                    f"reasons stand, but it rests on hedged {reasons}: does it claim more than "
                    "its reasons give? Say what the reason shows, or leave the doubt as an open "
                    "critical question",
                    objection.id, "from",
                ))  # fmt: skip
        return found

    def answers(self) -> list[Issue]:
        """Critical questions marked answered whose answer is circular (it comes from the
        step's own conclusion, or from what rests on it) or only restates the step."""
        schemes = catalogue_for(self.map)
        above: dict[str, set[str]] = {}
        found = []
        for step in self.map.inferences:
            scheme = schemes.get(step.scheme) if step.scheme else None
            for question_id, answer in step.questions.items():
                if answer.status is not Status.ANSWERED:
                    continue
                if answer.by is not None and answer.by in self.structure.claims:
                    if step.to not in above:
                        above[step.to] = self._above(step.to)
                    if answer.by in above[step.to]:
                        how = (
                            "is its own conclusion"
                            if answer.by == step.to
                            else f"rests on its conclusion '{step.to}'"
                        )
                        found.append(self.warn(
                            "circular-answer",
                            f"inference '{step.id}' answers question '{question_id}' by "
                            f"'{answer.by}', which {how}: an answer cannot come from what the "
                            "step is meant to support; cite an independent claim, or mark it open",
                            step.id, "questions", question_id, "by",
                        ))  # fmt: skip
                    continue
                question = scheme.question(question_id) if scheme else None
                if question is None or question.kind is not QuestionKind.ASSUMPTION:
                    continue  # an exception is the critic's to show: saying why not suffices
                restated = self._restated(step, answer.note or "")
                if restated:
                    found.append(self.warn(
                        "restated-answer",
                        f"inference '{step.id}' marks question '{question_id}' answered, but its "
                        f"answer only quotes the step's own claims ({', '.join(restated)}): an "
                        "assumption the proponent must back is not answered by repeating it; "
                        "cite what backs it ('by:'), or mark it open",
                        step.id, "questions", question_id,
                    ))  # fmt: skip
        return found

    def _above(self, claim_id: str) -> set[str]:
        """The claim and every claim it supports, directly or through a chain."""
        found, stack = {claim_id}, [claim_id]
        while stack:
            for step in self.used_by.get(stack.pop(), []):
                if step.to not in found:
                    found.add(step.to)
                    stack.append(step.to)
        return found

    def _restated(self, step: Inference, note: str) -> list[str]:
        """The step's own claims that an answer's quoted passages all come from ([] when it
        quotes nothing, or quotes anything else)."""
        passages = [next(filter(None, m.groups())) for m in _QUOTED.finditer(note)]
        own = [self.structure.claims[c] for c in dict.fromkeys((*step.premises, step.to))]
        sources = {c.id: _folded(f"{c.text} {c.quote or ''}") for c in own}
        used: list[str] = []
        for passage in passages:
            pieces = [p.strip(" .,;:") for p in _folded(passage).split("...")]
            homes = [
                claim_id
                for claim_id, text in sources.items()
                if all(piece in text for piece in pieces if piece)
            ]
            if not homes:
                return []
            used += [h for h in homes[:1] if h not in used]
        return used

    def quotes(self) -> list[Issue]:
        """Stated claims with no quote, in a map that has a source to quote (a map of no
        text, an analyst's own argument, has nothing to quote)."""
        if self.map.source is None:
            return []
        return [
            self.warn(
                "no-quote",
                f"'{claim.id}' is stated by the author but has no quote; add the passage "
                "(and a source text) so readers can check it",
                claim.id,
                "id",
            )
            for claim in self.map.claims
            if claim.stated and not claim.quote
        ]

    def schemes(self) -> list[Issue]:
        schemes = catalogue_for(self.map)
        found = []
        for step in self.map.inferences:
            if not step.scheme:
                found.append(self.warn(
                    "no-scheme",
                    f"inference '{step.id}' names no argumentation scheme, so it has no "
                    "critical questions; `argmap schemes` lists them",
                    step.id, "id",
                ))  # fmt: skip
                continue
            scheme = schemes[step.scheme]
            given = len(step.premises) + (1 if step.warrant else 0)
            if given < len(scheme.premises):
                forms = "; ".join(f"{p.role}: {p.form}" for p in scheme.premises)
                found.append(self.warn(
                    "incomplete-scheme",
                    f"inference '{step.id}' ({scheme.id}) gives {len(step.premises)} premise"
                    f"{'s' if len(step.premises) != 1 else ''}"
                    f"{' and a warrant' if step.warrant else ''}, but the scheme's form has "
                    f"{len(scheme.premises)} ({forms}): which premise is unstated?",
                    step.id, "from",
                ))  # fmt: skip
        return found

    def duplicates(self) -> list[Issue]:
        """Pairs of claims whose content words overlap by `_SIMILAR` or more (Jaccard).

        A prefix-filtered similarity join: each claim is indexed by its rarest
        |A| - ceil(t * |A|) + 1 words, and any two claims that reach the threshold must
        share one of them. So no pair is missed, and no two claims are compared unless
        they share a rare word; a word shared by more than `_COMMON` claims pairs none
        by itself (without that bound, a map written in a small vocabulary would be
        compared pair by pair). A claim and an objection's reason against it are never
        duplicates (they differ on purpose), nor are two texts that differ by a negation.
        """
        words = {claim.id: content_words(claim.text) for claim in self.map.claims}
        frequency = Counter(word for claim_words in words.values() for word in claim_words)
        opposed = {
            frozenset((reason, objection.to))
            for objection in self.map.objections
            for reason in objection.premises
        }
        buckets: dict[str, list[str]] = defaultdict(list)
        for claim_id, claim_words in words.items():
            ordered = sorted(claim_words, key=lambda w: (frequency[w], w))
            prefix = len(ordered) - math.ceil(_SIMILAR * len(ordered)) + 1
            for word in ordered[:prefix]:
                buckets[word].append(claim_id)
        pairs: set[tuple[str, str]] = set()
        for members in buckets.values():
            if len(members) > _COMMON:
                continue
            for left_index, left in enumerate(members):
                for right in members[left_index + 1 :]:
                    a, b = words[left], words[right]
                    if (
                        len(a | b) >= 3
                        and len(a & b) >= _SIMILAR * len(a | b)
                        and (a & _NEGATIONS) == (b & _NEGATIONS)
                        and frozenset((left, right)) not in opposed
                    ):
                        pairs.add((left, right))
        return [
            self.warn(
                "near-duplicate",
                f"'{left}' and '{right}' say nearly the same thing; merge them, or make the "
                "difference explicit",
                right,
                "text",
            )
            for left, right in sorted(pairs)
        ]

    def statistics(self) -> dict[str, object]:
        structure = self.structure
        roles = Counter(str(claim.role) for claim in self.map.claims)
        kinds = Counter(str(structure.attack_kind(o)) for o in self.map.objections)
        widest = max(self.map.inferences, key=lambda step: len(step.premises), default=None)
        return {
            "claims": {role.value: roles.get(role.value, 0) for role in Role},
            "analyst_claims": sum(claim.holder is Holder.ANALYST for claim in self.map.claims),
            "reported_claims": sum(claim.holder is Holder.REPORTED for claim in self.map.claims),
            "unstated_steps": sum(claim.unstated for claim in self.map.claims),
            "inferences": len(self.map.inferences),
            "linked_inferences": sum(len(step.premises) > 1 for step in self.map.inferences),
            "objections": dict(sorted(kinds.items())),
            "depth": _depth(structure),
            "widest_inference": {"id": widest.id, "premises": len(widest.premises)}
            if widest
            else None,
        }


def _words(claim: Claim) -> str:
    return f"{claim.text} {claim.quote or ''}"


def _unquoted(text: str) -> str:
    """A text with its passages in quotation marks left out: they are mentioned, not used."""
    return _QUOTED.sub(" ", text) if "'" in text or '"' in text or not text.isascii() else text


def _hedges_in(text: str) -> list[str]:
    """The hedges in a text (its quoted passages left out), each once, in order. "might"
    after a determiner or an adjective is a noun ("the growing might"); "some" in a
    partitive that says which ("some of which ...") and "how likely" are no hedges.

    >>> _hedges_in(_unquoted("Iran's growing might, some of which may 'perhaps' grow, may not"))
    ['may']
    """
    found = []
    for match in HEDGES.finditer(text):
        word = match[0].lower()
        before = max(0, match.start() - _LOOK_BACK)
        if word == "might" and _NOUN_BEFORE.search(text, before, match.start()):
            continue
        if word == "some" and _SAYS_WHICH.match(text, match.end()):
            continue
        if word not in found and not _ASKED.search(text, before, match.start()):
            found.append(word)
    return found


def _future_in(text: str) -> str:
    """The first word of a text that makes it a prediction ("will", not "political will")."""
    for match in _FUTURE.finditer(text):
        if not _NOUN_BEFORE.search(text, max(0, match.start() - _LOOK_BACK), match.start()):
            return match[0].lower()
    return ""


def _folded(text: str) -> str:
    return normalise(text).casefold()


def content_words(text: str) -> frozenset[str]:
    """The words of a text that carry its content: lower case, without stop words, with
    "n't" and "cannot" read as "not".

    >>> sorted(content_words("Iran doesn't fund the militias"))
    ['does', 'fund', 'iran', 'militias', 'not']
    """
    text = re.sub(r"n['\u2019]t\b", " not", text.lower()).replace("cannot", "can not")
    return frozenset(w for w in re.findall(r"\w+", text) if w not in _STOPWORDS)


def _depth(structure: Structure) -> int:
    """The longest chain of inferences from a premise up to the main conclusion."""
    depth: dict[str, int] = {}
    order = [structure.conclusion.id]
    # Claims below the conclusion, parents before children (the support graph is acyclic).
    seen = {structure.conclusion.id}
    for claim_id in order:
        for step in structure.support_for.get(claim_id, []):
            for premise in step.premises:
                if premise not in seen:
                    seen.add(premise)
                    order.append(premise)
    for claim_id in reversed(order):
        steps = structure.support_for.get(claim_id, [])
        depth[claim_id] = max(
            (1 + max(depth.get(p, 0) for p in s.premises) for s in steps), default=0
        )
    return depth[structure.conclusion.id]
