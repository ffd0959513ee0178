"""loaders/extract/scan.py: the one-pass trie finds exactly what a ``str.find`` per literal finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.extract.scan import TRIE_MIN, _trie, occurrences

letters = st.text(alphabet="abcåä -", min_size=0, max_size=300)
words = st.text(alphabet="abcåä", min_size=1, max_size=4)


def by_find(hay: str, literals: tuple[str, ...]) -> tuple[list[int], list[int]]:
    pairs = sorted({(i, i + len(w)) for w in literals for i in range(len(hay)) if hay.startswith(w, i)})
    return [a for a, _ in pairs], [b for _, b in pairs]


same_length = st.text(alphabet="abcåä", min_size=3, max_size=3)  # distinct, so none a prefix of another


@settings(max_examples=300, deadline=None)
@given(hay=letters, literals=st.lists(same_length, min_size=TRIE_MIN, max_size=60, unique=True))
def test_the_trie_finds_what_find_finds(hay, literals):
    assert _trie(tuple(literals)) is not None
    assert occurrences(hay, tuple(literals)) == by_find(hay, tuple(literals))


@settings(max_examples=200, deadline=None)
@given(hay=letters, literals=st.lists(words, min_size=TRIE_MIN, max_size=60, unique=True))
def test_literals_that_begin_others_are_found_one_by_one(hay, literals):
    assert occurrences(hay, tuple(literals)) == by_find(hay, tuple(literals))


def test_a_form_that_begins_with_a_short_word_is_found_across_any_gap():
    from loaders.extract.issues import _literals, find_issues
    from loaders.extract.scan import TextScan

    assert "i" not in _literals()  # alone, it would be found inside most words
    for text in ("Många dog i väntan på ambulans.", "Många dog i\nväntan på ambulans.", "I väntan på ambulans."):
        found = [issue for issue, _, _ in find_issues(text, TextScan(text))]
        assert found == ["emergency_services"], text
