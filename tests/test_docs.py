"""The pictures of the README and docs/ are current: each was made from today's map and
drawing code.

`make docs` (docs/images.py) remakes them and records, beside them in docs/images.json,
a hash of what each is made from (its command, its map and source text, every argmap
module its command loaded). A change to any of these makes the committed picture stale,
and this test says which command remakes it.
"""

from __future__ import annotations

import json
import re
import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
from images import IMAGES, MANIFEST, digest, file_hash

MANIFEST_DATA = json.loads(MANIFEST.read_text(encoding="utf-8"))


def _pictures(page: str, folder: str) -> list[str]:
    """The pictures a page shows from `folder` (code blocks and code spans aside)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^(`{3,}).*?^\1\s*$", "", text, flags=re.S | re.M))
    return re.findall(rf"!\[[^\]]*\]\({folder}([^)/:]+)\)", prose)


SHOWN = _pictures("README.md", "docs/") + [
    picture
    for page in sorted((ROOT / "docs").glob("*.md"))
    for picture in _pictures(f"docs/{page.name}", "")
]


def test_every_readme_picture_is_made_by_make_docs() -> None:
    assert {"iraq-militias.svg", "evaluate-R0.png", "worksheet-structure.png"} <= set(SHOWN)
    assert set(SHOWN) <= set(IMAGES), "add the picture's command to docs/images.py"
    assert set(MANIFEST_DATA) == set(IMAGES), "run `make docs`"


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_committed_picture_is_not_stale(name: str) -> None:
    entry = MANIFEST_DATA[name]
    remake = f"docs/{name} is stale: run `make docs` (argmap {' '.join(IMAGES[name])})"
    assert entry["command"] == IMAGES[name], remake
    assert all((ROOT / path).is_file() for path in entry["inputs"]), remake
    assert any(path.startswith("src/argmap/") for path in entry["inputs"])
    assert digest(entry["command"], entry["inputs"]) == entry["inputs_sha256"], remake
    assert file_hash(ROOT / "docs" / name) == entry["sha256"], f"docs/{name} was changed by hand"


def test_a_change_to_the_drawing_code_makes_a_picture_stale() -> None:
    entry = MANIFEST_DATA["iraq-militias.svg"]
    assert "src/argmap/draw/_dot.py" in entry["inputs"]
    assert "maps/iraq-militias.yaml" in entry["inputs"]
    changed = [path for path in entry["inputs"] if path != "src/argmap/draw/_dot.py"]
    assert digest(entry["command"], changed) != entry["inputs_sha256"]
