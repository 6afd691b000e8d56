"""What real arguments say: replies to objections, reported voices, unstated steps and
scheme roles, through every stage (check, show, evaluate, draw, worksheets, grading)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap import InvalidMapError
from argmap.analysis._views import views
from argmap.checks._structure import AttackKind, Structure
from argmap.classroom._exercise import exercise
from argmap.classroom._grade import grade
from argmap.cli import app
from argmap.mapfile._catalogue import builtin, phrase
from argmap.model import Holder, Label

from .conftest import DATA

OP_ED = DATA / "replies" / "map.yaml"
runner = CliRunner()


def test_the_op_ed_map_is_valid_and_uses_every_feature() -> None:
    m = argmap.load(OP_ED)
    assert argmap.check(m) == []
    structure = Structure.of(m)
    assert structure.attack_kind(structure.objections["O2"]) is AttackKind.REPLY
    claims = structure.claims
    assert claims["R1"].holder is Holder.REPORTED  # a voice makes a claim reported
    assert claims["R1"].voice == "critics"
    assert claims["R1"].stated  # reported voices are in the text: they need quotes
    assert claims["K"].unstated
    assert not claims["K"].stated
    assert claims["K"].implicit


def evaluate_why(m: argmap.ArgumentMap, element: str) -> str:
    return argmap.evaluate(m).why(element)


def test_a_reported_claim_without_its_quote_is_missing_one(tmp_path: Path) -> None:
    text = OP_ED.read_text().replace(
        "    quote: Critics reply that the late hours cost too much, and that the money would "
        "be better spent on the branch libraries.\n",
        "",
    )
    (tmp_path / "op-ed.txt").write_text((OP_ED.parent / "op-ed.txt").read_text())
    (tmp_path / "map.yaml").write_text(text)
    with pytest.raises(InvalidMapError) as caught:
        argmap.load(tmp_path / "map.yaml")
    [issue] = caught.value.issues
    assert issue.code == "missing-quote"
    assert "claim 'R1' is reported by the author but has no quote" in issue.message


def test_missing_quote_on_an_intermediate_suggests_unstated(tmp_path: Path) -> None:
    text = OP_ED.read_text().replace("    unstated: true\n", "")
    (tmp_path / "op-ed.txt").write_text((OP_ED.parent / "op-ed.txt").read_text())
    (tmp_path / "map.yaml").write_text(text)
    with pytest.raises(InvalidMapError) as caught:
        argmap.load(tmp_path / "map.yaml")
    [issue] = caught.value.issues
    assert issue.code == "missing-quote"
    assert "mark it 'unstated: true' if the text skips this step" in issue.message
    assert "holder: analyst" not in issue.message


def test_objection_cycles_are_allowed_and_undecided() -> None:
    m = argmap.loads(
        "argmap: 1\ntitle: t\nclaims:\n"
        "  - {id: C, text: c, role: conclusion}\n"
        "  - {id: P, text: p, role: premise}\n"
        "  - {id: X, text: x, role: premise, holder: analyst}\n"
        "  - {id: Y, text: y, role: premise, holder: analyst}\n"
        "inferences: [{id: I, from: P, to: C}]\n"
        "objections:\n"
        "  - {id: O1, from: X, to: O2}\n"
        "  - {id: O2, from: Y, to: O1}\n"
        "  - {id: O3, from: Y, to: C}\n"
    )
    labels = argmap.evaluate(m).labels
    assert (labels["O1"], labels["O2"], labels["O3"], labels["C"]) == (
        Label.UNDECIDED,
        Label.UNDECIDED,
        Label.IN,
        Label.OUT,
    )
    # A circle of objections answers nothing else: it cannot reach the main conclusion.
    assert "O1" not in argmap.show(m)
    assert evaluate_why(m, "O1").startswith("it depends on a cycle of attacks")


def test_an_objection_cannot_attack_itself() -> None:
    with pytest.raises(InvalidMapError) as caught:
        argmap.loads(
            "argmap: 1\ntitle: t\nclaims:\n"
            "  - {id: C, text: c, role: conclusion}\n"
            "  - {id: P, text: p, role: premise}\n"
            "  - {id: X, text: x, role: premise, holder: analyst}\n"
            "inferences: [{id: I, from: P, to: C}]\n"
            "objections: [{id: O1, from: X, to: O1}, {id: O2, from: X, to: C}]\n"
        )
    assert [issue.code for issue in caught.value.issues] == ["self-attack"]
    assert "attacks 'O1', itself" in caught.value.issues[0].message


def test_the_reply_is_evaluated_shown_and_drawn() -> None:
    m = argmap.load(OP_ED)
    both = views(m)
    assert both.author.labels["O1"] is Label.OUT
    assert both.author.why("O1") == "answered by O2, which stands"
    assert both.author.conclusion is Label.IN
    assert argmap.evaluate(m, reject=["P4"]).conclusion is Label.OUT  # no reply, no answer
    shown = argmap.show(m)
    assert "x O2 replies to" in shown
    assert "[premise; reported: critics; What it costs]" in shown
    assert "[intermediate; unstated; Who needs the late hours]" in shown
    dot = argmap.to_dot(m)
    assert "\tO2 -> O1 [arrowhead=tee" in dot  # the reply's line ends on the objection
    assert 'R1 [label=<<TABLE BORDER="0"' in dot
    r1 = next(line for line in dot.splitlines() if line.startswith("\t\tR1 "))
    assert "peripheries=2" in r1
    assert "reported (critics)" in r1
    k = next(line for line in dot.splitlines() if line.startswith("\t\tK "))
    assert 'style="rounded,dashed,filled"' in k
    assert "unstated step" in k


def test_render_evaluate_draws_the_authors_view_with_the_critics_beside(tmp_path: Path) -> None:
    out = tmp_path / "e.dot"
    result = runner.invoke(app, ["render", str(OP_ED), "--evaluate", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    dot = out.read_text()
    x1 = next(line for line in dot.splitlines() if line.strip().startswith("X1 "))
    assert "<B>OUT</B> · with the critic&#x27;s points: <B>IN</B>" in x1
    one = runner.invoke(
        app, ["render", str(OP_ED), "--evaluate", "--view", "critic", "-o", str(out)]
    )
    assert one.exit_code == 0, one.stderr
    assert "with the critic" not in out.read_text()


def test_scheme_roles_name_one_premise_in_a_question() -> None:
    m = argmap.loads(
        "argmap: 1\ntitle: t\nclaims:\n"
        "  - {id: G, text: We want peace., role: premise}\n"
        "  - {id: M, text: Talks bring peace., role: premise}\n"
        "  - {id: C, text: We should talk., role: conclusion}\n"
        "inferences:\n"
        "  - {id: I, from: [G, M], to: C, scheme: practical-reasoning,"
        " roles: {goal: G, action: M}}\n"
    )
    step = m.inferences[0]
    [question] = [q for q in phrase(m, step, builtin()["practical-reasoning"])
                  if q.question.id == "conflicting-goals"]  # fmt: skip
    assert question.text == (
        "What other goals of the agent might conflict with the goal stated in "
        "\u201cWe want peace.\u201d, and should be considered?"
    )


def test_scheme_roles_are_checked() -> None:
    with pytest.raises(InvalidMapError) as caught:
        argmap.loads(
            "argmap: 1\ntitle: t\nclaims:\n"
            "  - {id: G, text: g, role: premise}\n"
            "  - {id: C, text: c, role: conclusion}\n"
            "inferences:\n"
            "  - {id: I, from: G, to: C, scheme: practical-reasoning, roles: {goal: Q}}\n"
        )
    [issue] = caught.value.issues
    assert issue.code == "unknown-id"
    assert issue.message == (
        "inference 'I' gives role 'goal' to 'Q', which is not one of its premises; its premises: G"
    )
    assert issue.line == 7


def test_a_role_hint_never_names_a_premise_that_is_not_a_claim() -> None:
    """A typo in 'from' (T22 for T2) is reported there; the role given to T2 must not be
    told to name T22, which does not exist."""
    with pytest.raises(InvalidMapError) as caught:
        argmap.loads(
            "argmap: 1\ntitle: t\nclaims:\n"
            "  - {id: T2, text: g, role: premise}\n"
            "  - {id: C, text: c, role: conclusion}\n"
            "inferences:\n"
            "  - {id: I, from: T22, to: C, scheme: practical-reasoning, roles: {goal: T2}}\n"
        )
    messages = [issue.message for issue in caught.value.issues]
    assert (
        "inference 'I' names 'T22' in 'from', but there is no claim 'T22' (did you mean 'T2'?)"
        in messages
    )
    assert (
        "inference 'I' gives role 'goal' to 'T2', which is not one of its premises; its "
        "premises: T22"
    ) in messages


@pytest.mark.parametrize("kind", ["structure", "roles", "critical-questions", "evaluate"])
def test_worksheets_handle_replies_voices_and_unstated_steps(kind: str) -> None:
    made = exercise(argmap.load(OP_ED), kind)  # type: ignore[arg-type]
    text = made.worksheet.markdown() + made.key.markdown()
    numbers = made.numbers
    if kind == "structure":
        assert "answers that objection: it replies to it" in text
        assert "the author reports them from someone else" in text
        assert "unstated assumptions or steps" in text
    if kind == "roles":
        assert f"| {numbers['K']} | Closing the library" in text
        assert "intermediate conclusion (unstated) | not stated in the text;" in text
        assert "premise (reported: critics)" in text
        assert f"answers the objection O1 ({numbers['R1']} against {numbers['C']})" in text
    # The critic's points are apart; reported voices are among the text's statements.
    sheet = made.worksheet.markdown()
    if "## A critic's points" in sheet:
        critic = sheet.split("## A critic's points", 1)[1].split("\n## ", 1)[0]
        assert "A staff survey may count visits" in critic
        assert "The late hours cost too much" not in critic


def test_grading_finds_a_missing_reply_and_a_near_miss() -> None:
    key = exercise(argmap.load(OP_ED), "structure").key_map
    assert grade(key, key).score == 100
    reply = next(o for o in key.objections if o.id == "O2")
    answered = next(o for o in key.objections if o.id == "O1")
    data = key.to_data()
    objections_data = [o.model_dump(by_alias=True, exclude_defaults=True) for o in key.objections]
    # A student who answers the critics' reason itself, not their objection: half credit.
    data["objections"] = [
        (o | {"to": answered.premises[0]}) if o["id"] == reply.id else o for o in objections_data
    ]
    near = argmap.ArgumentMap.model_validate(data)
    graded = grade(near, key)
    objections = next(part for part in graded.parts if part.name == "objections")
    assert objections.summary == "2.5 of 3 objections found, 3 drawn"
    assert any(
        "not to" in item.feedback and "it answers the objection, not a claim" in item.feedback
        for item in graded.items
    )
    data["objections"] = [o for o in objections_data if o["id"] != reply.id]
    missing = grade(argmap.ArgumentMap.model_validate(data), key)
    assert any("should object to the objection from" in item.feedback for item in missing.items)


ARTICLE = DATA.parent.parent / "maps" / "iraq-militias.yaml"


def test_the_article_worksheets_carry_its_voice_reply_and_unstated_step() -> None:
    m = argmap.load(ARTICLE)
    roles = exercise(m, "roles")
    numbers = roles.numbers
    key = roles.key.markdown()
    assert f"| {numbers['T11']} | A recent assessment highlights" in key
    assert "| premise (reported: a recent assessment) | the author reports it as the claim" in key
    assert f"| {numbers['T13']} | The militias' influence has been growing. | intermediate " in key
    assert "intermediate conclusion (unstated) | not stated in the text;" in key
    # The answer the article's words give to an objection, and the record that meets it.
    assert (
        f"| {numbers['S9']} | The partners the article has in mind are international allies "
        f"focused on shared goals in Iraq. | premise | answers the objection O18 "
        f"({numbers['X15']} against {numbers['A10']}) |"
    ) in key
    questions = exercise(m, "critical-questions").key.markdown()
    # I1's evidence is answered by a statement of the text; I3's by what a reader knows.
    assert f"Answered in the text (see {numbers['R3']}, “They use drones" in questions
    assert "*Answered. Not by the article, which reports no attack on U.S. forces" in questions
    assert "Answered in the text. Not by the article" not in questions


def test_grading_against_the_article_key_with_its_replies_and_unstated_step() -> None:
    made = exercise(argmap.load(ARTICLE), "structure")
    key, n = made.key_map, made.numbers
    assert grade(key, key).score == 100
    data = key.to_data()
    objections: list[dict[str, object]] = data["objections"]  # type: ignore[assignment]
    # The record answers the reply from the article's words (O19); a student who aims it at
    # the reply's reason instead of the reply itself is close: half credit, and told why.
    data["objections"] = [o | {"to": n["S9"]} if o["id"] == "O20" else o for o in objections]
    near = grade(argmap.ArgumentMap.model_validate(data), key)
    [item] = [item for item in near.items if item.status != "correct"]
    assert item.part == "objections"
    assert item.status == "partial"
    assert item.feedback == (
        f"{n['X16']} objects to the objection from {n['S9']}, not to {n['S9']}: it answers the "
        "objection, not a claim, so it targets the objection (a reply: 'to: <objection id>')"
    )
    # A student who links the growth reports straight to the prediction, skipping the
    # unstated step, is told that the step is missing and where it goes.
    data = key.to_data()
    claims: list[dict[str, object]] = data["claims"]  # type: ignore[assignment]
    steps: list[dict[str, object]] = data["inferences"]  # type: ignore[assignment]
    data["claims"] = [c for c in claims if c["id"] != n["T13"]]
    through = {"I31", "I32", "I5"}  # the steps into and out of the unstated step
    data["inferences"] = [s for s in steps if s["id"] not in through] + [
        {"id": "G1", "from": [n["T1"], n["A3"], n["A2"]], "to": n["T10"]},
        {"id": "G2", "from": [n["R9"], n["A2"]], "to": n["T10"]},
    ]
    skipped = grade(argmap.ArgumentMap.model_validate(data), key)
    feedback = [i.feedback for i in skipped.items if i.status != "correct"]
    assert f"{n['T13']} is missing from your map; it is an intermediate conclusion" in feedback
    assert f"{n['T13']} should support {n['T10']}" in feedback
    assert f"{n['R9']} does not support {n['T10']}: in the key it supports {n['T13']}" in feedback
