"""Diagrams: golden DOT, hostile text, both engines, frames, focus, safe writing."""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pygraphviz
import pytest
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.draw._dot import DiagramOptions, focus, to_dot
from argmap.draw._engines import GraphvizRun, RenderError
from argmap.draw._render import diagram
from argmap.paging._files import frame_steps, pages, render
from argmap.paging._reveal import frames as build_frames
from argmap.vocabulary import Direction

from .conftest import ARTICLE_MAP, DATA, MAPS, ROOT, assert_inert, requires_dot

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"
GRAPHVIZ_SVG_TAGS = {
    "svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text", "defs", "a",
    "linearGradient", "radialGradient", "stop", "image",
}  # fmt: skip
HOSTILE = [
    '<script>alert("x")</script>',
    '" onload="alert(1)" x="',
    "]]><svg onload=alert(1)>",
    "& &amp; &lt; &#x3c; \\N \\G \\L \\l \\n \\\\ { } | < >",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>click</a>",
    "\u0627\u0644\u062d\u0634\u062f \u0627\u0644\u0634\u0639\u0628\u064a (al-Hashd al-Shaabi)",
    "emoji \U0001f600 and \u200f right-to-left mark",
    "control \x07 \x1b[31m characters",
    "x" * 300,
]


@pytest.mark.parametrize("name", ["watchmaker", "iraq-militias"])
def test_golden_dot(name: str, update_golden: bool) -> None:
    golden = DATA / "golden" / f"{name}.dot"
    dot = to_dot(argmap.load(MAPS / f"{name}.yaml"))
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(dot, encoding="utf-8")
    assert dot == golden.read_text(encoding="utf-8")


def test_dot_is_deterministic() -> None:
    first = to_dot(argmap.load(ARTICLE_MAP))
    assert to_dot(argmap.load(ARTICLE_MAP)) == first


def _hostile_map() -> argmap.ArgumentMap:
    claims = [{"id": "C", "text": HOSTILE[0], "role": "conclusion"}]
    claims += [
        {"id": f"P{n}", "text": text, "role": "premise", "note": text}
        for n, text in enumerate(HOSTILE[1:])
    ]
    data = {
        "argmap": 1,
        "title": HOSTILE[1],
        "themes": [{"id": "t", "label": HOSTILE[2]}],
        "claims": [claims[0]] + [claim | {"theme": "t"} for claim in claims[1:]],
        "inferences": [{"id": "I", "from": [c["id"] for c in claims[1:]], "to": "C"}],
    }
    return argmap.ArgumentMap.model_validate(data)


def _svg_text(svg: bytes) -> tuple[ET.Element, str]:
    root = ET.fromstring(svg)
    return root, " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("engine", ["embedded", pytest.param("dot", marks=requires_dot)])
def test_hostile_text_is_drawn_literally_and_adds_no_markup(engine: str) -> None:
    svg = render(_hostile_map(), "svg", engine=engine)  # type: ignore[arg-type]
    root, text = _svg_text(svg)
    for element in root.iter():
        assert element.tag.removeprefix(SVG) in GRAPHVIZ_SVG_TAGS
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on")
            assert "javascript:" not in value.lower()
    assert "script" not in {element.tag.removeprefix(SVG) for element in root.iter()}
    flat = text.replace(" ", "").replace("\u2060", "")  # the joiner that defuses escapes
    assert '<script>alert("x")</script>'.replace(" ", "") in flat
    assert "\\N\\G\\L\\l\\n" in flat  # Graphviz escapes stay literal
    assert "&amp;&lt;&#x3c;" in flat  # entities written by a user are text
    assert "\u0627\u0644\u062d\u0634\u062f" in text


def test_long_words_are_broken_so_boxes_fit() -> None:
    dot = to_dot(_hostile_map())
    assert "x" * 30 in dot
    assert "x" * 31 not in dot


def _nodes_edges_labels(svg: bytes) -> tuple[set[str], set[str], list[str]]:
    root = ET.fromstring(svg)
    titles: dict[str, set[str]] = {"node": set(), "edge": set()}
    labels = []
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class")
        title = group.find(f"{SVG}title")
        if kind in titles and title is not None and title.text:
            titles[kind].add(title.text.replace("&#45;", "-"))
            labels.append(" ".join(t.text or "" for t in group.iter(f"{SVG}text")))
    return titles["node"], titles["edge"], sorted(labels)


@requires_dot
def test_engines_agree_on_nodes_edges_and_labels() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    embedded = render(argument_map, "svg", engine="embedded")
    executable = render(argument_map, "svg", engine="dot")
    assert _nodes_edges_labels(embedded) == _nodes_edges_labels(executable)
    nodes, edges, _ = _nodes_edges_labels(embedded)
    elements: list[argmap.Inference | argmap.Objection] = [
        *argument_map.inferences,
        *argument_map.objections,
    ]
    assert len(nodes) == len(argument_map.claims) + len(elements)
    assert len(edges) == sum(len(element.premises) + 1 for element in elements)


@pytest.mark.parametrize("engine", ["embedded", pytest.param("dot", marks=requires_dot)])
@pytest.mark.parametrize("output_format", ["svg", "png", "pdf"])
def test_formats(output_format: str, engine: str) -> None:
    data = render(argmap.load(MAPS / "watchmaker.yaml"), output_format, engine=engine)  # type: ignore[arg-type]
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[output_format]
    assert data.startswith(magic)


def _positions(dot: str) -> dict[str, str]:
    graph = pygraphviz.AGraph(string=dot)
    graph.layout(prog="dot")
    return {str(node): node.attr["pos"] for node in graph.nodes()}


def test_frames_keep_every_node_in_place() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    for page in pages(argument_map, "slide-16x9", options=DiagramOptions(quotes=False))[:4]:
        built = build_frames(page)
        assert len(built) >= 1
        positions = [_positions(frame.dot("svg")) for frame, _ in built]
        assert all(frame == positions[-1] for frame in positions)


def test_focus_keeps_exactly_the_neighbourhood() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    kept = focus(argument_map, "T5", 1)
    # Into T5: I2 from T4. Out of it: I6 to T9, and the linked I34 to T0, with T6.
    assert kept == {"T5", "I2", "T4", "I6", "T9", "I34", "T0", "T6"}
    dot = to_dot(argument_map, DiagramOptions(only=frozenset(kept)))
    drawn = set(re.findall(r"^\t+\"?([A-Za-z][\w.-]*)\"? \[", dot, re.MULTILINE)) - {"node", "edge"}
    assert drawn == kept


def test_invalid_map_is_never_drawn() -> None:
    argument_map = argmap.ArgumentMap.model_validate(
        {"argmap": 1, "title": "t", "claims": [{"id": "C", "text": "c", "role": "premise"}]}
    )
    with pytest.raises(argmap.InvalidMapError):
        render(argument_map, "svg")  # the public API refuses it as the CLI does


def test_timeout_stops_the_layout() -> None:
    big = "digraph { " + " ".join(f"n{i} -> n{(i * 7919) % 3000};" for i in range(3000)) + " }"
    with pytest.raises(RenderError, match=r"did not finish within 0\.01 s"):
        GraphvizRun("embedded", timeout=0.01).draw(big, "svg")


def test_missing_dot_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RenderError, match="needs the Graphviz executable 'dot' on PATH"):
        GraphvizRun("dot").draw("digraph { a }", "svg")


def test_graphviz_chatter_is_captured_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    GraphvizRun("embedded", timeout=None).draw("digraph { a -> b }", "png")
    GraphvizRun("embedded", timeout=10).draw("digraph { a -> b }", "png")
    assert capfd.readouterr().err == ""


def test_render_command_writes_svg_next_to_the_map(tmp_path: Path) -> None:
    source = tmp_path / "watchmaker.yaml"
    source.write_bytes((MAPS / "watchmaker.yaml").read_bytes())
    result = runner.invoke(app, ["render", str(source)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "watchmaker.svg").read_bytes().startswith(b"<?xml")
    assert result.stderr.startswith(f"wrote {tmp_path / 'watchmaker.svg'} (svg, ")


@pytest.mark.parametrize(
    ("args", "fmt", "magic"),
    [
        (["--preset", "slide-16x9", "--theme", "dark", "--focus", "T6"], "png", b"\x89PNG"),
        (["--theme", "print", "--legend", "--schemes"], "pdf", b"%PDF"),
        (["--focus", "T6", "--depth", "2", "--direction", "LR", "--hide-quotes"], "svg", b"<?xml"),
        (["--transparent", "--scale", "2"], "png", b"\x89PNG"),
        (["--engine", "embedded"], "dot", b"digraph"),
    ],
)
def test_render_options(tmp_path: Path, args: list[str], fmt: str, magic: bytes) -> None:
    out = tmp_path / f"x.{fmt}"
    result = runner.invoke(app, ["render", str(ARTICLE_MAP), "-o", str(out), *args])
    assert result.exit_code == 0, result.stderr
    written = out if out.exists() else tmp_path / f"x-01.{fmt}"  # a preset may split
    assert written.read_bytes().startswith(magic)


def test_render_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "m.yaml"
    source.write_bytes((MAPS / "watchmaker.yaml").read_bytes())
    before = source.read_bytes()
    result = runner.invoke(app, ["render", str(source), "-f", "svg", "-o", str(source)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
    assert source.read_bytes() == before


def test_render_to_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "x.svg"
    result = runner.invoke(app, ["render", str(ARTICLE_MAP), "-o", str(out)])
    assert result.exit_code == 2
    assert (
        result.stderr == f"argmap: {out}: the folder {out.parent} does not exist; create it first\n"
    )


def test_render_to_an_unwritable_folder_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    out = tmp_path / "x.svg"
    result = runner.invoke(app, ["render", str(ARTICLE_MAP), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"argmap: {out}: cannot write in {tmp_path}: Permission denied\n"
    assert list(tmp_path.iterdir()) == []


def test_timeout_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "x.png"
    result = runner.invoke(app, ["render", str(ARTICLE_MAP), "-o", str(out), "--timeout", "0.001"])
    assert result.exit_code == 1
    assert "did not finish within 0.001 s" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_focus_suggests(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(ARTICLE_MAP), "--focus", "T55", "-o", str(tmp_path / "x.svg")]
    )
    assert result.exit_code == 2
    assert "no such claim" in result.stderr
    assert "did you mean 'T5'?" in result.stderr


def test_frames_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["frames", str(ARTICLE_MAP), "-o", str(tmp_path / "deck")])
    assert result.exit_code == 0, result.stderr
    frames = sorted((tmp_path / "deck").iterdir())
    assert frames[0].name == "iraq-militias-01.png"
    assert len(frames) > 20  # every page of the article, step by step
    assert f"({len(frames)} frames, " in result.stderr
    assert "first: page 1/" in result.stderr  # what the first frame shows
    assert " · " in result.stderr  # and the step it shows


def test_ipython_displays_maps_evaluations_views_analyses_and_diagrams() -> None:
    # A new process: argmap registers its printers when it is imported inside IPython.
    script = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import argmap, json, sys\n"
        f"m = argmap.load({str(MAPS / 'watchmaker.yaml')!r})\n"
        "bad = argmap.ArgumentMap.model_validate({'argmap': 1, 'title': 'Bad', 'claims': [\n"
        "    {'id': 'C', 'text': 'c', 'role': 'conclusion'}]})\n"
        "shown = {\n"
        "    'map': m, 'evaluation': argmap.evaluate(m, reject=['X2']),\n"
        "    'views': argmap.views(m), 'analysis': argmap.analyse(m),\n"
        "    'diagram': argmap.Diagram(m, 'png', options=argmap.DiagramOptions(theme='dark'),\n"
        "                              focus_on='C'),\n"
        "    'bad': bad,\n"
        "}\n"
        "heavy = [name for name in ('pygraphviz', 'graphviz') if name in sys.modules]\n"
        "out = {name: shell.display_formatter.format(value)[0] for name, value in shown.items()}\n"
        "out['heavy before'] = heavy\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    data = json.loads(done.stdout)
    assert data["heavy before"] == []  # Graphviz is loaded only when something is shown
    for name in ("map", "evaluation", "views", "analysis"):
        svg = data[name]["image/svg+xml"]
        assert svg.lstrip().startswith("<?xml"), name
        assert "<svg" in svg
        assert_inert(svg)
    assert data["map"]["text/plain"].startswith("<ArgumentMap \"Paley's watchmaker")
    # The texts are the commands' reports: evaluate, evaluate (both views), analyse.
    assert "Rejected: X2." in data["evaluation"]["text/plain"]
    assert "Main conclusion C is OUT" in data["evaluation"]["text/plain"]
    assert ">OUT</" in data["evaluation"]["image/svg+xml"]  # the labels are drawn
    assert "1. The author's argument on its own terms" in data["views"]["text/plain"]
    assert "with the critic" in data["views"]["image/svg+xml"]
    assert "Statistics:" in data["analysis"]["text/plain"]
    assert "?3" in data["analysis"]["image/svg+xml"]  # open critical questions
    assert base64.b64decode(data["diagram"]["image/png"]).startswith(b"\x89PNG")
    assert data["diagram"]["text/plain"].endswith(": png, focus C>")
    # A map that cannot be drawn says why, as text: never a traceback in the notebook.
    assert set(data["bad"]) == {"text/plain"}
    assert "no diagram: 1 problem in the map" in data["bad"]["text/plain"]
    assert "unsupported-conclusion" in data["bad"]["text/plain"]


def test_reprs_stay_one_short_line() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    shown = [
        argument_map,
        argmap.evaluate(argument_map),
        argmap.views(argument_map),
        argmap.analyse(argument_map),
        argmap.Diagram(argument_map, focus_on="T6"),
    ]
    for value in shown:
        text = repr(value)
        assert len(text) < 300, text
        assert "\n" not in text
    assert repr(shown[1]).startswith("<Evaluation of 'Iranian-backed militias in Iraq")
    assert "C OUT (89 IN, 21 OUT, 0 UNDECIDED)" in repr(shown[1])
    assert "C IN on the author's terms, OUT with the critic's points" in repr(shown[2])
    assert repr(shown[3]).endswith(
        "7 warnings (4 hedged-premise, 1 lone-prediction, 1 modal-escalation, 1 weak-basis)>"
    )


def test_diagram_draws_as_render_does() -> None:
    argument_map = argmap.load(MAPS / "watchmaker.yaml")
    options = DiagramOptions(theme="print", legend=True)
    diagram = argmap.Diagram(argument_map, options=options, focus_on="C", depth=2)
    assert diagram.data == render(argument_map, options=options, focus_on="C", depth=2)
    assert diagram.data is diagram.data  # drawn once
    with pytest.raises(argmap.ArgmapError, match="no such claim"):
        _ = argmap.Diagram(argument_map, focus_on="Z9").data


def test_api_render_with_options() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    options = replace(DiagramOptions(), theme="dark", legend=True)
    png = argmap.render(argument_map, format="png", options=options, focus_on="C", depth=1)
    assert png.startswith(b"\x89PNG")
    _, messages = diagram(argument_map, "svg")
    assert isinstance(messages, str)


def test_api_unknown_focus_is_a_usage_error() -> None:
    from argmap._issues import UsageError  # noqa: PLC0415

    with pytest.raises(UsageError, match=r"--focus T55: no such claim \(did you mean 'T5'\?\)"):
        render(argmap.load(ARTICLE_MAP), "dot", focus_on="T55")


def test_ids_cannot_clash_with_the_legend(tmp_path: Path) -> None:
    """A map may call its theme 'legend' and a claim 'legend_premise': they stay its own."""
    text = (
        "argmap: 1\ntitle: t\nthemes: [{id: legend, label: Legend}]\nclaims:\n"
        "  - {id: legend_premise, text: p, role: premise, theme: legend}\n"
        "  - {id: C, text: c, role: conclusion}\n"
        "inferences:\n  - {id: legend_step, from: legend_premise, to: C}\n"
    )
    dot = to_dot(argmap.loads(text), DiagramOptions(legend=True))
    assert dot.count("subgraph cluster_legend {") == 1
    assert dot.count("subgraph cluster__legend {") == 1
    assert dot.count("\tlegend_premise [") == 1
    assert dot.count("\tlegend_step [") == 1


def _title_crossings(dot: str, pad: float = 4.0) -> list[tuple[str, str, str]]:
    """Lines that pass over (or within `pad` points of) a cluster's title."""
    from argmap.decks._pptx import _bezier  # noqa: PLC0415
    from argmap.draw._layout import lay_out  # noqa: PLC0415

    layout = lay_out(dot)
    found = []
    for cluster in layout.clusters:
        for text in cluster.texts:
            left, right = text.x - pad, text.x + text.width + pad
            low, high = text.y - text.size * 0.3 - pad, text.y + text.size * 0.9 + pad
            for edge in layout.edges:
                points = _bezier(edge.points, 20) if edge.points else []
                if any(left < x < right and low < y < high for x, y in points):
                    found.append((cluster.name, edge.tail, edge.head))
    return found


@pytest.mark.parametrize("direction", ["BT", "TB"])
def test_no_line_crosses_a_cluster_title(direction: Direction) -> None:
    # Every claim's neighbourhood of both shipped maps, and each whole map: the title
    # sits on the side of its cluster that no line (or fewer lines) crosses.
    for path in (ARTICLE_MAP, MAPS / "watchmaker.yaml"):
        argument_map = argmap.load(path)
        views = [None, *(frozenset(focus(argument_map, c.id, 1)) for c in argument_map.claims)]
        for only in views:
            options = DiagramOptions(direction=direction, only=only)
            assert _title_crossings(to_dot(argument_map, options)) == [], (path.name, only)


def _chain(claims: int) -> argmap.ArgumentMap:
    """A map of `claims` claims: premises, each supporting the main conclusion."""
    premises = [{"id": f"P{n}", "text": f"p {n}", "role": "premise"} for n in range(claims - 1)]
    data: dict[str, object] = {
        "argmap": 1,
        "title": "t",
        "claims": [{"id": "C", "text": "c", "role": "conclusion"}, *premises],
        "inferences": [{"id": f"I{n}", "from": f"P{n}", "to": "C"} for n in range(claims - 1)],
    }
    return argmap.ArgumentMap.model_validate(data)


def test_large_maps_bound_crossing_minimisation() -> None:
    assert "mclimit" not in to_dot(_chain(2_000))
    assert "\tmclimit=0.4\n" in to_dot(_chain(5_000))
    # A focus draws fewer elements: the settings follow what is drawn.
    focused = DiagramOptions(only=frozenset({"C", "P1", "I1"}))
    assert "mclimit" not in to_dot(_chain(5_000), focused)


def test_frame_steps_build_the_whole_map_in_place() -> None:
    # The reader's present mode and the API: the whole map revealed in the build order of
    # frames and decks, every node in the same place in every frame.
    argument_map = argmap.load(ARTICLE_MAP)
    steps = frame_steps(argument_map)
    assert len(steps) == len(argument_map.inferences) + len(argument_map.objections)
    assert steps[-1] == frozenset()
    assert all(len(a) > len(b) for a, b in itertools.pairwise(steps))
    for hidden in steps:  # an objection is never shown before what it attacks
        for objection in argument_map.objections:
            if objection.id not in hidden:
                assert objection.to not in hidden, (objection.id, objection.to)
    everywhere = _positions(to_dot(argument_map))
    for hidden in (steps[0], steps[len(steps) // 2]):
        assert _positions(to_dot(argument_map, DiagramOptions(hidden=hidden))) == everywhere


# Issue 15: what a reliability review found in drawing.


def test_focus_stops_once_nothing_new_is_reached() -> None:
    """H1: `--depth 1000000000` ran a billion empty rounds on a 3-claim map. (In a
    process of its own, so that the old behaviour fails the test instead of hanging it.)"""
    code = (
        "import sys, argmap; from argmap.draw._dot import focus; "
        f"m = argmap.load({str(MAPS / 'watchmaker.yaml')!r}); "
        "print(sorted(focus(m, 'C', sys.maxsize)) == sorted(focus(m, 'C', 50)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout == "True\n", result.stderr


@pytest.mark.parametrize("value", ["1e10", "inf", "1e308", "nan"])
@pytest.mark.parametrize("command", ["render", "frames"])
def test_a_timeout_that_cannot_be_waited_is_refused(
    value: str, command: str, tmp_path: Path
) -> None:
    """F9: `--timeout 1e10` (or inf) was an OverflowError."""
    out = ["-o", str(tmp_path / ("x.svg" if command == "render" else "frames"))]
    result = runner.invoke(app, [command, str(MAPS / "watchmaker.yaml"), *out, "--timeout", value])
    assert result.exit_code == 2, result.output
    if value != "nan":  # which the command line refuses itself: it is not >= 0
        assert f"--timeout {float(value):g}: give a number of seconds above 0" in result.output
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(argmap.ArgmapError, match="give a number of seconds"):
        argmap.render(argmap.load(MAPS / "watchmaker.yaml"), timeout=float(value))


@requires_dot
def test_empty_and_control_only_labels_render_with_the_dot_engine(tmp_path: Path) -> None:
    """D1: an empty title, or labels of control characters only, became <B></B>, which
    Graphviz 2.43 refuses as a syntax error."""
    path = tmp_path / "m.yaml"
    path.write_text(
        'argmap: 1\ntitle: ""\nthemes: [{id: t, label: "\\x01\\x02"}]\nclaims:\n'
        '  - {id: P, text: "\\x07", role: premise, theme: t}\n'
        '  - {id: C, text: "\\x01", role: conclusion, theme: t}\n'
        "inferences: [{id: I1, from: P, to: C, scheme: sign}]\n"
    )
    for extra in ([], ["--evaluate", "--legend", "--schemes", "--questions"]):
        result = runner.invoke(
            app, ["render", str(path), "--engine", "dot", "-o", str(tmp_path / "m.svg"), *extra]
        )
        assert result.exit_code == 0, result.output
        assert_inert((tmp_path / "m.svg").read_text(encoding="utf-8"))


def test_no_control_or_bidi_character_reaches_svg_dot_or_the_terminal(tmp_path: Path) -> None:
    """E2: bidirectional overrides, U+0085 and U+009B (CSI in 8-bit terminals) were kept in
    SVG and DOT, and `render -o -` put them on the terminal."""
    path = tmp_path / "m.yaml"
    hostile = '"Smoking \\u202ecauses\\u202c \\x85\\x9b[2J cancer \\u2066x\\u2069"'
    watchmaker = (MAPS / "watchmaker.yaml").read_text(encoding="utf-8")
    path.write_text(watchmaker.replace("title: ", f"title: {hostile} #", 1), encoding="utf-8")
    for fmt in ("svg", "dot"):
        result = subprocess.run(
            [sys.executable, "-m", "argmap", "render", str(path), "-f", fmt, "-o", "-"],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        shown = result.stdout.decode("utf-8")
        assert "Smoking causes" in shown
        for character in "\u202e\u202c\x85\x9b\u2066\u2069":
            assert character not in shown, (fmt, hex(ord(character)))


def test_frames_are_all_written_or_none(tmp_path: Path) -> None:
    """P2: when a later frame could not be written, frames 1 and 2 were left behind."""
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "iraq-militias-03.png").mkdir()  # frame 3 cannot be written
    result = runner.invoke(app, ["frames", str(ARTICLE_MAP), "-o", str(tmp_path / "frames")])
    assert result.exit_code == 2
    assert "is a directory" in result.output
    assert [p.name for p in (tmp_path / "frames").iterdir()] == ["iraq-militias-03.png"]
    made = tmp_path / "new" / "frames"
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "frames").symlink_to(tmp_path / "nowhere" / "x")  # cannot be made
    result = runner.invoke(app, ["frames", str(ARTICLE_MAP), "-o", str(made)])
    assert result.exit_code == 2
    assert not (tmp_path / "nowhere").exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _group(pgid: int) -> list[tuple[int, str]]:
    """The processes of a process group that are still running (zombies excepted)."""
    running = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                running.append((int(entry.name), fields[0]))
    return running


@pytest.mark.parametrize(
    ("number", "engine"),
    [(signal.SIGTERM, "embedded"), (signal.SIGHUP, "embedded"), (signal.SIGINT, "embedded"),
     (signal.SIGTERM, "dot")],
    ids=lambda value: value.name if isinstance(value, signal.Signals) else value,
)  # fmt: skip
def test_the_graphviz_worker_ends_with_argmap(number: int, engine: str, tmp_path: Path) -> None:
    """H7: `kill -TERM` of a render left its Graphviz worker (and `dot`) running for
    minutes, holding standard output open. (10,000 claims, themes scattered: a layout of
    half a minute.) The worker sits in a process group of its
    own (so that a timeout can stop it), which a signal to argmap does not reach."""
    process, worker = _render_under_way(tmp_path, engine)
    try:
        process.send_signal(number)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == -number, stderr  # ended by the signal, as is conventional
    assert b"Traceback" not in stderr
    deadline = time.monotonic() + 10
    while _group(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(worker) == []
    assert not (tmp_path / "x.svg").exists()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("engine", ["embedded", "dot"])
def test_the_graphviz_worker_ends_when_argmap_is_killed(engine: str, tmp_path: Path) -> None:
    """Issue 19, M7: after SIGKILL, which argmap cannot catch, its worker drew on (and
    then waited) for ever, holding argmap's standard output and error open: it kept a
    copy of argmap's end of its pipe, so it never saw end-of-file."""
    process, worker = _render_under_way(tmp_path, engine)
    try:
        process.kill()
        process.communicate(timeout=20)  # end-of-file: no worker holds the pipes
    finally:
        process.kill()
    deadline = time.monotonic() + 10
    while _group(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(worker) == []  # the worker and any 'dot' it started


def _render_under_way(tmp_path: Path, engine: str) -> tuple[subprocess.Popen[bytes], int]:
    """`argmap render` of 10,000 claims (themes scattered: a layout of half a minute) in a
    new process, once its Graphviz worker is laying out; the process and the worker."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the worker process")
    if engine == "dot" and shutil.which("dot") is None:
        pytest.skip("the Graphviz executable 'dot' is not installed")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import write  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    path = write(tmp_path, 10_000, scattered=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "argmap", "render", str(path), "-o", str(tmp_path / "x.svg"),
         "--engine", engine, "--timeout", "600"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (workers := _children(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers, "no Graphviz worker started"
        time.sleep(3)  # the map is read and the layout under way
        assert process.poll() is None, process.communicate()
    except BaseException:
        process.kill()
        raise
    return process, workers[0]
