"""Argdown: export a map as Argdown text, import what the Argdown CLI reads.

Export: the map's title is the top heading and each theme a section under it; every
claim is a statement `[id]: text`, defined in its theme's section; every inference an
argument `<id>` with its premise-conclusion structure; every objection an argument `<id>`
that its reasons support (`+ [X1]`) and that attacks its target: `-> [claim]` undermines
or rebuts, `_> <inference>` undercuts, `-> <objection>` replies. What Argdown has no
words for (roles, quotes, holders, schemes, warrants, notes) is each element's data
(`{...}` after it), which Argdown keeps and argmap reads back. Every special character
in map text is escaped, so text is text.

Import: the JSON that `argdown json` writes (or a `.argdown` file, through the Argdown
CLI when it is installed): statements become claims, arguments with a premise-conclusion
structure inferences, relations supports and objections, sections themes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .._document import Document
from .._issues import InputError, InvalidMapError, Issue
from ..checks._structure import Structure
from ..model import ArgumentMap
from ._assemble import Graph, Node, Step

_SPECIAL = re.compile(r"([\\\[\]<>{}()#*_+\-@/:=~`|^!&.,;\"'$%])")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_LIVE = re.compile("[{}@\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
ARGDOWN_ENV = "ARGMAP_ARGDOWN"
"""Environment variable naming the Argdown CLI (`argdown`) to run for `.argdown` files."""
CLI_SECONDS = 120


def escape(text: str) -> str:
    r"""Map text as literal Argdown text: one line, every special character escaped.

    >>> escape("A [title] <arg> #tag *em*")
    'A \\[title\\] \\<arg\\> \\#tag \\*em\\*'
    """
    one_line = " ".join(text.split())
    return _SPECIAL.sub(r"\\\1", one_line)


def _data(fields: dict[str, Any]) -> str:
    r"""Argdown's `{...}` data as JSON (valid YAML), with what is live escaped in strings:
    braces (Argdown's lexer ends the data at the first closing brace it meets), `@` (no
    `@include(...)` for an Argdown tool to expand), line breaks that are not `\n` and
    what YAML refuses (`_LIVE`).

    >>> _data({"note": "@include(/etc/passwd) {x}\u2028"})
    ' {"note": "\\u0040include(/etc/passwd) \\u007bx\\u007d\\u2028"}'
    """
    if not fields:
        return ""
    text = json.dumps(fields, ensure_ascii=False, separators=(", ", ": "))
    return " " + _STRING.sub(lambda m: _LIVE.sub(lambda c: f"\\u{ord(c[0]):04x}", m[0]), text)


def export_argdown(argument_map: ArgumentMap) -> str:  # noqa: PLR0912  (one pass per kind)
    """The map as Argdown text.

    >>> import argmap
    >>> text = export_argdown(argmap.load("maps/watchmaker.yaml"))
    >>> "<O1>" in text and "_> <I4>" in text
    True
    """
    structure = Structure.of(argument_map)
    lines = [f"# {escape(argument_map.title)}{_data(_map_data(argument_map))}", ""]
    by_theme: dict[str | None, list[str]] = defaultdict(list)
    for claim in argument_map.claims:
        fields = claim.model_dump(mode="json", exclude_defaults=True)
        fields.pop("id")
        if fields.pop("text") != " ".join(claim.text.split()):
            fields["text"] = claim.text  # Argdown's text is one line: keep the breaks here
        fields.pop("theme", None)
        by_theme[claim.theme].append(f"[{claim.id}]: {escape(claim.text)}{_data(fields)}")
    sections: list[tuple[str | None, str]] = [(None, "")]
    sections += [(theme.id, theme.label) for theme in argument_map.themes]
    for theme_id, label in sections:
        if theme_id is not None:
            theme = next(t for t in argument_map.themes if t.id == theme_id)
            fields = theme.model_dump(mode="json", exclude_defaults=True)
            fields.pop("label")
            lines += [f"## {escape(label)}{_data(fields)}", ""]
        for statement in by_theme.get(theme_id, []):
            lines += [statement, ""]
    for inference in argument_map.inferences:
        fields = inference.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for name in ("id", "from", "to"):
            fields.pop(name)
        lines.append(f"<{inference.id}>{_data(fields)}")
        lines.append("")
        numbered = [*inference.premises, inference.to]
        for number, claim_id in enumerate(numbered, start=1):
            if number == len(numbered):
                lines.append("----")
            lines.append(f"({number}) [{claim_id}]")
        lines.append("")
    for objection in argument_map.objections:
        fields = objection.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for name in ("id", "from", "to"):
            fields.pop(name)
        fields["kind"] = str(structure.attack_kind(objection))
        lines.append(f"<{objection.id}>{_data(fields)}")
        lines += [f"  + [{reason}]" for reason in objection.premises]
        if objection.to in structure.inferences:
            lines.append(f"  _> <{objection.to}>")
        elif objection.to in structure.objections:
            lines.append(f"  -> <{objection.to}>")
        else:
            lines.append(f"  -> [{objection.to}]")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _map_data(argument_map: ArgumentMap) -> dict[str, Any]:
    data = argument_map.to_data()
    kept: dict[str, Any] = {"argmap": 1}
    kept |= {k: data[k] for k in ("description", "source", "scenarios", "catalogue") if k in data}
    return kept


def cli() -> str | None:
    """The Argdown CLI to run: `$ARGMAP_ARGDOWN`, else `argdown` on PATH."""
    named = os.environ.get(ARGDOWN_ENV)
    if named:
        return str(Path(named).resolve()) if Path(named).is_file() else None
    return shutil.which("argdown")


def _fail(name: str, message: str) -> InputError:
    return InputError(Issue("argdown-failed", message, name))


def _sandbox(program: str, name: str) -> tuple[str, Path, Path]:
    """Node, the CLI's JS entry and the `node_modules` folder it is installed in.

    `argdown` may be npm's link to `@argdown/cli/dist/cli.js`; a wrapper script is refused,
    since the CLI's packages are all its Node process may read.
    """
    entry = Path(program).resolve()
    package = next(
        (folder for folder in entry.parents if folder.parts[-2:] == ("@argdown", "cli")), None
    )
    packages = next((f for f in entry.parents if f.name == "node_modules"), None)
    node = shutil.which("node")
    if package is None or packages is None or entry.suffix != ".js" or "," in str(packages):
        raise _fail(
            name,
            f"{program} is not the Argdown CLI's script (node_modules/@argdown/cli/dist/cli.js, "
            f"in a folder without commas) or a link to it: name that file in ${ARGDOWN_ENV}",
        )
    if node is None:
        raise _fail(name, "reading .argdown needs Node.js 20 or later (node on PATH)")
    return node, entry, packages


def sandboxed(node: str, flag: str, packages: Path) -> list[str]:
    """Node under its permission model: it reads `packages` alone, writes nothing and
    starts no process (`flag` is Node 20's `--experimental-permission` or `--permission`)."""
    return [node, flag, f"--allow-fs-read={packages}", "--no-warnings"]


def run_cli(text: str, name: str) -> str:
    """The JSON that `argdown json` writes for an Argdown file's text.

    The CLI's own parser and model run under Node's permission model (`argdown.js`): they
    read the text on standard input and the CLI's packages, write only standard output,
    and start nothing, whatever the file says (front matter, `@include`).

    Raises:
        InputError: the Argdown CLI is not installed or cannot run.
        InvalidMapError: it finds syntax errors (each with its line and column).
    """
    program = cli()
    if program is None:
        raise InputError(
            Issue(
                "argdown-missing",
                "reading .argdown needs the Argdown CLI: install it (npm install -g "
                f"@argdown/cli@1.7.5) or name it in ${ARGDOWN_ENV}; or give argmap the JSON "
                "that `argdown json` writes",
                name,
            )
        )
    node, entry, packages = _sandbox(program, name)
    script = resources.files("argmap").joinpath("formats/argdown.js").read_text("utf-8")
    for flag in ("--experimental-permission", "--permission"):  # Node 20, Node 22 and later
        try:
            result = subprocess.run(
                [*sandboxed(node, flag, packages), "-e", script, str(entry)],
                input=text, capture_output=True, encoding="utf-8", timeout=CLI_SECONDS,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise _fail(name, f"the Argdown CLI took over {CLI_SECONDS} s: stopped") from None
        except OSError as error:
            raise _fail(name, f"Node ({node}) did not run: {error}") from None
        if "bad option" not in result.stderr:
            break
    if result.returncode == 0:
        return result.stdout
    try:
        errors = json.loads(result.stdout) if result.returncode == 1 else None
    except ValueError:
        errors = None
    if not isinstance(errors, list) or not errors:
        chatter = (result.stderr or result.stdout).strip()[-300:]
        raise _fail(
            name, f"the Argdown CLI ({program}) failed (it needs Node 20 or later): {chatter}"
        )
    raise InvalidMapError([
        Issue("argdown-syntax", " ".join(str(message).split())[:300], name, line or None,
              column or None)
        for line, column, message in errors
    ])  # fmt: skip


def read_argdown(document: Document, graph: Graph) -> None:  # noqa: PLR0912, PLR0915
    """Fill `graph` with what `argdown json` wrote.

    Raises:
        InvalidMapError: the document is not Argdown's JSON.
    """
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("statements"), dict):
        raise InvalidMapError(
            [document.issue("not-argdown", "this is not Argdown's JSON: it has no 'statements'")]
        )
    statements: dict[str, Any] = data["statements"]
    arguments: dict[str, Any] = data.get("arguments") or {}
    relations: list[Any] = data.get("relations") or []
    if not isinstance(arguments, dict) or not isinstance(relations, list):
        raise InvalidMapError(
            [document.issue("not-argdown", "'arguments' should be a mapping, 'relations' a list")]
        )
    sections = _sections(data.get("sections"))
    top = [s for s in sections.values() if s.get("level") == 1]
    if len(top) == 1:
        graph.title = str(top[0].get("title") or graph.title)
        _top_data(graph, top[0].get("data"))
    themes: dict[str, dict[str, Any]] = {}
    for title, statement in statements.items():
        if not isinstance(statement, dict):
            continue
        key = str(title)
        members = _dicts(statement.get("members"))
        text = next(
            (
                str(m["text"])
                for m in members
                if isinstance(m.get("text"), str) and m["text"].strip()
            ),
            "",
        )
        fields = (
            dict(statement.get("data") or {}) if isinstance(statement.get("data"), dict) else {}
        )
        section = sections.get(str(statement.get("section")))
        if (section is not None and _nested(section)) or (section and len(top) != 1):
            theme = _theme(section, themes)
            fields.setdefault("theme", theme["id"])
        given = fields.pop("text", None)
        text = given if isinstance(given, str) and given.strip() else " ".join(text.split())
        untitled = re.fullmatch(r"Untitled \d+", key) is not None  # Argdown's name for none
        graph.nodes[key] = Node(key, text, fields, None if untitled else key)
    graph.extra["themes"] = list(themes.values())
    if themes:
        graph.choice("themes from the sections the statements are defined in", list(themes))
    conclusion_of: dict[str, str] = {}
    objection_like: dict[str, None] = {}  # in the file's order
    for title, argument in arguments.items():
        if not isinstance(argument, dict):
            continue
        key = str(title)
        pcs = [p for p in _dicts(argument.get("pcs")) if p.get("title")]
        fields = _argument_data(argument)
        steps = _pcs_steps(pcs)
        if not steps:  # no premise-conclusion structure (or none that concludes)
            objection_like[key] = None
            continue
        if len(steps) > 1:
            graph.choice(
                f"argument <{key}> with {len(steps)} inferences: each step's premises are the "
                "statements since the previous conclusion, and that conclusion",
                [key],
            )
        for number, (premises, conclusion) in enumerate(steps, start=1):
            last = number == len(steps)
            step_key = key if last else f"{key}.{number}"
            graph.steps[step_key] = Step(
                step_key, "inference", premises, conclusion, fields if last else {}, step_key
            )
        conclusion_of[key] = steps[-1][1]
    supporters: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for index, relation in enumerate(relations):
        if not isinstance(relation, dict):
            continue
        kind = str(relation.get("relationType"))
        source, target = str(relation.get("from")), str(relation.get("to"))
        from_type, to_type = str(relation.get("fromType")), str(relation.get("toType"))
        tag = f"relation {index + 1} ({kind} {source} -> {target})"
        if from_type == "argument" and source in objection_like:
            outgoing[source].append((kind, target, to_type))
            continue
        if to_type == "argument" and target in objection_like and kind == "support":
            if from_type == "argument" and source in conclusion_of:
                source = conclusion_of[source]
            supporters[target].append(source)
            continue
        reason = conclusion_of.get(source, source) if from_type == "argument" else source
        _relation_step(graph, tag, kind, reason, target, to_type, conclusion_of, objection_like)
    for key in objection_like:
        fields = _argument_data(arguments[key])
        fields.pop("kind", None)
        reasons = supporters.get(key, [])
        ends = outgoing.get(key, [])
        description = _description(arguments[key])
        if not reasons and ends and description:
            reason = f"{key} (its description)"
            graph.nodes[reason] = Node(reason, description, {}, None)
            reasons = [reason]
            graph.choice(f"argument <{key}> without premises: its description is the reason", [key])
        if not reasons or not ends:
            graph.lost(
                f"argument <{key}> without a premise-conclusion structure, "
                f"{'reasons' if not reasons else 'relations'} (a map's relation needs both)",
                [key],
            )
            continue
        for number, (kind, target, to_type) in enumerate(ends):
            step_key = key if number == 0 else f"{key}.{number + 1}"
            resolved = _target(target, to_type, kind, conclusion_of, objection_like)
            if resolved is None:
                graph.lost(f"argument <{key}>: its {kind} of {target} ({to_type})", [key])
                continue
            step_kind: Literal["inference", "objection"] = (
                "objection" if kind in {"attack", "undercut"} else "inference"
            )
            if step_kind == "inference" and resolved not in graph.nodes:
                graph.lost(f"argument <{key}> supports {target}, which is not a statement", [key])
                continue
            graph.steps[step_key] = Step(step_key, step_kind, reasons, resolved, fields, step_key)


def _relation_step(  # noqa: PLR0917
    graph: Graph,
    tag: str,
    kind: str,
    reason: str,
    target: str,
    to_type: str,
    conclusion_of: dict[str, str],
    objection_like: dict[str, None],
) -> None:
    resolved = _target(target, to_type, kind, conclusion_of, objection_like)
    if resolved is None:
        graph.lost(f"{tag}: a map cannot carry it", [tag])
        return
    if kind in {"support", "entails"} and resolved in graph.nodes:
        key = f"{reason}-supports-{resolved}"
        graph.steps.setdefault(key, Step(key, "inference", [reason], resolved))
    elif kind in {"attack", "undercut"}:
        key = f"{reason}-attacks-{resolved}"
        graph.steps.setdefault(key, Step(key, "objection", [reason], resolved))
    elif kind in {"contrary", "contradictory"} and resolved in graph.nodes:
        for one, other in ((reason, resolved), (resolved, reason)):
            key = f"{one}-attacks-{other}"
            graph.steps.setdefault(key, Step(key, "objection", [one], other))
        graph.choice(f"{tag}: read as two attacks, each statement against the other", [tag])
    else:
        graph.lost(f"{tag}: a map cannot carry it", [tag])


def _target(
    target: str,
    to_type: str,
    kind: str,
    conclusion_of: dict[str, str],
    objection_like: dict[str, None],
) -> str | None:
    """What a relation's target is in the map: a claim, an inference or an objection."""
    if to_type == "inference":
        return target if target in conclusion_of else None
    if to_type == "argument":
        if target in objection_like:
            return target if kind == "attack" else None
        if target in conclusion_of:
            return target if kind in {"attack", "undercut"} else None
        return None
    return target


def _pcs_steps(pcs: list[dict[str, Any]]) -> list[tuple[list[str], str]]:
    steps: list[tuple[list[str], str]] = []
    gathered: list[str] = []
    for statement in pcs:
        title = str(statement["title"])
        if statement.get("role") in ("intermediary-conclusion", "main-conclusion"):
            steps.append((list(dict.fromkeys(gathered)), title))
            gathered = [title]
        else:
            gathered.append(title)
    return [step for step in steps if step[0]]


def _description(argument: dict[str, Any]) -> str:
    for member in _dicts(argument.get("members")):
        text = member.get("text")
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())
    return ""


def _argument_data(argument: dict[str, Any]) -> dict[str, Any]:
    data = argument.get("data")
    if isinstance(data, dict):
        return dict(data)
    for member in _dicts(argument.get("members")):
        if isinstance(member.get("data"), dict):
            return dict(member["data"])
    return {}


def _sections(value: object) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    stack = _dicts(value)
    while stack:
        section = stack.pop()
        if "id" in section:
            found[str(section["id"])] = section
            stack.extend(_dicts(section.get("children")))
    return found


def _nested(section: dict[str, Any]) -> bool:
    """A section below the top heading (a level that is no number is read as the top)."""
    level = section.get("level", 1)
    return isinstance(level, int) and level > 1


def _dicts(value: object) -> list[dict[str, Any]]:
    """The mappings in a list that Argdown's JSON holds, whatever else the file put there."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _theme(section: dict[str, Any], themes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    data = section.get("data") if isinstance(section.get("data"), dict) else {}
    assert isinstance(data, dict)
    label = " ".join(str(section.get("title") or section.get("id")).split())
    wanted = data.get("id")
    theme_id = (
        wanted if isinstance(wanted, str) and re.match(r"^[A-Za-z][\w.\-]{0,63}$", wanted) else None
    )
    theme_id = theme_id or (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60] or "section")
    if not theme_id[0].isalpha():
        theme_id = f"s-{theme_id}"
    for existing in themes.values():
        if existing["label"] == label:
            return existing
    base, number = theme_id, 1
    while theme_id in themes:
        number += 1
        theme_id = f"{base}-{number}"
    theme = {"id": theme_id, "label": label}
    if isinstance(data.get("description"), str):
        theme["description"] = data["description"]
    themes[theme_id] = theme
    return theme


def _top_data(graph: Graph, data: object) -> None:
    if isinstance(data, dict) and data.get("argmap") == 1:
        graph.extra.update(
            {k: data[k] for k in ("description", "source", "scenarios") if k in data}
        )
        if "catalogue" in data:
            graph.lost(f"catalogue '{data['catalogue']}': an imported map names no file to read")
