"""Generated maps for the benchmarks: realistic in shape, of any size.

Themes, linked and convergent inferences in layers up to one conclusion, assumptions,
analyst objections (undermine, rebut, undercut), and a quote on every stated claim,
taken from a generated source text. Each theme is a sub-argument, as in a real map: the
first quarter of the premises and what they support belong to the first theme, and so
on; only the steps near the conclusion join themes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

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


def write(folder: Path, claims: int, seed: int = 1, *, scattered: bool = False) -> Path:
    """A generated map of about `claims` claims in `folder`, with its source text."""
    data, source = generate(claims, seed, scattered=scattered)
    path = folder / f"generated-{claims}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000), encoding="utf-8")
    (folder / "source.txt").write_text(source, encoding="utf-8")
    return path


def generate(
    claims: int, seed: int = 1, *, scattered: bool = False
) -> tuple[dict[str, object], str]:
    """A valid map with about `claims` claims, and the source text its quotes come from.

    With `scattered`, each stated claim gets a theme at random instead: the worst case
    for a layout, whose theme clusters then tangle (nearly every link crosses themes)."""
    rng = random.Random(seed)
    sentences: list[str] = []
    claim_list: list[dict[str, Any]] = []
    inferences: list[dict[str, Any]] = []
    objections: list[dict[str, Any]] = []

    def stated(claim_id: str, role: str, place: float) -> dict[str, object]:
        """A claim at `place` (0 to 1) across its layer: the quarter gives its theme."""
        sentence = " ".join(rng.choice(WORDS) for _ in range(12)) + f" number {claim_id}."
        sentences.append(sentence)
        quote = sentence.removesuffix(".")
        theme = f"t{rng.randrange(4) if scattered else min(int(place * 4), 3)}"
        return {"id": claim_id, "text": sentence, "quote": quote, "role": role, "theme": theme}

    layer = [f"P{i}" for i in range(int(claims * 0.55))]
    claim_list += [stated(claim_id, "premise", i / len(layer)) for i, claim_id in enumerate(layer)]
    level = 0
    while len(layer) > 1:
        level += 1
        following = []
        for start in range(0, len(layer), 3):
            group = layer[start : start + 3]
            is_last = len(layer) <= 3
            target = "C" if is_last else f"M{level}-{start}"
            role = "conclusion" if is_last else "intermediate"
            claim_list.append(stated(target, role, start / len(layer)))
            if len(group) > 1 and rng.random() < 0.5:  # linked
                inferences.append({"id": f"I{target}", "from": group, "to": target})
            else:  # convergent
                for number, premise in enumerate(group):
                    inferences.append(
                        {"id": f"I{target}.{number}", "from": [premise], "to": target}
                    )
            following.append(target)
        layer = following
    themes = {claim["id"]: claim["theme"] for claim in claim_list}
    for number, inference in enumerate(list(inferences)[: int(claims * 0.1)]):
        assumption = f"A{number}"
        claim_list.append({"id": assumption, "text": f"Assumption {number}", "role": "assumption",
                           "theme": themes[inference["to"]]})  # fmt: skip
        inference["from"] = [*inference["from"], assumption]
    for number in range(claims - len(claim_list)):
        reason = f"X{number}"
        attacked = rng.choice(inferences)
        claim_list.append({"id": reason, "text": f"Objection {number}", "role": "premise",
                           "holder": "analyst", "theme": themes[attacked["to"]]})  # fmt: skip
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


def chain(folder: Path, steps: int) -> Path:
    """A valid map that is one chain of `steps` inferences, P down to C, with its source.

    The deepest map a number of claims can make: the worst case for whatever walks a map
    from its conclusion down (a tree printed, a trace, a reveal order)."""
    ids = ["C", *(f"M{number}" for number in range(1, steps)), "P"]
    sentences = [f"Step {number} of the chain holds." for number in range(len(ids))]
    roles = ["conclusion", *["intermediate"] * (steps - 1), "premise"]
    data = {
        "argmap": 1,
        "title": f"A chain of {steps} steps",
        "source": {"title": "Generated", "path": "source.txt"},
        "claims": [
            {"id": claim_id, "text": sentence, "quote": sentence.removesuffix("."), "role": role}
            for claim_id, sentence, role in zip(ids, sentences, roles, strict=True)
        ],
        "inferences": [
            {"id": f"I{number}", "from": [ids[number + 1]], "to": ids[number]}
            for number in range(steps)
        ],
    }
    path = folder / f"chain-{steps}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000), encoding="utf-8")
    (folder / "source.txt").write_text(" ".join(sentences), encoding="utf-8")
    return path


def one_letter(folder: Path, claims: int, letters: int) -> Path:
    """A map of `claims` claims that all quote "a", from a source that is one run of
    `letters` a's: no quote is there as a whole word, and each one is a long search."""
    data = {
        "argmap": 1,
        "title": f"{claims} quotes of one letter",
        "source": {"title": "One letter", "path": "letters.txt"},
        "claims": [{"id": "C", "text": "The conclusion.", "quote": "a", "role": "conclusion"}]
        + [
            {"id": f"P{number}", "text": f"Premise {number}.", "quote": "a", "role": "premise"}
            for number in range(1, claims)
        ],
        "inferences": [
            {"id": f"I{number}", "from": [f"P{number}"], "to": "C"} for number in range(1, claims)
        ],
    }
    path = folder / f"letters-{claims}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000), encoding="utf-8")
    (folder / "letters.txt").write_text("a" * letters, encoding="utf-8")
    return path
