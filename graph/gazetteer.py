"""The gazetteer (data/gazetteer/): jurisdictions and the national organisations.

Jurisdictions are the 290 municipalities, the 21 regions and the state, each with a slug
(FORMAT.md "Ids") and the surface forms by which Swedish texts name it ("Hässleholms
kommun", "Huddinges", "Region Skåne", "Skåne län"). Organisations are the agencies, civil
society and firms met nationally, with their abbreviations and older names.

>>> g = gazetteer()
>>> g.resolve_jurisdiction("Hässleholms kommun"), g.resolve_jurisdiction("Region Jämtland Härjedalen")
('hassleholm', 'jamtland-harjedalen')
>>> g.jurisdiction("eksjo").name, g.jurisdiction("stockholm").kind, g.jurisdiction("stockholms-lan").kind
('Eksjö kommun', 'municipality', 'region')
>>> [s for s, _, _ in g.find_jurisdictions("Huddinges politiker och Region Skåne")]
['huddinge', 'skane']
>>> g.organisation_by_name("SKL").id, g.organisation_by_name("Ernst & Young").type
('org/sveriges-kommuner-och-landsting', 'company')
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.errors import UnknownJurisdiction, VocabularyError
from graph.ids import slugify
from graph.paths import data_dir
from graph.textmatch import ENDINGS, WORD, find_phrases, normalise
from graph.vocabulary import vocabulary
from graph.yamlfile import read_data_yaml

# Jurisdiction files and the kind of their rows, in order of precedence: where two
# jurisdictions share a surface form ("Stockholm", "Uppsala"), the earlier kind wins.
# fictional.csv holds the made-up municipality of the demo (Norrbacka), last, so that a real
# place always wins a shared form; its code is not an SCB code.
JURISDICTION_FILES = (
    ("municipalities.csv", "municipality"),
    ("regions.csv", "region"),
    ("states.csv", "state"),
    ("fictional.csv", "municipality"),
)
REQUIRED_COLUMNS = ("code", "name", "short", "slug", "genitive", "county")
ORGANISATIONS_FILE = "organisations.yaml"
AMBIGUOUS_FILE = "ambiguous.txt"
NON_ORGANISATION_TYPES = frozenset({"person", "issue", "jurisdiction"})
# Words before an ambiguous name that make it a place even when capitalised ("I Vara").
PLACE_PREPOSITIONS = frozenset({"i", "från", "till", "inom", "utanför", "mellan", "kring", "runt"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ORG_ID = re.compile(r"^org/[a-z0-9]+(?:-[a-z0-9]+)*$")
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n\s*\n")
_BLOCK = ""  # value of organisation names in the phrase index: they hide the places inside them
_WEAK = "?"  # prefix of values for ambiguous bare names, which need a context check


@dataclass(frozen=True)
class Jurisdiction:
    """A municipality, region or state, as named in the gazetteer."""

    slug: str
    name: str
    short: str
    kind: str  # municipality | region | state
    code: str | None
    genitive: str
    county: str | None
    aliases: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """The surface forms that name this jurisdiction, without duplicates.

        >>> gazetteer().jurisdiction("hassleholm").forms()[:5]
        ('Hässleholm', 'Hässleholms kommun', 'Hässleholms', 'Hässleholm kommun', 'hassleholm')
        """
        forms = [self.short, self.name, self.genitive]
        if self.kind == "municipality":
            forms += [f"{self.short} kommun", f"{self.genitive} kommun"]
        elif self.kind == "region":
            forms += [f"Region {self.short}", f"Region {self.genitive}"]
            if self.county:
                county_genitive = self.county if self.county.endswith("s") else self.county + "s"
                forms += [self.county, f"{county_genitive} landsting", f"Landstinget i {self.county}"]
        forms += [self.slug, *self.aliases]
        return tuple(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class Organisation:
    """A national organisation: agency, civil society, company or national board."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    parent: str | None = None
    jurisdiction: str | None = None


@dataclass
class _FormIndex:
    """Surface forms of running text, keyed by their first word for a quick pre-selection."""

    by_first_word: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, form: str, value: str) -> None:
        key = normalise(form)
        bucket = self.by_first_word.setdefault(key.split()[0], {})
        if value == _BLOCK:
            bucket.setdefault(key, value)  # a place's own form wins over an organisation's name
        else:
            bucket[key] = value

    def select(self, text: str) -> dict[str, str]:
        """The forms whose first word occurs in ``text`` (with or without an inflected ending)."""
        words = {m.group(0).lower() for m in WORD.finditer(text)}
        stems = {w[: len(w) - len(e)] for w in words for e in ENDINGS if e and w.endswith(e)}
        out: dict[str, str] = {}
        for word in words | stems:
            out.update(self.by_first_word.get(word, {}))
        return out


class Gazetteer:
    """Jurisdictions by slug and organisations by id, with lookups by name and in text."""

    def __init__(
        self,
        jurisdictions: dict[str, Jurisdiction],
        organisations: dict[str, Organisation],
        ambiguous: frozenset[str] = frozenset(),
    ):
        self.jurisdictions = jurisdictions
        self.organisations = organisations
        self.ambiguous = ambiguous
        self._forms: dict[str, str] = {}  # normalised form → slug, by precedence
        for j in jurisdictions.values():
            for form in j.forms():
                self._forms.setdefault(normalise(form), j.slug)
        self._folded: dict[str, str | None] | None = None  # ASCII-folded form → slug, None: shared
        self._org_names: dict[str, str] = {}
        for org in organisations.values():
            for name in (org.name, *org.aliases):
                self._org_names.setdefault(normalise(name), org.id)
        self._text_index: _FormIndex | None = None
        self._choices: dict[str, str] | None = None

    # --- jurisdictions -------------------------------------------------------------------
    def jurisdiction(self, slug: str) -> Jurisdiction:
        """The jurisdiction with this slug, or UnknownJurisdiction naming close ones."""
        try:
            return self.jurisdictions[slug]
        except KeyError:
            raise self._unknown(slug) from None

    def is_jurisdiction(self, slug: str) -> bool:
        return slug in self.jurisdictions

    def county(self, slug: str) -> str | None:
        """The county (län) a jurisdiction lies in; None for the state, a group or a place the
        gazetteer does not hold (a plain look-up: no close matches are sought)."""
        place = self.jurisdictions.get(slug)
        return place.county if place is not None else None

    def resolve_jurisdiction(self, text: str) -> str:
        """The slug named by ``text``: a slug, name, short name, genitive or county form.

        Case does not matter, nor do missing diacritics; a longer text is searched for a
        mention. Raises UnknownJurisdiction with close matches.

        >>> g = gazetteer()
        >>> [g.resolve_jurisdiction(t) for t in ("huddinge", "Borås", "Göteborgs stad", "hassleholms kommun")]
        ['huddinge', 'boras', 'goteborg', 'hassleholm']
        >>> g.resolve_jurisdiction("Stockholm"), g.resolve_jurisdiction("Stockholms län")
        ('stockholm', 'stockholms-lan')
        """
        key = normalise(text).strip(" .,;:!?\"'()")
        if key in self.jurisdictions:
            return key
        if key in self._forms:
            return self._forms[key]
        folded = self._folded_forms().get(slugify(key))
        if folded:
            return folded
        found = self.find_jurisdictions(text)
        if found:
            return found[0][0]
        raise self._unknown(text)

    def find_jurisdictions(self, text: str) -> list[tuple[str, int, int]]:
        """Every jurisdiction mentioned in ``text``: (slug, start, end), in text order.

        Inflected forms count ("Huddinges", "Hässleholms kommunfullmäktige"); places inside
        the name of a known organisation do not ("Länsstyrelsen i Stockholms län"). Names that
        are also common words (data/gazetteer/ambiguous.txt) need an explicit form or a
        capitalised place-like context. Offsets refer to the NFC form of ``text``.

        >>> g = gazetteer()
        >>> g.find_jurisdictions("Marken i Vara kommun")
        [('vara', 9, 20)]
        >>> [s for s, _, _ in g.find_jurisdictions("Det var åren i Åre och berget i Berg.")]
        ['are', 'berg']
        """
        text = unicodedata.normalize("NFC", text)
        found = []
        for offset, sentence in _sentences(text):
            forms = self._index().select(sentence)
            for value, start, end in find_phrases(sentence, forms) if forms else ():
                start, end = start + offset, end + offset
                if value == _BLOCK:
                    continue
                if value.startswith(_WEAK):
                    if not _place_context(text, start, end):
                        continue
                    value = value[len(_WEAK) :]
                found.append((value, start, end))
        return found

    def close_matches(self, text: str, limit: int = 5) -> list[str]:
        """Slugs of the jurisdictions whose names or slugs are closest to ``text``.

        >>> gazetteer().close_matches("Hudinge")[0]
        'huddinge'
        """
        from rapidfuzz import process  # imported here: only error paths need it, not CLI start

        choices = self._fuzzy_choices()
        key = normalise(text)
        out: list[str] = []
        for _, _, form in process.extract(key, choices, limit=limit * 4, score_cutoff=60):
            slug = choices[form]
            if slug not in out:
                out.append(slug)
        return out[:limit]

    # --- organisations -------------------------------------------------------------------
    def organisation(self, entity_id: str) -> Organisation | None:
        return self.organisations.get(entity_id)

    def organisation_by_name(self, name: str) -> Organisation | None:
        """The organisation whose name or alias is ``name`` (case-insensitive), else None.

        A genitive ("Migrationsverkets", "FN:s") is tried without its ending when the full
        form is unknown.

        >>> gazetteer().organisation_by_name("Migrationsverkets").id
        'org/migrationsverket'
        >>> gazetteer().organisation_by_name("Länsstyrelsen") is None
        True
        """
        key = normalise(name).strip(" .,;:!?\"'()")
        org_id = self._org_names.get(key)
        if org_id is None and key.endswith("s"):
            org_id = self._org_names.get(key[:-2] if key.endswith(":s") else key[:-1])
        return self.organisations.get(org_id) if org_id else None

    # --- helpers -------------------------------------------------------------------------
    def _unknown(self, text: str) -> UnknownJurisdiction:
        close = self.close_matches(text)
        return UnknownJurisdiction(
            f"unknown jurisdiction {text!r}", hint=("did you mean: " + ", ".join(close)) if close else None
        )

    def _folded_forms(self) -> dict[str, str | None]:
        if self._folded is None:
            self._folded = {}
            for form, slug in self._forms.items():
                key = slugify(form)
                self._folded[key] = slug if self._folded.get(key, slug) == slug else None
        return self._folded

    def _fuzzy_choices(self) -> dict[str, str]:
        if self._choices is None:
            self._choices = {}
            for j in self.jurisdictions.values():
                for form in (j.short, j.name, j.slug):
                    self._choices.setdefault(normalise(form), j.slug)
        return self._choices

    def _index(self) -> _FormIndex:
        """The phrase index for running text, built on first use (not at CLI start)."""
        if self._text_index is None:
            index = _FormIndex()
            for org in self.organisations.values():
                for name in (org.name, *org.aliases):
                    index.add(name, _BLOCK)
            for form, slug in self._forms.items():
                j = self.jurisdictions[slug]
                if form == j.slug and form != normalise(j.short):
                    continue  # an ASCII slug ("malmo") is no word of running text
                weak = j.short in self.ambiguous and form in (normalise(j.short), normalise(j.genitive))
                index.add(form, _WEAK + slug if weak else slug)
            self._text_index = index
        return self._text_index


def _sentences(text: str) -> list[tuple[int, str]]:
    """``text`` cut after sentence punctuation and at blank lines: (offset, sentence).

    No surface form spans a sentence, and matching sentence by sentence keeps the work
    proportional to the text's length.
    """
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    bounds = [0, *cuts, len(text)]
    return [(a, text[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def _place_context(text: str, start: int, end: int) -> bool:
    """Whether an ambiguous name at text[start:end] is used as a place name.

    It must be capitalised, not begin a sentence, and not stand beside another capitalised
    word (then it is most likely part of a person's name), unless that word is "I"/"Från" ….

    >>> at = lambda t, w: _place_context(t, t.index(w), t.index(w) + len(w))
    >>> at("Hon bor i Vara nu", "Vara"), at("Hon ser Sven Vara", "Vara"), at("Hon ser vara.", "vara")
    (True, False, False)
    >>> at("Lund, Vara och Berg", "Vara"), at("Vara ligger", "Vara"), at("I Vara finns", "Vara")
    (True, False, True)
    """
    if not text[start].isupper():
        return False
    before = re.search(r"(\w+)(\W*)$", text[:start])
    if before is None or re.search(r"[.!?]", before.group(2)):
        return False  # first word of the text or of a sentence
    previous, gap = before.group(1), before.group(2)
    if previous[0].isupper() and not gap.strip() and previous.lower() not in PLACE_PREPOSITIONS:
        return False
    after = re.match(r"(\s*)(\w+)", text[end:])
    return not (after and not after.group(1).strip() and after.group(2)[0].isupper())


# --- loading -----------------------------------------------------------------------------
def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a gazetteer CSV with their line numbers; checks the required columns."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise VocabularyError(
                    f"{path}:1: missing column(s) {', '.join(missing)}",
                    hint="columns: " + ",".join(REQUIRED_COLUMNS) + "[,aliases]",
                )
            return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise VocabularyError(f"{path}: cannot read gazetteer file: {exc}") from exc


def _load_jurisdictions(folder: Path) -> dict[str, Jurisdiction]:
    """All jurisdictions of the three files; unique slugs overall, unique codes per file."""
    out: dict[str, Jurisdiction] = {}
    where: dict[str, str] = {}
    for filename, kind in JURISDICTION_FILES:
        path = folder / filename
        codes: dict[str, int] = {}
        for line, row in _read_csv(path):
            at = f"{path}:{line}"
            for col in ("name", "short", "slug", "genitive"):
                if not row.get(col):
                    raise VocabularyError(f"{at}: empty {col}")
            slug, code = row["slug"], row.get("code") or None
            if not _SLUG.match(slug):
                raise VocabularyError(f"{at}: slug {slug!r} is not lower-case ASCII words joined by '-'")
            if slug in out:
                raise VocabularyError(f"{at}: duplicate slug {slug!r} (first at {where[slug]})")
            if kind != "state" and not code:
                raise VocabularyError(f"{at}: empty code")
            if code and code in codes:
                raise VocabularyError(f"{at}: duplicate code {code!r} (first at line {codes[code]})")
            if code:
                codes[code] = line
            aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
            out[slug] = Jurisdiction(
                slug, row["name"], row["short"], kind, code, row["genitive"], row.get("county") or None, aliases
            )
            where[slug] = at
    return out


def _load_organisations(path: Path, jurisdictions: dict[str, Jurisdiction]) -> dict[str, Organisation]:
    """Organisations with valid ids and types, known parents and unambiguous aliases."""
    raw = read_data_yaml(path).get("organisations")
    if not isinstance(raw, list):
        raise VocabularyError(f"{path}: expected a list 'organisations'")
    types = set(vocabulary().entity_types) - NON_ORGANISATION_TYPES
    out: dict[str, Organisation] = {}
    names: dict[str, str] = {}
    for i, entry in enumerate(raw):
        at = f"{path}: organisations[{i}]"
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "name", "type")):
            raise VocabularyError(f"{at}: needs id, name and type")
        org_id, at = entry["id"], f"{at} ({entry['id']})"
        if not _ORG_ID.match(org_id):
            raise VocabularyError(f"{at}: id must be org/<slug>")
        if org_id in out:
            raise VocabularyError(f"{at}: duplicate id")
        if entry["type"] not in types:
            raise VocabularyError(f"{at}: type {entry['type']!r} is not one of {', '.join(sorted(types))}")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise VocabularyError(f"{at}: aliases must be a list of names")
        jurisdiction = entry.get("jurisdiction")
        if jurisdiction is not None and jurisdiction not in jurisdictions:
            raise VocabularyError(f"{at}: unknown jurisdiction {jurisdiction!r}")
        for name in (entry["name"], *aliases):
            key = normalise(name)
            if names.get(key, org_id) != org_id:
                raise VocabularyError(f"{at}: name {name!r} also names {names[key]}")
            names[key] = org_id
        out[org_id] = Organisation(
            org_id, entry["name"], entry["type"], tuple(aliases), entry.get("parent"), jurisdiction
        )
    for org in out.values():
        if org.parent is not None and org.parent not in out:
            raise VocabularyError(f"{path}: {org.id}: unknown parent {org.parent!r}")
    return out


def _load_ambiguous(path: Path, jurisdictions: dict[str, Jurisdiction]) -> frozenset[str]:
    """Short names that count in running text only in a clear context; each must exist."""
    if not path.exists():
        return frozenset()
    shorts = {j.short for j in jurisdictions.values()}
    out = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if name not in shorts:
            raise VocabularyError(f"{path}:{number}: {name!r} is not the short name of a jurisdiction")
        out.add(name)
    return frozenset(out)


def load_gazetteer(folder: Path) -> Gazetteer:
    """Read and validate the gazetteer files in ``folder``; VocabularyError names file and row."""
    jurisdictions = _load_jurisdictions(folder)
    organisations = _load_organisations(folder / ORGANISATIONS_FILE, jurisdictions)
    return Gazetteer(jurisdictions, organisations, _load_ambiguous(folder / AMBIGUOUS_FILE, jurisdictions))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The project's gazetteer, loaded once from data/gazetteer/."""
    return load_gazetteer(data_dir() / "gazetteer")
