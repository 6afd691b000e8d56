"""Map files written as YAML: one place, so every map argmap writes reads back the same."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from .._issues import LEFT_OUT, visible


class _Dumper(yaml.SafeDumper):
    """Never anchors and aliases (argmap's reader refuses them), whatever shares a value;
    a text that holds a character of `_issues._UNSAFE` is double-quoted, to be escaped."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: ARG002  (yaml's signature)
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = '"' if LEFT_OUT.search(data) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _Dumper.represent_str)


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
    # yaml escapes the controls and line separators in a double-quoted text, but writes
    # bidi controls as they are (with allow_unicode): left, each stands in such a text.
    return comments + LEFT_OUT.sub(lambda m: f"\\u{ord(m[0]):04X}", body)
