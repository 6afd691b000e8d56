"""Renumbering a map as a worksheet shows it: the author's statements shuffled as S1,
S2, ..., then the critic's points, every reference and every id named in prose following.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterable
from typing import Any

from .._issues import UsageError
from ..checks._rules import check_map
from ..model import ID_MAX_LENGTH, ArgumentMap, Holder


def renumber(
    argument_map: ArgumentMap, seed: int, *, first: Iterable[str] = ()
) -> tuple[ArgumentMap, dict[str, str]]:
    """The map with claims renamed S1..Sn: the author's claims shuffled, then the critic's;
    the claims in `first` (a part a sheet is about) before all others.

    Inferences and objections keep their ids. The source file is left out (quotes were
    checked on the original), and a catalogue path is made absolute.
    """
    rng = random.Random(seed)  # noqa: S311  (a shuffle, not a secret)
    # The part's statements first; in each, the text's statements (the author's and the
    # voices it reports), then the critic's.
    before = set(first)
    groups = [
        [
            c.id
            for c in argument_map.claims
            if (c.holder is Holder.ANALYST) is critic and (c.id in before) is early
        ]
        for early in (True, False)
        for critic in (False, True)
    ]
    for group in groups:
        rng.shuffle(group)
    order = [claim_id for group in groups for claim_id in group]
    prefix = _prefix(argument_map, len(order))
    numbers = {claim_id: f"{prefix}{n}" for n, claim_id in enumerate(order, 1)}
    data = argument_map.to_data()
    _rename(data, numbers)
    source = data.get("source")
    if isinstance(source, dict):
        source.pop("path", None)
    if argument_map.catalogue and argument_map.origin:
        data["catalogue"] = os.path.realpath(argument_map.origin.base_dir / argument_map.catalogue)
    numbered = ArgumentMap.model_validate(data)
    check_map(numbered)  # sets `checked`; the scenarios were run on the original
    return numbered, numbers


def _prefix(argument_map: ArgumentMap, count: int) -> str:
    """The letters statement numbers start with: "S", unless a step of the map already
    has an id of that form ("S3"), then "SS", "SSS", ..., then "T", "TT", ...; each short
    enough that every number is a valid id.

    Raises:
        UsageError: the map's step ids take every such prefix.
    """
    taken = {s.id for s in argument_map.inferences} | {o.id for o in argument_map.objections}
    room = ID_MAX_LENGTH - len(str(count))
    for letter in "STUVWXYZ":
        for length in range(1, room + 1):
            prefix = letter * length
            pattern = re.compile(re.escape(prefix) + r"([1-9][0-9]*)")
            if not any((m := pattern.fullmatch(i)) and int(m[1]) <= count for i in taken):
                return prefix
    raise UsageError(
        "the map's inference and objection ids (S1, SS1, ...) leave no way to number the "
        "statements; rename some of them"
    )


def _rename(data: dict[str, object], numbers: dict[str, str]) -> None:
    def new(ids: object) -> object:
        if isinstance(ids, list):
            return [numbers.get(i, i) for i in ids]
        return numbers.get(ids, ids) if isinstance(ids, str) else ids

    # Notes and warrants name claims by id in prose: they follow the numbers too.
    named = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(numbers, key=len, reverse=True))) + r")\b"
    )

    def prose(element: dict[str, Any]) -> None:
        for name in ("note", "warrant"):
            if isinstance(element.get(name), str):
                element[name] = named.sub(lambda m: numbers[m[1]], element[name])

    for claim in _items(data, "claims"):
        claim["id"] = new(claim["id"])
        prose(claim)
    for step in [*_items(data, "inferences"), *_items(data, "objections")]:
        step["from"], step["to"] = new(step["from"]), new(step["to"])
        if "roles" in step:
            step["roles"] = {role: new(ids) for role, ids in step["roles"].items()}
        prose(step)
        for answer in step.get("questions", {}).values():
            prose(answer)
            if "by" in answer:
                answer["by"] = new(answer["by"])
    for scenario in _items(data, "scenarios"):
        prose(scenario)
        for name in ("reject", "accept"):
            if name in scenario:
                scenario[name] = new(scenario[name])
        scenario["expect"] = {new(k): v for k, v in scenario["expect"].items()}


def _items(data: dict[str, object], field: str) -> list[dict[str, Any]]:
    items = data.get(field, [])
    assert isinstance(items, list)
    return items
