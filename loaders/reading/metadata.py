"""Titles and dates from a document's text or its file metadata.

>>> title_from_text("\\n\\nOklart ansvar i kommunen\\n\\nBrödtext som är lång.")
'Oklart ansvar i kommunen'
>>> title_from_text("Bildtext om något.\\nRubriken\\nBrödtext.")
'Rubriken'
>>> clean_title("Microsoft Word - rapport_v3.docx") is None
True
>>> metadata_date("D:20190312093000+01'00'"), metadata_date("2016-05-04T10:00:00Z"), metadata_date("maj 2016")
('2019-03-12', '2016-05-04', None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.errors import VocabularyError
from graph.paths import data_dir
from graph.yamlfile import read_data_yaml

# A title longer than this is a paragraph, not a title.
MAX_TITLE_CHARS = 150
_FILENAME_LIKE = re.compile(
    r"(\.(docx?|pdf|indd|odt|rtf|txt|html?)$)|^(microsoft word|untitled|namnlös|dokument\d*$)", re.IGNORECASE
)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")


_TITLE_KEYS = {"credit_labels", "byline_labels", "caption_words"}


@lru_cache(maxsize=1)
def _title_words() -> tuple[re.Pattern, re.Pattern, frozenset[str], re.Pattern]:
    """(photo credit, byline, caption words, a cover's date) from the ``titles`` section and the
    month names of data/extraction/documents.yaml; unknown or missing keys are refused."""
    path = data_dir() / "extraction" / "documents.yaml"
    data = read_data_yaml(path)
    raw = data.get("titles")
    if not isinstance(raw, dict) or set(raw) != _TITLE_KEYS:
        raise VocabularyError(f"{path}: titles: expected the keys {sorted(_TITLE_KEYS)}")
    credit = "|".join(re.escape(str(w)) for w in raw["credit_labels"])
    byline = "|".join(re.escape(str(w)) for w in raw["byline_labels"])
    months = "|".join(re.escape(str(m)) for m in data.get("months") or ())
    return (
        re.compile(rf"(?i)(?:^|\s)(?:{credit}):.*$"),
        re.compile(rf"(?i)^(?:{byline})\b[: ]"),
        frozenset(str(w).lower() for w in raw["caption_words"]),
        re.compile(rf"(?i)\s+(?:\d{{1,2}}\s+)?(?:{months})\s+(?:19|20)\d\d\b.*$"),
    )


def sentence_case(title: str) -> str:
    """An ALL CAPS title in sentence case, place names capitalised again; others as they are.

    >>> sentence_case("SAMMANFATTANDE RAPPORT FRÅN KONFERENSEN I HUDDINGE")
    'Sammanfattande rapport från konferensen i Huddinge'
    >>> sentence_case("Nytt LSS-boende i Vilhelmina")
    'Nytt LSS-boende i Vilhelmina'
    """
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return title
    from graph.gazetteer import gazetteer

    low = title.lower()
    out = low[0].upper() + low[1:]
    for word in set(re.findall(r"\w+", out)):
        cap = word[0].upper() + word[1:]
        if cap != word and any(s == 0 and e == len(cap) for _, s, e in gazetteer().find_jurisdictions(cap)):
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", cap, out)
    return out


def tidy_title(title: str) -> str:
    """``title`` without a photo credit after it ("… Foto: Huddinge kommun") or a cover's date
    and what follows it (a PDF's text layer runs a cover's lines together), in sentence case
    when written in capitals.

    >>> tidy_title("Oklart ansvar i kommunen Foto: Kommunen")
    'Oklart ansvar i kommunen'
    >>> tidy_title("Granskning av tillsynen i Habo Januari 2016 Anna Ek och Bo Berg")
    'Granskning av tillsynen i Habo'
    """
    credit, _, _, cover_date = _title_words()
    title = credit.sub("", title).strip()
    cut = cover_date.search(title)
    if cut and len(title[: cut.start()].split()) >= 4:  # a cover's title run together with its date
        title = title[: cut.start()]
    return sentence_case(title)


def clean_title(title: str | None) -> str | None:
    """``title`` with white space collapsed, photo credit dropped and capitals made sentence
    case, or None when it is empty, too long or a file name."""
    if not title:
        return None
    title = tidy_title(" ".join(title.split()))
    if not title or len(title) > MAX_TITLE_CHARS or _FILENAME_LIKE.search(title):
        return None
    return title


def title_from_text(text: str, *, lines: int = 10) -> str | None:
    """The first of the first ``lines`` non-empty lines that is a headline.

    A long first line is a lead or a photo caption, a line ending in a full stop a sentence,
    "Av …", "Publicerad …" a byline, a line with a photo credit ("… Foto: …") a caption, a date
    alone a dateline, one word alone a dateline's place, a letterhead in capitals or a picture's
    placeholder ("Artikelbild"); a headline is none of these (it may be a question). When only a
    caption qualifies, it is the title without its credit.

    >>> title_from_text("Av Nils Berg\\n\\nVem leder arbetet?\\n\\nNämnden svarar.")
    'Vem leder arbetet?'
    >>> title_from_text("1 Revisionsrapport Granskning av rutinerna\\n\\n2 Innehåll")
    'Revisionsrapport Granskning av rutinerna'
    >>> title_from_text("Ett foto av mötet Foto: Per Ek\\n\\n08 okt 2015 06:00\\n\\nSVENSTAVIK\\n\\nKOMMUNEN TAR ÖVER")
    'Kommunen tar över'
    """
    credit, byline, captions, _ = _title_words()
    candidates = (
        _PAGE_NUMBER.sub("", line.strip().lstrip("#").strip()) for line in text.split("\n", 4 * lines)[: 4 * lines]
    )
    fallback = None
    for line in [line for line in candidates if line][:lines]:
        if line.endswith((".", ":", ";", ",")) or byline.match(line) or not clean_title(line):
            continue
        if line.lower() in captions or _DATELINE.fullmatch(line) or " | " in line:  # a header's fields
            continue
        words = line.split()
        if credit.search(line) or len(words) < 2 or (line.isupper() and len(words) < 3):
            fallback = fallback or clean_title(line)  # a caption, a place, a letterhead
            continue
        return clean_title(line)
    return fallback


# a page number a PDF's text layer puts before the first line of a page ("1 Revisionsrapport …")
_PAGE_NUMBER = re.compile(r"^\d{1,3}\s+(?=[A-ZÅÄÖ])")

# a date alone on a line, with or without a clock time: "08 okt 2015 06:00", "2019-03-12 kl. 10.06"
_DATELINE = re.compile(r"(?:\d{1,2}\s+[^\W\d]+\.?\s+\d{4}|\d{4}-\d\d-\d\d)(?:\s*,?\s*(?:\w+\.?\s*)?\d{1,2}[:.]\d\d)?")


def plausible_date(date: str | None, text: str) -> str | None:
    """``date`` (from a file's metadata) unless the text shows it cannot be the document's: a
    year the text names after it (a .docx template's creation date of 2013 on a text about 2018;
    the end of a range, "2020–2025", is a plan and does not count).

    >>> plausible_date("2013-12-23", "Nyanlända som kom 2015. Publicerad 2018.")
    >>> plausible_date("2019-05", "Plan 2019–2025")
    '2019-05'
    """
    if not date:
        return None
    years = [int(y) for y in _TEXT_YEAR.findall(text)]
    return None if years and max(years) > int(date[:4]) else date


# a year the text names, not the end of a range ("2019–2025") nor inside a longer number
_TEXT_YEAR = re.compile(r"(?<![\d–-])(?<![\d–-] )((?:19|20)\d\d)(?!\d)")


def metadata_date(raw: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD from an ISO 8601 or PDF ("D:YYYYMMDD…") date; None otherwise."""
    if not raw:
        return None
    raw = raw.strip()
    match = _PDF_DATE.match(raw) or _ISO_DATE.match(raw)
    if not match:
        return None
    parts = [p for p in match.groups() if p]
    if (
        not 1000 <= int(parts[0]) <= 2999
        or (len(parts) > 1 and not 1 <= int(parts[1]) <= 12)
        or (len(parts) > 2 and not 1 <= int(parts[2]) <= 31)
    ):
        return None
    return "-".join(parts)
