"""Document metadata from the text: its kind (cue words, data/extraction/documents.yaml),
its date and its title.

>>> document_kind("Revisionsrapport: granskning av integrationsarbetet", "Revisorerna har granskat.")
'audit_report'
>>> text_date("Skickat: den 14 mars 2021 09:05. Mötet 2 JUNI 2017.")
'2021-03-14'
>>> text_date("Projektet varade till hösten 2018 och 2018 var ett lugnt år; 2017 också.") is None
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from operator import itemgetter

from graph.errors import VocabularyError
from graph.paths import data_dir
from graph.yamlfile import read_data_yaml
from loaders.extract.config import config
from loaders.extract.scan import literal_offsets

# Each pattern begins with its first character (a character class or "19|20"), which lets
# ``re`` skip to the places where that character occurs at C speed; the word boundary or
# look-behind that the match needs before it ("\b((?:19|20)…", "(?<![\d/-])((?:19|20)…")
# is a look-behind placed after the characters already read, which means the same.
_ISO = re.compile(r"((?:19|20)(?<!\w..)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")


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
    scores: defaultdict[str, float] = defaultdict(float)
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
    kind, score = max(scores.items(), key=itemgetter(1))  # the first of the highest, as most_common(1)
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
                out.append((m[1], m[2], m[3]))
                break
    return out


def text_date(text: str, title: str | None = None) -> str | None:
    """The date the document gives itself (YYYY-MM-DD, YYYY-MM or YYYY), or None.

    Only the places where a document dates itself count, in this order: a full date in its
    title or first line ("Protokoll 2024-05-14"); a labelled date in its header or byline ("Publicerad:
    2 oktober 2020, 10:06", "Datum 2016-08-29"); a dateline, a date with a clock time ("08 okt
    2015 06:00"); a date alone on a line of the head; a date or a month under the title
    ("Revisionsrapport, mars 2021"); a year after a document word ("Revisionsrapport 2015")
    or closing the title; a signature at the end ("Stockholm den 23 maj 2013"); the latest
    timestamp anywhere ("Skickat: den 3 februari 2020 18:22", a record of writing, never a
    plan). A date the text merely mentions ("nyanlända som kom 2015", a statistic's
    "(2015-12-31)") is not the document's: with none of these places the date is None, not a
    guess.

    >>> text_date("Protokoll 2024-05-14. Gäller från och med 1 januari 2025.", "Protokoll 2024-05-14")
    '2024-05-14'
    >>> text_date("Granskning av integrationen\\nRevisionsrapport, mars 2021\\n\\nIntervjuer 4 maj 2020.")
    '2021-03'
    >>> text_date("Rubrik\\n\\nIngressen.\\n\\nPublicerad 2018-08-29\\n\\nNyanlända som kom 2015 lämnar etableringen.")
    '2018-08-29'
    >>> text_date("Nyanlända som kom 2015 lämnar etableringen 2016. Kostnaderna (2015-12-31) steg.") is None
    True
    """
    first_line = next((line.strip() for line in text[:1000].splitlines() if line.strip()), "")
    if first_line.endswith((".", "!", "?")):  # a sentence, not a heading
        first_line = ""
    for heading in (title, first_line):  # the title as read, and the heading line it came from
        in_title = _full_dates(heading) if heading else []
        if in_title:
            return max(in_title)
    cfg = _date_config()
    front = text[: cfg["dateline_chars"]]
    head = _head(text, cfg)
    found = (
        _labelled_date(front, cfg)
        or _first(_DATELINE, front)
        or _date_line(head)
        or _latest(_head_dates(head[:_HEAD_CHARS]))
        or _dated_year(head, title, cfg)
        or _signature(text[-cfg["tail_chars"] :])
        or _latest([found for m in _DATELINE.finditer(text) if (found := _iso(m))])
    )
    return found or None


_HEAD_CHARS = 300  # the lines under a title where a report or a minute dates itself with a month

_DATE_KEYS = {
    "month_abbreviations",
    "labels",
    "dated_words",
    "mention_words",
    "head_lines",
    "head_chars",
    "dateline_chars",
    "tail_chars",
    "date_articles",
}


@lru_cache(maxsize=1)
def _date_config() -> dict:
    """The ``dates`` section of data/extraction/documents.yaml, checked (unknown or missing keys refused)."""
    path = data_dir() / "extraction" / "documents.yaml"
    raw = read_data_yaml(path).get("dates")
    if not isinstance(raw, dict) or set(raw) != _DATE_KEYS:
        found = sorted(raw) if isinstance(raw, dict) else raw
        raise VocabularyError(f"{path}: dates: expected the keys {sorted(_DATE_KEYS)}, found {found}")
    months = config().documents.months
    names = {m: i + 1 for i, m in enumerate(months)}
    for abbr, number in raw["month_abbreviations"].items():
        if not isinstance(number, int) or not 1 <= number <= 12:
            raise VocabularyError(f"{path}: dates: month_abbreviations: {abbr!r} needs a month number 1-12")
        names[str(abbr).lower()] = number
    out = dict(raw, month_numbers=names)
    out["labels"] = [str(w).lower() for w in raw["labels"]]
    out["dated_words"] = [str(w).lower() for w in raw["dated_words"]]
    out["mention_words"] = frozenset(str(w).lower() for w in raw["mention_words"])
    out["date_articles"] = [str(w).lower() for w in raw["date_articles"]]
    return out


def _month_alternatives() -> str:
    """Every month name and abbreviation as one regex alternation, longest first."""
    return "|".join(sorted(map(re.escape, _date_config()["month_numbers"]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _any_date() -> re.Pattern:
    """One full date as written: "2018-08-29", "14 mars 2021", "08 okt. 2015"."""
    return re.compile(
        r"(?<![\d-])(?:((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)"
        r"|(\d{1,2})\s+(" + _month_alternatives() + r")\.?\s+((?:19|20)\d\d)(?!\d))",
        re.IGNORECASE,
    )


def _iso(m: re.Match) -> str:
    """The YYYY-MM-DD of a match of ``_any_date``."""
    if m.group(1):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    month = _date_config()["month_numbers"][m.group(5).lower()]
    day = int(m.group(4))
    return f"{m.group(6)}-{month:02d}-{day:02d}" if 1 <= day <= 31 else ""


_CLOCK = re.compile(r"(\d{1,2})[:.]\d\d\b")
_BEFORE_CLOCK = re.compile(r"\s*,?\s*(?:kl\.?\s*)?$")


class _Dateline:
    """A full date followed by a clock time: an article's timestamp ("26 februari 2019 06:15",
    "2 oktober 2020, 10:06", "2019-03-20 kl. 06.12"). Found from the clock times, which are
    rare, looking back for a date that ends right before one."""

    @staticmethod
    def finditer(text: str):
        for clock in _CLOCK.finditer(text):
            start = clock.start()
            window = text[max(0, start - 40) : start]
            for m in _any_date().finditer(window):
                if _BEFORE_CLOCK.fullmatch(window, m.end()):
                    yield m
                    break


_DATELINE = _Dateline()


def _first(pattern, text: str) -> str | None:
    """The first date ``pattern.finditer`` finds in ``text``."""
    for m in pattern.finditer(text):
        if found := _iso(m):
            return found
    return None


def _head(text: str, cfg: dict) -> str:
    """The first ``head_lines`` non-empty lines of the text, within ``head_chars``."""
    lines = [line for line in text[: cfg["head_chars"]].splitlines() if line.strip()]
    return "\n".join(lines[: cfg["head_lines"]])


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    """Every date label as one whole-word alternation (longest first)."""
    labels = sorted(map(re.escape, _date_config()["labels"]), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(labels) + r")(?!\w)")


def _labelled_date(front: str, cfg: dict) -> str | None:
    """The date on the line of the most preferred label ("Publicerad: …", "Datum …"), within
    80 characters after the label; a label in a header or byline is capitalised or set apart
    ("… | Datum 2016-08-29 |"), not a word of a sentence ("en skrivelse daterad den 1 mars")."""
    rank = {label: i for i, label in enumerate(cfg["labels"])}
    best: tuple[int, str] | None = None
    low = front.lower()  # labels are lower case: matching the lower-cased text is faster than IGNORECASE
    for m in _label_pattern().finditer(low if len(low) == len(front) else front):
        i = rank[m.group(1).lower()]
        if best is not None and i >= best[0]:
            continue
        if not (front[m.start()].isupper() or _set_apart(front, m.start())):
            continue
        line_end = front.find("\n", m.end())
        found = _first(_any_date(), front[m.end() : line_end if line_end >= 0 else len(front)][:80])
        if found:
            best = (i, found)
    return best[1] if best else None


def _date_line(head: str) -> str | None:
    """A date alone on a line of the head ("23 NOVEMBER 2016", "Tisdag 8 oktober 2015")."""
    for line in head.splitlines():
        m = _any_date().search(line)
        if m and len(line.strip()) - len(m.group(0)) <= 12 and not line.rstrip().endswith("."):
            return _iso(m) or None
    return None


def _latest(dates: list[str]) -> str | None:
    return max(dates) if dates else None


def _head_dates(head: str) -> list[str]:
    """The dates and months in the head that are set apart, not read in a sentence: at the
    start of a line or after a punctuation mark ("Revisionsrapport, mars 2021"), or a month
    written with a capital as a report's cover does ("December 2016"); "I april 2015
    föreslog …" and "antog en policy 2008-12-18" are mentions."""
    out = []
    for m in _any_date().finditer(head):
        if _set_apart(head, m.start()) and (found := _iso(m)):
            out.append(found)
    for m in _month_year_pattern().finditer(head):
        if _set_apart(head, m.start()) or m.group(1)[0].isupper():
            out.append(f"{m.group(2)}-{config().documents.months.index(m.group(1).lower()) + 1:02d}")
    return out


def _set_apart(text: str, start: int) -> bool:
    """Whether only white space and a punctuation mark or a line start come before ``start``."""
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in "\n,;:|–—-•·"


def _dated_year(head: str, title: str | None, cfg: dict) -> str | None:
    """The year after a document word in the head ("Revisionsrapport 2015"), or the one year
    of the title ("Granskning av mottagandet 2016") unless a word that makes it a mention
    comes before it ("Flyktingarna som kom 2015")."""
    words = "|".join(map(re.escape, cfg["dated_words"]))
    m = re.search(rf"(?<!\w)(?:{words})\s+((?:19|20)\d\d)(?![\d:/–-])", head, re.IGNORECASE)
    if m:
        return m.group(1)
    years = list(re.finditer(r"(?<![\d:/–-])((?:19|20)\d\d)(?![\d:/–-])", title or ""))
    if len(years) != 1:
        return None
    before = (title or "")[: years[0].start()].split()
    return None if before and before[-1].lower() in cfg["mention_words"] else years[0].group(1)


@lru_cache(maxsize=1)
def _signed_line() -> re.Pattern:
    """A place, a comma, an article ("den", documents.yaml date_articles) and a date."""
    articles = "|".join(map(re.escape, _date_config()["date_articles"]))
    return re.compile(rf"[A-ZÅÄÖ][\wåäö-]+,?\s+(?:(?:{articles})\s+)?(.+?)\.?")


def _signature(tail: str) -> str | None:
    """A signed date at the end: a line "Stockholm den 23 maj 2013" or "Ort 2013-05-23"."""
    for line in reversed([line.strip() for line in tail.splitlines() if line.strip()]):
        m = _signed_line().fullmatch(line)
        if m:
            d = _any_date().fullmatch(m.group(1))
            if d:
                return _iso(d) or None
    return None


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
    """The title of a text given as paragraphs: the first headline of its first paragraphs, as
    the reader finds it (loaders/reading/metadata.py ``title_from_text``: no caption, photo
    credit, byline or dateline, capitals in sentence case).

    >>> text_title(["08 okt 2015 06:00", "KOMMUNSTYRELSEN TAR ÖVER", "Ansvaret flyttas."])
    'Kommunstyrelsen tar över'
    """
    from loaders.reading.metadata import title_from_text

    return title_from_text("\n\n".join(p for p in paragraphs[:6] if len(p.split()) <= 16))
