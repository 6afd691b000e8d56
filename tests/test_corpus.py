"""The robustness corpus: hostile and broken inputs, each with its exit status and message.

The static inputs are files in `tests/data/corpus/`; the rest (a 10 MB file, a symlink
loop, unreadable and unwritable places, huge maps) are made here. Every case runs the
real command line in a new process, so a crash, a traceback or a hang cannot hide:
none may print a traceback, leave a partial output, or outlive its time limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from .conftest import DATA, MAPS, VALID_MAP, assert_inert, assert_inert_markdown

CORPUS = DATA / "corpus"
WATCHMAKER = MAPS / "watchmaker.yaml"


@dataclass(frozen=True)
class Case:
    """A command on an input, the exit status it must give, and what it must say."""

    name: str
    args: list[str]
    status: int
    says: str
    make: Callable[[Path], object] | None = None
    timeout: float = 60
    outputs: list[str] = field(default_factory=list)
    """Files (in the case's folder) that must not exist afterwards: nothing partial."""


def _static(name: str, status: int, says: str, command: str = "validate") -> Case:
    return Case(name, [command, str(CORPUS / name)], status, says)


STATIC = [
    # Malformed YAML and JSON
    _static("yaml-unclosed-bracket.yaml", 1, "yaml-unclosed-bracket.yaml:3:7: yaml-syntax"),
    _static("yaml-bad-indent.yaml", 1, ":3:9: yaml-syntax: mapping values are not allowed"),
    _static("yaml-tab-indent.yaml", 1, ":4:1: yaml-syntax"),
    _static("yaml-unclosed-quote.yaml", 1, ":2:8: yaml-syntax: a quoted scalar opens here"),
    _static(
        "yaml-quote-runs-on.yaml",
        1,
        "line 5 opens a quoted text and does not close it; "
        'close it on that line: text: "Smoking harms health"',
    ),
    _static("yaml-two-documents.yaml", 1, "a map file holds one YAML document"),
    _static("yaml-surrogate-escape.yaml", 1, "YAML takes no surrogate pairs"),
    _static("json-trailing-comma.json", 1, "json-trailing-comma.json:1:42: json-syntax"),
    _static("json-single-quotes.json", 1, ":1:2: json-syntax"),
    _static("json-nan.json", 1, "json-syntax: NaN is not JSON"),
    # Wrong types at every level
    _static("type-top-level-list.yaml", 1, "the map should be a mapping of fields, not a list"),
    _static("type-top-level-text.yaml", 1, "not the text 'just a sentence'"),
    _static("type-version-text.yaml", 1, "unsupported-version"),
    _static("type-title-list.yaml", 1, "'title' should be text, not a list"),
    _static("type-claims-mapping.yaml", 1, "'claims' should be a list, not a mapping"),
    _static("type-claim-text.yaml", 1, "claim #1 should be a mapping of fields"),
    _static("type-claim-text-number.yaml", 1, "not the number 42; put text in quotes"),
    _static("type-role-unknown.yaml", 1, "'premis' is not allowed (did you mean 'premise'?)"),
    _static(
        "type-from-mapping.yaml", 1, "field 'from' should be one id or a list of ids, not a mapping"
    ),
    _static("type-to-list.yaml", 1, "'to' takes one id: write to: C"),
    _static("type-source-text.yaml", 1, "source should be a mapping of fields"),
    _static("type-theme-missing-label.yaml", 1, "theme 't1' has no 'label'; add it"),
    _static("type-scenario-label.yaml", 1, "'maybe' is not allowed; use 'in', 'out'"),
    _static("type-unknown-field.yaml", 1, "unknown field 'weight'"),
    _static("type-date.yaml", 1, "'2024-02-30' is read as a timestamp but is not a valid one"),
    # Keys, aliases, nesting, tags
    _static("duplicate-key.yaml", 1, "key 'title' appears twice"),
    _static("alias-bomb.yaml", 1, "yaml-alias: aliases (*a) are not allowed"),
    _static("deep-nesting.yaml", 1, "too-deep: nesting is deeper than 32 levels"),
    _static("python-tag.yaml", 1, "tag !!python/object/apply:os.system is not allowed"),
    # Empty, encodings, binary
    _static("empty.yaml", 1, "empty-map: the map is empty"),
    _static("only-comments.yaml", 1, "empty-map"),
    _static("latin1.yaml", 2, "latin1.yaml:4:32: not-utf8: byte 0xe9 is not UTF-8"),
    _static("utf16-bom.yaml", 2, "is UTF-16-encoded; save it as UTF-8"),
    _static("utf16-no-bom.yaml", 2, "looks UTF-16-encoded"),
    _static("binary.png.yaml", 2, "binary-file"),
    # References and structure
    _static("unknown-id.yaml", 1, "unknown-id"),
    _static("support-cycle.yaml", 1, "support-cycle: claims support each other in a circle"),
    _static("invalid-url.yaml", 1, "invalid-url: source url 'javascript:alert(1)'"),
]

HOSTILE = [
    "inject-dot.yaml", "inject-html.yaml", "inject-svg.yaml", "inject-escapes.yaml",
    "text-rtl.yaml", "text-emoji.yaml",
]  # fmt: skip


def _map(folder: Path, name: str = "map.yaml", text: str = VALID_MAP) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _big_file(folder: Path) -> None:
    with (folder / "big.yaml").open("w", encoding="utf-8") as handle:
        handle.write(VALID_MAP)
        line = "# " + "x" * 97 + "\n"
        handle.write(line * (10 * 1024 * 1024 // len(line)))


def _long_claim(folder: Path) -> None:
    words = " ".join(["militias"] * 600)[:5000]
    _map(folder, text=VALID_MAP.replace("Smoking causes cancer.", words))


def _many_objections(folder: Path) -> None:
    data = yaml.safe_load(VALID_MAP)
    for n in range(10_000):
        data["claims"].append(
            {"id": f"X{n}", "text": f"Reason {n}", "role": "premise", "holder": "analyst"}
        )
        data.setdefault("objections", []).append({"id": f"O{n}", "from": f"X{n}", "to": "P1"})
    _map(folder, text=yaml.safe_dump(data, sort_keys=False, width=200))


def _symlink_loop(folder: Path) -> None:
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")


_WRITE_ONLY = Path("/proc/sys/vm/compact_memory")


def _unreadable(folder: Path) -> None:
    if os.geteuid() == 0 and _WRITE_ONLY.exists():  # root reads any file it made itself
        (folder / "secret.yaml").symlink_to(_WRITE_ONLY)
    else:
        _map(folder, "secret.yaml").chmod(0)


def _read_only_folder(folder: Path) -> None:
    _map(folder)
    (folder / "locked").mkdir()
    (folder / "locked").chmod(0o555)


def _with_source(folder: Path) -> None:
    data = yaml.safe_load(VALID_MAP)
    data["source"] = {"title": "s", "path": "s.txt"}
    for claim in data["claims"]:
        if claim["role"] != "assumption":
            claim["quote"] = claim["text"].removesuffix(".")
    _map(folder, text=yaml.safe_dump(data, sort_keys=False))
    (folder / "s.txt").write_text("Smoking causes cancer. You should not smoke.")


def _aif(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]]) -> str:
    return json.dumps({
        "nodes": [{"nodeID": key, "type": kind, "text": text} for key, kind, text in nodes],
        "edges": [{"edgeID": str(n), "fromID": a, "toID": b} for n, (a, b) in enumerate(edges)],
    })  # fmt: skip


_ARGUMENT = [("1", "I", "C"), ("2", "RA", "Default Inference"), ("3", "I", "P")]


def _foreign(name: str, text: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    return make


def _many_arguments(folder: Path) -> None:
    """A file of many small arguments: choosing one must not cost a pass per argument."""
    nodes = [
        (f"{n}", kind, f"claim {n}")
        for n in range(60_000)
        for kind in ["I" if n % 3 != 1 else "RA"]
    ]
    edges = [
        pair
        for n in range(0, 60_000, 3)
        for pair in ((f"{n + 2}", f"{n + 1}"), (f"{n + 1}", f"{n}"))
    ]
    (folder / "many.json").write_text(_aif(nodes, edges), encoding="utf-8")


def _sparse(folder: Path) -> None:
    """A 65 MB file that takes no room: argmap refuses it by its size, unread."""
    with (folder / "big.json").open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)


def _import_cases() -> list[Case]:
    """Foreign files for `argmap import`: each refused with a precise message, or read."""
    out = ["-o", "m.yaml"]
    cycle = _aif(
        [*_ARGUMENT, ("4", "I", "A"), ("5", "RA", "RA"), ("6", "RA", "RA")],
        [("3", "2"), ("2", "1"), ("4", "5"), ("5", "3"), ("3", "6"), ("6", "4")],
    )
    deep = '{"nodes": ' + "[" * 200 + "]" * 200 + "}"
    hostile = _aif(
        [
            ("1", "I", "C: #x\n--- *a &b !!python/object:os.system ['\x1b[2J']"),
            ("2", "RA", "Default Inference"),
            ("3", "I", "\u202eevil\u202c <script>"),
        ],
        [("3", "2"), ("2", "1")],
    ).replace("\\", "\\")
    cases = [
        ("a malformed AIF file", "bad.json", '{"nodes": [', 1, "bad.json:1:12: json-syntax"),
        ("JSON that is not AIF", "other.json", '{"name": "x"}', 1, "not-aif: this is not AIF"),
        ("an empty AIF file", "empty.json", "", 1, "empty.json:1:1: json-syntax"),
        ("deeply nested AIF", "deep.json", deep, 1, "too-deep: nesting is deeper than 32"),
        (
            "duplicate AIF node ids",
            "dup.json",
            _aif([*_ARGUMENT, ("3", "I", "again")], [("3", "2"), ("2", "1")]),
            1,
            "duplicate-id: node '3' appears twice (nodes #3 and #4)",
        ),
        (
            "an AIF edge to a missing node",
            "edge.json",
            _aif(_ARGUMENT, [("3", "2"), ("2", "9")]),
            1,
            "unknown-node: edge #2 goes to node '9', which is not among the nodes",
        ),
        ("an AIF support cycle", "cycle.json", cycle, 1, "support-cycle"),
        (
            "AIF with no argument",
            "lone.json",
            _aif([("1", "I", "C")], []),
            1,
            "unsupported-conclusion",
        ),
        (
            "a Kialo file that is not one",
            "k.txt",
            "Hello\n1. x\n",
            1,
            "k.txt:1:1: not-kialo: this is not a Kialo export",
        ),
        (
            "a Kialo number used twice",
            "k2.txt",
            "Discussion Title: T\n\n1. C\n1.1. Pro: A\n1.1. Pro: B\n",
            1,
            "k2.txt:5:1: not-kialo: claim 1.1. appears twice (first on line 4)",
        ),
        (
            "a Kialo link to nowhere",
            "k3.txt",
            "Discussion Title: T\n\n1. C\n1.1. Pro: A\n1.2. Pro: -> See 1.9.\n",
            1,
            "claim 1.2. links to 1.9., which is not a claim of the discussion",
        ),
        ("a binary AIF file", "bin.json", "\x00\x01", 2, "binary-file"),
        ("an unknown import format", "m.xyz", "x", 2, "cannot tell the format from '.xyz'"),
        ("hostile text in AIF", "hostile.json", hostile, 0, "wrote m.yaml (2 claims"),
    ]
    made = [
        Case(name, ["import", file, *out], status, says, _foreign(file, text),
             outputs=[] if status == 0 else ["m.yaml"])
        for name, file, text, status, says in cases
    ]  # fmt: skip
    return [
        *made,
        Case("a 65 MB AIF file", ["import", "big.json", *out], 2, "too-large", _sparse,
             outputs=["m.yaml"]),
        Case("an AIF file of 20,000 separate arguments",
             ["import", "many.json", *out, "--report", "r.json"], 0,
             "19999 relation(s) outside the argument for the main conclusion: 4, 7, 10",
             _many_arguments, timeout=60),
        Case("an import over its input", ["import", "in.json", "-o", "in.json"], 2,
             "refusing to overwrite the input file",
             _foreign("in.json", _aif(_ARGUMENT, [("3", "2"), ("2", "1")]))),
        Case("an export over the map", ["export", "map.yaml", "--to", "aif", "-o", "map.yaml"], 2,
             "refusing to overwrite the input file", _map),
        Case("an export of a broken map", ["export", "bad.yaml", "--to", "argdown", "-o", "x.ad"],
             1, "unknown-id", lambda f: (f / "bad.yaml").write_text(
                 VALID_MAP.replace("from: [P1, A1]", "from: [P9, A1]")), outputs=["x.ad"]),
    ]  # fmt: skip


def _map_and_folder(folder: Path) -> None:
    _map(folder)
    (folder / "out").mkdir()


def _cases() -> list[Case]:
    render = ["render", "map.yaml"]
    unwritable = (
        ["-o", "/proc/argmap-corpus.svg"] if os.geteuid() == 0 else ["-o", "locked/x.svg"]
    )  # root writes anywhere else
    return [
        *STATIC,
        # Files that are not files, or not readable
        Case("a 10 MB file", ["validate", "big.yaml"], 2, "too-large", _big_file),
        Case("a directory", ["validate", "."], 2, ".: not-a-file: is a directory"),
        Case("a missing file", ["validate", "nowhere.yaml"], 2, "file-not-found: no such file"),
        Case("a symlink loop", ["validate", "loop.yaml"], 2, "loop.yaml: unreadable",
             _symlink_loop),
        Case("unreadable permissions", ["validate", "secret.yaml"], 2, "unreadable", _unreadable),
        # Outputs that cannot be written, and outputs over inputs
        Case("a missing output folder", [*render, "-o", "no/such/x.svg"], 2,
             "the folder no/such does not exist", _map, outputs=["no"]),
        Case("an unwritable output folder", [*render, *unwritable], 2, "cannot write in",
             _read_only_folder, outputs=["locked/x.svg"]),
        Case("output over the map", [*render, "-f", "svg", "-o", "map.yaml"], 2,
             "refusing to overwrite the input file", _map),
        Case("output over the source text", [*render, "-f", "svg", "-o", "s.txt"], 2,
             "refusing to overwrite the input file", _with_source),
        Case("worksheet over the map", ["exercise", "map.yaml", "-k", "roles", "-o", "x.md",
             "--answers", "map.yaml"], 2, "refusing to overwrite", _map, outputs=["x.md"]),
        Case("a folder as the drawing", [*render, "-o", "out"], 2,
             "out: is a directory; give a file name, such as out/map.svg", _map_and_folder),
        Case("a drawing with no extension", [*render, "-o", "x"], 2,
             "cannot tell the format from 'no extension'", _map, outputs=["x"]),
        Case("a folder as the worksheet", ["exercise", "map.yaml", "-k", "roles", "-o", "out"],
             2, "out: is a directory; give a file name, such as out/sheet.pdf",
             _map_and_folder),
        # Large but valid: must work, in bounded time
        Case("a 5,000-character claim", [*render, "-o", "x.svg"], 0, "wrote x.svg", _long_claim),
        Case("10,000 objections on one claim", ["evaluate", "map.yaml"], 0,
             "P1 OUT: undermined by O0, O1", _many_objections),
        Case("a render past its time limit", [*render, "-o", "x.svg", "--timeout", "0.5"], 1,
             "did not finish within 0.5 s and was stopped", _many_objections, outputs=["x.svg"]),
        *_import_cases(),
    ]  # fmt: skip


CASES = _cases()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) + len(HOSTILE) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


def _run(args: list[str], folder: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        cwd=folder, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus_case(case: Case, tmp_path: Path) -> None:
    if case.make is not None:
        case.make(tmp_path)
    before = set(tmp_path.rglob("*"))
    result = _run(case.args, tmp_path, case.timeout)
    output = result.stdout + result.stderr
    assert result.returncode == case.status, output[-2000:]
    assert case.says in output, output[-2000:]
    assert "Traceback" not in output
    for name in case.outputs:
        assert not (tmp_path / name).exists(), f"{name} was written"
    leftovers = [p for p in set(tmp_path.rglob("*")) - before if p.name.endswith(".tmp")]
    assert not leftovers, leftovers


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_renders_inert(name: str, tmp_path: Path) -> None:
    """Text carrying DOT, HTML or SVG, right-to-left marks or emoji: drawn as text, everywhere."""
    for engine in ("embedded", "dot"):
        if engine == "dot" and not _has_dot():
            continue
        out = tmp_path / f"{engine}.svg"
        result = _run(["render", str(CORPUS / name), "-o", str(out), "--engine", engine],
                      tmp_path, 60)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert_inert(out.read_text(encoding="utf-8"))
    for kind in ("structure", "evaluate"):
        html, markdown = tmp_path / f"{kind}.html", tmp_path / f"{kind}.md"
        for target in (html, markdown):
            result = _run(["exercise", str(CORPUS / name), "-k", kind, "-o", str(target)],
                          tmp_path, 60)  # fmt: skip
            assert result.returncode == 0, result.stderr
        assert_inert(html.read_text(encoding="utf-8"))
        assert_inert_markdown(markdown.read_text(encoding="utf-8"))
        for svg in tmp_path.glob(f"{kind}-*.svg"):
            assert_inert(svg.read_text(encoding="utf-8"))


def _has_dot() -> bool:
    from shutil import which  # noqa: PLC0415

    return which("dot") is not None


def _escapes(folder: Path) -> None:
    text = VALID_MAP.replace(
        "Smoking causes cancer.", '"Smoking\\e[2J\\e]0;pwned\\a causes cancer."'
    )
    _map(folder, text=text)


def test_terminal_escapes_in_map_text_are_shown_not_run(tmp_path: Path) -> None:
    _escapes(tmp_path)
    for args in (["show", "map.yaml"], ["evaluate", "map.yaml"]):
        result = _run(args, tmp_path, 60)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout + result.stderr
        assert "\x07" not in result.stdout + result.stderr
        assert "Smoking\\x1b[2J\\x1b]0;pwned\\x07 causes cancer." in result.stdout
    bad = VALID_MAP.replace("role: conclusion", 'role: "conc\\e[2Jlusion"')
    _map(tmp_path, "bad.yaml", bad)
    result = _run(["validate", "bad.yaml"], tmp_path, 60)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert "conc\\x1b[2Jlusion" in result.stdout


def test_a_title_cannot_break_out_of_the_key_files_comment(tmp_path: Path) -> None:
    title = '"Smoking\\nscenarios: [{id: S9, expect: {C: out}}]\\ncatalogue: /etc/passwd\\n#\\0"'
    _map(tmp_path, text=VALID_MAP.replace("title: Smoking", f"title: {title}"))
    result = _run(["exercise", "map.yaml", "-k", "roles", "-o", "w.md", "--answers", "k.yaml"],
                  tmp_path, 60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    check = _run(["validate", "k.yaml"], tmp_path, 60)
    assert check.returncode == 0, check.stdout
    key = yaml.safe_load((tmp_path / "k.yaml").read_text(encoding="utf-8"))
    assert "scenarios" not in key
    assert "catalogue" not in key


def test_a_long_claim_fits_every_worksheet_format(tmp_path: Path) -> None:
    _long_claim(tmp_path)
    for kind in ("roles", "structure", "evaluate"):
        result = _run(["exercise", "map.yaml", "-k", kind, "-o", f"{kind}.pdf",
                       "--answers", f"{kind}-key.pdf", "--answers", f"{kind}.html"],
                      tmp_path, 120)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"{kind}-key.pdf").read_bytes().startswith(b"%PDF")


def test_hostile_text_imports_intact_and_validates(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "hostile text in AIF")
    assert case.make is not None
    case.make(tmp_path)
    assert _run(case.args, tmp_path, 60).returncode == 0
    check = _run(["validate", "m.yaml"], tmp_path, 60)
    assert check.returncode == 0, check.stdout + check.stderr
    texts = {c["text"] for c in yaml.safe_load((tmp_path / "m.yaml").read_text())["claims"]}
    assert texts == {
        "C: #x\n--- *a &b !!python/object:os.system ['\x1b[2J']",
        "\u202eevil\u202c <script>",
    }


def test_a_missing_argdown_cli_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.argdown").write_text("[A]: a.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "import", "a.argdown", "-o", "m.yaml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "ARGMAP_ARGDOWN": str(tmp_path / "no-such-argdown")},
    )  # fmt: skip
    assert result.returncode == 2
    assert "argdown-missing: reading .argdown needs the Argdown CLI" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "m.yaml").exists()
