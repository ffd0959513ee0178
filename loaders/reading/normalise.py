"""Normalising text and finding its paragraphs.

Every reader ends here, so all formats give the same kind of text: ``\\n`` line ends, no
soft hyphens or non-breaking spaces, words that were hyphenated at a line end joined again,
no trailing spaces, paragraphs separated by exactly one blank line, and no blank line inside a
sentence (a page break or a transcript's spacing: one line break instead). Single line breaks inside
a paragraph are kept: in .txt/.md/.html/.docx the author put them there (a byline, a quoted
reply), and keeping them keeps the text close to the file. (PDF lines are reflowed first, by
``pdf_text``, because there a line break is layout, not writing.)

>>> normalise("Förvalt-\\nningen och vård- och omsorgs\\u00adförvaltningen\\r\\n\\r\\n\\r\\n\\r\\nSlut.  ")
'Förvaltningen och vård- och omsorgsförvaltningen\\n\\nSlut.'
>>> normalise("Miljö-\\noch hälsoskyddsförvaltningen, EU-\\nländer, e-\\npost")
'Miljö- och hälsoskyddsförvaltningen, EU-länder, e-post'
>>> normalise("Kommunen tog över ansvaret för\\n\\n \\n\\nbokningar av färdtjänst.\\n\\nNästa stycke.")
'Kommunen tog över ansvaret för\\nbokningar av färdtjänst.\\n\\nNästa stycke.'
>>> text = "Rubrik\\n\\nFörsta stycket\\nfortsätter.\\n\\nAndra."
>>> [text[a:b] for a, b in paragraph_spans(text)]
['Rubrik', 'Första stycket\\nfortsätter.', 'Andra.']
"""

from __future__ import annotations

import re
import unicodedata

# Characters mapped before anything else: spaces of every width → " ", invisible marks
# dropped, typographic ligatures spelled out, page and vertical breaks → line breaks.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CHAR_MAP: dict[int, str | None] = {ord(c): " " for c in _SPACES}
_CHAR_MAP.update({ord(c): None for c in "\ufeff\u200b\u2060\ufffe"})
_CHAR_MAP.update({0x2010: "-", 0x2011: "-"})
_CHAR_MAP.update({0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl"})
# Control characters carry no text, except the ones that break lines or pages.
_CHAR_MAP.update({c: None for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))})
_CHAR_MAP.update({0x0B: "\n", 0x0C: "\n\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"})

# Replacing only where a special character occurs is much faster than str.translate on long text.
_SPECIAL_CHAR = re.compile("[" + re.escape("".join(map(chr, _CHAR_MAP))) + "]")
# The patterns below start with a literal, which lets the regex engine skip ahead quickly.
_TRAILING_SPACES = re.compile(r"  *\n")
_TRAILING_TAB = re.compile(r"\t[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n\n")
_SOFT_HYPHEN_AT_LINE_END = re.compile("\u00ad[ \t]*\n(?![ \t]*\n)[ \t]*")
_HYPHEN_AT_LINE_END = re.compile(r"-\n[ \t]*(?=(\w+))")
# a word broken at a line end whose line break a copy turned into a space: "kom- munen"
_HYPHEN_SPACE = re.compile(r"(?<=[^\W\d_]{2})- (?=([^\W\d_]+))")
_BLANK_RUN = re.compile(r"\n\n\n+")
_SPLIT_SENTENCE = re.compile(r"(?<=[\w,])\n\n(?=[^\W\d_])")  # where ``continues`` may hold

# A hyphen before one of these words is a real one: "kultur- och fritidsförvaltningen",
# "barn- eller ungdomsnämnden", "för- respektive nackdelar" (Swedish suspended compounds).
COORDINATING_WORDS = frozenset(
    {"och", "eller", "samt", "respektive", "resp", "som", "till", "liksom", "men", "utan", "plus", "and", "or"}
)


def normalise(text: str) -> str:
    """The normalised form of ``text`` (see the module docstring); idempotent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _SPECIAL_CHAR.sub(_replace_special, text)
    if "\u00ad" in text:
        text = _SOFT_HYPHEN_AT_LINE_END.sub("", text).replace("\u00ad", "")
    text = strip_line_ends(text)
    text = rejoin_hyphenated(text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    if "\n\n" in text:
        text = _SPLIT_SENTENCE.sub(_one_line_break, text)
    return text.strip()


def _one_line_break(match: re.Match[str]) -> str:
    """A blank line inside a sentence (``continues``: a page break, a transcript's blank line
    after every line) is layout: one line break, so the sentence is one paragraph."""
    return "\n" if continues(match.string, match.start(), match.end()) else match.group(0)


def _replace_special(match: re.Match[str]) -> str:
    return _CHAR_MAP[ord(match.group())] or ""


def strip_line_ends(text: str) -> str:
    """``text`` without spaces or tabs at the ends of lines."""
    if "\t" in text:
        text = _TRAILING_TAB.sub("\n", text)  # from the first tab of a trailing run, then the spaces before it
    return _TRAILING_SPACES.sub("\n", text) if " \n" in text else text


def rejoin_hyphenated(text: str) -> str:
    """Undo hyphenation at line ends, keeping real hyphens.

    "förvalt-⏎ningen" → "förvaltningen" (lower case on both sides; also where a copy turned the
    line break into a space, "kom- munen"); "kultur-⏎och" →
    "kultur- och" (a suspended compound before a conjunction); "EU-⏎länder", "e-⏎post",
    "2019-⏎2020" keep the hyphen and lose the line break (an abbreviation, a single letter or
    a number before the hyphen is never a hyphenated syllable).

    >>> rejoin_hyphenated("ansvars-\\nfördelningen, barn-\\neller ungdom, SFI-\\nundervisning")
    'ansvarsfördelningen, barn- eller ungdom, SFI-undervisning'
    >>> rejoin_hyphenated("kom- munen, omsorgs- nämnden, kultur- och fritid, EU- länder, Ystad - Mora")
    'kommunen, omsorgsnämnden, kultur- och fritid, EU- länder, Ystad - Mora'
    """
    if "-\n" in text:
        text = _HYPHEN_AT_LINE_END.sub(_rejoin, text)
    return _HYPHEN_SPACE.sub(_rejoin_spaced, text) if "- " in text else text


def _rejoin_spaced(match: re.Match[str]) -> str:
    """ "kom- munen" → "kommunen", "omsorgs- nämnden" → "omsorgsnämnden": lower case on both
    sides and no coordinating word after ("kultur- och fritid", "för- respektive nackdelar" keep
    theirs: a suspended compound)."""
    after = match.group(1)
    before = match.string[match.start() - 1]
    if after.lower() in COORDINATING_WORDS or not (before.islower() and after[0].islower()):
        return match.group(0)
    return ""


def _rejoin(match: re.Match[str]) -> str:
    """The replacement for "-⏎" between ``before`` (read backwards from the match) and the next word."""
    text, end = match.string, match.start()
    start = end
    while start > 0 and end - start < 64 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    before, after = text[start:end], match.group(1)
    if not before:
        return match.group(0)
    if after.lower() in COORDINATING_WORDS:
        return "- "
    if len(before) > 1 and before.isalpha() and before[-1].islower() and after[0].islower():
        return ""
    return "-"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of non-empty lines, separated by blank lines.

    Leading spaces of a paragraph are not part of it; in normalised text there are no
    trailing ones. Every non-space character of ``text`` is inside exactly one span. A
    paragraph that stops mid-sentence (its last character a letter, a digit or a comma) and
    one that goes on in lower case are one: a page break or a blank line of a transcript
    cut that sentence in two, the author did not.

    >>> paragraph_spans("  a\\nb\\n\\nC")
    [(2, 5), (7, 8)]
    >>> text = "Ansvaret vilar på\\n\\nsocialnämnden. Och\\n\\nNästa stycke."
    >>> [text[a:b] for a, b in paragraph_spans(text)]
    ['Ansvaret vilar på\\n\\nsocialnämnden. Och', 'Nästa stycke.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for separator in (*_PARAGRAPH_BREAK.finditer(text), None):
        end = separator.start() if separator else len(text)
        first, last = start, end
        while first < last and text[first] in " \t\n":
            first += 1
        while last > first and text[last - 1] in " \t\n":
            last -= 1
        if first < last:
            if spans and continues(text, spans[-1][1], first):
                spans[-1] = (spans[-1][0], last)
            else:
                spans.append((first, last))
        start = separator.end() if separator else end
    return spans


def continues(text: str, end: int, start: int) -> bool:
    """Whether the text after a break at ``start`` goes on with the sentence that stopped at
    ``end``: it stopped on a letter, a digit or a comma, and goes on in lower case.

    >>> continues("ligger hos\\nsocialnämnden", 10, 11), continues("Slut.\\nnästa", 5, 6)
    (True, False)
    """
    last = text[end - 1 : end]
    return bool(last) and (last.isalnum() or last == ",") and text[start : start + 1].islower()
