"""Finding an analyst's quotes in the source text, forgiving only typography.

Typographic quotes and apostrophes, dashes, ellipses and runs of whitespace are
normalised on both sides; case and wording are not. A quote may elide words with
"..." (or "…"): its fragments must then appear in the source in order.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
    }
)
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*\.\.\.\s*")
_KEY = 12
"""Length of the prefix a source is indexed by, at every word start."""


def normalise(text: str) -> str:
    """Fold typographic variants and whitespace so that only wording is compared.

    >>> normalise("Iraq\u2019s \u201cPMUs\u201d \u2013  armed")
    'Iraq\\'s "PMUs" - armed'
    """
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class SourceText:
    """A source text prepared for fast quote look-ups (linear to build, near-constant to query)."""

    text: str
    index: dict[str, list[int]]

    @classmethod
    def of(cls, raw: str) -> SourceText:
        """Normalise and index a source text."""
        text = normalise(raw)
        index: dict[str, list[int]] = {}
        for match in re.finditer(r"(?<!\w)\w", text):
            index.setdefault(text[match.start() : match.start() + _KEY], []).append(match.start())
        return cls(text, index)

    def find(self, quote: str) -> bool:
        """Whether the quote (its "..."-separated fragments, in order) is in the text."""
        start = 0
        for fragment in _fragments(quote):
            found = self._find(fragment, start)
            if found < 0:
                return False
            start = found + len(fragment)
        return True

    def _find(self, fragment: str, start: int) -> int:
        for position in self.index.get(fragment[:_KEY], ()):
            if position >= start and self.text.startswith(fragment, position):
                return position
        # Quotes that start mid-word, or with punctuation, miss the index.
        return self.text.find(fragment, start)

    def closest(self, quote: str) -> str:
        """The passage of the source most like a quote that was not found."""
        fragment = max(_fragments(quote), key=len)
        matcher = difflib.SequenceMatcher(None, self.text, fragment, autojunk=False)
        match = matcher.find_longest_match(0, len(self.text), 0, len(fragment))
        begin = max(0, match.a - match.b)
        end = begin + len(fragment)
        # Widen to whole words so the passage reads naturally.
        while begin > 0 and self.text[begin - 1].isalnum():
            begin -= 1
        while end < len(self.text) and self.text[end].isalnum():
            end += 1
        return self.text[begin:end]


def _fragments(quote: str) -> list[str]:
    return [part for part in _ELLIPSIS.split(normalise(quote)) if part]
