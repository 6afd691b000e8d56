"""Grading: the key scores 100, known mistakes score what they should, with feedback."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap.classroom import _gradebook
from argmap.classroom._grade import WEIGHTS, similarity
from argmap.classroom._gradebook import labels
from argmap.cli import app

from .conftest import ARTICLE_MAP, DATA, MAPS, ROOT, assert_inert_markdown

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


def test_a_key_not_numbered_like_the_worksheet_is_told_so(tmp_path: Path) -> None:
    """The analyst's map given as the key: a few of the student's numbers (S1-S9) happen
    to be ids of the map, so the "no id matches" advice alone never fired."""
    student = MAPS / "classroom" / "student-1.yaml"
    graded = argmap.grade_file(student, argmap.load_key(ARTICLE_MAP))
    hint = "only 9 of your 60 claims have the id of a statement of the key"
    assert graded.items[0].feedback.startswith(hint)
    result = runner.invoke(app, ["grade", str(student), "--key", str(ARTICLE_MAP)])
    assert hint in result.stdout
    assert "the key is the one `argmap exercise` wrote for this worksheet" in result.stdout
    key_path = tmp_path / "key.yaml"
    argmap.exercise(argmap.load(ARTICLE_MAP), "structure", seed=1).save(
        tmp_path / "worksheet.md", [key_path]
    )
    right = argmap.grade_file(student, argmap.load_key(key_path))
    assert not any(item.feedback.startswith("only ") for item in right.items)


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


def test_the_readme_classroom_student(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walkthrough's student map, against a key made as docs/classroom.md makes it:
    the page's report is what `grade` prints, line for line ('...' elides lines)."""
    key_path = tmp_path / "key.yaml"
    exercise = argmap.exercise(argmap.load(ARTICLE_MAP), "structure", seed=1)
    exercise.save(tmp_path / "worksheet.md", [key_path])
    graded = argmap.grade_file(
        ROOT / "maps" / "classroom" / "student-1.yaml", argmap.load(key_path),
        weights={"schemes": 0},
    )  # fmt: skip
    assert graded.score == 95.8
    assert [issue.code for issue in graded.issues] == ["role-mismatch", "unused-claim"]
    todo = {(item.part, item.status) for item in graded.items if item.status != "correct"}
    assert todo == {
        ("roles", "wrong"), ("supports", "missed"), ("supports", "extra"),
        ("grouping", "wrong"), ("objections", "partial"), ("objections", "missed"),
        ("assumptions", "partial"),
    }  # fmt: skip
    monkeypatch.chdir(ROOT)
    student = "maps/classroom/student-1.yaml"
    printed = runner.invoke(
        app, ["grade", student, "--key", str(key_path), "--weights", "schemes=0"]
    )
    page = (ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")
    block = page.split("**3. Grade it:**", 1)[1].split("```\n", 3)[2]
    shown = [line for line in block.splitlines() if line.strip() and line.strip() != "..."]
    assert shown[0] == f"{student}: 95.8/100"
    lines = printed.stdout.splitlines()
    assert [line for line in shown if line not in lines] == []
    assert shown[-1] == lines[-1]  # the count of correct items


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
    assert "missing-objection," in result.stdout  # the others are graded all the same


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


# Issue 15: what a reliability review and a first use found in grading.


def _class(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "class"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(GRADING / "missing-objection.yaml", folder / name)
    return folder


def test_a_batch_grades_the_others_when_one_map_cannot_be_read(tmp_path: Path) -> None:
    """F2: one map with `title: !!timestamp hello` crashed the batch: no CSV for anyone."""
    folder = _class(tmp_path, "ana.yaml")
    text = (GRADING / "missing-objection.yaml").read_text(encoding="utf-8")
    (folder / "ben.yaml").write_text(
        text.replace("title: School uniforms", "title: !!timestamp hello")
    )
    result = runner.invoke(
        app, ["grade", str(folder), "--key", str(KEY), "-o", str(tmp_path / "g.csv")]
    )
    assert result.exit_code == 1, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text(encoding="utf-8"))))
    assert {r["student"]: r["score"] for r in rows} == {"ana": "95.0", "ben": ""}
    assert "is read as a timestamp but is not a valid one" in rows[1]["error"]


def test_a_batch_reads_no_submission_that_is_a_symbolic_link(tmp_path: Path) -> None:
    """L10: a submission linked to the teacher's notes had their start quoted in the CSV
    and the student's feedback. A batch refuses every link, and says so."""
    folder = _class(tmp_path, "ana.yaml")
    notes = tmp_path / "notes.txt"
    notes.write_text("Private: Ben copied Ana's map\n", encoding="utf-8")
    (folder / "ben.yaml").symlink_to(notes)
    (folder / "cal.yaml").symlink_to(folder / "ana.yaml")  # inside the folder: refused too
    feedback = tmp_path / "feedback"
    result = runner.invoke(app, [
        "grade", str(folder), "--key", str(KEY), "-o", str(tmp_path / "g.csv"),
        "--feedback", str(feedback),
    ])  # fmt: skip
    assert result.exit_code == 2, result.output
    written = [tmp_path / "g.csv", *feedback.iterdir()]
    assert not any("Ben copied" in path.read_text(encoding="utf-8") for path in written)
    assert "Ben copied" not in result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text(encoding="utf-8"))))
    assert {r["student"]: r["score"] for r in rows} == {"ana": "95.0", "ben": "", "cal": ""}
    refusal = "not-a-file: is a symbolic link; a batch reads only the files handed in"
    assert all(refusal in r["error"] for r in rows[1:])
    assert f"{folder / 'ben.yaml'}: not graded: {folder / 'ben.yaml'}: {refusal}" in result.output
    assert refusal in (feedback / "ben.txt").read_text(encoding="utf-8")
    grades, failed = argmap.grade_many([folder], argmap.load(KEY))
    assert [g.student for g in grades] == [str(folder / "ana.yaml")]
    assert [path.name for path, _ in failed] == ["ben.yaml", "cal.yaml"]
    assert all(refusal in str(error) for _, error in failed)


@pytest.mark.parametrize("inferences", ["5", '"abc"', "{a: 1}", "[1, [2], {id: I9}]"])
def test_a_student_map_whose_inferences_are_not_a_list_is_graded(
    inferences: str, tmp_path: Path, key: argmap.ArgumentMap
) -> None:
    """F5: the salvage of a broken role iterated `inferences` however it was written."""
    text = KEY.read_text(encoding="utf-8").replace("role: intermediate", "role: 7")
    start, end = text.index("inferences:"), text.index("objections:")
    path = tmp_path / "s.yaml"
    path.write_text(text[:start] + f"inferences: {inferences}\n" + text[end:], encoding="utf-8")
    graded = argmap.grade_file(path, key)
    assert graded.partial
    assert {"invalid-value"} <= {issue.code for issue in graded.issues}
    assert next(p for p in graded.parts if p.name == "supports").earned == 0.0


def test_outputs_into_a_symlink_loop_are_refused(tmp_path: Path) -> None:
    """F8: `-o` into a symlink loop was a RuntimeError (render, exercise, grade)."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    student = str(GRADING / "missing-objection.yaml")
    cases = [
        ["render", str(MAPS / "watchmaker.yaml"), "-f", "svg", "-o", str(loop)],
        ["exercise", str(MAPS / "watchmaker.yaml"), "-k", "roles", "-o", str(loop / "w.md")],
        ["exercise", str(MAPS / "watchmaker.yaml"), "-k", "roles", "-o", str(tmp_path / "w.md"),
         "--answers", str(loop)],
        ["grade", student, "--key", str(KEY), "-o", str(loop)],
        ["grade", student, student, "--key", str(KEY), "--feedback", str(loop)],
        ["grade", student, student, "--key", str(KEY), "-o", str(loop)],
    ]  # fmt: skip
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("argmap: "), result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]


def test_file_names_that_are_not_utf8_are_graded_and_shown_escaped(tmp_path: Path) -> None:
    """F10: a file named with a non-UTF-8 byte lost the whole batch."""
    folder = _class(tmp_path, "ana.yaml")
    odd = os.fsencode(folder) + b"/bad\xff.yaml"
    shutil.copy(GRADING / "missing-objection.yaml", os.fsdecode(odd))
    result = runner.invoke(app, [
        "grade", str(folder), "--key", str(KEY), "-o", str(tmp_path / "g.csv"),
        "--feedback", str(tmp_path / "fb"),
    ])  # fmt: skip
    assert result.exit_code == 1, result.output  # the maps have problems, and are graded
    table = (tmp_path / "g.csv").read_text(encoding="utf-8")
    assert "\nbad_xff," in table  # the student column: a safe file name
    assert "/bad\\xff.yaml," in table  # the file column: the name, its byte escaped
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == ["ana.txt", "bad_xff.txt"]
    key = os.fsdecode(os.fsencode(tmp_path) + b"/k\xff.yaml")
    made = runner.invoke(app, [
        "exercise", str(MAPS / "watchmaker.yaml"), "-k", "roles", "-o", str(tmp_path / "w.md"),
        "--answers", key,
    ])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "k\\xff.yaml" in made.output
    assert "--key k\\xff.yaml --weights" in Path(key).read_text(encoding="utf-8")
    single = runner.invoke(
        app, ["grade", os.fsdecode(odd), "--key", str(KEY), "-o", str(tmp_path / "r.md")]
    )
    assert single.exit_code == 1, single.output
    assert "bad\\xff.yaml: 95.0/100" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_a_student_map_names_no_file_grading_reads(tmp_path: Path) -> None:
    """F11, H3: grading read a student map's catalogue (one student's broken catalogue,
    submitted too, cost the class its CSV), and blocked on a FIFO as its source text."""
    folder = _class(tmp_path, "ana.yaml")
    text = (GRADING / "missing-objection.yaml").read_text(encoding="utf-8")
    catalogue = "schemes:\n  - {id: s, name: S, premises: [{role: r, form: f}], conclusion: c,\n" \
        "     questions: [{id: q, kind: assumption, text: '{conclusion} {'}]}\n"  # fmt: skip
    (folder / "cat.yaml").write_text(catalogue)
    (folder / "ben.yaml").write_text(
        text.replace("title: School uniforms", "title: t\ncatalogue: cat.yaml")
    )
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "source.txt")
        os.mkfifo(folder / "schemes.txt")
        (folder / "cy.yaml").write_text(
            text.replace("title: School uniforms", "title: t\nsource: {title: s, path: source.txt}")
        )
        (folder / "dee.yaml").write_text(
            text.replace("title: School uniforms", "title: t\ncatalogue: schemes.txt")
        )
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "grade", str(folder), "--key", str(KEY)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["ana"]["score"] == rows["ben"]["score"] == "95.0"
    assert rows["cat"]["score"] == ""  # the catalogue, graded as a map, is not one
    if hasattr(os, "mkfifo"):
        assert rows["cy"]["score"] == rows["dee"]["score"] == "95.0"


def test_grade_never_writes_over_the_keys_catalogue(tmp_path: Path) -> None:
    """O1: `-o` naming the key's catalogue file overwrote it."""
    shutil.copy(DATA / "catalogue" / "fear.yaml", tmp_path / "fear.yaml")
    key_path = tmp_path / "key.yaml"
    key_path.write_text(KEY.read_text(encoding="utf-8").replace("title: School uniforms",
                        "title: School uniforms\ncatalogue: fear.yaml"))  # fmt: skip
    before = (tmp_path / "fear.yaml").read_bytes()
    student = str(GRADING / "missing-objection.yaml")
    for args in ([student], [student, student]):
        result = runner.invoke(
            app, ["grade", *args, "--key", str(key_path), "-o", str(tmp_path / "fear.yaml")]
        )
        assert result.exit_code == 2, result.output
        assert "refusing to overwrite the input file" in result.output
    assert (tmp_path / "fear.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "weights", ["roles=inf", "roles=nan", "roles=-inf", "roles=1e308,supports=1e308"]
)
def test_weights_that_are_no_number_of_points_are_refused(weights: str) -> None:
    """W1: `roles=inf` gave `nan/100`, and NaN in the JSON."""
    result = runner.invoke(app, ["grade", str(KEY), "--key", str(KEY), "--weights", weights])
    assert result.exit_code == 2, result.output
    assert "is not a number of points" in result.output
    with pytest.raises(argmap.ArgmapError, match="not a number of points"):
        argmap.grade(argmap.load(KEY), argmap.load(KEY), weights={"roles": float("inf")})


def test_names_in_a_batch_are_unique_file_names(tmp_path: Path) -> None:
    """L1: x/a/s.yaml and x-a/s.yaml both got x-a-s.yaml; one report replaced the other."""
    for folder in ("x/a", "x-a"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(GRADING / "missing-objection.yaml", tmp_path / folder / "s.yaml")
    paths = [Path("x/a/s.yaml"), Path("x-a/s.yaml")]
    feedback = tmp_path / "fb"
    os.chdir(tmp_path)
    try:
        result = runner.invoke(
            app, ["grade", *map(str, paths), "--key", str(KEY), "--feedback", str(feedback)]
        )
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in feedback.iterdir()) == ["x-a-s.yaml-2.txt", "x-a-s.yaml.txt"]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["student"] for r in rows) == ["x-a-s.yaml", "x-a-s.yaml-2"]
    names = labels([Path("a/Ana.yaml"), Path("b/ana.yaml"), Path("c/ANA.yml")])
    assert len({name.casefold() for name in names.values()}) == 3


def test_student_text_is_inert_in_every_report(tmp_path: Path) -> None:
    """M1, E1: a student's <img onerror> and a file named <svg onload> reached the Markdown
    report raw; ESC and BEL in a file name reached the CSV and the feedback files."""
    folder = tmp_path / "class"
    folder.mkdir()
    text = (GRADING / "assumption-in-own-words.yaml").read_text(encoding="utf-8")
    hostile = text.replace("role: assumption", "role: '<img src=x onerror=alert(1)>'")
    assert hostile != text  # the message about that role quotes it
    (folder / "<svg onload=alert(3)>.yaml").write_text(hostile, encoding="utf-8")
    (folder / "esc\x1b[2J\x07.yaml").write_text(hostile, encoding="utf-8")
    feedback = tmp_path / "fb"
    result = runner.invoke(app, [
        "grade", str(folder), "--key", str(KEY), "-f", "markdown", "-o", str(tmp_path / "g.csv"),
        "--feedback", str(feedback),
    ])  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    written = [tmp_path / "g.csv", *feedback.iterdir()]
    assert len(written) == 3
    for path in written:
        content = path.read_text(encoding="utf-8")
        assert not set(content) & {"\x1b", "\x07"}, path
        assert not set(path.name) & {"\x1b", "\x07", "<"}
        if path.suffix == ".md":  # a CSV is no markup; a Markdown report has none of theirs
            assert_inert_markdown(content)
    assert "\\<svg onload=alert(3)\\>" in (feedback / "_svg onload=alert(3)_.md").read_text()
    report = argmap.grade_file(folder / "esc\x1b[2J\x07.yaml", argmap.load(KEY)).report("text")
    assert "esc\\x1b[2J\\x07.yaml" in report


def test_a_mistyped_folder_is_a_usage_error_and_nothing_is_written(tmp_path: Path) -> None:
    """Found when tried: `grade submisions/ ...` graded a student called "submisions"."""
    _class(tmp_path, "ana.yaml")
    result = runner.invoke(app, [
        "grade", str(tmp_path / "clas"), "--key", str(KEY), "-o", str(tmp_path / "g.csv"),
        "--feedback", str(tmp_path / "fb"),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "clas: no such file or folder; check the path (nothing was graded)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class"]
    with pytest.raises(argmap.ArgmapError, match="no such file or folder"):
        argmap.grade_many([tmp_path / "clas"], argmap.load(KEY))


def test_a_batch_writes_its_csv_and_feedback_all_or_none(tmp_path: Path) -> None:
    folder = _class(tmp_path, "ana.yaml", "ben.yaml")
    (tmp_path / "fb").mkdir()
    (tmp_path / "fb" / "ben.txt").mkdir()  # a report that cannot be written
    result = runner.invoke(app, [
        "grade", str(folder), "--key", str(KEY), "-o", str(tmp_path / "g.csv"),
        "--feedback", str(tmp_path / "fb"),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert not (tmp_path / "g.csv").exists()
    assert [p.name for p in (tmp_path / "fb").iterdir()] == ["ben.txt"]


def test_a_bug_in_grading_one_map_does_not_cost_the_others(
    monkeypatch: pytest.MonkeyPatch, key: argmap.ArgumentMap, tmp_path: Path
) -> None:
    folder = _class(tmp_path, "ana.yaml", "ben.yaml")
    real = _gradebook.grade_file

    def flaky(path: str | Path, key: argmap.ArgumentMap, **kwargs: object) -> argmap.Grade:
        if Path(path).name == "ben.yaml":
            raise ZeroDivisionError("a bug")
        return real(path, key, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_gradebook, "grade_file", flaky)
    grades, failed = argmap.grade_many([folder], key)
    assert [Path(g.student).name for g in grades] == ["ana.yaml"]
    assert [(path.name, error.exit_code) for path, error in failed] == [("ben.yaml", 3)]
    assert "internal error: ZeroDivisionError: a bug" in str(failed[0][1])
