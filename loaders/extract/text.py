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
    _starts: list[int] = field(default_factory=list, repr=False)

    def text_of(self, sentence: Sentence) -> str:
        return self.text[sentence.start - self.start:sentence.end - self.start]

    def token_at(self, offset: int) -> int:
        """Index of the token that contains (or follows) absolute offset ``offset``."""
        if not self._starts:
            self._starts = [t.idx for t in self.doc]
        return max(0, bisect_right(self._starts, offset - self.start) - 1)

    def token_start(self, i: int) -> int:
        return self.start + self.doc[i].idx

    def token_end(self, i: int) -> int:
        tok = self.doc[i]
        return self.start + tok.idx + len(tok.text)

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


def _sentences(doc: Doc, start: int) -> list[Sentence]:
    """Sentencizer sentences, cut again at tokens that hold a line break."""
    out: list[Sentence] = []
    for sent in doc.sents:
        first = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > first:
                    out.append(_sentence(doc, start, first, tok.i))
                first = tok.i + 1
        if sent.end > first:
            out.append(_sentence(doc, start, first, sent.end))
    return out


def _sentence(doc: Doc, start: int, first: int, last: int) -> Sentence:
    while last > first and doc[last - 1].is_space:
        last -= 1
    begin = start + doc[first].idx
    end = start + doc[last - 1].idx + len(doc[last - 1].text)
    return Sentence(begin, end, first, last)


def segment(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Paragraph]:
    """The paragraphs of ``text`` (given spans, or blank-line separated), tokenised one by one."""
    res = resources()
    out: list[Paragraph] = []
    for index, (start, end) in enumerate(paragraphs if paragraphs is not None else paragraph_spans(text)):
        chunk = text[start:end]
        doc = res.senter(res.nlp.make_doc(chunk))
        par = Paragraph(index, start, end, chunk, doc)
        par.sentences = [s for s in _sentences(doc, start) if s.end > s.start]
        par.lines = _lines(chunk, start)
        par.toc = bool(par.lines) and all(_TOC_LINE.search(text[a:b]) for a, b, _ in par.lines)
        par.heading = len(par.lines) == 1 and par.lines[0][2]
        par.footnote = bool(_FOOTNOTE.match(chunk))
        par.quote = bool(_QUOTE_START.match(chunk))
        out.append(par)
    return out
