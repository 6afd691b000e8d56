"""The key map: the renumbered map as a YAML file that `argmap grade --key` reads."""

from __future__ import annotations

import os
from pathlib import Path

from .._issues import visible
from ..model import ArgumentMap


def key_map_yaml(
    key_map: ArgumentMap, original: ArgumentMap, kind: str, seed: int, path: Path
) -> bytes:
    """The key map as a YAML file at `path`, with the source and catalogue paths relative
    to its folder (so `argmap validate` still checks its quotes)."""
    from ..mapfile._yaml import map_yaml  # noqa: PLC0415

    data = key_map.to_data()
    folder = os.path.realpath(path.parent)
    base = original.origin.base_dir if original.origin else Path()
    source = data.get("source")
    if original.source and original.source.path and isinstance(source, dict):
        source_path = os.path.realpath(base / original.source.path)
        source["path"] = os.path.relpath(source_path, folder)
    if original.catalogue:
        data["catalogue"] = os.path.relpath(os.path.realpath(base / original.catalogue), folder)
    title = visible(original.title, lines=False)  # one line of a comment, whatever it holds
    title = title if len(title) <= 80 else title[:79] + "\u2026"
    header = (
        f"# Answer key: {kind} exercise, seed {seed}, from {title}.\n"
        "# Claims are numbered as on the worksheet. When students hand in maps (for the\n"
        "# structure worksheet, or to map the text themselves), grade each with:\n"
        f"#   argmap grade STUDENT.yaml --key {visible(path.name, lines=False)} "
        "--weights schemes=0\n"
        "# (the worksheet does not ask for schemes; leave out --weights if students name them)\n"
    )
    return (header + map_yaml(data)).encode("utf-8")
