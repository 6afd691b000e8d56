"""Foreign formats: exports checked by the real tools, imports that validate, round trips.

arguebuf loads the AIF export; the Argdown CLI parses the Argdown export; mermaid-cli
(Mermaid's own parser, in Debian's chromium) draws the Mermaid export. Each skips with
a message where its tool is absent, and runs where `.ci/run` installed it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import argmap
from argmap.cli import app

from .conftest import (
    ARGDOWN,
    ARTICLE_MAP,
    CHROMIUM,
    DATA,
    MAPS,
    MMDC,
    ROOT,
    requires_argdown,
    requires_mermaid,
)

runner = CliRunner()
FORMATS = DATA / "formats"
HOSTILE = FORMATS / "hostile.yaml"
SHIPPED = [ARTICLE_MAP, MAPS / "watchmaker.yaml", DATA / "replies" / "map.yaml", HOSTILE]


def _generated(folder: Path, claims: int, seed: int) -> Path:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path: Path = module.write(folder, claims, seed)
    return path


@pytest.fixture(params=[(40, 1), (40, 2), (300, 3)], ids=lambda p: f"generated-{p[0]}-{p[1]}")
def generated(request: pytest.FixtureRequest, tmp_path: Path) -> argmap.ArgumentMap:
    claims, seed = request.param
    return argmap.load(_generated(tmp_path, claims, seed))


def _elements(data: dict[str, Any]) -> dict[str, list[Any]]:
    """Claims, inferences and objections, by id (order aside)."""
    return {
        name: sorted(data.get(name, []), key=lambda item: str(item["id"]))
        for name in ("claims", "inferences", "objections")
    }


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """A map's data less what an import deliberately leaves out (file paths)."""
    data = dict(data)
    if isinstance(data.get("source"), dict):
        data["source"] = {k: v for k, v in data["source"].items() if k != "path"}
    data.pop("catalogue", None)
    return {**data, **_elements(data)}


# --- AIF ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_aif_round_trip_keeps_the_whole_map(path: Path) -> None:
    original = argmap.load(path)
    back = argmap.import_text(argmap.export(original, "aif"), "aif", name="x.json")
    assert _comparable(back.map.to_data()) == _comparable(original.to_data())


def test_aif_round_trip_of_generated_maps(generated: argmap.ArgumentMap) -> None:
    back = argmap.import_text(argmap.export(generated, "aif"), "aif", name="x.json")
    assert _comparable(back.map.to_data()) == _comparable(generated.to_data())


def _structure(argument_map: argmap.ArgumentMap) -> set[tuple[str, tuple[str, ...], str]]:
    """Every relation by the texts it joins (ids aside): what survives losing the ids."""
    text = {c.id: c.text for c in argument_map.claims}
    elements: list[argmap.Inference | argmap.Objection] = [
        *argument_map.inferences,
        *argument_map.objections,
    ]
    steps = {s.id: s for s in elements}

    def name(element_id: str) -> str:
        if element_id in text:
            return text[element_id]
        step = steps[element_id]
        return f"({name(step.to)} <- {sorted(text[p] for p in step.premises)})"

    kinds = {s.id: "support" for s in argument_map.inferences}
    return {
        (kinds.get(s.id, "attack"), tuple(sorted(text[p] for p in s.premises)), name(s.to))
        for s in steps.values()
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_aif_without_argmaps_metadata_keeps_every_claim_inference_and_objection(
    path: Path,
) -> None:
    """As another tool would write it: no 'argmap' block, only AIF's own nodes."""
    original = argmap.load(path)
    data = json.loads(argmap.export(original, "aif"))
    del data["argmap"]
    back = argmap.import_text(json.dumps(data), "aif", name="plain.json")
    assert len(back.map.claims) == len(original.claims)
    assert len(back.map.inferences) == len(original.inferences)
    assert len(back.map.objections) == len(original.objections)
    assert _structure(back.map) == _structure(original)
    quoted = {c.text: c.quote for c in original.claims if c.quote and c.holder != "analyst"}
    assert {c.text: c.quote for c in back.map.claims if c.quote} == quoted
    assert argmap.check(back.map) == []


def test_aif_export_is_aifdb_shaped() -> None:
    data = json.loads(argmap.export(argmap.load(MAPS / "watchmaker.yaml"), "aif"))
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    assert all(key.isdigit() for key in nodes)
    schemes = {n["scheme"]: n.get("schemeID") for n in nodes.values() if n["type"] == "RA"}
    assert schemes == {"Sign": "30", "Example": "14", "Analogy": "1"}
    conflicts = [n for n in nodes.values() if n["type"] == "CA"]
    assert {(n["scheme"], n["schemeID"]) for n in conflicts} == {("Default Conflict", "71")}
    targets = {
        nodes[e["toID"]]["type"] for e in data["edges"] if nodes[e["fromID"]]["type"] == "CA"
    }
    assert targets == {"RA", "I"}  # O1 undercuts I4, O2 undermines A1
    assert all(set(e) == {"edgeID", "fromID", "toID", "formEdgeID"} for e in data["edges"])


def test_aif_replies_are_ca_nodes_against_ca_nodes() -> None:
    data = json.loads(argmap.export(argmap.load(DATA / "replies" / "map.yaml"), "aif"))
    types = {n["nodeID"]: n["type"] for n in data["nodes"]}
    pairs = {(types[e["fromID"]], types[e["toID"]]) for e in data["edges"]}
    assert ("CA", "CA") in pairs
    assert ("CA", "RA") in pairs
    said = [n for n in data["nodes"] if n["type"] == "L"]
    assert len(said) == len(data["locutions"]) > 0
    assert {loc["nodeID"] for loc in data["locutions"]} == {n["nodeID"] for n in said}


def _arguebuf_counts(data: dict[str, Any]) -> tuple[int, int, int, set[tuple[str, str]]]:
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf (a test dependency) is absent")
    graph = arguebuf.load.aif(data)
    schemes = list(graph.scheme_nodes.values())
    supports = sum(isinstance(s.scheme, arguebuf.Support) for s in schemes)
    attacks = sum(isinstance(s.scheme, arguebuf.Attack) for s in schemes)
    edges = {(e.source.id, e.target.id) for e in graph.edges.values()}
    return len(graph.atom_nodes), supports, attacks, edges


def _argument_edges(data: dict[str, Any]) -> set[tuple[str, str]]:
    types = {n["nodeID"]: n["type"] for n in data["nodes"]}
    return {
        (e["fromID"], e["toID"])
        for e in data["edges"]
        if types[e["fromID"]] in {"I", "RA", "CA"} and types[e["toID"]] in {"I", "RA", "CA"}
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_arguebuf_loads_the_aif_export(path: Path) -> None:
    original = argmap.load(path)
    data = json.loads(argmap.export(original, "aif"))
    atoms, supports, attacks, edges = _arguebuf_counts(data)
    assert (atoms, supports, attacks) == (
        len(original.claims), len(original.inferences), len(original.objections)
    )  # fmt: skip
    expected = _argument_edges(data)
    steps: list[argmap.Inference | argmap.Objection] = [*original.inferences, *original.objections]
    assert len(expected) == sum(len(s.premises) + 1 for s in steps)
    assert edges == expected


def test_arguebuf_loads_generated_exports(generated: argmap.ArgumentMap) -> None:
    data = json.loads(argmap.export(generated, "aif"))
    atoms, supports, attacks, edges = _arguebuf_counts(data)
    assert (atoms, supports, attacks) == (
        len(generated.claims), len(generated.inferences), len(generated.objections)
    )  # fmt: skip
    assert edges == _argument_edges(data)


# --- Real AIFdb and OVA files -----------------------------------------------------------


def test_a_real_aifdb_dialogue_imports_with_every_loss_reported(tmp_path: Path) -> None:
    """AIFdb nodeset 6064 (a debate), as in arguebuf's test data: L, YA, TA nodes."""
    result = runner.invoke(
        app, ["import", str(FORMATS / "aifdb-6064.json"), "-o", str(tmp_path / "m.yaml")]
    )
    assert result.exit_code == 0, result.output
    report = result.stderr
    assert "16 locutions (L nodes" in report
    assert "14 illocutions (YA nodes" in report
    assert "8 transitions (TA nodes" in report
    assert "5 proposition(s) not connected to the main conclusion '29054'" in report
    assert "--conclusion KEY for one of them: 111805, 111839" in report
    check = runner.invoke(app, ["validate", str(tmp_path / "m.yaml")])
    assert check.exit_code == 0, check.output
    imported = argmap.load(tmp_path / "m.yaml")
    conclusion = next(c for c in imported.claims if c.role == "conclusion")
    assert conclusion.text == "and therefore the only way forward was for Britain to withdraw"
    assert conclusion.quote == conclusion.text  # the locution's words, speaker removed
    assert conclusion.note == "Asserted by CL."
    assert [c.role for c in imported.claims].count(argmap.Role.INTERMEDIATE) == 2


def test_the_whole_report_as_json(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = runner.invoke(
        app,
        ["import", str(FORMATS / "aifdb-6064.json"), "-o", str(tmp_path / "m.yaml"),
         "--report", str(report)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["map"] == {"claims": 4, "inferences": 3, "objections": 0}
    lost = {n["message"]: n["keys"] for n in data["notes"] if n["kind"] == "lost"}
    assert len(lost["16 locutions (L nodes: who said what; the words are kept as quotes)"]) == 16


def test_the_report_and_the_map_in_one_place_are_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o - --report -` said "refusing to overwrite the input file -"; `--report -` made a
    file named '-'. The report goes to standard output, and only one output may."""
    monkeypatch.chdir(tmp_path)
    aif = str(FORMATS / "aifdb-6064.json")
    both = runner.invoke(app, ["import", aif, "-o", "-", "--report", "-"])
    assert both.exit_code == 2
    assert "-o - and --report - both name standard output; send one to a file" in both.stderr
    assert both.stdout == ""
    assert "chose:" not in both.stderr  # refused before the import's work
    same = runner.invoke(app, ["import", aif, "-o", "m.yaml", "--report", "m.yaml"])
    assert same.exit_code == 2
    assert "m.yaml and m.yaml are the same file; give each output a name of its own" in (
        same.stderr
    )
    assert list(tmp_path.iterdir()) == []
    printed = runner.invoke(app, ["import", aif, "-o", "m.yaml", "--report", "-"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["map"] == {"claims": 4, "inferences": 3, "objections": 0}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


def test_another_conclusion_of_a_real_aifdb_file() -> None:
    imported = argmap.import_map(FORMATS / "aifdb-6064.json", conclusion="111839")
    assert [(c.id, c.text) for c in imported.map.claims] == [
        ("C", "they are effectively trying to hand over to some kind of stable rule"),
        ("P1", "By the 50s, the Empire is going"),
    ]
    with pytest.raises(argmap.ArgmapError, match="no proposition '99999'"):
        argmap.import_map(FORMATS / "aifdb-6064.json", conclusion="99999")


def _aif_graph() -> dict[str, Any]:
    return {
        "nodes": [
            {"nodeID": "1", "text": "Taxes should rise.", "type": "I"},
            {"nodeID": "2", "text": "Schools need money.", "type": "I"},
            {"nodeID": "3", "text": "Expert Opinion", "type": "RA", "scheme": "Expert Opinion"},
            {"nodeID": "4", "text": "Growth would suffer.", "type": "I"},
            {"nodeID": "5", "text": "Default Conflict", "type": "CA"},
            {"nodeID": "6", "text": "Default Preference", "type": "PA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "2", "toID": "3"},
            {"edgeID": "2", "fromID": "3", "toID": "1"},
            {"edgeID": "3", "fromID": "4", "toID": "5"},
            {"edgeID": "4", "fromID": "5", "toID": "3"},
            {"edgeID": "5", "fromID": "2", "toID": "6"},
            {"edgeID": "6", "fromID": "6", "toID": "4"},
        ],
        "locutions": [],
    }


def test_what_aif_and_an_import_cannot_hold_is_reported() -> None:
    """A scheme of the map's own catalogue, and the answers to its questions."""
    original = argmap.load(DATA / "catalogue" / "map.yaml")
    data = json.loads(argmap.export(original, "aif"))
    assert [n["scheme"] for n in data["nodes"] if n["type"] == "RA"] == ["Fear Appeal"]
    data["edges"].append(dict(data["edges"][0], edgeID="99"))
    imported = argmap.import_text(json.dumps(data), "aif", name="x.json")
    report = imported.report()
    assert "not carried: catalogue 'fear.yaml'" in report
    assert "not carried: scheme 'fear-appeal' (not in argmap's catalogue" in report
    assert "not carried: questions of a scheme that was not carried: 3" in report
    assert "edges that repeat an earlier one (same nodes) read once: 99" in report
    assert imported.map.inferences[0].note == "Scheme: fear-appeal."
    assert argmap.check(imported.map) == []


def test_ova_files_and_the_older_ova_form_import() -> None:
    ova = {"AIF": _aif_graph(), "OVA": {"nodes": [], "edges": []}, "text": ""}
    imported = argmap.import_text(json.dumps(ova), "aif", name="ova.json")
    assert "OVA's layout" in imported.report()
    assert "1 preferences (PA nodes)" in imported.report()
    assert [i.scheme for i in imported.map.inferences] == ["expert-opinion"]
    objection = imported.map.objections[0]
    assert objection.to == imported.map.inferences[0].id  # an undercut
    old = _aif_graph()
    for node in old["nodes"]:
        node["id"] = node.pop("nodeID")
    old["edges"] = [{"from": {"id": e["fromID"]}, "to": {"id": e["toID"]}} for e in old["edges"]]
    again = argmap.import_text(json.dumps(old), "aif", name="old-ova.json")
    assert {**again.map.to_data(), "title": "ova"} == imported.map.to_data()


# --- Argdown ---------------------------------------------------------------------------


def _argdown_json(path: Path, tmp_path: Path) -> dict[str, Any]:
    return _cli_json(argmap.export(argmap.load(path), "argdown"), tmp_path)


def _cli_json(text: str, tmp_path: Path) -> dict[str, Any]:
    """What the Argdown CLI itself (`argdown json`, every plugin on) makes of `text`."""
    assert ARGDOWN is not None
    source = tmp_path / "x.argdown"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [ARGDOWN, "json", str(source), str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert "error" not in output.lower(), output
    assert result.returncode == 0, output
    data: dict[str, Any] = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    return data


def _expected_relations(argument_map: argmap.ArgumentMap) -> set[tuple[str, str, str, str]]:
    inferences = {i.id for i in argument_map.inferences}
    objections = {o.id for o in argument_map.objections}
    expected = set()
    for objection in argument_map.objections:
        for reason in objection.premises:
            expected.add(("support", reason, objection.id, "argument"))
        if objection.to in inferences:
            expected.add(("undercut", objection.id, objection.to, "inference"))
        elif objection.to in objections:
            expected.add(("attack", objection.id, objection.to, "argument"))
        else:
            expected.add(("attack", objection.id, objection.to, "equivalence-class"))
    return expected


@requires_argdown
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_argdown_cli_parses_the_export(path: Path, tmp_path: Path) -> None:
    original = argmap.load(path)
    data = _argdown_json(path, tmp_path)
    assert set(data["statements"]) == {c.id for c in original.claims}
    for claim in original.claims:
        texts = [m.get("text") for m in data["statements"][claim.id]["members"]]
        assert " ".join(claim.text.split()) in [" ".join(str(t).split()) for t in texts if t]
    relations = {(r["relationType"], r["from"], r["to"], r["toType"]) for r in data["relations"]}
    assert relations == _expected_relations(original)
    for inference in original.inferences:
        pcs = data["arguments"][inference.id]["pcs"]
        assert [s["title"] for s in pcs] == [*inference.premises, inference.to]
        assert pcs[-1]["role"] == "main-conclusion"


@requires_argdown
def test_an_undercut_comes_back_from_argdown_as_an_attack_on_the_inference(
    tmp_path: Path,
) -> None:
    data = _argdown_json(MAPS / "watchmaker.yaml", tmp_path)
    undercut = next(r for r in data["relations"] if r["from"] == "O1" and r["to"] == "I4")
    assert (undercut["relationType"], undercut["toType"]) == ("undercut", "inference")


@requires_argdown
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_argdown_round_trip_through_the_cli(path: Path, tmp_path: Path) -> None:
    original = argmap.load(path)
    source = tmp_path / f"{path.stem}.argdown"
    exported = runner.invoke(app, ["export", str(path), "--to", "argdown", "-o", str(source)])
    assert exported.exit_code == 0, exported.output
    target = tmp_path / "back.yaml"
    imported = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert imported.exit_code == 0, imported.output
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    assert _comparable(argmap.load(target).to_data()) == _comparable(original.to_data())


@requires_argdown
def test_argdown_round_trip_of_generated_maps(
    generated: argmap.ArgumentMap, tmp_path: Path
) -> None:
    source = tmp_path / "g.argdown"
    source.write_text(argmap.export(generated, "argdown"), encoding="utf-8")
    back = argmap.import_map(source)
    assert _comparable(back.map.to_data()) == _comparable(generated.to_data())


@requires_argdown
def test_argdown_syntax_errors_are_reported_with_positions(tmp_path: Path) -> None:
    broken = tmp_path / "broken.argdown"
    broken.write_text("[A]: One.\n\n<B>\n\n(1) [A]\n(2) nothing follows\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(broken), "-o", str(tmp_path / "m.yaml")])
    assert result.exit_code == 1
    assert f"{broken}:6:20: argdown-syntax: Missing inference." in result.stderr
    assert not (tmp_path / "m.yaml").exists()


ARGDOWN_BY_HAND = """\
# Nuclear power

## Climate

[Low carbon]: Nuclear plants emit almost no CO2.

<Climate argument>

(1) [Low carbon]
(2) We must cut emissions fast.
----
(3) [Cheap]: Nuclear power is worth its price.
(4) Worth its price means we should build it.
----
(5) [Build]: We should build nuclear plants.

## Risk

[Accidents]: Accidents are rare but terrible.
  -> [Build]
  >< [Safe]: Nuclear power is safe.

<Waste objection>: Waste stays dangerous for millennia.
  -> [Build]
"""


@requires_argdown
def test_a_hand_written_argdown_file_imports(tmp_path: Path) -> None:
    source = tmp_path / "nuclear.argdown"
    source.write_text(ARGDOWN_BY_HAND, encoding="utf-8")
    imported = argmap.import_map(source)
    report = imported.report()
    assert imported.map.title == "Nuclear power"
    assert {t.label for t in imported.map.themes} == {"Climate", "Risk"}
    steps = {i.id: (i.premises, i.to) for i in imported.map.inferences}
    assert steps["climate-argument"][0][0] == "Cheap"
    assert steps["climate-argument"][1] == "Build"
    assert "with 2 inferences" in report
    assert "read as two attacks" in report  # the contradiction ><
    assert "<Waste objection> without premises: its description is the reason" in report
    waste = next(o for o in imported.map.objections if o.id == "waste-objection")
    reason = next(c for c in imported.map.claims if c.id == waste.premises[0])
    assert (reason.text, waste.to) == ("Waste stays dangerous for millennia.", "Build")
    assert argmap.check(imported.map) == []


# --- Argdown: a foreign file reads itself alone, an export reads nothing (issue 19) ----

SECRET = "TOP-SECRET-4b1d"
FRONT_MATTERS = {
    # the CLI saves the file's own text where the front matter says (a shell's rc file)
    "saves-its-text": "outputPath: {0}/home/.bash\nsaveAs: {{dataKey: input, isRequestData: "
    "true, extension: rc}}",
    "overwrites-json": "outputPath: {0}/home/victim",
    "makes-folders": "saveAs: {{outputDir: {0}/home/made/deep}}",
}


@pytest.fixture
def outside() -> Iterator[Path]:
    """A folder outside the imported file's, whose path has no underscore (Argdown markup)."""
    folder = Path(tempfile.gettempdir()) / f"argmap-secret-{uuid.uuid4().hex}"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.mkfifo(folder / "fifo")
    yield folder
    shutil.rmtree(folder)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@requires_argdown
@pytest.mark.parametrize("front", FRONT_MATTERS.values(), ids=list(FRONT_MATTERS))
def test_an_argdown_front_matter_writes_nothing(front: str, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "victim.json").write_text("{}", encoding="utf-8")
    source = tmp_path / "evil.argdown"
    source.write_text(
        f"===\n{front.format(tmp_path)}\n===\n\n# T\n\n[A]: One.\n  + [B]: Two.\n", encoding="utf-8"
    )
    before = _files(tmp_path)
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    assert _files(tmp_path) == {**before, "out.yaml": (tmp_path / "out.yaml").read_bytes()}
    assert [c.text for c in argmap.load(tmp_path / "out.yaml").claims] == ["One.", "Two."]


@requires_argdown
def test_an_argdown_include_reads_nothing(outside: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    source = tmp_path / "evil.argdown"
    source.write_text(
        f"# T\n\n[A]: One.\n  + [R]: @include({outside}/secret.txt)\n", encoding="utf-8"
    )
    imported = argmap.import_map(source)
    assert SECRET not in imported.yaml()
    texts = {c.id: c.text for c in imported.map.claims}
    assert texts["R"] == f"@include({outside}/secret.txt)"  # the literal text, nothing read


@requires_argdown
@pytest.mark.parametrize("target", ["/dev/stdin", "fifo"])
def test_an_argdown_include_of_a_pipe_does_not_block(
    target: str, outside: Path, tmp_path: Path
) -> None:
    source = tmp_path / "evil.argdown"
    target = str(outside / target) if target == "fifo" else target
    source.write_text(f"# T\n\n[A]: One.\n  + [R]: @include({target})\n", encoding="utf-8")
    log = tmp_path / "log.txt"
    with (
        log.open("wb") as output,
        subprocess.Popen(
            [sys.executable, "-m", "argmap", "import", str(source), "-o", str(tmp_path / "o.yaml")],
            stdin=subprocess.PIPE, stdout=output, stderr=output, cwd=tmp_path,
        ) as process,
    ):  # fmt: skip
        try:  # argmap's standard input stays open: an include of it would wait (120 s)
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, log.read_text(encoding="utf-8")
    assert "@include" in (tmp_path / "o.yaml").read_text(encoding="utf-8")


@requires_argdown
def test_the_node_that_runs_the_argdown_cli_reads_writes_and_starts_nothing(
    tmp_path: Path,
) -> None:
    """The second layer: whatever runs in that Node (the CLI's include and save-as plugins,
    a plugin a front matter names) meets the permission model."""
    from argmap.formats.argdown import _sandbox, sandboxed  # noqa: PLC0415

    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    assert ARGDOWN is not None
    node, entry, packages = _sandbox(ARGDOWN, "x")
    probe = (
        "const fs = require('fs'); const tries = {"
        f"read: () => fs.readFileSync({str(tmp_path / 'secret.txt')!r}, 'utf8'),"
        f"write: () => fs.writeFileSync({str(tmp_path / 'w')!r}, 'x'),"
        f"folder: () => fs.mkdirSync({str(tmp_path / 'd')!r}),"
        "child: () => require('child_process').execFileSync('true'),"
        "worker: () => new (require('worker_threads').Worker)('1', {eval: true}) };"
        "for (const [k, f] of Object.entries(tries)) {"
        " try { f(); console.log(k, 'ALLOWED'); } catch (e) { console.log(k, e.code); } }"
    )
    result = subprocess.run(
        [*sandboxed(node, "--experimental-permission", packages), "-e", probe],
        capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.stdout.split("\n")[:5] == [
        f"{kind} ERR_ACCESS_DENIED" for kind in ("read", "write", "folder", "child", "worker")
    ], result.stdout + result.stderr
    assert _files(tmp_path) == {"secret.txt": SECRET.encode()}
    script = (ROOT / "src" / "argmap" / "formats" / "argdown.js").read_text(encoding="utf-8")
    unguarded = subprocess.run(
        [node, "-e", script, str(entry)],
        input="[A]: One.", capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert unguarded.returncode == 2
    assert "only under Node's permission model" in unguarded.stderr


def _everywhere(text: str) -> dict[str, Any]:
    """A map with `text` in every field the Argdown export writes."""
    return {
        "argmap": 1,
        "title": f"Title {text}",
        "description": f"Description {text}",
        "source": {"title": f"Source {text}", "publisher": text, "url": "https://example.org"},
        "themes": [{"id": "t", "label": f"Theme {text}", "description": text}],
        "claims": [
            {"id": "C", "text": f"Conclusion {text}", "role": "conclusion", "theme": "t",
             "note": text},
            {"id": "P", "text": f"Premise {text}", "role": "premise", "note": f"x{text}y"},
            {"id": "X", "text": f"Reason {text}", "role": "premise", "holder": "analyst"},
        ],
        "inferences": [{"id": "I", "from": ["P"], "to": "C", "warrant": text, "note": text}],
        "objections": [{"id": "O", "from": ["X"], "to": "I", "note": text}],
    }  # fmt: skip


@requires_argdown
def test_the_argdown_export_includes_nothing_where_argdown_opens_it(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    hostile = f"@include(secret.txt) @include({tmp_path}/secret.txt)"
    original = argmap.loads(json.dumps(_everywhere(hostile)))
    text = argmap.export(original, "argdown")
    data = _cli_json(text, tmp_path)  # the CLI itself, with its include plugin
    assert SECRET not in json.dumps(data)
    source = tmp_path / "x.argdown"
    source.write_text(text, encoding="utf-8")
    assert _comparable(argmap.import_map(source).map.to_data()) == _comparable(original.to_data())


@requires_argdown
def test_line_separators_in_notes_survive_the_argdown_round_trip(tmp_path: Path) -> None:
    breaks = "a\u2028b\u2029c\x85d\x9fe{f}"
    data = _everywhere("x")  # headings are one line in Argdown: notes and texts carry breaks
    for element in [*data["claims"], *data["inferences"], *data["objections"], data]:
        element["note" if element is not data else "description"] = breaks
    data["claims"][1]["text"] = breaks
    original = argmap.loads(json.dumps(data))
    source = tmp_path / "x.argdown"
    source.write_text(argmap.export(original, "argdown"), encoding="utf-8")
    back = argmap.import_map(source)
    assert _comparable(back.map.to_data()) == _comparable(original.to_data())


def _argdown_data() -> dict[str, Any]:
    return {
        "statements": {
            "A": {"members": [{"text": "One."}], "section": "s1"},
            "B": {"members": [{"text": "Two."}], "section": "s2"},
        },
        "arguments": {"X": {"pcs": [{"title": "B"}, {"title": "A", "role": "main-conclusion"}]}},
        "relations": [],
        "sections": [{"id": "s1", "title": "T", "level": 1,
                      "children": [{"id": "s2", "title": "S", "level": 2}]}],
    }  # fmt: skip


WRONG_TYPES: dict[str, tuple[tuple[str | int, ...], object]] = {
    "members-int": (("statements", "A", "members"), 3),
    "pcs-int": (("arguments", "X", "pcs"), 3),
    "children-int": (("sections", 0, "children"), 3),
    "role-list": (("arguments", "X", "pcs", 1, "role"), ["main-conclusion"]),
    "level-string": (("sections", 0, "children", 0, "level"), "2"),
    "argument-members-int": (("arguments", "X", "members"), 3),
    "theme-list": (("statements", "B", "data"), {"theme": ["x"]}),
    "scheme-list": (("arguments", "X", "data"), {"scheme": ["expert-opinion"]}),
}


@pytest.mark.parametrize("place", WRONG_TYPES.values(), ids=list(WRONG_TYPES))
def test_wrong_types_in_argdowns_json_are_read_or_refused(
    place: tuple[tuple[str | int, ...], object],
) -> None:
    path, value = place
    data = _argdown_data()
    container: Any = data
    for key in path[:-1]:
        container = container[key]
    container[path[-1]] = value
    try:
        imported = argmap.import_text(json.dumps(data), "argdown", name="x.json")
    except argmap.InvalidMapError:
        return  # refused, in argmap's words
    assert argmap.check(imported.map) == []


@requires_argdown
@pytest.mark.parametrize(
    "text",
    ["[A]: Claim.\n  + [R]: Reason. {theme: [x]}\n",
     "[A]: Claim.\n\n<X> {scheme: [expert-opinion]}\n\n(1) [R]: Reason.\n----\n(2) [A]\n"],
    ids=["theme-list", "scheme-list"],
)  # fmt: skip
def test_wrong_types_in_argdown_data_are_reported_not_carried(text: str, tmp_path: Path) -> None:
    source = tmp_path / "x.argdown"
    source.write_text(f"# T\n\n{text}", encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "m.yaml")])
    assert result.exit_code == 0, result.output
    assert "not carried: " in result.stderr
    assert "['" in result.stderr


@requires_argdown
def test_argdowns_json_is_told_from_aif_by_structure_not_by_its_start(tmp_path: Path) -> None:
    data = _argdown_json(ARTICLE_MAP, tmp_path)
    text = json.dumps(data, indent=2)
    assert text.index('"statements"') > 65536  # as `argdown json` writes the article
    (tmp_path / "article.json").write_text(text, encoding="utf-8")
    imported = argmap.import_map(tmp_path / "article.json")
    assert len(imported.map.claims) == len(argmap.load(ARTICLE_MAP).claims)


def test_an_older_ova_file_is_aif_whatever_its_texts_say(tmp_path: Path) -> None:
    old = _aif_graph()
    for node in old["nodes"]:
        node["id"] = node.pop("nodeID")
    old["nodes"][1]["text"] = "statements"
    old["edges"] = [{"from": {"id": e["fromID"]}, "to": {"id": e["toID"]}} for e in old["edges"]]
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    imported = argmap.import_map(tmp_path / "old.json")
    assert "statements" in [c.text for c in imported.map.claims]


# --- Mermaid ----------------------------------------------------------------------------


def _mermaid(text: str, tmp_path: Path, name: str = "x") -> subprocess.CompletedProcess[str]:
    assert MMDC is not None
    assert CHROMIUM is not None
    config = tmp_path / "puppeteer.json"
    config.write_text(
        json.dumps({"executablePath": CHROMIUM, "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ]}),
        encoding="utf-8",
    )  # fmt: skip
    (tmp_path / f"{name}.mmd").write_text(text, encoding="utf-8")
    return subprocess.run(
        [MMDC, "-p", str(config), "-i", str(tmp_path / f"{name}.mmd"),
         "-o", str(tmp_path / f"{name}.svg")],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


@requires_mermaid
def test_mermaids_parser_accepts_every_export_and_shows_labels_as_text(tmp_path: Path) -> None:
    for path in SHIPPED:
        result = _mermaid(argmap.export(argmap.load(path), "mermaid"), tmp_path, path.stem)
        assert result.returncode == 0, result.stdout + result.stderr
    svg = (tmp_path / "hostile.svg").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<script" not in svg
    assert "javascript:" not in svg.replace("[link](javascript:alert(1))", "")
    assert 'C"]; end; click C call alert(1); X["pwned' in svg.replace("&quot;", '"')


@requires_mermaid
def test_mermaids_parser_refuses_broken_text(tmp_path: Path) -> None:
    """The checker can fail: the same diagram with one label left unescaped."""
    text = argmap.export(argmap.load(HOSTILE), "mermaid")
    broken = text.replace("#34;#93;#59; end#59;", '"]; end;', 1)
    assert broken != text
    assert _mermaid(broken, tmp_path).returncode != 0


def test_mermaid_labels_are_escaped_character_by_character() -> None:
    text = argmap.export(argmap.load(HOSTILE), "mermaid")
    body = [line for line in text.splitlines() if "classDef" not in line]
    for line in body:
        for quoted in line.split('"')[1::2]:
            assert not set(quoted) & set('<>[]{}()|;#`"&%') - {"#", ";", "<", ">"}
            assert "<" not in quoted


# --- Kialo ------------------------------------------------------------------------------


def test_a_kialo_discussion_imports() -> None:
    imported = argmap.import_map(FORMATS / "kialo-uniforms.txt")
    claims = {c.text: c for c in imported.map.claims}
    assert imported.map.title == "Should schools require uniforms?"
    assert claims["Schools should require students to wear uniforms."].role == "conclusion"
    teasing = "Branded clothing is a common target of teasing (a 2019 survey of teachers says so)."
    assert teasing in claims
    second_hand = claims["Schools can hand out second-hand uniforms for free, as many already do."]
    assert second_hand.note == "Links: https://example.org/uniform-exchange"
    assert "Self-expression matters most in the teenage years, when identity forms." in claims
    signals = claims["Students signal income in other ways: phones, shoes and bags."].id
    steps: list[argmap.Inference | argmap.Objection] = [
        *imported.map.inferences,
        *imported.map.objections,
    ]
    uses = [s for s in steps if signals in s.premises]
    assert len(uses) == 2  # once as a Con of 1.1., once through the link 1.3.2.
    assert len(imported.map.objections) == 5
    assert argmap.check(imported.map) == []


def test_a_kialo_discussion_with_two_theses() -> None:
    text = "Discussion Title: T\n\n1. A.\n1.1. Pro: a.\n2. B.\n2.1. Pro: b1.\n2.2. Con: b2.\n"
    first = argmap.import_text(text, "kialo")
    assert [c.text for c in first.map.claims] == ["A.", "a."]
    assert "the first of 2 theses as the main conclusion" in first.report()
    assert "3 proposition(s) not connected to the main conclusion '1.'" in first.report()
    second = argmap.import_text(text, "kialo", conclusion="2.")
    assert [c.text for c in second.map.claims] == ["B.", "b1.", "b2."]


def test_a_kialo_link_that_would_close_a_circle_is_left_out_and_said() -> None:
    text = "Discussion Title: T\n\n1. C.\n1.1. Pro: A.\n1.1.1. Pro: B.\n1.1.1.1. Pro: -> See 1.1.\n"
    imported = argmap.import_text(text, "kialo")
    assert "would make 1.1. support itself through a circle" in imported.report()
    assert argmap.check(imported.map) == []


def test_separators_inside_a_kialo_line_never_split_a_claim() -> None:
    """Only line ends (\\n, \\r\\n, \\r) end a line: U+2028, U+0085, a form feed... are
    spaces in a claim, never a new claim (nor a claim 'appearing twice')."""
    text = (
        "Discussion Title: T\r\n\r\n1. C.\r\n1.1. Pro: a\u2028b\x85c\x0cd\u2029e\x1cf\r\n"
        "1.2. Con: x\u20281.1. Pro: y\n"
    )
    imported = argmap.import_text(text, "kialo")
    assert [c.text for c in imported.map.claims] == ["C.", "a b c d e f", "x 1.1. Pro: y"]


def test_kialo_escapes_are_words_and_links_are_notes() -> None:
    text = (
        "Discussion Title: T\n\n1. C.\n1.1. Pro: \\[a\\]\\(b\\) and "
        "[the words](https://x.org/a_\\(b\\)) and [[[ \\[\\[ ](\n"
    )
    claim = argmap.import_text(text, "kialo").map.claims[1]
    assert claim.text == "[a](b) and the words and [[[ [[ ]("
    assert claim.note == "Links: https://x.org/a_(b)"


def test_hostile_kialo_files_import_in_linear_time(tmp_path: Path) -> None:
    """The inputs a review found quadratic (issue 19, H3-H4, M8), imported in one process
    under a timeout that linear code meets many times over and quadratic code never does
    (runs of '[' and of '\\[', a claim over 1,000,000 lines, 20,000 links in 1 MB)."""
    head = "Discussion Title: T\n\n1. C.\n1.1. Pro: "
    links = [f"1.{n}. Pro: Claim {n}." for n in range(1, 20_001)]
    links += [f"1.{n}.1. Pro: -> See 1.{n * 7919 % 20_000 + 1}." for n in range(1, 20_001)]
    cases = {
        "brackets": head + "[" * 200_000,
        "escaped": head + "\\[" * 100_000,
        "lines": head + "x\n" * 1_000_000,
        "links": "Discussion Title: T\n\n1. C.\n" + "\n".join(links),
    }
    for name, text in cases.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    script = (
        "import sys, argmap\n"
        "for path in sys.argv[1:]:\n"
        "    print(len(argmap.import_map(path).map.claims))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *(str(tmp_path / f"{name}.txt") for name in cases)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "2", "2", "20001"]


def test_links_in_a_tangle_of_circles_are_refused_with_a_message() -> None:
    """Links that close one circle through 3,000 claims: finding which to leave out costs
    a search per link, bounded in all (issue 19, M8): refused, saying which link."""
    rows = ["Discussion Title: T", "", "1. C."]
    rows += [f"1.{n}. Pro: Claim {n}." for n in range(1, 3001)]
    rows += [f"1.{n}.1. Pro: -> See 1.{n % 3000 + 1}." for n in range(1, 3001)]
    with pytest.raises(argmap.InvalidMapError) as refused:
        argmap.import_text("\n".join(rows), "kialo")
    issue = refused.value.issues[0]
    assert issue.code == "not-kialo"
    assert "close more circles of support than argmap sorts out" in issue.message
    assert issue.line is not None


def test_an_import_too_large_to_read_back_is_not_written(tmp_path: Path) -> None:
    """Issue 19, L3: the map written must be one argmap reads (8 MiB), whatever the
    foreign file's own limit (64 MiB)."""
    source = tmp_path / "big.txt"
    source.write_text("Discussion Title: T\n\n1. C.\n1.1. Pro: " + "word " * 1_800_000)
    target = tmp_path / "big.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "import", str(source), "-o", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"{source}: too-large: the map would be 9,400,2" in done.stderr
    assert "at most 8,388,608 bytes, so it is not written" in done.stderr
    assert not target.exists()


def test_one_nul_byte_in_a_kialo_file_is_called_binary_not_utf16(tmp_path: Path) -> None:
    source = tmp_path / "k.txt"
    source.write_bytes(b"Discussion Title: T\n\n1. C.\x00\n1.1. Pro: ab.\n")
    with pytest.raises(argmap.ArgmapError) as refused:
        argmap.import_map(source)
    assert "binary-file: contains NUL bytes" in str(refused.value)


# --- The command line and the API agree ---------------------------------------------------


@pytest.mark.parametrize("to", ["aif", "argdown", "mermaid"])
def test_export_command_writes_what_the_api_returns(to: str, tmp_path: Path) -> None:
    target = tmp_path / f"out.{to}"
    result = runner.invoke(app, ["export", str(ARTICLE_MAP), "--to", to, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == argmap.export(argmap.load(ARTICLE_MAP), to)
    stdout = runner.invoke(app, ["export", str(ARTICLE_MAP), "--to", to, "-o", "-"])
    assert stdout.stdout == target.read_text(encoding="utf-8")


def test_exports_are_deterministic() -> None:
    for to in ("aif", "argdown", "mermaid"):
        assert argmap.export(argmap.load(ARTICLE_MAP), to) == argmap.export(
            argmap.load(ARTICLE_MAP), to
        )


def test_import_command_writes_what_the_api_returns(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    result = runner.invoke(app, ["import", str(FORMATS / "kialo-uniforms.txt"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert (
        target.read_text(encoding="utf-8")
        == argmap.import_map(FORMATS / "kialo-uniforms.txt").yaml()
    )
    assert "chose: Pro: an inference to the claim above" in result.stderr


def test_unknown_export_format_is_a_usage_error() -> None:
    with pytest.raises(argmap.ArgmapError, match="cannot export to 'pdf'"):
        argmap.export(argmap.load(ARTICLE_MAP), "pdf")


def _imports() -> Iterator[str]:
    yield from ("aif", "argdown", "kialo")


def test_the_subprocess_cli_imports_and_exports(tmp_path: Path) -> None:
    aif = tmp_path / "m.json"
    for args in (
        ["export", str(ARTICLE_MAP), "--to", "aif", "-o", str(aif)],
        ["import", str(aif), "-o", str(tmp_path / "back.yaml")],
        ["validate", str(tmp_path / "back.yaml")],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "argmap", *args],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
