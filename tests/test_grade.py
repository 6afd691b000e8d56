"""Grading: the key scores 100, known mistakes score what they should, with feedback."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap._grade import WEIGHTS, similarity
from argmap.cli import app

from .conftest import ARTICLE_MAP, DATA, ROOT

runner = CliRunner()
GRADING = DATA / "grading"
KEY = GRADING / "key.yaml"

# Each hand-written student map: its one mistake, the score it must get (worked out by
# hand from the weights in the README), and the feedback it must give.
STUDENTS = {
    # 6 of 7 roles right: 100 - 25/7.
    "premise-as-conclusion": (96.4, "roles", "wrong", "S4 is a premise, not a main conclusion"),
    # 1 of 2 objections, none extra: F1 2/3, so 100 - 15/3.
    "missing-objection": (95.0, "objections", "missed", "S8 should object to the step from S4"),
    # 2 of 3 reason groups right: 100 - 10/3.
    "linked-as-convergent": (96.7, "grouping", "wrong", "S1 and S2 work together (linked)"),
    # Right, in other words: the assumption matched by what it says.
    "assumption-in-own-words": (100.0, "assumptions", "correct", "your M1"),
}


@pytest.fixture(scope="module")
def key() -> argmap.ArgumentMap:
    return argmap.load(KEY)


def test_key_against_itself_scores_100(key: argmap.ArgumentMap) -> None:
    graded = argmap.grade(key, key)
    assert graded.score == 100.0
    assert all(item.status == "correct" for item in graded.items)
    assert {part.name for part in graded.parts} == {
        "roles", "supports", "grouping", "objections", "assumptions", "schemes",
    }  # fmt: skip


def test_article_key_against_itself_scores_100() -> None:
    key_map = argmap.exercise(argmap.load(ARTICLE_MAP), "structure", seed=3).key_map
    assert argmap.grade(key_map, key_map).score == 100.0
    article = argmap.load(ARTICLE_MAP)
    assert argmap.grade(article, article).score == 100.0


@pytest.mark.parametrize("name", STUDENTS)
def test_known_mistakes(name: str, key: argmap.ArgumentMap) -> None:
    score, part, status, feedback = STUDENTS[name]
    graded = argmap.grade_file(GRADING / f"{name}.yaml", key)
    assert graded.score == score
    assert [i for i in graded.items if i.status != "correct"] == (
        []
        if status == "correct"
        else [i for i in graded.items if i.part == part and i.status == status]
    )
    assert any(
        i.part == part and i.status == status and feedback in i.feedback for i in graded.items
    )


@pytest.mark.parametrize("name", STUDENTS)
def test_known_mistakes_through_the_cli(name: str) -> None:
    score, part, status, feedback = STUDENTS[name]
    result = runner.invoke(
        app, ["grade", str(GRADING / f"{name}.yaml"), "--key", str(KEY), "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert data["score"] == score
    assert any(
        i["part"] == part and i["status"] == status and feedback in i["feedback"]
        for i in data["items"]
    )
    assert sum(p["out_of"] for p in data["parts"].values()) == pytest.approx(100)
    assert result.exit_code == (1 if data["issues"] else 0)


def test_text_and_markdown_reports() -> None:
    path = str(GRADING / "linked-as-convergent.yaml")
    text = runner.invoke(app, ["grade", path, "--key", str(KEY)])
    assert text.exit_code == 0
    assert f"{path}: 96.7/100" in text.stdout
    assert "grouping" in text.stdout
    assert "What to work on:" in text.stdout
    markdown = runner.invoke(app, ["grade", path, "--key", str(KEY), "-f", "markdown"])
    assert "**Score: 96.7 / 100**" in markdown.stdout
    assert "| grouping | 6.7 | 10.0 |" in markdown.stdout


def test_an_invalid_student_map_is_graded_on_what_can_be_read(tmp_path: Path) -> None:
    text = KEY.read_text(encoding="utf-8")
    text = text.replace("role: intermediate", "role: 7")  # S3: a role that cannot be read
    text = text.replace("from: S4, to: S5", "from: S44, to: S5")  # an unknown id
    text = text.replace("  - {id: O1, from: S7, to: S1}", "  - {id: O1, from: S7, to: S1, by: 3}")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    graded = argmap.grade_file(path, argmap.load(KEY))
    found = {(issue.code, issue.line) for issue in graded.issues}
    # Every message where the problem is, even after an element was left out:
    assert found == {
        ("invalid-value", lines.index("    role: 7") + 1),
        ("unknown-field", lines.index("  - {id: O1, from: S7, to: S1, by: 3}") + 1),
        ("unknown-id", next(n for n, line in enumerate(lines, 1) if "from: S44" in line)),
        ("unused-claim", lines.index("  - id: S4") + 1),
    }
    assert graded.partial
    # S3 is kept (its links count) but its role is wrong; I3 names S44, so it is left out
    # (and the undercut of it cannot be matched); O1 is kept without its unknown field.
    by_part = {p.name: p for p in graded.parts}
    assert by_part["roles"].earned == pytest.approx(6 / 7)
    assert by_part["supports"].summary.startswith("4 of 5 links found")
    assert by_part["objections"].summary.startswith("1 of 2 objections found")
    assert any("S3: your role could not be read" in item.feedback for item in graded.items)
    result = runner.invoke(app, ["grade", str(path), "--key", str(KEY)])
    assert result.exit_code == 1
    assert "Problems in your map" in result.stdout
    assert "what could not be read was left out" in result.stdout
    assert "Traceback" not in result.output


def test_a_map_with_other_ids_is_told_so(key: argmap.ArgumentMap) -> None:
    watchmaker = argmap.load(ROOT / "maps" / "watchmaker.yaml")
    graded = argmap.grade(watchmaker, key)
    assert graded.score < 20
    assert "none of your claims has the id of a statement" in graded.items[0].feedback


def test_one_omission_is_not_charged_to_the_objection_on_its_step(tmp_path: Path) -> None:
    """A student who leaves out a reason still drew the objection to that step."""
    text = KEY.read_text(encoding="utf-8").replace("from: [S1, S2], to: S3", "from: [S1], to: S3")
    path = tmp_path / "s.yaml"
    path.write_text(
        text.replace("  - {id: O1, from: S7, to: S1}", "  - {id: O1, from: S7, to: I1}")
    )
    key_text = KEY.read_text(encoding="utf-8").replace(
        "  - {id: O1, from: S7, to: S1}", "  - {id: O1, from: S7, to: I1}"
    )
    key_path = tmp_path / "key.yaml"
    key_path.write_text(key_text)
    graded = argmap.grade_file(path, argmap.load(key_path))
    objections = next(p for p in graded.parts if p.name == "objections")
    assert objections.earned == 1.0


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        ("argmap: 1\ntitle: [unclosed\n", 1, "broken.yaml:3:1: yaml-syntax"),
        ("\x00\x01binary", 2, "binary"),
        ("argmap: 1\nclaims: [{id: S1}]\n", 1, "missing-field"),
    ],
)
def test_unreadable_student_maps(text: str, status: int, message: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["grade", str(path), "--key", str(KEY)])
    assert result.exit_code == status
    assert message in result.output
    assert "Traceback" not in result.output


def test_batch_gradebook(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for name in STUDENTS:
        shutil.copy(GRADING / f"{name}.yaml", folder / f"{name}.yaml")
    (folder / "=HYPERLINK.yaml").write_text("argmap: 1\ntitle: [\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a map", encoding="utf-8")
    shutil.copy(KEY, folder / "key.yaml")  # the key among the submissions is skipped
    feedback = tmp_path / "feedback"
    result = runner.invoke(app, [
        "grade", str(folder), "--key", str(folder / "key.yaml"), "-o", str(tmp_path / "g.csv"),
        "--feedback", str(feedback), "-f", "markdown",
    ])  # fmt: skip
    assert result.exit_code == 1  # one submission could not be graded
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text(encoding="utf-8"))))
    scores = {r["student"]: r["score"] for r in rows}
    assert scores == {
        **{name: str(expected[0]) for name, expected in STUDENTS.items()},
        "'=HYPERLINK": "",  # a spreadsheet must not run a file name as a formula
    }
    failed = next(r for r in rows if r["score"] == "")
    assert failed["error"]
    written = sorted(p.name for p in feedback.iterdir())
    assert written == sorted([*(f"{n}.md" for n in STUDENTS), "=HYPERLINK.md"])
    assert "**Not graded**" in (feedback / "=HYPERLINK.md").read_text(encoding="utf-8")
    assert "not graded" in result.output
    assert "graded 4 map(s)" in result.output


def test_batch_through_the_api(key: argmap.ArgumentMap) -> None:
    grades, failed = argmap.grade_many([GRADING], key)
    assert not failed
    assert sorted(g.score for g in grades) == sorted(v[0] for v in STUDENTS.values())
    table = argmap.gradebook(grades, failed)
    assert table.splitlines()[0] == (
        "student,file,score,roles,supports,grouping,objections,assumptions,schemes,problems,error"
    )


def test_weights(key: argmap.ArgumentMap) -> None:
    student = GRADING / "linked-as-convergent.yaml"
    assert argmap.grade_file(student, key, weights={"grouping": 0}).score == 100.0
    result = runner.invoke(
        app, ["grade", str(student), "--key", str(KEY), "--weights", "grouping=0"]
    )
    assert "100.0/100" in result.stdout
    nothing = ",".join(f"{part}=0" for part in WEIGHTS)
    for bad, message in (("style=3", "no part of the score"), ("roles", "NAME=NUMBER"),
                         ("roles=-1", "negative"), (nothing, "every part is 0")):  # fmt: skip
        result = runner.invoke(app, ["grade", str(student), "--key", str(KEY), "--weights", bad])
        assert result.exit_code == 2
        assert message in result.output


def test_an_invalid_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key.yaml"
    path.write_text("argmap: 1\ntitle: t\nclaims: [{id: C, text: c, role: conclusion}]\n")
    result = runner.invoke(app, ["grade", str(KEY), "--key", str(path)])
    assert result.exit_code == 2
    assert "unsupported-conclusion" in result.output


def test_similarity_of_paraphrases() -> None:
    mine = "Anything that eases financial pressure on families should be required."
    theirs = "Whatever eases the pressure on families is worth requiring."
    assert similarity(mine, theirs) >= 0.5
    assert similarity(mine, "Bullies find other targets, such as shoes and phones.") < 0.2


def test_the_readme_classroom_student(tmp_path: Path) -> None:
    """The walkthrough's student map, against a key made as the README makes it."""
    key_path = tmp_path / "key.yaml"
    exercise = argmap.exercise(argmap.load(ARTICLE_MAP), "structure", seed=1)
    exercise.save(tmp_path / "worksheet.md", [key_path])
    graded = argmap.grade_file(
        ROOT / "maps" / "classroom" / "student-1.yaml", argmap.load(key_path),
        weights={"schemes": 0},
    )  # fmt: skip
    assert graded.score == 94.9
    assert [issue.code for issue in graded.issues] == ["role-mismatch"]
    todo = {(item.part, item.status) for item in graded.items if item.status != "correct"}
    assert todo == {
        ("roles", "wrong"), ("supports", "missed"), ("supports", "extra"),
        ("grouping", "wrong"), ("objections", "partial"), ("objections", "missed"),
        ("assumptions", "partial"),
    }  # fmt: skip


def test_an_assumption_in_own_words_marked_premise_earns_half(
    key: argmap.ArgumentMap, tmp_path: Path
) -> None:
    text = (GRADING / "assumption-in-own-words.yaml").read_text(encoding="utf-8")
    path = tmp_path / "premise.yaml"
    path.write_text(text.replace("role: assumption", "role: premise"), encoding="utf-8")
    graded = argmap.grade_file(path, key)
    assert graded.score == 95.0  # only half the assumption's 10 points lost
    assert [i.status for i in graded.items if i.status != "correct"] == ["partial"]


def test_a_spelled_out_warrant_does_not_spoil_a_group(
    key: argmap.ArgumentMap, tmp_path: Path
) -> None:
    warrant = "  - {id: W, text: Cheaper clothes ease pressure., role: assumption}\n"
    text = KEY.read_text(encoding="utf-8").replace("[S1, S2], to: S3", "[S1, S2, W], to: S3")
    text = text.replace("inferences:", warrant + "inferences:", 1)
    path = tmp_path / "warrant.yaml"
    path.write_text(text, encoding="utf-8")
    graded = argmap.grade_file(path, key)
    wrong = [i for i in graded.items if i.status != "correct"]
    assert [(i.part, i.status) for i in wrong] == [("supports", "extra")]
    assert "not a statement of the key" in wrong[0].feedback


def test_lower_case_ids_are_pointed_out(key: argmap.ArgumentMap, tmp_path: Path) -> None:
    text = KEY.read_text(encoding="utf-8")
    for n in range(8, 0, -1):
        text = text.replace(f"S{n}", f"s{n}")
    path = tmp_path / "lower.yaml"
    path.write_text(text, encoding="utf-8")
    first = argmap.grade_file(path, key).items[0]
    assert "ids are case-sensitive: write S" in first.feedback


def test_batch_never_writes_over_a_submission(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("missing-objection", "linked-as-convergent"):
        shutil.copy(GRADING / f"{name}.yaml", folder / f"{name}.yaml")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    target = folder / "missing-objection.yaml"
    result = runner.invoke(app, ["grade", str(folder), "--key", str(KEY), "-o", str(target)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.output
    result = runner.invoke(
        app, ["grade", str(folder), "--key", str(KEY), "--feedback", str(folder)]
    )
    assert result.exit_code == 2
    assert "holds the submissions" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_batch_names_are_unique(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(GRADING / "missing-objection.yaml", tmp_path / folder / "ana.yaml")
    shutil.copy(GRADING / "linked-as-convergent.yaml", tmp_path / "a" / "ben.yaml")
    (tmp_path / "a" / "ben.json").write_text(json.dumps(argmap.load(KEY).to_data()))
    feedback = tmp_path / "feedback"
    result = runner.invoke(app, [
        "grade", str(tmp_path / "a"), str(tmp_path / "b"), "--key", str(KEY),
        "--feedback", str(feedback),
    ])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert len(list(feedback.iterdir())) == 4
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len({row["student"] for row in rows}) == 4


def test_batch_with_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, [
        "grade", str(tmp_path / "binary.yaml"), str(GRADING / "missing-objection.yaml"),
        "--key", str(KEY),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "binary.yaml: not graded" in result.output
    assert "missing-objection,"  in result.stdout  # the others are graded all the same


def test_a_key_moved_away_from_its_source_text_still_grades(tmp_path: Path) -> None:
    exercise = argmap.exercise(argmap.load(ARTICLE_MAP), "structure")
    exercise.save(tmp_path / "ws.md", [tmp_path / "key.yaml"])
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(tmp_path / "key.yaml", moved / "key.yaml")
    with pytest.raises(argmap.InvalidMapError, match="source-missing"):
        argmap.load(moved / "key.yaml")
    result = runner.invoke(
        app, ["grade", str(moved / "key.yaml"), "--key", str(moved / "key.yaml")]
    )
    assert result.exit_code == 0
    assert "100.0/100" in result.stdout
