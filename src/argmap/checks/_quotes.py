"""Finding an analyst's quotes in the source text, forgiving only typography.

Typographic quotes and apostrophes, dashes, ellipses and runs of whitespace are
normalised on both sides; case and wording are not. A quote may elide words with
"..." (or "…"): its fragments must then appear in the source in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import repeat

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
    }
)
_ELLIPSIS = re.compile(r"\s*\.\.\.\s*")
_KEY = 32
"""Length of the prefix a source is indexed by, at every word start."""


def normalise(text: str) -> str:
    """Fold typographic variants and whitespace so that only wording is compared.

    >>> normalise("Iraq\u2019s \u201cPMUs\u201d \u2013  armed")
    'Iraq\\'s "PMUs" - armed'
    """
    if not text.isascii():  # the common case, plain ASCII, has nothing to fold
        text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
    return " ".join(text.replace("--", "-").split())


_WORDS = re.compile(r"\w+")
_MAX_HITS = 64
"""A word found more often than this does not vote on where a misquote belongs."""
_WORD_STARTS = re.compile(rf"(?<!\w)(?=(\w.{{0,{_KEY - 1}}}))", re.DOTALL)


@dataclass(frozen=True)
class SourceText:
    """A source text prepared for fast quote look-ups (linear to build, near-constant to query)."""

    text: str
    index: dict[str, int]
    """The first position of each `_KEY`-character run that starts a word."""

    @classmethod
    def of(cls, raw: str) -> SourceText:
        """Normalise and index a source text.

        Built with C-level calls only (findall, map, dict of zip): a 10,000-claim map may
        quote a book, and a Python loop per word would dominate checking it.
        """
        text = normalise(raw)
        starts = list(_WORD_STARTS.finditer(text))
        keys = map(re.Match.group, starts, repeat(1))
        positions = map(re.Match.start, starts)
        # Built back to front, so that the first occurrence of a key is the one kept.
        return cls(text, dict(zip(reversed(list(keys)), reversed(list(positions)), strict=True)))

    def find(self, quote: str) -> bool:
        """Whether the quote (its "..."-separated fragments, in order) is in the text."""
        return self.locate(quote) is not None

    def locate(self, quote: str) -> list[tuple[int, int]] | None:
        """Where the quote's fragments stand in the normalised text (start and end of
        each, in order), or None when it is not there.

        >>> SourceText.of("It rained. Then   it — stopped.").locate("rained ... it - stopped")
        [(3, 9), (16, 28)]
        """
        spans = []
        start = 0
        for fragment in _fragments(quote):
            found = self._find(fragment, start)
            if found < 0:
                return None
            start = found + len(fragment)
            spans.append((found, start))
        return spans

    def _find(self, fragment: str, start: int) -> int:
        """Where the fragment stands as whole words (no word cut in two), from `start`."""
        position = self.index.get(fragment[:_KEY], -1)
        found = position >= start and self.text.startswith(fragment, position)
        if found and self._whole(fragment, position):
            return position
        # A repeated phrase cannot occur before its first occurrence.
        position = self.text.find(fragment, max(start, position))
        if position < 0 or self._whole(fragment, position):
            return position
        # Then one search in C, not a find per occurrence: a run of one letter holds a
        # one-letter quote at every position, each of them cutting a word.
        whole = _whole_words(fragment).search(self.text, position + 1)
        return whole.start() if whole else -1

    def _whole(self, fragment: str, position: int) -> bool:
        """Neither end of the fragment, at `position`, cuts a word of the text in two."""
        end = position + len(fragment)
        cut_start = position > 0 and _joined(self.text[position - 1], fragment[0])
        cut_end = end < len(self.text) and _joined(fragment[-1], self.text[end])
        return not (cut_start or cut_end)

    @cached_property
    def words(self) -> dict[str, list[int]]:
        """Where each word of the text starts; built only when a quote is not found."""
        index: dict[str, list[int]] = {}
        for match in _WORDS.finditer(self.text):
            index.setdefault(match.group(), []).append(match.start())
        return index

    def closest(self, quote: str) -> str:
        """The passage of the source most like a quote that was not found ('' if none is).

        Each word of the quote votes, through an index of the source's words, for where
        the quote would start if that word were in place; the most voted start wins.
        """
        fragment = max(_fragments(quote), key=len, default="")
        votes: Counter[int] = Counter()
        for match in _WORDS.finditer(fragment):
            hits = self.words.get(match.group(), [])
            if len(hits) <= _MAX_HITS:  # a common word says little about where
                votes.update(hit - match.start() for hit in hits)
        if not votes:
            return ""
        begin = max(0, votes.most_common(1)[0][0])
        end = begin + len(fragment)
        # Widen to whole words so the passage reads naturally.
        while begin > 0 and self.text[begin - 1].isalnum():
            begin -= 1
        while end < len(self.text) and self.text[end].isalnum():
            end += 1
        return self.text[begin:end]


@lru_cache(maxsize=256)
def _whole_words(fragment: str) -> re.Pattern[str]:
    """The fragment where neither of its ends cuts a word (a letter or digit, as
    `str.isalnum`, on both sides of an end) in two."""
    # Used once str.find has met a cut occurrence: the look-behind comes first, so that a
    # run of the fragment's first letter costs one failed test per position.
    before = r"(?<![^\W_])" if fragment[:1].isalnum() else ""
    after = r"(?![^\W_])" if fragment[-1:].isalnum() else ""
    return re.compile(before + re.escape(fragment) + after)


def _joined(left: str, right: str) -> bool:
    return left.isalnum() and right.isalnum()


def _fragments(quote: str) -> list[str]:
    return [part for part in _ELLIPSIS.split(normalise(quote)) if part]


def offsets(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """The normalised text of `raw` (as `normalise` makes it), and for each of its
    characters the span of `raw` it comes from, so that a passage found in the normalised
    text can be shown in the text as written.

    >>> text, spans = offsets("a ——  b…")
    >>> text, spans[2], spans[-1]
    ('a - b...', (2, 4), (7, 8))
    """
    folded = not raw.isascii()  # as in `normalise`, which folds only non-ASCII texts
    chars: list[tuple[str, int, int]] = []
    for start, end, composed in _composed(raw):
        for char in composed.translate(_TRANSLATION) if folded else composed:
            chars.append((char, start, end))
    # "--" becomes "-", pairwise from the left, as str.replace does.
    dashes: list[tuple[str, int, int]] = []
    position = 0
    while position < len(chars):
        char, start, end = chars[position]
        if char == "-" and position + 1 < len(chars) and chars[position + 1][0] == "-":
            end = chars[position + 1][2]
            position += 1
        dashes.append((char, start, end))
        position += 1
    # Runs of whitespace become one space; none at either end (as " ".join(split())).
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    for char, start, end in dashes:
        if char.isspace():  # what str.split() splits on
            if text and text[-1] == " ":
                spans[-1] = (spans[-1][0], end)
            elif text:
                text.append(" ")
                spans.append((start, end))
            continue
        text.append(char)
        spans.append((start, end))
    if text and text[-1] == " ":
        text.pop()
        spans.pop()
    return "".join(text), spans


def _composed(raw: str) -> list[tuple[int, int, str]]:
    """`raw` in NFC, as pieces: each a span of `raw` and what it composes to. A piece is
    one character, except where NFC composes several (a letter and its accents)."""
    if raw.isascii() or unicodedata.is_normalized("NFC", raw):
        return [(index, index + 1, char) for index, char in enumerate(raw)]
    composed = unicodedata.normalize("NFC", raw)
    pieces = _pieces(raw, lambda index: unicodedata.combining(raw[index]) == 0 and
                     unicodedata.is_normalized("NFC", raw[index - 1 : index + 1]))  # fmt: skip
    if "".join(piece for _, _, piece in pieces) != composed:
        # Rare compositions across starters (Hangul jamo): cut only before ASCII, which
        # never composes with what precedes it.
        pieces = _pieces(raw, lambda index: raw[index].isascii())
    return pieces


def _pieces(raw: str, cut: Callable[[int], bool]) -> list[tuple[int, int, str]]:
    pieces: list[tuple[int, int, str]] = []
    start = 0
    for index in range(1, len(raw) + 1):
        if index == len(raw) or cut(index):
            pieces.append((start, index, unicodedata.normalize("NFC", raw[start:index])))
            start = index
    return pieces
