"""From a foreign argument graph to a map that validates, with a report of every choice.

Each importer reads its format into a `Graph`: propositions (`Node`) and the relations
between them (`Step`: a support or an attack), keyed as the source names them. This module
does the rest, the same way for every format: it picks the main conclusion, keeps what
argues for or against it (everything with a path of relations to it), derives roles from
that structure, gives readable ids, and checks the result as `argmap validate` would.
Whatever it leaves out or changes is a `Note` in the report, never silent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from .._issues import InvalidMapError, Issue, UsageError, did_you_mean
from ..analysis._scenarios import check_scenarios
from ..checks._rules import check_map
from ..mapfile._catalogue import builtin
from ..mapfile._read import MAX_BYTES
from ..model import ArgumentMap, Claim, Inference, Objection, Role, Scenario, Theme, is_id

_CLAIM_FIELDS = set(Claim.model_fields) - {"id", "text"}
_STEP_FIELDS = {"inference": set(Inference.model_fields), "objection": set(Objection.model_fields)}
NO_TEXT = "(no text in the source)"


@dataclass(frozen=True)
class Note:
    """One entry of an import's report: a choice made, or something that was not carried."""

    kind: Literal["choice", "lost"]
    message: str
    keys: tuple[str, ...] = ()
    """The source's own names for the elements concerned (node ids, Kialo numbers...)."""

    def __str__(self) -> str:
        return self.text()

    def text(self, keys: int | None = None) -> str:
        """The note on one line, naming at most `keys` of its elements (all if None).

        >>> Note("lost", "2 transitions", ("7", "9")).text(keys=1)
        'not carried: 2 transitions: 7 ... and 1 more'
        """
        what = "chose" if self.kind == "choice" else "not carried"
        shown = self.keys if keys is None else self.keys[:keys]
        more = len(self.keys) - len(shown)
        listed = f": {', '.join(shown)}" if shown else ""
        return f"{what}: {self.message}{listed}{f' ... and {more:,} more' if more else ''}"

    def to_dict(self) -> dict[str, object]:
        """The note as plain JSON-ready data."""
        return {"kind": self.kind, "message": self.message, "keys": list(self.keys)}


@dataclass
class Node:
    """A proposition of the source."""

    key: str
    text: str
    fields: dict[str, object] = field(default_factory=dict)
    """Other claim fields the source gives (quote, note, role, theme, holder...)."""
    id: str | None = None
    """The id to keep, when the source names the proposition with one."""


@dataclass
class Step:
    """A relation of the source: reasons that support, or attack, a target."""

    key: str
    kind: Literal["inference", "objection"]
    premises: list[str]
    """Keys of the nodes that are the reasons."""
    target: str
    """Key of a node (or, for an objection, of a step) supported or attacked."""
    fields: dict[str, object] = field(default_factory=dict)
    id: str | None = None


@dataclass
class Graph:
    """What an importer read: the argument as the source has it, and its notes so far."""

    format: str
    name: str
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    steps: dict[str, Step] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    conclusion: str | None = None
    """Key of the node the source names as its main conclusion, if it does."""
    extra: dict[str, object] = field(default_factory=dict)
    """Top-level map fields the source carries (description, source, themes, scenarios)."""

    def choice(self, message: str, keys: Iterable[str] = ()) -> None:
        """Record a choice the import made."""
        self.notes.append(Note("choice", message, tuple(keys)))

    def lost(self, message: str, keys: Iterable[str] = ()) -> None:
        """Record something the map cannot carry."""
        self.notes.append(Note("lost", message, tuple(keys)))


@dataclass(frozen=True)
class Imported:
    """A map made from a foreign file, checked, with the report of how it was made."""

    map: ArgumentMap
    notes: list[Note]
    format: str
    name: str = "<import>"
    """The file imported, as messages name it."""

    def report(self) -> str:
        """The notes, one per line."""
        return "\n".join(str(note) for note in self.notes)

    def report_data(self) -> dict[str, object]:
        """The report as plain JSON-ready data (what `argmap import --report` writes)."""
        counts = {
            "claims": len(self.map.claims),
            "inferences": len(self.map.inferences),
            "objections": len(self.map.objections),
        }
        return {"format": self.format, "map": counts, "notes": [n.to_dict() for n in self.notes]}

    def yaml(self) -> str:
        """The map as a YAML map file, with a header saying where it came from.

        Raises:
            InvalidMapError: the file would be larger than argmap reads (`MAX_BYTES`).
        """
        from ..mapfile._yaml import map_yaml  # noqa: PLC0415

        text = map_yaml(
            self.map.to_data(),
            [
                f"Imported by argmap from {self.format}. The import's report (every choice",
                "made and everything the map could not carry) was printed with it.",
            ],
        )
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            raise InvalidMapError([Issue(
                "too-large",
                f"the map would be {size:,} bytes, and argmap reads map files of at most "
                f"{MAX_BYTES:,} bytes, so it is not written; import the argument for one "
                "conclusion (--conclusion KEY), or split the file",
                self.name,
            )])  # fmt: skip
        return text


def import_error(graph: Graph, code: str, message: str) -> InvalidMapError:
    """An error in the source file (exit status 1)."""
    return InvalidMapError([Issue(code, message, graph.name)])


def assemble(graph: Graph, conclusion: str | None = None) -> Imported:
    """The map a graph describes, checked as `argmap validate` checks a file.

    Raises:
        UsageError: `conclusion` names no proposition of the source.
        InvalidMapError: the source holds no argument a map can carry (no proposition, no
            support for the main conclusion, a circle of support...).
    """
    if not graph.nodes:
        raise import_error(graph, "no-claims", f"the {graph.format} file holds no proposition")
    _drop_dangling(graph)
    main = _main_conclusion(graph, conclusion)
    for step in list(graph.steps.values()):
        if main in step.premises:
            del graph.steps[step.key]
            graph.lost(
                f"{_relation(step)} that uses the main conclusion as a reason (a map's main "
                "conclusion is a reason for nothing)",
                [step.key],
            )
    kept = _reaching(graph, main)
    _report_left_out(graph, main, kept)
    order = _reading_order(graph, main)
    ids = _ids(graph, main, order)
    data = _data(graph, ids, order)
    argument_map = _validated(graph, data)
    issues = [i for i in check_map(argument_map) if i.severity == "error"]
    if issues:
        raise InvalidMapError(_explained(graph, issue, ids) for issue in issues)
    if argument_map.scenarios and check_scenarios(argument_map):
        failed = [s.id for s in argument_map.scenarios]
        graph.lost("scenarios that no longer hold for the imported map", failed)
        argument_map = _validated(graph, {**data, "scenarios": []})
        check_map(argument_map)
    return Imported(argument_map, graph.notes, graph.format, graph.name)


def _relation(step: Step) -> str:
    return "a support" if step.kind == "inference" else "an attack"


def _drop_dangling(graph: Graph) -> None:
    """Steps whose reasons or target are not in the graph (because the importer left them
    out, with its own note) go too, and so do the objections to them, in one pass."""
    attacks_on: dict[str, list[Step]] = defaultdict(list)
    for step in graph.steps.values():
        attacks_on[step.target].append(step)
    broken = [
        step
        for step in graph.steps.values()
        if not step.premises
        or any(p not in graph.nodes for p in step.premises)
        or not (
            step.target in graph.nodes or (step.kind == "objection" and step.target in graph.steps)
        )
    ]
    while broken:
        step = broken.pop()
        if graph.steps.pop(step.key, None) is None:
            continue
        graph.lost(f"{_relation(step)} whose reasons or target were left out", [step.key])
        broken.extend(attacks_on[step.key])


_MEASURED = 64
"""Candidate main conclusions whose whole argument is measured (each costs a pass over
the file's relations; more would make a file with many small arguments quadratic)."""


def _main_conclusion(graph: Graph, wanted: str | None) -> str:
    if wanted is not None:
        by_id = {node.id: key for key, node in graph.nodes.items() if node.id}
        key = wanted if wanted in graph.nodes else by_id.get(wanted)
        if key is None:
            names = [*graph.nodes, *by_id]
            raise UsageError(
                f"--conclusion {wanted}: the {graph.format} file has no proposition "
                f"'{wanted}'{did_you_mean(wanted, names)}"
            )
        graph.choice("main conclusion as asked (--conclusion)", [key])
        return key
    if graph.conclusion in graph.nodes:
        return graph.conclusion
    concluded = {s.target for s in graph.steps.values() if s.kind == "inference"}
    reasons = {p for s in graph.steps.values() for p in s.premises}
    roots = [key for key in graph.nodes if key in concluded and key not in reasons]
    if not roots:
        roots = [key for key in graph.nodes if key in concluded] or list(graph.nodes)
    reasons_for: dict[str, int] = defaultdict(int)
    for step in graph.steps.values():
        reasons_for[step.target] += 1
    measured = sorted(roots, key=lambda root: -reasons_for[root])[:_MEASURED]
    into = _into(graph)
    sizes = {root: len(_reaching(graph, root, into)) for root in measured}
    position = {root: number for number, root in enumerate(roots)}
    main = max(measured, key=lambda root: (sizes[root], -position[root]))  # the first largest
    if len(roots) > 1:
        others = [root for root in roots if root != main]
        among = (
            f" among the {_MEASURED} with the most direct reasons" if len(roots) > _MEASURED else ""
        )
        graph.choice(
            f"main conclusion: the proposition with the largest argument{among} ({sizes[main]} "
            f"elements); the file concludes others too (import again with --conclusion KEY "
            f"for one of them: {', '.join(others[:10])}{' ...' if len(others) > 10 else ''})",
            [main],
        )
    else:
        graph.choice("main conclusion: the one proposition that concludes the argument", [main])
    return main


def _into(graph: Graph) -> dict[str, list[Step]]:
    """The steps into each node or step."""
    into: dict[str, list[Step]] = defaultdict(list)
    for step in graph.steps.values():
        into[step.target].append(step)
    return into


def _reaching(graph: Graph, main: str, into: dict[str, list[Step]] | None = None) -> set[str]:
    """Keys of the nodes and steps with a path of relations to `main` (and `main`)."""
    into = _into(graph) if into is None else into
    reached = {main}
    frontier = [main]
    while frontier:
        for step in into[frontier.pop()]:
            if step.key in reached:
                continue
            reached.add(step.key)
            frontier.append(step.key)
            for premise in step.premises:
                if premise not in reached:
                    reached.add(premise)
                    frontier.append(premise)
    return reached


def _report_left_out(graph: Graph, main: str, kept: set[str]) -> None:
    nodes = [key for key in graph.nodes if key not in kept]
    steps = [key for key in graph.steps if key not in kept]
    if nodes:
        graph.lost(
            f"{len(nodes)} proposition(s) not connected to the main conclusion '{main}' "
            "by any chain of relations (a map holds one argument)",
            nodes,
        )
    if steps:
        graph.lost(f"{len(steps)} relation(s) outside the argument for the main conclusion", steps)
    for key in steps:
        del graph.steps[key]
    for key in nodes:
        del graph.nodes[key]


def _ids(graph: Graph, main: str, order: list[str]) -> dict[str, str]:
    """An id for every kept node and step: the source's own where it is a valid id used
    once, or made readable ("Low carbon" -> low-carbon); otherwise C, P1, M1
    (intermediate), I1, O1, numbered in reading order from the main conclusion."""
    elements: list[Node | Step] = [*graph.nodes.values(), *graph.steps.values()]
    wanted: dict[str, list[str]] = defaultdict(list)
    for element in elements:
        if element.id is not None:
            wanted[element.id].append(element.key)
    ids: dict[str, str] = {}
    for element in elements:
        if element.id and is_id(element.id) and len(wanted[element.id]) == 1:
            ids[element.key] = element.id
    taken = set(ids.values())
    for element in elements:
        slug = _slug(element.id) if element.id and element.key not in ids else None
        if slug and slug not in taken:
            ids[element.key] = slug
            taken.add(slug)
    counters: dict[str, int] = defaultdict(int)
    concluded = {s.target for s in graph.steps.values() if s.kind == "inference"}

    def fresh(prefix: str) -> str:
        if prefix == "C" and "C" not in taken:
            taken.add("C")
            return "C"
        while True:
            counters[prefix] += 1
            candidate = f"{prefix}{counters[prefix]}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    for key in order:
        if key not in ids:
            step = graph.steps.get(key)
            prefix = (
                ("I" if step.kind == "inference" else "O")
                if step
                else "C"
                if key == main
                else "M"
                if key in concluded
                else "P"
            )
            ids[key] = fresh(prefix)
    renamed = [e.key for e in elements if e.id is not None and ids[e.key] != e.id]
    generated = [key for key in order if _unnamed(graph, key)]
    for what, keys in (
        ("ids for names that are not valid argmap ids, or not unique", renamed),
        ("ids made up (C the main conclusion, P premises, M intermediate conclusions, "
         "I inferences, O objections, in reading order)", generated),
    ):  # fmt: skip
        if keys:
            listed = ", ".join(f"{ids[k]} = {k}" for k in keys[:40])
            more = f" ... ({len(keys)} in all)" if len(keys) > 40 else ""
            graph.choice(f"{what}: {listed}{more}")
    return ids


def _slug(name: str) -> str | None:
    """A name as a readable id: "Low carbon" -> low-carbon (None if nothing is left)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    if not slug:
        return None
    return slug if slug[0].isalpha() else f"s-{slug}"


def _unnamed(graph: Graph, key: str) -> bool:
    """Whether the source gave this element no id of its own."""
    element = graph.nodes.get(key) or graph.steps.get(key)
    return element is not None and element.id is None


def _reading_order(graph: Graph, main: str) -> list[str]:
    """Nodes and steps depth-first from the main conclusion: its reasons, then theirs."""
    into = _into(graph)
    order: list[str] = []
    seen: set[str] = set()
    stack = [main]
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        order.append(key)
        following: list[str] = []
        for step in into[key]:
            following += [*step.premises, step.key]
        stack.extend(reversed(following))
    return order


def _data(graph: Graph, ids: dict[str, str], order: list[str]) -> dict[str, object]:  # noqa: PLR0912, PLR0915  (one pass per section)
    concluded = {s.target for s in graph.steps.values() if s.kind == "inference"}
    catalogue = builtin()
    themes = _themes(graph)
    theme_ids = {t["id"] for t in themes}
    claims = []
    changed_roles = []
    empty = [key for key, node in graph.nodes.items() if not node.text.strip()]
    if empty:
        graph.lost(f"a text, where the source has none (the claim says '{NO_TEXT}')", empty)
    for key, node in graph.nodes.items():
        derived = (
            Role.CONCLUSION
            if key == order[0]
            else Role.INTERMEDIATE
            if key in concluded
            else Role.PREMISE
        )
        given = node.fields.get("role")
        role = derived
        if given == Role.ASSUMPTION and derived is Role.PREMISE:
            role = Role.ASSUMPTION
        elif given is not None and given != derived.value:
            changed_roles.append(key)
        fields = {k: v for k, v in node.fields.items() if k in _CLAIM_FIELDS and k != "role"}
        if fields.get("theme") is not None and not _named(fields["theme"], theme_ids):
            graph.lost(f"theme '{fields.pop('theme')}' (not a declared theme's id)", [key])
        if role is not Role.CONCLUSION and role is not Role.INTERMEDIATE:
            fields.pop("unstated", None)
        text = node.text if node.text.strip() else NO_TEXT  # the model strips as it does
        claims.append({"id": ids[key], "text": text, "role": role.value, **fields})
    if changed_roles:
        graph.choice("roles derived from the structure, not as the source had them", changed_roles)
    known = set(ids.values())
    inferences: list[dict[str, object]] = []
    objections: list[dict[str, object]] = []
    for key, step in graph.steps.items():
        fields = {k: v for k, v in step.fields.items() if k in _STEP_FIELDS[step.kind]}
        fields.pop("id", None)
        fields.pop("from", None)
        fields.pop("premises", None)
        fields.pop("to", None)
        if step.kind == "inference":
            _fit_scheme(graph, key, fields, catalogue, known)
        entry = {
            "id": ids[key],
            "from": [ids[p] for p in dict.fromkeys(step.premises)],
            "to": ids[step.target],
            **fields,
        }
        (inferences if step.kind == "inference" else objections).append(entry)
    title = graph.title if graph.title.strip() else graph.name
    data: dict[str, object] = {"argmap": 1, "title": title}
    for name in ("description", "source"):
        if graph.extra.get(name) is not None:
            data[name] = graph.extra[name]
    source = data.get("source")
    if isinstance(source, dict):
        for unsafe in ("path",):
            if unsafe in source:
                graph.lost(
                    f"source.path '{source[unsafe]}': an imported map names no file to read; "
                    "add the path of the source text yourself to have its quotes checked"
                )
        data["source"] = {k: v for k, v in source.items() if k != "path"}
    data["themes"] = themes
    if any(_unnamed(graph, key) for key in ids):  # made-up ids: list them as numbered
        rank = {ids[key]: n for n, key in enumerate(order)}
        for items in (claims, inferences, objections):
            items.sort(key=lambda item: rank[str(item["id"])])
    data["claims"] = claims
    data["inferences"] = inferences
    data["objections"] = objections
    scenarios = []
    for scenario in _list(graph.extra.get("scenarios")):
        named = _scenario_ids(scenario)
        if named <= known:
            scenarios.append(scenario)
        else:
            graph.lost("a scenario that names elements left out", [str(_get(scenario, "id"))])
    data["scenarios"] = scenarios
    return {k: v for k, v in data.items() if v != []}


def _themes(graph: Graph) -> list[dict[str, Any]]:
    """The themes the source declares, each as the model reads it; one it cannot read is
    left out with a note (and its claims keep no theme)."""
    themes = []
    for number, theme in enumerate(_list(graph.extra.get("themes")), start=1):
        try:
            Theme.model_validate(theme)
        except ValidationError as error:
            detail = error.errors()[0]
            where = ".".join(map(str, detail["loc"])) or "the theme"
            graph.lost(f"theme #{number} of the map's 'themes' ({where}: {detail['msg']})")
            continue
        assert isinstance(theme, dict)
        themes.append(theme)
    return themes


def _fit_scheme(
    graph: Graph,
    key: str,
    fields: dict[str, object],
    catalogue: Mapping[str, object],
    known: set[str],
) -> None:
    """Keep a scheme only if argmap's catalogue has it; its roles and answers only if they
    name elements that were kept."""
    scheme = fields.get("scheme")
    if scheme is not None and not _named(scheme, catalogue):
        fields.pop("scheme")
        graph.lost(f"scheme '{scheme}' (not in argmap's catalogue; it is kept in the note)", [key])
        note = fields.get("note")
        fields["note"] = f"{note} (scheme: {scheme})" if note else f"Scheme: {scheme}."
    if "scheme" not in fields:
        for name in ("roles", "questions"):
            if fields.pop(name, None):
                graph.lost(f"{name} of a scheme that was not carried", [key])
    roles = fields.get("roles")
    if isinstance(roles, dict):
        bad = [
            r
            for r, v in roles.items()
            if not all(_named(i, known) for i in (v if isinstance(v, list) else [v]))
        ]
        for role in bad:
            roles.pop(role)
        if bad:
            graph.lost("scheme roles that name no element kept (an id, or a list of ids)", [key])
    questions = fields.get("questions")
    if isinstance(questions, dict):
        bad = [
            q
            for q, a in questions.items()
            if isinstance(a, dict) and a.get("by") is not None and not _named(a["by"], known)
        ]
        for question in bad:
            questions.pop(question)
        if bad:
            graph.lost(
                "answers to critical questions whose 'by' names no element kept (an id)", [key]
            )


def _scenario_ids(scenario: object) -> set[object]:
    """The ids a scenario names (None for anything that is not an id)."""
    if not isinstance(scenario, dict):
        return {None}
    named: set[object] = set()
    for name in ("reject", "accept"):
        named |= {i if isinstance(i, str) else None for i in _list(scenario.get(name))}
    expect = scenario.get("expect")
    named |= set(expect) if isinstance(expect, dict) else {None}
    return named


def _named(value: object, names: Mapping[str, object] | set[str]) -> bool:
    """Whether `value` is one of `names` (a list or a mapping, from a hand-edited file,
    is none of them)."""
    return isinstance(value, str) and value in names


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _get(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, dict) else None


_SECTIONS: dict[str, type[BaseModel]] = {
    "claims": Claim,
    "inferences": Inference,
    "objections": Objection,
    "themes": Theme,
    "scenarios": Scenario,
}
_REQUIRED = {"id", "text", "role", "from", "to", "label", "expect"}


def _validated(graph: Graph, data: dict[str, object]) -> ArgumentMap:
    """The map; fields the model refuses (a wrong type from a hand-edited file) are left
    out one by one, each with a note."""
    for _ in range(50):  # each round removes at least one field
        try:
            return ArgumentMap.model_validate(data)
        except ValidationError as error:
            details = error.errors()
        for detail in details:
            loc = detail["loc"]
            section = str(loc[0]) if loc else ""
            items = data.get(section)
            if section in _SECTIONS and isinstance(items, list) and len(loc) >= 3:
                item = items[int(loc[1])]
                name = str(loc[2])
                if isinstance(item, dict) and name not in _REQUIRED and name in item:
                    graph.lost(
                        f"field '{name}' of {section[:-1]} '{item.get('id')}': {detail['msg']}"
                    )
                    item.pop(name)
                    continue
            if section in {"description", "source", "themes", "scenarios"} and section in data:
                graph.lost(f"the map's '{section}': {detail['msg']}")
                data.pop(section)
                continue
            raise import_error(
                graph, "invalid-value", f"{'.'.join(map(str, loc))}: {detail['msg']}"
            )
    raise import_error(graph, "invalid-value", "the source's fields could not be carried")


def _explained(graph: Graph, issue: Issue, ids: dict[str, str]) -> Issue:
    """A checker's issue about the assembled map, with the source's names for its ids."""
    names = {new: key for key, new in ids.items() if key != new}
    mentioned = [m for m in dict.fromkeys(re.findall(r"'([^']+)'", issue.message)) if m in names]
    where = "; ".join(f"{new} is {graph.format} {names[new]}" for new in mentioned[:8])
    message = issue.message + (f" (in the {graph.format} file: {where})" if where else "")
    return Issue(issue.code, message, graph.name)
