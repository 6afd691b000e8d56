"""The checker: whether a well-shaped map makes sense as an argument.

Every rule runs and every problem is reported, not the first. All passes are linear
in the size of the map (dictionaries, one depth-first search), except that a failing
id or quote pays for its own "did you mean" suggestion.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .._document import Loc, issue_at
from .._issues import InputError, InvalidMapError, Issue, did_you_mean, sort_key
from ..mapfile._read import read_source_text
from ..model import ArgumentMap, Claim, Holder, Inference, Objection, Role, Theme
from ._quotes import SourceText

_SECTION = {"claim": "claims", "inference": "inferences", "objection": "objections"}


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#@\\<>\"'`]+(?:[/?#][^\s\\<>\"'`]*)?", re.IGNORECASE)


def web_address(url: str) -> bool:
    """Whether `url` is an http or https address with a host, and nothing that could
    break out of a link (spaces, quotes, angle brackets, backslashes, control characters).

    >>> web_address("https://www.jpost.com/x?a=1"), web_address("javascript:alert(1)")
    (True, False)
    """
    return _WEB_ADDRESS.fullmatch(url) is not None and url.isprintable()


def check_map(
    argument_map: ArgumentMap, *, source_text: str | None = None, quotes: bool = True
) -> list[Issue]:
    """Every problem in a map's shape and sense, sorted by position (no evaluation: the
    map's scenarios are a later stage, `argmap.check`).

    The source text for quote checking is `source_text` when given, otherwise the
    file named by the map's `source.path` (relative to the map's file). Without
    `quotes`, quotes are not checked and no source text is read (grading does without
    them).

    >>> from argmap.model import ArgumentMap
    >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "claims": [
    ...     {"id": "C", "text": "c", "role": "conclusion"}]})
    >>> [issue.code for issue in check_map(m)]
    ['unsupported-conclusion']
    """
    issues = list(_Checker(argument_map, source_text, quotes=quotes).run())
    argument_map._checked = not any(issue.severity == "error" for issue in issues)
    return sorted(issues, key=sort_key)


class _Checker:
    def __init__(
        self, argument_map: ArgumentMap, source_text: str | None, *, quotes: bool = True
    ) -> None:
        self.map = argument_map
        self.source_text = source_text
        self.check_quotes = quotes
        self.document = argument_map.origin
        self.claims = {claim.id: claim for claim in argument_map.claims}
        self.inference_ids = {inference.id for inference in argument_map.inferences}
        self.index = {
            (kind, element.id): position
            for kind, elements in (*_sections(argument_map), ("theme", argument_map.themes))
            for position, element in enumerate(elements)
        }

    def issue(self, code: str, message: str, loc: Loc = (), *, key: bool = False) -> Issue:
        return issue_at(self.document, code, message, loc, key=key)

    def at(self, kind: str, element_id: str, *field: str | int) -> Loc:
        """The location of an element (or one of its fields) in the file."""
        return (_SECTION.get(kind, "themes"), self.index[kind, element_id], *field)

    def run(self) -> Iterator[Issue]:
        yield from self.duplicates()
        yield from self.texts()
        yield from self.references()
        yield from self.cycles()
        yield from self.roles()
        yield from self.connected()
        yield from self.quotes()
        yield from self.source_url()
        yield from self.scenario_references()
        yield from self.schemes()

    def source_url(self) -> Iterator[Issue]:
        """A source's URL becomes a link in worksheets: only a plain web address will do."""
        url = self.map.source.url if self.map.source else None
        if url is not None and not web_address(url):
            yield self.issue(
                "invalid-url",
                f"source url '{url[:80]}' is not a web address; give an http:// or https:// "
                "address (other kinds, such as javascript: or file:, are refused)",
                ("source", "url"),
            )

    def schemes(self) -> Iterator[Issue]:
        from ..mapfile._catalogue import check_schemes  # noqa: PLC0415  (the catalogue is read on demand)

        try:
            yield from check_schemes(self.map, self.issue)
        except InputError as error:
            yield self.issue(
                "catalogue-missing",
                f"scheme catalogue '{self.map.catalogue}': {error.issue.message}",
                ("catalogue",),
            )
        except InvalidMapError as error:
            yield from error.issues

    def scenario_references(self) -> Iterator[Issue]:
        elements = {kind_id[1] for kind_id in self.index if kind_id[0] != "theme"}
        seen: set[str] = set()
        for index, scenario in enumerate(self.map.scenarios):
            if scenario.id in seen:
                yield self.issue(
                    "duplicate-id",
                    f"scenario '{scenario.id}' is declared twice; give each scenario its own id",
                    ("scenarios", index, "id"),
                )
            seen.add(scenario.id)
            for field in ("reject", "accept"):
                for position, claim_id in enumerate(getattr(scenario, field)):
                    if claim_id not in self.claims:
                        yield self.issue(
                            "unknown-id",
                            f"scenario '{scenario.id}' names '{claim_id}' in '{field}', but "
                            f"there is no claim '{claim_id}'{did_you_mean(claim_id, self.claims)}",
                            ("scenarios", index, field, position),
                        )
            for element in scenario.expect:
                if element not in elements:
                    yield self.issue(
                        "unknown-id",
                        f"scenario '{scenario.id}' expects a label for '{element}', but the map "
                        f"has no element '{element}'{did_you_mean(element, elements)}",
                        ("scenarios", index, "expect", element),
                    )

    def duplicates(self) -> Iterator[Issue]:
        first: dict[str, str] = {}
        for kind, elements in _sections(self.map):
            for position, element in enumerate(elements):
                if element.id in first:
                    yield self.issue(
                        "duplicate-id",
                        f"id '{element.id}' of this {kind} is already used by "
                        f"{_a(first[element.id])}; give each claim, inference and objection "
                        "its own id",
                        (_SECTION[kind], position, "id"),
                    )
                else:
                    first[element.id] = kind
        themes: set[str] = set()
        for position, theme in enumerate(self.map.themes):
            if theme.id in themes:
                yield self.issue(
                    "duplicate-id",
                    f"theme '{theme.id}' is declared twice; keep one",
                    ("themes", position, "id"),
                )
            themes.add(theme.id)

    def texts(self) -> Iterator[Issue]:
        themes = {theme.id for theme in self.map.themes}
        for claim in self.map.claims:
            if not claim.text:
                yield self.issue(
                    "empty-text",
                    f"claim '{claim.id}' has empty text; state the claim in a sentence",
                    self.at("claim", claim.id, "text"),
                )
            if claim.quote is not None and not re.search(r"\w", claim.quote):
                yield self.issue(
                    "empty-text",
                    f"claim '{claim.id}' has a quote with no words; paste the passage or remove "
                    "'quote'",
                    self.at("claim", claim.id, "quote"),
                )
            if claim.theme is not None and claim.theme not in themes:
                declared = ", ".join(sorted(themes)) or "none"
                yield self.issue(
                    "unknown-theme",
                    f"claim '{claim.id}' has theme '{claim.theme}', which is not declared"
                    f"{did_you_mean(claim.theme, themes)}; declared themes: {declared}",
                    self.at("claim", claim.id, "theme"),
                )
            yield from self.voice(claim)
            yield from self.unstated(claim)
        for theme in self.map.themes:
            if not theme.label:
                yield self.issue(
                    "empty-text",
                    f"theme '{theme.id}' has an empty label; name the part of the argument",
                    self.at("theme", theme.id, "label"),
                )

    def voice(self, claim: Claim) -> Iterator[Issue]:
        """A reported claim says whose it is; only a reported claim has a voice."""
        if claim.holder is Holder.REPORTED and not (claim.voice and re.search(r"\w", claim.voice)):
            yield self.issue(
                "missing-voice",
                f"claim '{claim.id}' is reported ('holder: reported') but does not say whose "
                "it is; add 'voice:' naming who the author reports (critics, an assessment, "
                "an official)",
                self.at("claim", claim.id, "voice" if claim.voice is not None else "holder"),
            )
        elif claim.voice is not None and claim.holder is not Holder.REPORTED:
            yield self.issue(
                "voice-mismatch",
                f"claim '{claim.id}' names a voice ('{claim.voice[:40]}') but is held by the "
                f"{claim.holder}; a voice is for a claim the author reports as someone else's: "
                "remove 'holder' (a voice makes it 'reported') or remove 'voice'",
                self.at("claim", claim.id, "voice"),
            )

    def unstated(self, claim: Claim) -> Iterator[Issue]:
        """`unstated` marks a conclusion the analyst reconstructs: only that."""
        if not claim.unstated:
            return
        problem = (
            "an unstated premise is an assumption: make it 'role: assumption' and remove 'unstated'"
            if claim.role is Role.PREMISE
            else "an assumption is unstated already: remove 'unstated'"
            if claim.role is Role.ASSUMPTION
            else f"the analyst reconstructs the author's steps, so an unstated claim is the "
            f"author's: remove 'holder: {claim.holder}' (or 'unstated')"
            if claim.holder is not Holder.AUTHOR
            else "the text never states it, so it has no quote: remove the quote, or "
            "'unstated' if the text does state it"
            if claim.quote is not None
            else None
        )
        if problem:
            yield self.issue(
                "unstated-mismatch",
                f"claim '{claim.id}' is marked 'unstated: true' but {problem}",
                self.at("claim", claim.id, "unstated"),
            )

    def references(self) -> Iterator[Issue]:
        for kind, elements in (
            ("inference", self.map.inferences),
            ("objection", self.map.objections),
        ):
            for element in elements:
                for position, ref in enumerate(element.premises):
                    if ref not in self.claims:
                        yield self.unknown(kind, element.id, ref, ("from", position))
        for inference in self.map.inferences:
            if inference.to not in self.claims:
                yield self.unknown("inference", inference.id, inference.to, ("to",))
            elif inference.to in inference.premises:
                yield self.issue(
                    "self-support",
                    f"inference '{inference.id}' concludes '{inference.to}' from itself; "
                    f"remove '{inference.to}' from 'from'",
                    self.at("inference", inference.id, "to"),
                )
        objection_ids = {objection.id for objection in self.map.objections}
        targets = self.claims.keys() | self.inference_ids | objection_ids
        for objection in self.map.objections:
            if objection.to in objection.premises or objection.to == objection.id:
                what = "itself" if objection.to == objection.id else "one of its own reasons"
                yield self.issue(
                    "self-attack",
                    f"objection '{objection.id}' attacks '{objection.to}', {what}; an "
                    "objection attacks something else: a claim, an inference or another "
                    "objection",
                    self.at("objection", objection.id, "to"),
                )
            if objection.to not in targets:
                yield self.issue(
                    "unknown-target",
                    f"objection '{objection.id}' attacks '{objection.to}', but there is no "
                    f"claim, inference or objection '{objection.to}'"
                    f"{did_you_mean(objection.to, targets)}; an objection attacks a claim "
                    "(undermines or rebuts it), an inference (undercuts it) or another "
                    "objection (replies to it)",
                    self.at("objection", objection.id, "to"),
                )

    def unknown(self, kind: str, element_id: str, ref: str, field: tuple[str | int, ...]) -> Issue:
        other = next(
            (other for other in ("inference", "objection") if (other, ref) in self.index), None
        )
        problem = f"'{ref}' is an {other}, not a claim" if other else f"there is no claim '{ref}'"
        return self.issue(
            "unknown-id",
            f"{kind} '{element_id}' names '{ref}' in '{field[0]}', but {problem}"
            f"{did_you_mean(ref, self.claims) if not other else ''}",
            self.at(kind, element_id, *field),
        )

    def cycles(self) -> Iterator[Issue]:
        """Report each support cycle once (strongly connected claims), with its path."""
        edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for inference in self.map.inferences:
            for premise in inference.premises:
                if (
                    premise in self.claims
                    and inference.to in self.claims
                    and premise != inference.to
                ):
                    edges[premise].append((inference.to, inference.id))
        for component in strongly_connected(self.claims.keys(), edges):
            if len(component) < 2:
                continue
            members = set(component)
            path, steps = _cycle_through(component[0], members, edges)
            yield self.issue(
                "support-cycle",
                f"claims support each other in a circle: {' -> '.join(path)} "
                f"(through {', '.join(steps)}); an argument may not rest on its own conclusion, "
                "so remove one of these inferences",
                # The step written last is the one that closes the circle for a reader.
                self.at(
                    "inference", max(steps, key=lambda step: self.index["inference", step]), "to"
                ),
            )

    def roles(self) -> Iterator[Issue]:
        concluded: dict[str, str] = {}
        supports: dict[str, str] = {}
        used: set[str] = set()
        for inference in self.map.inferences:
            concluded.setdefault(inference.to, inference.id)
            used.add(inference.to)
            for premise in inference.premises:
                supports.setdefault(premise, inference.id)
                used.add(premise)
        for objection in self.map.objections:
            for premise in objection.premises:
                supports.setdefault(premise, objection.id)
                used.add(premise)
            used.add(objection.to)
        conclusions = [claim for claim in self.map.claims if claim.role is Role.CONCLUSION]
        if not conclusions:
            yield self.issue(
                "no-conclusion",
                "the map has no main conclusion; give one claim 'role: conclusion'",
                ("claims",),
                key=True,
            )
        for extra in conclusions[1:]:
            yield self.issue(
                "several-conclusions",
                f"claim '{extra.id}' is a second main conclusion after '{conclusions[0].id}'; "
                "a map has one, so make the others 'intermediate'",
                self.at("claim", extra.id, "role"),
            )
        for claim in self.map.claims:
            yield from self.role(claim, concluded.get(claim.id), supports.get(claim.id))
            if claim.id not in used and claim.role is not Role.CONCLUSION:
                yield self.issue(
                    "unused-claim",
                    f"claim '{claim.id}' is used by no inference or objection; "
                    "connect it with an inference, or remove it",
                    self.at("claim", claim.id, "id"),
                )

    def role(self, claim: Claim, concluded_by: str | None, supports: str | None) -> Iterator[Issue]:
        where = self.at("claim", claim.id, "role")
        name = f"claim '{claim.id}' is declared '{claim.role}'"
        if claim.role is Role.PREMISE and concluded_by:
            yield self.issue(
                "role-mismatch",
                f"{name} but inference '{concluded_by}' concludes it; "
                "make it 'intermediate' (or 'conclusion' if it is the main one)",
                where,
            )
        elif claim.role is Role.ASSUMPTION and concluded_by:
            yield self.issue(
                "role-mismatch",
                f"{name} but inference '{concluded_by}' supports it; an assumption is an "
                "unstated premise, so make it 'intermediate' or remove the inference",
                where,
            )
        elif claim.role is Role.INTERMEDIATE and not concluded_by:
            yield self.issue(
                "role-mismatch",
                f"{name} but no inference concludes it; make it 'premise', or add the "
                "inference that supports it",
                where,
            )
        elif claim.role is Role.INTERMEDIATE and not supports:
            yield self.issue(
                "role-mismatch",
                f"{name} but it supports nothing further; use it as a reason in an inference "
                "or objection, or make it the 'conclusion'",
                where,
            )
        elif claim.role is Role.CONCLUSION and supports:
            yield self.issue(
                "role-mismatch",
                f"{name} (main) but it supports '{supports}' further; make it 'intermediate'",
                where,
            )
        elif claim.role is Role.CONCLUSION and not concluded_by:
            yield self.issue(
                "unsupported-conclusion",
                f"main conclusion '{claim.id}' is reached by no inference; add an inference "
                f"with 'to: {claim.id}'",
                where,
            )
        if claim.role is Role.ASSUMPTION and claim.quote is not None:
            yield self.issue(
                "assumption-with-quote",
                f"claim '{claim.id}' is an assumption (unstated) but has a quote; remove the "
                "quote, or make it a 'premise' if the source states it",
                self.at("claim", claim.id, "quote"),
            )

    def connected(self) -> Iterator[Issue]:
        """Every claim used somewhere must be linked, through any steps, to the conclusion."""
        conclusions = [claim.id for claim in self.map.claims if claim.role is Role.CONCLUSION]
        known = self.claims.keys() | self.inference_ids | {o.id for o in self.map.objections}
        steps: list[Inference | Objection] = [*self.map.inferences, *self.map.objections]
        if len(conclusions) != 1 or any(
            end not in known for step in steps for end in (step.to, *step.premises)
        ):
            return  # the broken references are reported already
        neighbours: dict[str, set[str]] = defaultdict(set)
        for step in steps:
            for end in (step.to, *step.premises):
                neighbours[step.id].add(end)
                neighbours[end].add(step.id)
        reached = _reachable(conclusions[0], neighbours)
        for claim in self.map.claims:
            # Unused claims have their own issue; each island is reported once.
            if claim.id in reached or claim.id not in neighbours:
                continue
            island = _reachable(claim.id, neighbours)
            reached |= island
            members = [other.id for other in self.map.claims if other.id in island]
            yield self.issue(
                "disconnected-claim",
                f"claim{'s' if len(members) > 1 else ''} {', '.join(members)} "
                f"{'are' if len(members) > 1 else 'is'} not connected to the main conclusion "
                f"'{conclusions[0]}' by any chain of inferences or objections; connect "
                "this part of the map, or remove it",
                self.at("claim", claim.id, "id"),
            )

    def quotes(self) -> Iterator[Issue]:
        source = self.map.source
        if not self.check_quotes:
            return
        if self.source_text is None and (source is None or source.path is None):
            return
        text = self.source_text
        if text is None:
            assert source is not None
            assert source.path is not None
            base = self.document.base_dir if self.document else Path()
            try:
                text = read_source_text(base / source.path)
            except InputError as error:
                yield self.issue(
                    "source-missing",
                    f"source text '{source.path}' (relative to the map's folder) "
                    f"{error.issue.message}",
                    ("source", "path"),
                )
        # Without the text, the quotes cannot be looked up; missing ones are still missing.
        source_text = SourceText.of(text) if text is not None else None
        for claim in self.map.claims:
            if claim.quote and re.search(r"\w", claim.quote):
                if source_text is not None and not source_text.find(claim.quote):
                    closest = source_text.closest(claim.quote)
                    hint = f'closest passage: "{closest}"' if closest else "copy it from the source"
                    yield self.issue(
                        "quote-not-in-source",
                        f"the quote of claim '{claim.id}' is not in the source text; {hint}",
                        self.at("claim", claim.id, "quote"),
                    )
            elif claim.quote is None and claim.stated:
                yield self.issue(
                    "missing-quote",
                    f"claim '{claim.id}' is {_STATED_BY[claim.holder]} but has no quote; add "
                    f"the passage it comes from, or {_UNQUOTED[claim.role]}",
                    self.at("claim", claim.id, "id"),
                )


_STATED_BY = {Holder.AUTHOR: "stated by the author", Holder.REPORTED: "reported by the author"}
_UNQUOTED = {
    Role.PREMISE: "make it 'role: assumption' if the text never states it, or "
    "'holder: analyst' if it is a critic's reason, not the author's",
    Role.INTERMEDIATE: "mark it 'unstated: true' if the text skips this step and you "
    "reconstruct it",
    Role.CONCLUSION: "mark it 'unstated: true' if the text never states its conclusion",
    Role.ASSUMPTION: "",
}


def _reachable(start: str, neighbours: dict[str, set[str]]) -> set[str]:
    reached = {start}
    frontier = [start]
    while frontier:
        for neighbour in neighbours[frontier.pop()] - reached:
            reached.add(neighbour)
            frontier.append(neighbour)
    return reached


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _sections(
    argument_map: ArgumentMap,
) -> tuple[tuple[str, Sequence[Claim | Inference | Objection | Theme]], ...]:
    """Each kind of element that shares the one id namespace, with its elements."""
    return (
        ("claim", argument_map.claims),
        ("inference", argument_map.inferences),
        ("objection", argument_map.objections),
    )


def strongly_connected(
    nodes: Iterable[str], edges: dict[str, list[tuple[str, str]]]
) -> Iterator[list[str]]:
    """Tarjan's algorithm, iterative so deep chains cannot overflow the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, [])
            if child < len(successors):
                work.append((node, child + 1))
                target = successors[child][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield sorted(component)


def _cycle_through(
    start: str, members: set[str], edges: dict[str, list[tuple[str, str]]]
) -> tuple[list[str], list[str]]:
    """One cycle from `start` back to itself inside a strongly connected component."""
    parents: dict[str, tuple[str, str]] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target, step in edges.get(node, []):
                if target in members and target not in parents:
                    parents[target] = (node, step)
                    following.append(target)
        if start in parents:
            break
        frontier = following
    path, steps, node = [start], [], start
    while True:
        node, step = parents[node]
        path.append(node)
        steps.append(step)
        if node == start:
            break
    return path[::-1], steps[::-1]
