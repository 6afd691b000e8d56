"""Evaluation: each rule on hand-made maps, a naive fixpoint as oracle, brute-force weak points."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap.analysis._evaluate import EvaluationError, evaluate, turning_points, weak_points
from argmap.analysis._views import views
from argmap.cli import app
from argmap.model import ArgumentMap, Label, Role

from .conftest import ARTICLE_MAP, MAPS

IN, OUT, UND = Label.IN, Label.OUT, Label.UNDECIDED
runner = CliRunner()


def build(claims: str, inferences: str = "", objections: str = "") -> ArgumentMap:
    """A map from compact specs: 'C:conclusion P:premise X:premise:analyst', 'I1:P,Q>C',
    'O1:X>P' (an objection may target another objection: 'O2:Y>O1')."""
    data: dict[str, object] = {"argmap": 1, "title": "t"}
    data["claims"] = [
        {"id": spec.split(":")[0], "text": spec, "role": spec.split(":")[1]}
        | ({"holder": spec.split(":")[2]} if spec.count(":") == 2 else {})
        for spec in claims.split()
    ]
    data["inferences"] = [
        {
            "id": s.split(":")[0],
            "from": s.split(":")[1].split(">")[0].split(","),
            "to": s.split(">")[1],
        }
        for s in inferences.split()
    ]
    data["objections"] = [
        {
            "id": s.split(":")[0],
            "from": s.split(":")[1].split(">")[0].split(","),
            "to": s.split(">")[1],
        }
        for s in objections.split()
    ]
    argument_map = ArgumentMap.model_validate(data)
    # The evaluator is defined for any map whose references resolve; these small maps
    # need not satisfy the checker's other rules (roles, connectedness).
    argument_map._checked = True
    return argument_map


def labels(argument_map: ArgumentMap, **kwargs: list[str]) -> dict[str, Label]:
    return evaluate(argument_map, **kwargs).labels


def test_linked_premises_all_needed() -> None:
    m = build("C:conclusion P:premise Q:premise", "I:P,Q>C")
    assert labels(m)["C"] is IN
    assert labels(m, reject=["Q"]) == {"C": OUT, "P": IN, "Q": OUT, "I": OUT}


def test_convergent_reasons_each_suffice() -> None:
    m = build("C:conclusion P:premise Q:premise", "I1:P>C I2:Q>C")
    assert labels(m, reject=["Q"])["C"] is IN
    assert labels(m, reject=["P", "Q"])["C"] is OUT


def test_undermine_rebut_undercut() -> None:
    m = build("C:conclusion M:intermediate P:premise X:premise", "I1:P>M I2:M>C", "O:X>P")
    assert labels(m)["P"] is OUT  # undermined
    assert labels(m)["C"] is OUT
    assert labels(m, reject=["X"])["C"] is IN
    rebut = build("C:conclusion M:intermediate P:premise X:premise", "I1:P>M I2:M>C", "O:X>M")
    assert (labels(rebut)["P"], labels(rebut)["M"], labels(rebut)["I1"]) == (IN, OUT, IN)
    undercut = build("C:conclusion P:premise X:premise", "I:P>C", "O:X>I")
    assert (labels(undercut)["P"], labels(undercut)["I"], labels(undercut)["C"]) == (IN, OUT, OUT)


def test_rejected_assumption_brings_the_step_down() -> None:
    m = build("C:conclusion P:premise A:assumption", "I:P,A>C")
    assert labels(m, reject=["A"])["C"] is OUT
    assert labels(m)["C"] is IN


def test_attack_cycle_is_undecided() -> None:
    m = build("C:conclusion P:premise X:premise Y:premise", "I:P>C", "O1:X>Y O2:Y>X O3:Y>P")
    result = labels(m)
    assert (result["X"], result["Y"], result["P"], result["C"]) == (UND, UND, UND, UND)
    assert labels(m, reject=["Y"])["C"] is IN  # rejecting one side settles the cycle


def test_self_defeating_odd_cycle_is_undecided() -> None:
    m = build("C:conclusion P:premise X:premise", "I:P>C", "O1:X>X")
    assert labels(m)["X"] is UND


def test_accept_gives_an_intermediate_without_its_support() -> None:
    m = build("C:conclusion M:intermediate P:premise", "I1:P>M I2:M>C")
    assert labels(m, reject=["P"])["C"] is OUT
    assert labels(m, reject=["P"], accept=["M"])["C"] is IN


def test_unknown_ids_are_refused_with_a_suggestion() -> None:
    m = build("C:conclusion P1:premise", "I:P1>C")
    with pytest.raises(EvaluationError) as caught:
        evaluate(m, reject=["P2", "I"], accept=["P1", "C"])
    assert str(caught.value) == (
        "--reject I: I is an inference; only claims can be rejected or accepted; "
        "--reject P2: no claim with that id (did you mean 'P1'?)"
    )
    with pytest.raises(EvaluationError, match="P1 is both rejected and accepted; choose one"):
        evaluate(m, reject=["P1"], accept=["P1"])


def test_undecided_trace_reaches_the_cycle() -> None:
    m = build("C:conclusion P:premise X:premise Y:premise", "I:P>C", "O1:X>Y O2:Y>X O3:Y>P")
    trace = evaluate(m).trace("C")
    assert trace[0].startswith("C UNDECIDED: it depends on a cycle of attacks")
    assert any(line.strip().startswith("O1 UNDECIDED") for line in trace)
    assert any(line.strip().startswith("O2 UNDECIDED") for line in trace)
    assert any("(see above)" in line for line in trace)


def test_trace_names_every_sufficient_reason() -> None:
    trace = evaluate(argmap.load(MAPS / "watchmaker.yaml")).trace("C")
    assert trace[1].strip() == "I4 OUT: undercut by O1, which stands; A1 does not stand"


# --- the evaluator against a deliberately naive fixpoint -------------------------------


def naive(m: ArgumentMap, rejected: set[str], accepted: set[str]) -> dict[str, Label]:
    """The rules as written in the README, iterated over everything until nothing changes."""
    label: dict[str, Label] = {}
    elements = (
        [c.id for c in m.claims] + [i.id for i in m.inferences] + [o.id for o in m.objections]
    )
    label = dict.fromkeys(elements, UND)
    roles = {c.id: c.role for c in m.claims}
    while True:
        changed = False
        for e in elements:
            attackers = [o.id for o in m.objections if o.to == e]
            if e in roles:
                base = e not in rejected and (
                    e in accepted or roles[e] in (Role.PREMISE, Role.ASSUMPTION)
                )
                supports = [i.id for i in m.inferences if i.to == e]
                if e in rejected or any(label[a] is IN for a in attackers):
                    new = OUT
                elif (base or any(label[s] is IN for s in supports)) and all(
                    label[a] is OUT for a in attackers
                ):
                    new = IN
                elif not base and all(label[s] is OUT for s in supports):
                    new = OUT
                else:
                    new = UND
            else:
                step = next((i for i in m.inferences if i.id == e), None)
                parts = (
                    step.premises if step else next(o for o in m.objections if o.id == e).premises
                )
                if any(label[p] is OUT for p in parts) or any(label[a] is IN for a in attackers):
                    new = OUT
                elif all(label[p] is IN for p in parts) and all(label[a] is OUT for a in attackers):
                    new = IN
                else:
                    new = UND
            if new is not label[e]:
                assert label[e] is UND, "labels only ever leave UNDECIDED"
                label[e] = new
                changed = True
        if not changed:
            return label


@st.composite
def random_maps(draw: st.DrawFn) -> tuple[ArgumentMap, set[str], set[str]]:
    size = draw(st.integers(2, 9))
    claims = [f"K{n}" for n in range(size)]
    roles = ["conclusion"] + [
        draw(st.sampled_from(["premise", "assumption", "intermediate"])) for _ in claims[1:]
    ]
    steps = []
    for n in range(draw(st.integers(0, 8))):
        to = draw(st.integers(0, size - 2))
        premises = draw(st.lists(st.integers(to + 1, size - 1), min_size=1, max_size=3))
        steps.append(f"I{n}:{','.join(claims[p] for p in premises)}>{claims[to]}")
    count = draw(st.integers(0, 6))
    targets = claims + [s.split(":")[0] for s in steps]
    attacks = []
    for n in range(count):
        # Replies: an objection may attack any other objection, earlier or later (cycles).
        choices = targets + [f"O{k}" for k in range(count) if k != n]
        reasons = draw(st.lists(st.sampled_from(claims), min_size=1, max_size=2))
        attacks.append(f"O{n}:{','.join(reasons)}>{draw(st.sampled_from(choices))}")
    holders = [draw(st.sampled_from(["", "", ":analyst"])) for _ in claims]
    m = build(
        " ".join(f"{c}:{r}{h}" for c, r, h in zip(claims, roles, holders, strict=True)),
        " ".join(steps),
        " ".join(attacks),
    )
    rejected = set(draw(st.lists(st.sampled_from(claims), max_size=3)))
    accepted = set(draw(st.lists(st.sampled_from(claims), max_size=2))) - rejected
    return m, rejected, accepted


@settings(max_examples=2000, deadline=None)
@given(random_maps())
def test_evaluator_agrees_with_the_naive_fixpoint(
    case: tuple[ArgumentMap, set[str], set[str]],
) -> None:
    m, rejected, accepted = case
    assert labels(m, reject=sorted(rejected), accept=sorted(accepted)) == naive(
        m, rejected, accepted
    )


# --- weak points by brute force ---------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(random_maps())
def test_weak_points_match_brute_force(case: tuple[ArgumentMap, set[str], set[str]]) -> None:
    m, _, _ = case
    grounds = sorted(c.id for c in m.claims if c.role in (Role.PREMISE, Role.ASSUMPTION))
    result = weak_points(m, max_size=len(grounds) or 1)
    found, complete = result.sets, result.complete
    if evaluate(m).conclusion is not IN:
        assert found == []
        return
    falls = [
        frozenset(subset)
        for size in range(1, len(grounds) + 1)
        for subset in itertools.combinations(grounds, size)
        if evaluate(m, reject=subset).conclusion is not IN
    ]
    minimal = [s for s in falls if not any(other < s for other in falls)]
    assert complete
    assert sorted(map(sorted, found)) == sorted(map(sorted, minimal))
    assert [len(s) for s in found] == sorted(len(s) for s in found)  # smallest first


# --- the command and the shipped maps ---------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(random_maps())
def test_turning_points_match_brute_force(case: tuple[ArgumentMap, set[str], set[str]]) -> None:
    """The smallest sets of the analyst's claims whose acceptance brings the conclusion down,
    from the author's view (the analyst's claims set aside), are exactly the minimal ones."""
    m, _, _ = case
    analyst = sorted(c.id for c in m.claims if c.holder == "analyst")
    result = turning_points(m, max_size=len(analyst) or 1)
    if evaluate(m, reject=analyst).conclusion is not IN:
        assert result.sets == []
        return
    falls = [
        frozenset(subset)
        for size in range(1, len(analyst) + 1)
        for subset in itertools.combinations(analyst, size)
        if evaluate(m, reject=set(analyst) - set(subset)).conclusion is not IN
    ]
    minimal = [s for s in falls if not any(other < s for other in falls)]
    assert result.complete
    assert sorted(map(sorted, result.sets)) == sorted(map(sorted, minimal))


def test_a_reply_defeats_the_objection_it_answers() -> None:
    """Critics object (O1 from X); the author replies (O2 from Y): C stands again."""
    m = build("C:conclusion P:premise X:premise Y:premise", "I:P>C", "O1:X>C O2:Y>O1")
    assert (labels(m)["O1"], labels(m)["O2"], labels(m)["C"]) == (OUT, IN, IN)
    assert labels(m, reject=["Y"])["C"] is OUT  # without the reply the objection stands
    assert evaluate(m).why("O1") == "answered by O2, which stands"


def test_a_reply_to_a_reply_works_to_any_depth() -> None:
    depth = 30
    objections = " ".join(f"O{n}:X{n}>{'C' if n == 0 else f'O{n - 1}'}" for n in range(depth))
    claims = "C:conclusion P:premise " + " ".join(f"X{n}:premise" for n in range(depth))
    m = build(claims, "I:P>C", objections)
    # The last reply stands, so the one before falls, and so on down: the even ones fall.
    assert labels(m)["C"] is (IN if depth % 2 == 0 else OUT)
    assert [labels(m)[f"O{n}"] for n in range(depth)] == [
        OUT if (depth - 1 - n) % 2 else IN for n in range(depth)
    ]


def test_objections_attacking_each_other_are_undecided() -> None:
    m = build("C:conclusion P:premise X:premise Y:premise", "I:P>C", "O1:X>C O2:Y>O1 O3:X>O2")
    result = labels(m)
    assert (result["O1"], result["O2"], result["O3"]) == (IN, OUT, IN)
    cycle = build("C:conclusion P:premise X:premise Y:premise", "I:P>C", "O1:X>O2 O2:Y>O1 O3:X>C")
    result = labels(cycle)
    assert (result["O1"], result["O2"]) == (UND, UND)
    assert result["O3"] is IN
    assert result["C"] is OUT


def test_views_answer_both_questions() -> None:
    both = views(argmap.load(MAPS / "watchmaker.yaml"))
    assert both.author.conclusion is IN  # the author's argument holds on its own terms
    assert both.critic.conclusion is OUT  # the critic's points bring it down
    assert [sorted(found) for found in both.turning.sets] == [["X1"], ["X2"]]
    assert both.author.why("X1") == "set aside: the analyst's claim"


def test_evaluate_command_shows_both_views_by_default() -> None:
    text = runner.invoke(app, ["evaluate", str(MAPS / "watchmaker.yaml")])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    author = lines.index(
        "1. The author's argument on its own terms (the analyst's 2 claims (X1, X2) set aside):"
    )
    assert lines[author + 1] == "   Main conclusion C is IN: supported by I4, which holds."
    critic = lines.index("2. With the critic's points (the analyst's 2 claims (X1, X2) standing):")
    assert lines[critic + 1] == "   Main conclusion C is OUT: its support I4 fails."
    assert "     1. X1: Organisms differ from artefacts" in text.stdout
    one = runner.invoke(app, ["evaluate", str(MAPS / "watchmaker.yaml"), "--view", "critic"])
    assert "Main conclusion C is OUT: its support I4 fails." in one.stdout
    assert "author's argument" not in one.stdout


def test_evaluate_command_json_carries_both_views() -> None:
    result = runner.invoke(
        app, ["evaluate", str(MAPS / "watchmaker.yaml"), "--weak-points", "-f", "json"]
    )
    data = json.loads(result.stdout)
    author, critic = data["views"]["author"], data["views"]["critic"]
    assert (author["conclusion"], critic["conclusion"]) == ("in", "out")
    assert author["labels"]["X1"] == "out"
    assert critic["labels"]["X1"] == "in"
    assert critic["explanations"]["C"] == "its support I4 fails"
    assert critic["smallest_sets"] == [["X1"], ["X2"]]
    assert data["weak_points"]["view"] == "author"
    assert data["weak_points"]["sets"] == [["A1"], ["P1"], ["P2"], ["N1", "N2"]]
    only = runner.invoke(
        app, ["evaluate", str(MAPS / "watchmaker.yaml"), "--view", "author", "-f", "json"]
    )
    assert list(json.loads(only.stdout)["views"]) == ["author"]


def test_evaluate_command_unknown_id_exits_two() -> None:
    result = runner.invoke(app, ["evaluate", str(ARTICLE_MAP), "--reject", "A99"])
    assert result.exit_code == 2
    assert result.stderr.startswith("argmap: --reject A99: no claim with that id")


def test_article_weak_points_of_the_authors_argument() -> None:
    """The main conclusion is a necessity claim: it stands or falls with the premise that
    peace cannot bypass the militias (A7), with the persistence of their growth (A2) and with
    their influential role (W4); not with the feasibility of the strategy (A5)."""
    m = argmap.load(ARTICLE_MAP)
    critic = [c.id for c in m.claims if c.holder == "analyst"]
    assert evaluate(m, reject=critic).conclusion is IN
    found = weak_points(m, reject=critic, max_size=2).sets
    assert [sorted(s) for s in found if len(s) == 1] == [["A2"], ["A7"], ["W4"]]
    assert [sorted(s) for s in found if len(s) == 2] == [["A3", "R9"], ["R9", "T1"]]
    assert evaluate(m, reject=[*critic, "A5"]).conclusion is IN
    # With the critic's points, three of them bring C down alone (the README says which).
    both = views(m)
    assert both.critic.conclusion is OUT
    assert [sorted(s) for s in both.turning.sets] == [["X12"], ["X17"], ["X18"]]
    assert (both.critic.labels["W1"], both.critic.labels["T6"]) == (IN, IN)


def test_render_evaluate_marks_labels(tmp_path: Path) -> None:
    out = tmp_path / "e.dot"
    result = runner.invoke(
        app, ["render", str(MAPS / "watchmaker.yaml"), "--evaluate", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    dot = out.read_text()
    assert "<B>OUT</B>" in dot
    assert "<S>" in dot


def test_why_names_failing_supports_only_when_all_fail() -> None:
    """A rebutted claim whose other support holds is out because of the rebuttal alone."""
    argument_map = argmap.loads(
        "argmap: 1\ntitle: t\nclaims:\n"
        "  - {id: P1, text: one, role: premise}\n"
        "  - {id: P2, text: two, role: premise}\n"
        "  - {id: C, text: c, role: conclusion}\n"
        "  - {id: X, text: x, role: premise, holder: analyst}\n"
        "inferences:\n  - {id: I1, from: P1, to: C}\n  - {id: I2, from: P2, to: C}\n"
        "objections:\n  - {id: O1, from: X, to: C}\n"
    )
    assert evaluate(argument_map, reject=["P1"]).why("C") == "rebutted by O1, which stands"
    both = evaluate(argument_map, reject=["P1", "P2"]).why("C")
    assert both == "rebutted by O1, which stands; its supports I1 and I2 both fail"


def test_searches_are_bounded_in_time_and_say_so() -> None:
    """Issue 15, H2: the evaluation cap did not bound time on 2,001 claims; a time limit
    does, and the output says that it stopped, and why."""
    premises = " ".join(f"P{n}:premise" for n in range(2_000))
    m = build(f"C:conclusion {premises}", " ".join(f"I{n}:P{n}>C" for n in range(2_000)))
    result = weak_points(m, max_size=3, seconds=0)
    assert not result.complete
    assert result.stopped.startswith("the time limit of 0 s ran out at sets of ")
    text = runner.invoke(
        app, ["evaluate", str(MAPS / "watchmaker.yaml"), "--weak-points", "--time-limit", "0.1"]
    )
    assert text.exit_code == 0
