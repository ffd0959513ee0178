"""A text cut into paragraphs, lines and sentences, each paragraph tokenised on its own.

spaCy's tokenizer stops caching after the first special-case token of a long Doc (spaCy
issue #13950), so the text is tokenised one paragraph at a time; sentences come from the
sentencizer, cut again at line breaks (a byline, a dateline or a heading is a line of its
own), except a break inside a sentence: a line that stops on a letter or a comma and one that
goes on in lower case (hard-wrapped text, a page break). All offsets are absolute character
offsets into the document text.

>>> t = segment("Rubrik\\n\\nKommunstyrelsen ansvarar. Nämnden stödjer.\\nSlut")
>>> [(p.start, p.end, p.heading) for p in t]
[(0, 6, True), (8, 55, False)]
>>> [t[1].text_of(s) for s in t[1].sentences]
['Kommunstyrelsen ansvarar.', 'Nämnden stödjer.', 'Slut']
>>> [p.text_of(s) for p in segment("Ansvaret vilar på\\nsocialnämnden.\\nNästa") for s in p.sentences]
['Ansvaret vilar på\\nsocialnämnden.', 'Nästa']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

from loaders.extract.nlp import resources
from loaders.extract.scan import TextScan
from loaders.reading.normalise import continues, paragraph_spans

_TOC_LINE = re.compile(r"(?:\t|\.{3,}|…)\s*\d+\s*$")
_FOOTNOTE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070-\u2079]+\s*")
_END_PUNCT = ".!?:;,"
_QUOTE_START = re.compile(r"^\s*[–—-]\s")
LIST_ITEM = re.compile(r"\s*(?:[–—•*-]|\d{1,2}[.)])\s")  # a dash, a bullet or a number opens a list item
MAX_HEADING_WORDS = 16


class Sentence(NamedTuple):
    """A sentence: its absolute character span and its tokens in the paragraph's Doc (a named
    tuple: built for every sentence of every paragraph, it is made faster than a dataclass)."""

    start: int
    end: int
    first: int  # index of the first token in the paragraph's Doc
    last: int  # index after the last token


@dataclass(slots=True)
class Paragraph:
    """One paragraph: its span, its Doc (offsets relative to ``start``) and its sentences."""

    index: int
    start: int
    end: int
    text: str
    doc: Doc
    sentences: list[Sentence] = field(default_factory=list)
    heading: bool = False
    toc: bool = False
    footnote: bool = False
    quote: bool = False
    lines: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, is_heading)
    starts: list[int] = field(default_factory=list, repr=False)  # token offsets in ``text``
    words: list[str] = field(default_factory=list, repr=False)  # token texts
    lowers: list[str] = field(default_factory=list, repr=False)  # their lower-case forms
    punct: list[int] = field(default_factory=list, repr=False)  # is the token punctuation (0/1)
    scan: TextScan | None = field(default=None, repr=False)  # literal hits of the whole text
    triggers: list[tuple[int, int, int]] = field(
        default_factory=list, repr=False
    )  # (match id, start, end) of nlp's trigger matcher

    def text_of(self, sentence: Sentence) -> str:
        return self.text[sentence.start - self.start : sentence.end - self.start]

    def token_at(self, offset: int) -> int:
        """Index of the token that contains (or follows) absolute offset ``offset``."""
        return max(0, bisect_right(self.starts, offset - self.start) - 1)

    def token_start(self, i: int) -> int:
        return self.start + self.starts[i]

    def token_end(self, i: int) -> int:
        return self.start + self.starts[i] + len(self.words[i])

    def sentence_of(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def is_toc_line(line: str) -> bool:
    """A line of a table of contents: it ends in a page number after a tab or dots.

    Only a line whose last visible character is a digit is searched (most are not)."""
    tail = line.rstrip()
    return bool(tail) and tail[-1].isdigit() and _TOC_LINE.search(line) is not None


def _may_be_toc(chunk: str) -> bool:
    """Whether the last visible character of a paragraph is a digit, as that of its last line
    must be for it to be a table of contents (most are not: their lines need not be cut out)."""
    return chunk.rstrip()[-1:].isdigit()


def is_heading_line(line: str) -> bool:
    """A short line without closing punctuation: a title, a section heading, a dateline."""
    stripped = line.strip()
    if not stripped or is_toc_line(stripped) or _QUOTE_START.match(stripped):
        return False
    if stripped[-1] in _END_PUNCT or stripped[0].islower():
        return False
    return len(stripped.split()) <= MAX_HEADING_WORDS


def _lines(text: str, start: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_heading) of the non-blank lines of a paragraph at offset ``start``."""
    if "\n" not in text:  # most paragraphs are one line
        return [(start, start + len(text), is_heading_line(text))] if text.strip() else []
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start + pos, start + pos + len(line), is_heading_line(line)))
        pos += len(line) + 1
    return out


class _Word(NamedTuple):
    """What the segmentation reads of a token: its text, its lower case, whether it is
    punctuation (0/1), and its kind for the sentence rule (``_ENDER``, ``_BREAK``, ``_SPACE``
    or 0)."""

    text: str
    lower: str
    punct: int
    kind: int


_ENDER, _BREAK, _SPACE = 1, 2, 3  # sentence-final mark; white space with a line break; other white space


class _Lexicon(dict):
    """Orth id → its ``_Word``, derived once from the vocabulary's lexeme of that id: a
    per-word table, so that a token costs one dict look-up instead of a slice of the text,
    a ``str.lower`` and columns of ``Doc.to_array`` (one table, not one per field: the
    look-ups miss the CPU caches, so fewer of them is what counts).

    Bounded: past ``limit`` words it starts afresh, so that a long batch of ever new words
    (names, numbers, misspellings) cannot grow it without end.

    >>> from loaders.extract.nlp import resources
    >>> lex = _Lexicon(resources().nlp.vocab, frozenset("."), limit=2)
    >>> orths = [resources().nlp.vocab[w].orth for w in ("Nämnden", ".", "ja")]
    >>> [lex[o].lower for o in orths], len(lex)
    (['nämnden', '.', 'ja'], 1)
    """

    def __init__(self, vocab: Vocab, enders: frozenset[str], limit: int = 100_000):
        super().__init__()
        self._vocab = vocab
        self._enders = enders
        self._limit = limit

    def __missing__(self, orth: int) -> _Word:
        if len(self) >= self._limit:
            self.clear()
        lex = self._vocab[orth]
        text = lex.orth_
        if text in self._enders:
            kind = _ENDER
        elif lex.is_space:
            kind = _BREAK if "\n" in text else _SPACE
        else:
            kind = 0
        word = self[orth] = _Word(text, text.lower(), int(lex.is_punct), kind)
        return word


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """The per-word table of the pipeline's vocabulary, filled as words are first seen."""
    return _Lexicon(resources().nlp.vocab, _sentence_enders())


def _word_columns(lex: _Lexicon, orths: list[int]) -> tuple[list[str], list[str], list[int], list[int]]:
    """[texts, lower cases, punctuation (0/1), kinds] of the tokens of orth ids ``orths``."""
    if not orths:
        return [], [], [], []
    texts, lowers, punct, kinds = map(list, zip(*map(lex.__getitem__, orths), strict=False))
    return texts, lowers, punct, kinds


def _columns(doc: Doc) -> tuple[list[int], list[int]]:
    """[orth ids, offsets] of the tokens, read from the Doc's C arrays (``Doc.to_array``):
    creating a spaCy Token object per token costs more than tokenizing."""
    if not len(doc):
        return [], []
    return doc.to_array([ORTH, IDX]).T.tolist()


def _sentences(kinds: list[int], words: list[str], starts: list[int], punct: list[int], start: int) -> list[Sentence]:
    """Sentences by spaCy's sentencizer rule (a sentence ends after its closing punctuation
    and any punctuation that follows), cut again at tokens that hold a line break.

    The rule runs here on the token columns (``kinds`` from ``_Lexicon.kind``), not as a
    pipeline component, which would create a Token object for every token of every
    paragraph; and only at the tokens where something happens (a sentence-final mark, a
    line break), not at every token.
    """
    n = len(kinds)
    if not n:
        return []
    marks = list(compress(range(n), map(_MARKS.__contains__, kinds)))
    out: list[Sentence] = []
    first, m = 0, 0
    while m < len(marks):
        i = marks[m]
        if kinds[i] == _ENDER:
            # the sentence ends before the next token that is neither punctuation nor a mark
            j = i + 1
            while j < n and (punct[j] or kinds[j] == _ENDER):
                j += 1
            if j < n:
                if j > first:
                    _add_sentence(out, kinds, words, starts, start, first, j)
                    first = j
                if kinds[j] == _BREAK:
                    _add_sentence(out, kinds, words, starts, start, first, j)
                    first = j + 1
            m = bisect_right(marks, j, m)
        else:  # a line break, unless the sentence goes on after it
            if not (0 < i < n - 1 and _goes_on(words[i - 1], words[i + 1])):
                _add_sentence(out, kinds, words, starts, start, first, i)
                first = i + 1
            m += 1
    _add_sentence(out, kinds, words, starts, start, first, n)
    return out


_MARKS = frozenset((_ENDER, _BREAK))
_WRAP = re.compile(r"(?<=[\w,])\n(?=[^\W\d_])")  # where ``continues`` may hold: a look at few places


def unwrapped(chunk: str) -> str:
    """``chunk`` with each line break inside a sentence (``_goes_on``) made a space, as long:
    the tokenizer then makes no token of it, and "vilar på⏎socialnämnden" reads as one line
    does (offsets stay those of the text).

    >>> unwrapped("vilar på\\nsocialnämnden.\\nNästa")
    'vilar på socialnämnden.\\nNästa'
    """
    if "\n" not in chunk:
        return chunk
    return _WRAP.sub(lambda m: " " if continues(chunk, m.start(), m.end()) else "\n", chunk)


def _goes_on(before: str, after: str) -> bool:
    """Whether a line break between the words ``before`` and ``after`` is inside a sentence
    (``normalise.continues``: a letter, digit or comma before, lower case after)."""
    return continues(before + after, len(before), len(before))


def _sentence_enders() -> frozenset[str]:
    """The sentencizer's sentence-final punctuation characters."""
    return resources().senter.punct_chars


def _add_sentence(
    out: list[Sentence], kinds: list[int], words: list[str], starts: list[int], start: int, first: int, last: int
) -> None:
    """Append the sentence of tokens [first, last), trailing white space trimmed, if any is left
    (a sentence of tokens is never empty: every token holds a character)."""
    while last > first and kinds[last - 1] >= _BREAK:
        last -= 1
    if last > first:
        out.append(Sentence(start + starts[first], start + starts[last - 1] + len(words[last - 1]), first, last))


def segment(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Paragraph]:
    """The paragraphs of ``text`` (given spans, or blank-line separated), tokenised one by one.

    All paragraphs are tokenised first, then their columns read, then the rest done: the
    tokenizer's tables and the Python work do not push each other out of the CPU caches
    paragraph after paragraph (measured a fifth faster than one loop doing everything). The
    claims' trigger matcher runs here too, on each Doc just made (``Paragraph.triggers``):
    run later, from the claims, the Doc is out of the caches and it cost about twice as much."""
    res = resources()
    make_doc = res.nlp.make_doc
    lex = _lexicon()
    scan = TextScan(text)
    spans = paragraphs if paragraphs is not None else paragraph_spans(text)
    chunks = [text[start:end] for start, end in spans]
    docs = list(map(make_doc, map(unwrapped, chunks)))
    triggers = list(map(res.triggers, docs))
    columns = list(map(_columns, docs))
    out: list[Paragraph] = []
    for index, (start, end) in enumerate(spans):
        chunk, doc = chunks[index], docs[index]
        orths, starts = columns[index]
        words, lowers, punct, kinds = _word_columns(lex, orths)
        lines = _lines(chunk, start)
        out.append(
            Paragraph(
                index,
                start,
                end,
                chunk,
                doc,
                sentences=_sentences(kinds, words, starts, punct, start),
                heading=len(lines) == 1 and lines[0][2],
                toc=bool(lines) and _may_be_toc(chunk) and all(is_toc_line(text[a:b]) for a, b, _ in lines),
                footnote=_FOOTNOTE.match(chunk) is not None,
                quote=_QUOTE_START.match(chunk) is not None,
                lines=lines,
                starts=starts,
                words=words,
                lowers=lowers,
                punct=punct,
                scan=scan,
                triggers=triggers[index],
            )
        )
    return out
