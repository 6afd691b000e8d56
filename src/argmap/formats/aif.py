"""AIF JSON, as AIFdb and OVA write it: export a map, import an argument graph.

Export: every claim is an I node, every inference an RA node (named with its scheme as
AIFdb names it), every objection a CA node, pointing at an I node (undermine, rebut), an
RA node (undercut) or another CA node (reply). A claim quoted from the source also gets
its locution: an L node with the quoted words, anchored to the I node by a YA node
("Asserting"), and an entry in `locutions`. What AIF has no place for (ids, roles,
themes, quotes' owners, notes, warrants, critical questions, scenarios) is kept under a
top-level `"argmap"` key, which AIF tools ignore and argmap reads back.

Import: the argument (I, RA, CA, MA nodes) becomes a map; dialogue nodes (L, YA, TA) give
each claim the words and speaker of the locution that asserts it, and are themselves
reported as not carried, as are preference (PA) nodes and anything else a map cannot
hold. OVA's files (`{"AIF": ..., "OVA": ...}`) and the older OVA form (`id`, `from.id`)
are read too.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any, Literal

import yaml

from .._document import Document, Loc
from ..checks._structure import Structure
from ..model import ArgumentMap, Holder, Inference, Objection
from ._assemble import Graph, Node, Step

_ARGUMENT = {"I", "RA", "CA", "MA"}
_DIALOGUE = {"L", "YA", "TA"}


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files("argmap").joinpath("data/aif-schemes.yaml").read_text("utf-8")
    table: dict[str, Any] = yaml.safe_load(text)  # argmap's own file, not user input
    return table


def _folded(name: str) -> str:
    folded = re.sub(r"[\s_\-]+", "", name).lower()
    return folded.removeprefix("argumentfrom")


@functools.cache
def _by_name() -> dict[str, str]:
    table = _table()
    names = {_folded(entry["name"]): scheme for scheme, entry in table["schemes"].items()}
    names |= {_folded(alias): scheme for alias, scheme in table["aliases"].items()}
    names |= {_folded(scheme): scheme for scheme in table["schemes"]}
    return names


def scheme_name(scheme: str | None) -> tuple[str, str | None]:
    """AIFdb's name and id for an argmap scheme (Default Inference for none).

    >>> scheme_name("expert-opinion"), scheme_name("values"), scheme_name(None)
    (('Expert Opinion', '15'), ('Values', None), ('Default Inference', '72'))
    """
    table = _table()
    entry = table["schemes"].get(scheme) if scheme else table["default"]["RA"]
    if entry is None:  # a scheme of the map's own catalogue
        assert scheme is not None
        return scheme.replace("-", " ").title(), None
    return entry["name"], entry.get("id")


def scheme_of(name: str) -> str | None:
    """argmap's scheme id for an AIF scheme name, if it has one.

    >>> scheme_of("Expert Opinion"), scheme_of("ExpertOpinion"), scheme_of("Default Inference")
    ('expert-opinion', 'expert-opinion', None)
    """
    return _by_name().get(_folded(name))


def export_aif(argument_map: ArgumentMap) -> str:
    """The map as AIF JSON (AIFdb's layout: nodes, edges, locutions, participants).

    >>> import argmap, json
    >>> data = json.loads(export_aif(argmap.load("maps/watchmaker.yaml")))
    >>> sorted({node["type"] for node in data["nodes"]})
    ['CA', 'I', 'RA']
    """
    structure = Structure.of(argument_map)
    table = _table()["default"]
    numbers: dict[str, str] = {}
    nodes: list[dict[str, object]] = []
    edges: list[dict[str, object]] = []
    elements: dict[str, dict[str, object]] = {}

    def node(data: dict[str, object]) -> str:
        number = str(len(nodes) + 1)
        nodes.append({"nodeID": number, **data})
        return number

    def edge(source: str, target: str) -> None:
        edges.append(
            {"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None}
        )

    for claim in argument_map.claims:
        numbers[claim.id] = node({"text": claim.text, "type": "I"})
        elements[numbers[claim.id]] = _kept(claim.model_dump(mode="json", exclude_defaults=True))
    for inference in argument_map.inferences:
        name, scheme_id = scheme_name(inference.scheme)
        fields: dict[str, object] = {"text": name, "type": "RA", "scheme": name}
        numbers[inference.id] = node(fields | ({"schemeID": scheme_id} if scheme_id else {}))
        elements[numbers[inference.id]] = _kept(
            inference.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        )
    conflict = table["CA"]
    for objection in argument_map.objections:
        numbers[objection.id] = node(
            {"text": conflict["name"], "type": "CA", "scheme": conflict["name"],
             "schemeID": conflict["id"]}
        )  # fmt: skip
        data = objection.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        elements[numbers[objection.id]] = _kept(data) | {
            "kind": str(structure.attack_kind(objection))
        }
    steps: list[Inference | Objection] = [*argument_map.inferences, *argument_map.objections]
    for step in steps:
        for premise in step.premises:
            edge(numbers[premise], numbers[step.id])
        edge(numbers[step.id], numbers[step.to])
    speaker = (argument_map.source.author if argument_map.source else None) or "Author"
    asserting = table["YA"]
    locutions = []
    for claim in argument_map.claims:
        if claim.quote is None or claim.holder is Holder.ANALYST:
            continue
        said = node({"text": f"{speaker} : {claim.quote}", "type": "L"})
        act = node(
            {"text": asserting["name"], "type": "YA", "scheme": asserting["name"],
             "schemeID": asserting["id"]}
        )  # fmt: skip
        edge(said, act)
        edge(act, numbers[claim.id])
        locutions.append(
            {"nodeID": said, "personID": "1", "start": None, "end": None, "source": None}
        )
    first, _, last = speaker.rpartition(" ")
    participants = [
        {"participantID": "1", "firstname": first or last, "surname": last if first else ""}
    ]
    document = {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": participants,
        "argmap": _metadata(argument_map, elements),
    }
    return _json_lines(document)


def _json_lines(document: dict[str, Any]) -> str:
    """JSON with one node, edge, locution or element per line: compact (an indented dump
    is much larger), and a diff of two exports shows one line per changed element."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(lines: list[str], opening: str, closing: str, indent: str) -> str:
        return f"{opening}\n{indent}" + f",\n{indent}".join(lines) + f"\n{indent[:-1]}{closing}"

    parts = []
    for name, value in document.items():
        if name == "argmap":
            fields = [f"{dump(k)}: {dump(v)}" for k, v in value.items() if k != "elements"]
            elements = [f"{dump(k)}: {dump(v)}" for k, v in value["elements"].items()]
            fields.append(f'"elements": {block(elements, "{", "}", "   ")}')
            parts.append(f'"argmap": {block(fields, "{", "}", "  ")}')
        elif isinstance(value, list) and value:
            parts.append(f"{dump(name)}: {block([dump(item) for item in value], '[', ']', '  ')}")
        else:
            parts.append(f"{dump(name)}: {dump(value)}")
    return block(parts, "{", "}", " ") + "\n"


def _kept(data: dict[str, Any]) -> dict[str, object]:
    """What AIF's node has no place for: everything but the text and the edges."""
    return {k: v for k, v in data.items() if k not in {"text", "from", "to"}}


def _metadata(
    argument_map: ArgumentMap, elements: dict[str, dict[str, object]]
) -> dict[str, object]:
    data = argument_map.to_data()
    block: dict[str, object] = {"format": "argmap", "version": 1}
    for name in ("title", "description", "source", "themes", "scenarios", "catalogue"):
        if name in data:
            block[name] = data[name]
    block["elements"] = elements
    return block


def read_aif(document: Document, graph: Graph) -> None:  # noqa: PLR0912  (one pass per node type)
    """Fill `graph` with the argument of an AIF or OVA document.

    Raises:
        InvalidMapError: the document is not AIF, or its nodes and edges do not fit
            (duplicate node ids, edges to missing nodes).
    """
    data: Any = document.data
    root: Loc = ()
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        root = ("AIF",)
        if "OVA" in data:
            graph.lost("OVA's layout (node positions and colours in 'OVA')")
        data = data["AIF"]
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise _error(document, "not-aif", "this is not AIF: it has no list of 'nodes'", root)
    if not isinstance(data.get("edges", []), list):
        raise _error(document, "not-aif", "'edges' should be a list", (*root, "edges"))
    types, texts = _nodes(document, data["nodes"], root)
    into, out = _edges(document, data.get("edges", []), types, root, graph)
    block = data.get("argmap") if isinstance(data.get("argmap"), dict) else None
    elements = _block(graph, block)
    spoken = _locutions(types, texts, into, out)
    skipped: dict[str, list[str]] = defaultdict(list)
    for key, kind in types.items():
        if kind == "I":
            node = Node(key, texts[key])
            extra = elements.get(key, {})
            node.id = extra.pop("id", None) if isinstance(extra.get("id"), str) else None
            node.fields = extra
            if key in spoken and not extra:
                speaker, words = spoken[key]
                node.fields = {"quote": words}
                if speaker:
                    node.fields["note"] = f"Asserted by {speaker}."
            graph.nodes[key] = node
        elif kind not in _ARGUMENT:
            skipped[kind].append(key)
    if not elements:
        graph.choice(
            "every claim held by the author (AIF says who spoke, not whose a claim is; a "
            "speaker is named in the claim's note)"
        )
    if spoken and not elements:
        graph.choice(
            "each claim quotes the locution (L node) that asserts it, the speaker in its note",
            sorted(spoken, key=_number),
        )
    unknown: dict[str, list[str]] = {}
    for key, kind in types.items():
        if kind in {"RA", "MA", "CA"}:
            _relation(graph, key, kind, texts[key], into[key], out[key], types, elements, unknown)
    if unknown:
        names = ", ".join(f"'{name}'" for name in list(unknown)[:10])
        more = f" and {len(unknown) - 10:,} more" if len(unknown) > 10 else ""
        graph.lost(
            f"schemes argmap's catalogue does not have, each kept in its inference's note: "
            f"{names}{more}",
            [key for keys in unknown.values() for key in keys],
        )
    for kind, keys in sorted(skipped.items()):
        graph.lost(f"{len(keys)} {_SKIPPED.get(kind, _OTHER).format(kind=kind)}", keys)
    if block is not None:
        _map_fields(graph, block)


_SKIPPED = {
    "L": "locutions (L nodes: who said what; the words are kept as quotes)",
    "YA": "illocutions (YA nodes: asserting, arguing, questioning...)",
    "TA": "transitions (TA nodes: the order of the dialogue)",
    "PA": "preferences (PA nodes): a map has no preference between arguments",
}
_OTHER = "nodes of type '{kind}', which AIF's argument graphs do not define"


def _map_fields(graph: Graph, block: dict[str, Any]) -> None:
    """The map's own fields from argmap's metadata block, and its main conclusion."""
    graph.title = str(block.get("title") or graph.title)
    graph.extra = {
        k: block[k] for k in ("description", "source", "themes", "scenarios") if k in block
    }
    if "catalogue" in block:
        graph.lost(
            f"catalogue '{block['catalogue']}': an imported map names no file to read; "
            "schemes from it are kept in notes"
        )
    conclusions = [k for k, n in graph.nodes.items() if n.fields.get("role") == "conclusion"]
    graph.conclusion = conclusions[0] if len(conclusions) == 1 else None


def _number(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)


def _error(document: Document, code: str, message: str, loc: Loc) -> Exception:
    from .._issues import InvalidMapError  # noqa: PLC0415

    return InvalidMapError([document.issue(code, message, loc)])


def _nodes(
    document: Document, nodes: list[Any], root: Loc
) -> tuple[dict[str, str], dict[str, str]]:
    types: dict[str, str] = {}
    texts: dict[str, str] = {}
    where: dict[str, int] = {}
    for index, entry in enumerate(nodes):
        loc = (*root, "nodes", index)
        if not isinstance(entry, dict):
            raise _error(document, "not-aif", f"node #{index + 1} should be a mapping", loc)
        key = entry.get("nodeID", entry.get("id"))
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise _error(
                document, "not-aif", f"node #{index + 1} has no 'nodeID' (text or a number)", loc
            )
        key = str(key)
        if key in types:
            raise _error(
                document,
                "duplicate-id",
                f"node '{key}' appears twice (nodes #{where[key] + 1} and #{index + 1}); "
                "give each node its own nodeID",
                (*loc, "nodeID" if "nodeID" in entry else "id"),
            )
        kind, text = entry.get("type"), entry.get("text", "")
        if not isinstance(kind, str):
            raise _error(document, "not-aif", f"node '{key}' has no 'type' (I, RA, CA, ...)", loc)
        if not isinstance(text, str):
            raise _error(
                document, "not-aif", f"node '{key}': 'text' should be text", (*loc, "text")
            )
        types[key], texts[key], where[key] = kind.strip().upper(), text, index
    return types, texts


def _edges(
    document: Document, edges: list[Any], types: dict[str, str], root: Loc, graph: Graph
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    repeated: list[str] = []
    into: dict[str, list[str]] = defaultdict(list)
    out: dict[str, list[str]] = defaultdict(list)
    for index, entry in enumerate(edges):
        loc = (*root, "edges", index)
        if not isinstance(entry, dict):
            raise _error(document, "not-aif", f"edge #{index + 1} should be a mapping", loc)
        ends = []
        for name in ("from", "to"):
            value = entry.get(f"{name}ID", entry.get(name))
            if isinstance(value, dict):  # the older OVA form: {"from": {"id": ...}}
                value = value.get("id")
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise _error(document, "not-aif", f"edge #{index + 1} has no '{name}ID'", loc)
            if str(value) not in types:
                raise _error(
                    document,
                    "unknown-node",
                    f"edge #{index + 1} goes {name} node '{value}', which is not among the "
                    "nodes; remove the edge or add the node",
                    (*loc, f"{name}ID" if f"{name}ID" in entry else name),
                )
            ends.append(str(value))
        source, target = ends
        if target not in out[source]:
            out[source].append(target)
            into[target].append(source)
        else:
            repeated.append(str(entry.get("edgeID", index + 1)))
    if repeated:
        graph.choice("edges that repeat an earlier one (same nodes) read once", repeated)
    return into, out


def _block(graph: Graph, block: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The elements of argmap's own metadata, by node id (an argmap export read back)."""
    if block is None:
        return {}
    elements = block.get("elements")
    if not isinstance(elements, dict):
        graph.lost("argmap's metadata block, which has no 'elements' mapping")
        return {}
    graph.choice("ids, roles, themes, notes and the rest from argmap's own metadata ('argmap')")
    return {str(k): dict(v) for k, v in elements.items() if isinstance(v, dict)}


def _locutions(
    types: dict[str, str],
    texts: dict[str, str],
    into: dict[str, list[str]],
    out: dict[str, list[str]],
) -> dict[str, tuple[str, str]]:
    """For each I node asserted in the dialogue: the speaker and the words (L -> YA -> I)."""
    spoken: dict[str, tuple[str, str]] = {}
    for key, kind in types.items():
        if kind != "YA":  # asserting, conceding, questioning...: the words are the L node's
            continue
        said = [s for s in into[key] if types[s] == "L"]
        for target in out[key]:
            if types[target] == "I" and said and target not in spoken:
                match = re.match(r"^\s*([^:]{1,60}?)\s*:\s+(.*)$", texts[said[0]], re.DOTALL)
                speaker, words = (match[1], match[2]) if match else ("", texts[said[0]])
                if words.strip():
                    spoken[target] = (speaker.strip(), words.strip())
    return spoken


def _relation(  # noqa: PLR0917
    graph: Graph,
    key: str,
    kind: str,
    text: str,
    sources: list[str],
    targets: list[str],
    types: dict[str, str],
    elements: dict[str, dict[str, Any]],
    unknown: dict[str, list[str]],
) -> None:
    """One RA, MA or CA node as inferences or objections (one per target); a scheme that
    argmap's catalogue lacks is added to `unknown`, by name."""
    premises = [s for s in sources if types[s] == "I"]
    others = [s for s in sources if types[s] in {"RA", "MA"}]  # a CA into it attacks it
    if others:
        graph.lost(
            f"{kind} node {key}: relations taken as reasons ({', '.join(others)}); a map's "
            "reasons are claims"
        )
    allowed = {"I"} if kind != "CA" else {"I", "RA", "MA", "CA"}
    ends = [t for t in targets if types[t] in allowed and t != key]
    wrong = [t for t in targets if types[t] in _ARGUMENT and t not in ends]
    if wrong:
        graph.lost(f"{kind} node {key} points at {', '.join(wrong)}, which a map cannot target")
    if not premises or not ends:
        graph.lost(
            f"{kind} node {key}: a relation with no {'reason' if not premises else 'target'}", [key]
        )
        return
    extra = dict(elements.get(key, {}))
    extra.pop("kind", None)
    given = extra.pop("id", None)
    if kind == "MA":
        extra.setdefault(
            "note", f"A rephrase in the source (AIF MA node {key}: {text.strip() or 'MA'})."
        )
        graph.choice(
            "a rephrase (MA node) read as an inference from the rephrased proposition", [key]
        )
    elif kind == "RA" and not extra:
        name = text.strip()
        scheme = scheme_of(name) if name else None
        if scheme:
            extra["scheme"] = scheme
        elif name and _folded(name) not in {_folded("Default Inference"), "ra", ""}:
            extra["note"] = f"AIF scheme: {name}."
            unknown.setdefault(name, []).append(key)
    elif kind == "CA" and not extra:
        name = text.strip()
        if name and _folded(name) not in {_folded("Default Conflict"), "ca", ""}:
            extra["note"] = f"AIF conflict scheme: {name}."
    step_kind: Literal["inference", "objection"] = "objection" if kind == "CA" else "inference"
    if len(ends) > 1:
        graph.choice(
            f"{kind} node {key} with {len(ends)} targets read as one relation for each", [key]
        )
    for number, end in enumerate(ends):
        step_key = key if number == 0 else f"{key}/{number + 1}"
        graph.steps[step_key] = Step(
            step_key,
            step_kind,
            premises,
            end,
            dict(extra),
            given if isinstance(given, str) and number == 0 else None,
        )
