"""A text cut into paragraphs, lines and sentences, each paragraph tokenised on its own.

spaCy's tokenizer stops caching after the first special-case token of a long Doc (spaCy
issue #13950), so the text is tokenised one paragraph at a time; sentences come from the
sentencizer, cut again at line breaks (a byline, a dateline or a heading is a line of its
own). All offsets are absolute character offsets into the document text.

>>> t = segment("Rubrik\\n\\nKommunstyrelsen ansvarar. Nämnden stödjer.\\nSlut")
>>> [(p.start, p.end, p.heading) for p in t]
[(0, 6, True), (8, 55, False)]
>>> [t[1].text_of(s) for s in t[1].sentences]
['Kommunstyrelsen ansvarar.', 'Nämnden stödjer.', 'Slut']
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH
from spacy.tokens import Doc

from loaders.extract.nlp import resources

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_TOC_LINE = re.compile(r"(?:\t|\.{3,}|…)\s*\d+\s*$")
_FOOTNOTE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070-\u2079]+\s*")
_END_PUNCT = ".!?:;,"
_QUOTE_START = re.compile(r"^\s*[–—-]\s")
MAX_HEADING_WORDS = 16


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    first: int  # index of the first token in the paragraph's Doc
    last: int   # index after the last token


@dataclass
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
    words: list[str] = field(default_factory=list, repr=False)   # token texts
    lowers: list[str] = field(default_factory=list, repr=False)  # their lower-case forms
    punct: list[bool] = field(default_factory=list, repr=False)  # is the token punctuation

    def text_of(self, sentence: Sentence) -> str:
        return self.text[sentence.start - self.start:sentence.end - self.start]

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


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of runs of non-empty lines; leading and trailing blanks trimmed."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def is_heading_line(line: str) -> bool:
    """A short line without closing punctuation: a title, a section heading, a dateline."""
    stripped = line.strip()
    if not stripped or _TOC_LINE.search(stripped) or _QUOTE_START.match(stripped):
        return False
    if stripped[-1] in _END_PUNCT or stripped[0].islower():
        return False
    return len(stripped.split()) <= MAX_HEADING_WORDS


def _lines(text: str, start: int) -> list[tuple[int, int, bool]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start + pos, start + pos + len(line), is_heading_line(line)))
        pos += len(line) + 1
    return out


def _columns(doc: Doc) -> list[list[int]]:
    """(offset, length, is_space, is_punct) of every token, read from the Doc's C arrays
    (``Doc.to_array``): creating a spaCy Token object per token costs more than tokenizing."""
    return doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT]).tolist() if len(doc) else []


def _sentences(rows: list[list[int]], words: list[str], start: int) -> list[Sentence]:
    """Sentences by spaCy's sentencizer rule (a sentence ends after its closing punctuation
    and any punctuation that follows), cut again at tokens that hold a line break.

    The rule runs here on the token columns, not as a pipeline component, which would
    create a Token object for every token of every paragraph.
    """
    if not rows:
        return []
    enders = _sentence_enders()
    out: list[Sentence] = []
    first, seen_end = 0, False
    for i, (word, row) in enumerate(zip(words, rows)):
        ender = word in enders
        if seen_end and not row[3] and not ender:
            if i > first:
                _add_sentence(out, rows, start, first, i)
                first = i
            seen_end = False
        elif ender:
            seen_end = True
        if row[2] and "\n" in word:
            _add_sentence(out, rows, start, first, i)
            first = i + 1
    _add_sentence(out, rows, start, first, len(rows))
    return out


def _sentence_enders() -> frozenset[str]:
    """The sentencizer's sentence-final punctuation characters."""
    return resources().senter.punct_chars


def _add_sentence(out: list[Sentence], rows: list, start: int, first: int, last: int) -> None:
    """Append the sentence of tokens [first, last), trailing white space trimmed, if any is left."""
    while last > first and rows[last - 1][2]:
        last -= 1
    if last > first:
        begin = start + rows[first][0]
        end = start + rows[last - 1][0] + rows[last - 1][1]
        out.append(Sentence(begin, end, first, last))


def segment(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Paragraph]:
    """The paragraphs of ``text`` (given spans, or blank-line separated), tokenised one by one."""
    res = resources()
    out: list[Paragraph] = []
    for index, (start, end) in enumerate(paragraphs if paragraphs is not None else paragraph_spans(text)):
        chunk = text[start:end]
        doc = res.nlp.make_doc(chunk)
        rows = _columns(doc)
        words = [chunk[idx:idx + length] for idx, length, _, _ in rows]
        par = Paragraph(index, start, end, chunk, doc, starts=[r[0] for r in rows], words=words,
                        lowers=[w.lower() for w in words], punct=[bool(r[3]) for r in rows])
        par.sentences = [s for s in _sentences(rows, words, start) if s.end > s.start]
        par.lines = _lines(chunk, start)
        par.toc = bool(par.lines) and all(_TOC_LINE.search(text[a:b]) for a, b, _ in par.lines)
        par.heading = len(par.lines) == 1 and par.lines[0][2]
        par.footnote = bool(_FOOTNOTE.match(chunk))
        par.quote = bool(_QUOTE_START.match(chunk))
        out.append(par)
    return out
