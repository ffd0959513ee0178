"""Document metadata from the text: its kind (cue words, data/extraction/documents.yaml),
its date and its title.

>>> document_kind("Revisionsrapport: granskning av integrationsarbetet", "Revisorerna har granskat.")
'audit_report'
>>> text_date("Skickat: den 14 mars 2021 09:05. Mötet 2 JUNI 2017.")
'2021-03-14'
>>> text_date("Projektet varade till hösten 2018 och 2018 var ett lugnt år; 2017 också.")
'2018'
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from loaders.extract.config import config

# Each pattern begins with its first character (a character class or "19|20"), which lets
# ``re`` skip to the places where that character occurs at C speed; the word boundary or
# look-behind that the match needs before it ("\b((?:19|20)…", "(?<![\d/-])((?:19|20)…")
# is a look-behind placed after the characters already read, which means the same.
_ISO = re.compile(r"((?:19|20)(?<!\w..)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_YEAR = re.compile(r"((?:19|20)(?<![\d/-]..)\d\d)(?![\d])")


@lru_cache(maxsize=1)
def _kind_cues() -> tuple[tuple[str, tuple[tuple[dict, re.Pattern, str], ...]], ...]:
    """Every kind's cues with their patterns compiled once: (cue, pattern, lower-case needle);
    a regex cue's own pattern, a word cue's whole-word pattern for the title."""
    out = []
    for kind, cues in config().documents.kinds.items():
        compiled = []
        for cue in cues:
            pattern = cue["cue"]
            if cue.get("regex"):
                compiled.append((cue, re.compile(pattern, re.MULTILINE), ""))
            else:
                needle = pattern.lower()
                compiled.append((cue, re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)"), needle))
        out.append((kind, tuple(compiled)))
    return tuple(out)


@lru_cache(maxsize=256)
def _line_anchored(pattern: str) -> bool:
    """Whether a cue's pattern (compiled with re.MULTILINE) is anchored at the start of a line
    as a whole: it begins with "^" and has no alternation that could escape the anchor."""
    return pattern.startswith("^") and "|" not in pattern


@lru_cache(maxsize=1)
def _month_pattern() -> re.Pattern:
    """"14 mars 2021": a day, a month name of data/extraction/documents.yaml and a year."""
    months = config().documents.months
    # "\b(\d{1,2})…" with the boundary after the first digit (see _ISO)
    return re.compile(r"(\d(?<!\w.)\d?)\s+(" + "|".join(months) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def document_kind(title: str | None, text: str) -> str:
    """The kind whose cues score highest (title cues count more); "other" below the minimum."""
    cfg = config().documents
    head = (title or "").lower()
    body = text.lower()
    lines = text.splitlines()
    scores: Counter[str] = Counter()
    for kind, cues in _kind_cues():
        for cue, rx, needle in cues:
            weight = float(cue.get("weight", 1))
            if cue.get("regex"):
                # a cue anchored at the start of a line ("^av [A-ZÅÄÖ]") can match a line (which
                # holds no line break) only at its start: ``match`` there, not ``search`` along it
                at_line = rx.match if _line_anchored(rx.pattern) else rx.search
                if any(at_line(line) for line in lines[:60]):
                    scores[kind] += weight
                if title and rx.search(title):
                    scores[kind] += weight * cfg.title_weight
                continue
            in_title = bool(rx.search(head))
            if in_title:
                scores[kind] += weight * cfg.title_weight
            if not cue.get("title_only") and needle in body:
                scores[kind] += weight
    if not scores:
        return "other"
    kind, score = scores.most_common(1)[0]
    return kind if score >= cfg.min_score else "other"


def text_date(text: str) -> str | None:
    """The latest full date written in the text (YYYY-MM-DD), else its most named year."""
    months = config().documents.months
    month_rx = _month_pattern()
    dates = [f"{y}-{m}-{d}" for y, m, d in _ISO.findall(text)]
    for d, month, y in month_rx.findall(text):
        dates.append(f"{y}-{months.index(month.lower()) + 1:02d}-{int(d):02d}")
    if dates:
        return max(dates)
    years = Counter(_YEAR.findall(text))
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)


def text_title(paragraphs: list[str]) -> str | None:
    """The first heading-like line of the first paragraphs that is not a caption or a label."""
    for par in paragraphs[:6]:
        for line in par.splitlines():
            line = line.strip()
            if not line or len(line.split()) > 16 or line.endswith((".", ":", ",")):
                continue
            if re.search(r"\b(Foto|Bild|Illustration):", line) or line.isupper() and len(line.split()) < 3:
                continue
            return line
    return None
