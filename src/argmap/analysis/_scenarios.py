"""Validation: a map's checks, then its scenarios (the stage after evaluation).

The checker (`_check`) says whether a map makes sense; evaluation labels it; a scenario
says what an evaluation must find, so checking scenarios comes after both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .._document import issue_at
from .._issues import InputError, InvalidMapError, Issue, sort_key
from ..checks._load import load
from ..checks._rules import check_map
from ..model import ArgumentMap
from ._evaluate import evaluate


def check(
    argument_map: ArgumentMap, *, source_text: str | None = None, scenarios: bool = True
) -> list[Issue]:
    """Every problem in a map, sorted by position; an empty list means the map is valid.

    The source text for quote checking is `source_text` when given, otherwise the
    file named by the map's `source.path` (relative to the map's file). With `scenarios`,
    the map's expected outcomes are evaluated too (when everything else is sound).

    >>> from argmap.model import ArgumentMap
    >>> m = ArgumentMap.model_validate({"argmap": 1, "title": "t", "claims": [
    ...     {"id": "C", "text": "c", "role": "conclusion"}]})
    >>> [issue.code for issue in check(m)]
    ['unsupported-conclusion']
    """
    issues = check_map(argument_map, source_text=source_text)
    if scenarios and argument_map.checked:
        issues += check_scenarios(argument_map)
    return sorted(issues, key=sort_key)


def check_scenarios(argument_map: ArgumentMap) -> list[Issue]:
    """The map's scenarios whose expected labels the evaluation does not give.

    A failed scenario is a fault of the answer key, not of the argument, so only
    `check` and `argmap validate` report it; loading and the other commands go on.
    """
    return [
        issue_at(
            argument_map.origin, "scenario-failed", message, ("scenarios", index, "expect", element)
        )
        for index, element, message in scenario_issues(argument_map)
    ]


def scenario_issues(argument_map: ArgumentMap) -> list[tuple[int, str, str]]:
    """Scenarios whose expected labels the evaluation does not give: (index, id, message)."""
    failures = []
    for index, scenario in enumerate(argument_map.scenarios):
        evaluation = evaluate(argument_map, reject=scenario.reject, accept=scenario.accept)
        for element, expected in scenario.expect.items():
            actual = evaluation.labels[element]
            if actual is not expected:
                failures.append(
                    (
                        index,
                        element,
                        f"scenario '{scenario.id}' expects {element} {expected.upper()}, but it "
                        f"is {actual.upper()}: {evaluation.why(element)}",
                    )
                )
    return failures


@dataclass(frozen=True)
class Validation:
    """What `validate` found in some map files."""

    issues: tuple[Issue, ...]
    """Every problem, file by file."""
    checked: int
    invalid: int
    """How many maps had problems (or could not be read)."""
    errors: int
    """How many problems in all (past a map's first 1,000, counted, not listed)."""
    status: int
    """The exit status: 0 all valid, 1 problems found, 2 a file could not be read."""

    def summary(self) -> str:
        """'3 maps checked: 2 valid, 1 with problems (4 errors)'."""
        checked, invalid, errors = self.checked, self.invalid, self.errors
        text = f"{checked} map{'s' if checked != 1 else ''} checked: {checked - invalid} valid"
        if invalid:
            text += f", {invalid} with problems ({errors:,} error{'s' if errors != 1 else ''})"
        return text


def validate(paths: Iterable[str | os.PathLike[str]]) -> Validation:
    """Load and check map files, scenarios too, going on past a bad one.

    >>> validation = validate(["maps/iraq-militias.yaml"])
    >>> validation.status, validation.summary()
    (0, '1 map checked: 1 valid')
    """
    issues: list[Issue] = []
    checked = status = invalid = errors = 0
    for path in paths:
        checked += 1
        try:
            found = check_scenarios(load(path))
        except InputError as error:
            issues.append(error.issue)
            status, invalid, errors = 2, invalid + 1, errors + 1
            continue
        except InvalidMapError as error:
            issues.extend(error.issues)
            status, invalid, errors = max(status, 1), invalid + 1, errors + error.count
            continue
        if found:
            issues.extend(found)
            status, invalid, errors = max(status, 1), invalid + 1, errors + len(found)
    return Validation(tuple(issues), checked, invalid, errors, status)
