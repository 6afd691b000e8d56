"""The Python API: load, loads, check, the model."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap import ArgumentMap, InvalidMapError, Role

from .conftest import ARTICLE_MAP, DATA, VALID_MAP


def test_load_returns_a_checked_map(valid_map: Path) -> None:
    argument_map = argmap.load(valid_map)
    assert [claim.id for claim in argument_map.claims] == ["P1", "A1", "C"]
    assert argument_map.inferences[0].premises == ["P1", "A1"]
    assert argument_map.origin is not None
    assert argument_map.origin.name == str(valid_map)


def test_load_raises_with_every_issue() -> None:
    path = DATA / "invalid" / "role-mismatch.yaml"
    with pytest.raises(InvalidMapError) as caught:
        argmap.load(path)
    assert len(caught.value.issues) == 1
    assert str(caught.value) == f"1 problem in the map:\n{caught.value.issues[0]}"


def test_check_finds_all_problems_at_once() -> None:
    text = (
        VALID_MAP.replace("to: C", "to: Z").replace("theme", "x")
        + "  - {id: I2, from: [Q], to: C}\n"
    )
    with pytest.raises(InvalidMapError) as caught:
        argmap.loads(text)
    assert [issue.code for issue in caught.value.issues] == ["unknown-id", "unknown-id"]


def test_check_on_a_map_built_in_code() -> None:
    argument_map = ArgumentMap.model_validate(
        {
            "argmap": 1,
            "title": "t",
            "claims": [
                {"id": "P", "text": "p", "role": "premise"},
                {"id": "C", "text": "c", "role": "premise"},
            ],
            "inferences": [{"id": "I", "from": "P", "to": "C"}],
        }
    )
    issues = argmap.check(argument_map)
    assert [(issue.code, issue.file, issue.line) for issue in issues] == [
        ("no-conclusion", None, None),
        ("role-mismatch", None, None),
    ]


def test_check_takes_a_source_text() -> None:
    text = VALID_MAP.replace(
        "    text: Smoking causes cancer.\n",
        "    text: Smoking causes cancer.\n    quote: smoking kills\n",
    )
    argument_map = argmap.loads(text)  # no source declared, so no quote is checked
    issues = argmap.check(argument_map, source_text="They say smoking causes cancer.")
    assert [issue.code for issue in issues] == ["quote-not-in-source", "missing-quote"]
    assert issues[0].line == 6


def test_model_is_frozen_and_forbids_unknown_fields() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    with pytest.raises(Exception, match="frozen"):
        argument_map.title = "changed"  # type: ignore[misc]
    with pytest.raises(Exception, match="Extra inputs"):
        ArgumentMap.model_validate(argument_map.to_data() | {"colour": "red"})


def test_article_map_round_trips_through_data() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    again = ArgumentMap.model_validate(argument_map.to_data())
    assert again.model_dump() == argument_map.model_dump()
    assert again.to_data() == argument_map.to_data()


def test_article_map_has_the_three_parts_and_one_conclusion() -> None:
    argument_map = argmap.load(ARTICLE_MAP)
    assert {theme.id for theme in argument_map.themes} >= {
        "threat",
        "implications",
        "counter-strategy",
    }
    assert [claim.role for claim in argument_map.claims].count(Role.CONCLUSION) == 1
    stated = [claim for claim in argument_map.claims if claim.stated]
    assert stated
    assert all(claim.quote for claim in stated)
    assert all(inference.scheme for inference in argument_map.inferences)
    assert any(claim.role is Role.ASSUMPTION for claim in argument_map.claims)
    assert argument_map.objections


@pytest.mark.parametrize("date", ["1802", "2024-03", "2024-03-15"])
def test_source_date_as_precise_as_known(date: str) -> None:
    text = VALID_MAP.replace("claims:", f"source:\n  title: T\n  date: {date}\nclaims:", 1)
    argument_map = argmap.loads(text)
    assert argument_map.source is not None
    assert argument_map.source.date == date


def test_source_date_that_is_not_a_date() -> None:
    text = VALID_MAP.replace("claims:", "source:\n  title: T\n  date: March 2024\nclaims:", 1)
    with pytest.raises(InvalidMapError) as caught:
        argmap.loads(text)
    assert [str(issue) for issue in caught.value.issues] == [
        "<map>:5:9: invalid-value: source, field 'date': 'March 2024' is not a date; write "
        "YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_no_public_name_is_shadowed_by_a_module_of_the_package() -> None:
    """`argmap.deck` is a function: a subpackage of that name would replace it as soon as
    anything imported the subpackage first (the import system sets the attribute)."""
    import pkgutil  # noqa: PLC0415

    modules = {info.name for info in pkgutil.iter_modules(argmap.__path__)}
    assert not modules & set(argmap.__all__)
