"""Quote matching: typography is forgiven, wording and case are not."""

from __future__ import annotations

import pytest

from argmap.checks._quotes import SourceText, normalise

SOURCE = SourceText.of(
    "These groups, often referred to as \u201cPopular Mobilization Units\u201d (PMUs), have\n"
    "gained considerable influence in Iraq \u2013 complicating the state\u2019s sovereignty."
)


@pytest.mark.parametrize(
    "quote",
    [
        'often referred to as "Popular Mobilization Units" (PMUs)',
        "have gained considerable influence",  # a line break in the source
        "in Iraq - complicating the state's sovereignty",  # dash and apostrophe
        "in Iraq \u2014 complicating",  # em dash for en dash
        "in Iraq -- complicating",  # two hyphens for a dash
        "These groups ... have gained ... influence",  # elisions, in order
        "These groups \u2026 (PMUs)",
        "(PMUs), have",  # punctuation at either end
    ],
)
def test_found(quote: str) -> None:
    assert SOURCE.find(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "these groups",  # case matters: a quote is verbatim
        "have gained significant influence",
        "have gained ... These groups",  # fragments out of order
        "ese groups",  # cuts a word in two
        "considerable influ",
    ],
)
def test_not_found(quote: str) -> None:
    assert not SOURCE.find(quote)


def test_closest_passage_is_whole_words() -> None:
    assert (
        SOURCE.closest("have gained significant influence") == "have gained considerable influence"
    )
    assert (
        SOURCE.closest("gained considerable influense in Iraq")
        == "gained considerable influence in Iraq"
    )


def test_normalise() -> None:
    assert normalise("  a\u00a0\u2018b\u2019\n\tc\u2026 ") == "a 'b' c..."


@pytest.mark.parametrize(
    ("text", "quote", "spans"),
    [
        ("aaaa a", "a", [(5, 6)]),  # after a word that holds it four times
        ("x_a y", "a", [(2, 3)]),  # an underscore joins no word (as str.isalnum says)
        ("éa a", "a", [(3, 4)]),  # a letter beyond ASCII does
        ('a"b "b', '"b', [(1, 3)]),  # an end that is no letter cuts nothing
        ("ab1 ab", "ab", [(4, 6)]),  # nor does a digit after it let it stand
    ],
)
def test_whole_words_beside_letters_digits_and_marks(
    text: str, quote: str, spans: list[tuple[int, int]]
) -> None:
    assert SourceText.of(text).locate(quote) == spans


def test_a_run_of_one_letter_is_one_search_per_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    """600 claims quoting "a" in a 300 KB run of "a" never finished `validate`: each of
    the run's positions held the quote, each cut a word, and each was tried in Python."""
    source = SourceText.of("a" * 30_000)
    tried = 0
    whole = SourceText._whole

    def counted(self: SourceText, fragment: str, position: int) -> bool:
        nonlocal tried
        tried += 1
        return whole(self, fragment, position)

    monkeypatch.setattr(SourceText, "_whole", counted)
    assert not source.find("a")
    assert not source.find("aa ... a")
    assert tried <= 3
