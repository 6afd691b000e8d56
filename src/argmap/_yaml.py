"""Map files written as YAML: one place, so every map argmap writes reads back the same."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from ._issues import visible


class _Dumper(yaml.SafeDumper):
    """Never anchors and aliases (argmap's reader refuses them), whatever shares a value."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: ARG002  (yaml's signature)
        return True


def map_yaml(data: dict[str, object], header: Iterable[str] = ()) -> str:
    """Map data as YAML text, after comment lines (each defused onto one line).

    >>> print(map_yaml({"argmap": 1, "title": "t"}, ["made by argmap"]), end="")
    # made by argmap
    argmap: 1
    title: t
    """
    comments = "".join(f"# {visible(line, lines=False)}\n" for line in header)
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )
    return comments + body
