"""Benchmark: load and check a generated map of N claims (default 10,000).

Run with `make bench`. Prints the median of several runs per stage; no test asserts
these numbers (timings belong to a benchmark, not to the test suite).

The generated map is realistic in shape: themes, linked and convergent inferences in
layers up to one conclusion, assumptions, analyst objections (undermine, rebut,
undercut), and a quote on every stated claim, taken from a generated source text.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import argmap
from argmap._check import check
from argmap._evaluate import evaluate
from argmap._lint import analyse
from argmap._parse import build_map
from argmap._read import read_file

WORDS: tuple[str, ...] = (
    "militia",
    "state",
    "power",
    "region",
    "security",
    "influence",
    "policy",
    "force",
)
WORDS += ("group", "alliance", "border", "support", "funding", "training", "weapon", "threat")
WORDS += ("stability", "reform", "trust", "community", "economy", "border")


def generate(claims: int, seed: int = 1) -> tuple[dict[str, object], str]:
    """A valid map with about `claims` claims, and the source text its quotes come from."""
    rng = random.Random(seed)
    sentences: list[str] = []
    claim_list: list[dict[str, Any]] = []
    inferences: list[dict[str, Any]] = []
    objections: list[dict[str, Any]] = []

    def stated(claim_id: str, role: str) -> dict[str, object]:
        sentence = " ".join(rng.choice(WORDS) for _ in range(12)) + f" number {claim_id}."
        sentences.append(sentence)
        quote = sentence.removesuffix(".")
        theme = f"t{rng.randrange(4)}"
        return {"id": claim_id, "text": sentence, "quote": quote, "role": role, "theme": theme}

    layer = [f"P{i}" for i in range(int(claims * 0.55))]
    claim_list += [stated(claim_id, "premise") for claim_id in layer]
    level = 0
    while len(layer) > 1:
        level += 1
        following = []
        for start in range(0, len(layer), 3):
            group = layer[start : start + 3]
            is_last = len(layer) <= 3
            target = "C" if is_last else f"M{level}-{start}"
            claim_list.append(stated(target, "conclusion" if is_last else "intermediate"))
            if len(group) > 1 and rng.random() < 0.5:  # linked
                inferences.append({"id": f"I{target}", "from": group, "to": target})
            else:  # convergent
                for number, premise in enumerate(group):
                    inferences.append(
                        {"id": f"I{target}.{number}", "from": [premise], "to": target}
                    )
            following.append(target)
        layer = following
    for number, inference in enumerate(list(inferences)[: int(claims * 0.1)]):
        assumption = f"A{number}"
        claim_list.append({"id": assumption, "text": f"Assumption {number}", "role": "assumption"})
        inference["from"] = [*inference["from"], assumption]
    for number in range(claims - len(claim_list)):
        reason = f"X{number}"
        claim_list.append(
            {"id": reason, "text": f"Objection {number}", "role": "premise", "holder": "analyst"}
        )
        attacked = rng.choice(inferences)
        objections.append({"id": f"O{number}", "from": [reason], "to": attacked["id"]})
    data = {
        "argmap": 1,
        "title": f"Generated map of {len(claim_list)} claims",
        "source": {"title": "Generated", "path": "source.txt"},
        "themes": [{"id": f"t{i}", "label": f"Theme {i}"} for i in range(4)],
        "claims": claim_list,
        "inferences": inferences,
        "objections": objections,
    }
    return data, " ".join(sentences)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(claims: int, runs: int) -> list[str]:
    """Table cells for one size: the stages' median times."""
    data, source = generate(claims)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000), encoding="utf-8")
        (Path(folder) / "source.txt").write_text(source, encoding="utf-8")
        document = read_file(path)
        argument_map = build_map(document)
        assert check(argument_map) == [], "the generated map must be valid"
        loaded = argmap.load(path)
        stages = [
            lambda: read_file(path),
            lambda: build_map(document),
            lambda: check(argument_map),
            lambda: argmap.load(path),
            lambda: evaluate(loaded),
            lambda: analyse(loaded),
        ]
        times = [median_seconds(stage, runs) for stage in stages]
        size = path.stat().st_size
    return [
        f"{len(argument_map.claims):,} ({size / 1e6:.1f} MB)",
        *(f"{seconds * 1000:.0f} ms" for seconds in times),
    ]


def main() -> None:
    """Generate maps of each size and print a Markdown table of the stages' times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    header = [
        "claims", "read (YAML, positions)", "model (pydantic)", "check", "load + check",
        "evaluate", "analyse (lint)",
    ]  # fmt: skip
    print(f"median of {options.runs} runs")
    print("| " + " | ".join(header) + " |")
    print("|" + " ---: |" * len(header))
    for claims in options.claims:
        print("| " + " | ".join(measure(claims, options.runs)) + " |", flush=True)


if __name__ == "__main__":
    main()
