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
from loaders.extract.scan import literal_offsets

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
    """ "14 mars 2021": a day, a month name of data/extraction/documents.yaml and a year."""
    months = config().documents.months
    # "\b(\d{1,2})…" with the boundary after the first digit (see _ISO)
    return re.compile(r"(\d(?<!\w.)\d?)\s+(" + "|".join(months) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _body_needles() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The distinct needles that word cues look for in the body, shortest first, each with the
    shorter needles it contains: a needle whose part is absent from the text is absent too,
    and is not looked for ("konferensen" when "konferens" is not there)."""
    needles = sorted(
        {needle for _, cues in _kind_cues() for cue, _, needle in cues if needle and not cue.get("title_only")}, key=len
    )
    return tuple((n, tuple(s for s in needles[:i] if s in n)) for i, n in enumerate(needles))


def _needles_in(body: str) -> set[str]:
    """The body needles (see ``_body_needles``) that occur in the lower-cased ``body``."""
    found: set[str] = set()
    for needle, parts in _body_needles():
        if found.issuperset(parts) and needle in body:
            found.add(needle)
    return found


def _first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]``, split from a prefix of the text that holds them (long
    texts are not split whole for their first lines)."""
    size = 4096
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > n:  # the first n lines end before the cut (only the last may be cut)
            return lines[:n]
        size *= 4
    return text.splitlines()[:n]


def document_kind(title: str | None, text: str, low: str | None = None) -> str:
    """The kind whose cues score highest (title cues count more); "other" below the minimum.
    ``low`` is ``text.lower()`` when the caller has it already."""
    cfg = config().documents
    head = (title or "").lower()
    in_body = _needles_in(text.lower() if low is None else low)
    lines = _first_lines(text, 60)
    scores: Counter[str] = Counter()
    for kind, cues in _kind_cues():
        for cue, rx, needle in cues:
            weight = float(cue.get("weight", 1))
            if cue.get("regex"):
                # a cue anchored at the start of a line ("^av [A-ZÅÄÖ]") can match a line (which
                # holds no line break) only at its start: ``match`` there, not ``search`` along it
                at_line = rx.match if _line_anchored(rx.pattern) else rx.search
                if any(at_line(line) for line in lines):
                    scores[kind] += weight
                if title and rx.search(title):
                    scores[kind] += weight * cfg.title_weight
                continue
            in_title = bool(rx.search(head))
            if in_title:
                scores[kind] += weight * cfg.title_weight
            if not cue.get("title_only") and needle in in_body:
                scores[kind] += weight
    if not scores:
        return "other"
    kind, score = scores.most_common(1)[0]
    return kind if score >= cfg.min_score else "other"


# Every year the date patterns read begins with one of these: the patterns are tried only
# where one occurs (``str.find``, at C speed), not at every digit of the text.
_CENTURIES = ("19", "20")


def _century_hits(text: str) -> list[int]:
    """The sorted offsets where "19" or "20" occurs in ``text``."""
    return literal_offsets(text, _CENTURIES)


def _matches_at(pattern: re.Pattern, text: str, hits: list[int]) -> list[tuple[str, ...]]:
    """``pattern.findall(text)`` for a pattern whose every match begins at one of ``hits``:
    the pattern is matched at those offsets, after the end of the match before."""
    out = []
    last = 0
    for i in hits:
        if i < last:
            continue
        m = pattern.match(text, i)
        if m:
            last = m.end()
            out.append(m.groups())
    return out


def _month_dates(text: str, hits: list[int]) -> list[tuple[str, str, str]]:
    """``_month_pattern().findall(text)``, found from the years (``hits``) that white space
    comes before: the month is the word before the year and the day ends before the month,
    so the match can begin only one or two characters before that end. (Two matches never
    overlap: neither a day's second digit nor a year can begin another.)"""
    rx = _month_pattern()
    out = []
    for year in hits:
        if year == 0 or not text[year - 1].isspace():
            continue
        j = year
        while j > 0 and text[j - 1].isspace():
            j -= 1
        while j > 0 and not text[j - 1].isspace():  # the month
            j -= 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
        for start in (j - 2, j - 1):
            m = rx.match(text, start) if start >= 0 else None
            if m and m.start(3) == year:
                out.append(m.groups())
                break
    return out


def text_date(text: str, title: str | None = None) -> str | None:
    """The full date (YYYY-MM-DD) in the title, where a minute or a report dates itself;
    else the latest full date written in the text (a later one would be a plan, "från och
    med den 1 januari 2025", which a title date rules out); else its most named year.

    >>> text_date("Protokoll 2024-05-14. Gäller från och med 1 januari 2025.", "Protokoll 2024-05-14")
    '2024-05-14'

    Before the whole text, its head (the lines under the title) is read, where a report
    gives its own date, with a month alone if need be:

    >>> text_date("Granskning av integrationen\\nRevisionsrapport, mars 2021\\n\\nIntervjuer 4 maj 2020.")
    '2021-03'
    """
    if title:
        in_title = _full_dates(title)
        if in_title:
            return max(in_title)
    head = text[:_HEAD_CHARS]
    in_head = _full_dates(head) + _month_years(head)  # "Revisionsrapport, mars 2021" under the title
    if in_head:
        return max(in_head)
    hits = _century_hits(text)
    dates = _full_dates(text, hits)
    if dates:
        return max(dates)
    years = Counter(y for (y,) in _matches_at(_YEAR, text, hits))
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)


_HEAD_CHARS = 300  # the lines under a title where a report or a minute dates itself


def _month_years(text: str) -> list[str]:
    """Every "mars 2021" in ``text`` as "2021-03" (a month without a day).

    >>> _month_years("Revisionsrapport, mars 2021. Rapport i maj 2020")
    ['2021-03', '2020-05']
    """
    months = config().documents.months
    return [f"{y}-{months.index(m.lower()) + 1:02d}" for m, y in _month_year_pattern().findall(text)]


@lru_cache(maxsize=1)
def _month_year_pattern() -> re.Pattern:
    months = config().documents.months
    return re.compile(r"(?<!\d\s)(?<!\d)\b(" + "|".join(months) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _full_dates(text: str, hits: list[int] | None = None) -> list[str]:
    """Every full date written in ``text`` (ISO, or "14 mars 2021"), as YYYY-MM-DD."""
    months = config().documents.months
    hits = _century_hits(text) if hits is None else hits
    dates = [f"{y}-{m}-{d}" for y, m, d in _matches_at(_ISO, text, hits)]
    for d, month, y in _month_dates(text, hits):
        dates.append(f"{y}-{months.index(month.lower()) + 1:02d}-{int(d):02d}")
    return dates


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
