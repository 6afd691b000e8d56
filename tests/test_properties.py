"""Hypothesis properties: any input yields a map or issues, never another exception."""

from __future__ import annotations

import contextlib

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import ArgmapError, ArgumentMap, InvalidMapError

IDS = st.sampled_from(["P1", "P2", "P3", "A1", "M1", "C", "I1", "I2", "O1", "x y", ""])
ROLES = st.sampled_from(["premise", "intermediate", "conclusion", "assumption", "premis"])
TEXT = st.text(max_size=30)
JUNK = st.none() | st.integers() | st.booleans() | TEXT | st.lists(TEXT, max_size=2)


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Usually the right shape, sometimes junk, so both valid and broken maps are generated."""
    return st.one_of(strategy, strategy, strategy, JUNK)


CLAIM = st.fixed_dictionaries(
    {"id": _maybe(IDS), "text": _maybe(TEXT), "role": _maybe(ROLES)},
    optional={
        "quote": _maybe(TEXT),
        "theme": _maybe(st.sampled_from(["t1", "t2"])),
        "holder": _maybe(st.sampled_from(["author", "analyst"])),
        "basis": _maybe(st.sampled_from(["assertion", "statistic", "example"])),
        "extra": JUNK,
    },
)
STEP = st.fixed_dictionaries(
    {"id": _maybe(IDS), "from": _maybe(st.lists(IDS, max_size=3)), "to": _maybe(IDS)},
    optional={"scheme": _maybe(st.sampled_from(["sign", "Bad Scheme"])), "warrant": TEXT},
)
MAPS = st.fixed_dictionaries(
    {
        "argmap": _maybe(st.just(1)),
        "title": _maybe(TEXT),
        "claims": _maybe(st.lists(CLAIM, max_size=6)),
    },
    optional={
        "themes": _maybe(st.lists(st.fixed_dictionaries({"id": IDS, "label": TEXT}), max_size=2)),
        "inferences": _maybe(st.lists(STEP, max_size=5)),
        "objections": _maybe(st.lists(STEP, max_size=3)),
        "source": _maybe(st.fixed_dictionaries({"title": TEXT}, optional={"date": JUNK})),
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MAPS)
def test_any_map_data_gives_a_map_or_issues(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        argument_map = argmap.loads(text)
    except InvalidMapError as error:
        issues = error.issues
    else:
        issues = argmap.check(argument_map)
        assert issues == []
        return
    assert issues
    assert all(issue.code and issue.message and issue.line for issue in issues)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_map_or_an_argmap_error(text: str) -> None:
    with contextlib.suppress(ArgmapError):
        argmap.loads(text)


@settings(max_examples=200, deadline=None)
@given(MAPS)
def test_model_to_data_to_model_round_trips(data: dict[str, object]) -> None:
    try:
        argument_map = ArgumentMap.model_validate(data)
    except ValueError:
        return
    again = ArgumentMap.model_validate(argument_map.to_data())
    assert again.model_dump() == argument_map.model_dump()
    assert ArgumentMap.model_validate(again.to_data()).to_data() == again.to_data()


def _naive_wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap, word by word: the oracle for `_wrap`'s regular expression."""
    lines: list[str] = []
    line = ""
    for whole in text.split():
        word = whole
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab c\tdé&<\u2028", max_size=60), st.integers(1, 12))
def test_label_wrapping_is_a_greedy_fill(text: str, width: int) -> None:
    from argmap.draw._dot import _BREAK, _text, _wrap  # noqa: PLC0415

    expected = "".join(_text(line) + _BREAK for line in _naive_wrap(text, width))
    assert _wrap(text, width) == expected
