"""People and their titles: "Karin Sjövall, socialchef", "integrationssamordnare Lena
Holm", "Erik Dahl är ordförande för Röda Korsets Moraskrets", "Per Lind, direktör vid
Vård- och omsorgsförvaltningen", "Sara Ek, från Föreningen Grannskap", "Omar Said på
Kvartersköket", bylines ("Av A, B"), footnote lists ("Ystads kommun - Nils Berg,
projektledare, Kommunledningskontoret.") and e-mail signatures.

A capitalised pair is a person when its first word is a common given name, or when a
title, a verb of saying, a byline or an organisation after "från/på/vid" stands beside it.
Each person found with a title gives a :class:`PersonFact` (title as written, the
organisation it is held in, the span that says so).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.extract.config import config
from loaders.extract.mentions import ORG_KINDS, Mention, MentionKind
from loaders.extract.scan import matches_at
from loaders.extract.sweep import Sweep
from loaders.extract.text import Paragraph

_TOKEN = r"[A-ZÅÄÖÉÜØÆ][a-zåäöéüøæëïáàçñ]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüëïáàç]+)?"
# the look-behind of "(?<![\w-])" comes after the first capital (a two-character look-behind):
# a pattern that begins with a character class lets ``re`` skip to the capitals at C speed,
# where one that begins with a look-behind tries it at every position of the paragraph
_NAME = re.compile(
    r"([A-ZÅÄÖÉÜØÆ](?<![\w-].)"  # the first _TOKEN, with the look-behind
    r"[a-zåäöéüøæëïáàçñ]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüëïáàç]+)?"
    rf"(?: {_TOKEN}){{1,3}})(?![\w-])"
)
# Where a name may start: a first _TOKEN, a space and a capital (every _NAME match begins so,
# and this start can be matched in one way only, so its end lies inside the _NAME match).
# One match per capital: only the capital is consumed, the rest is looked at ahead.
_NAME_START = re.compile(r"[A-ZÅÄÖÉÜØÆ](?=([a-zåäöéüøæëïáàçñ]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüëïáàç]+)? [A-ZÅÄÖÉÜØÆ]))")
_WORDS = re.compile(r"\S+")
# the context patterns of a name, compiled once
_EMAIL_AFTER = re.compile(r"^\s*<[^>]*@")
_PREV_WORD = re.compile(r"(\w+)\s*$")
# a party marker may follow a politician's name: "Bo Fransson (C) säger", "Eva Ek (S), ordförande"
_PARTY = r"(?:[ \t]*\([A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,3}\))?"
_NEXT_WORD = re.compile(rf"^{_PARTY}\s+(\w+)")
_CLAUSE_AFTER = re.compile(r"^,\s*[^,:\n]{2,60}:")
_DASH_BEFORE = re.compile(r"\s[-–•]\s*$")  # a dash or bullet before the name
_FOOTNOTE_TAIL = re.compile(r"^,\s*([A-ZÅÄÖ][\w-]+)\s*\.?\s*$")
_TITLE_WORD = re.compile(r"[a-zåäöéA-ZÅÄÖÉ][\w/-]*")


@dataclass
class PersonFact:
    """What the text says about one person at one place."""

    name: str
    mention: Mention
    role: str | None = None
    affiliation: Mention | None = None
    scope_affiliation: bool = False  # "kommunens integrationssamordnare": the jurisdiction in scope
    start: int = 0
    end: int = 0


@dataclass
class PeopleFound:
    mentions: list[Mention] = field(default_factory=list)
    facts: list[PersonFact] = field(default_factory=list)
    new_orgs: list[Mention] = field(default_factory=list)


@lru_cache(maxsize=1)
@dataclass(frozen=True)
class _Patterns:
    at_after: re.Pattern  # ", på X" after a name: where the person works
    byline_before: re.Pattern  # "Av" opening a byline before the name
    org_lead: re.Pattern  # the preposition and article before an organisation ("vid den")
    unknown_org: re.Pattern  # "på Kvartersköket": a capitalised organisation after a workplace preposition
    and_or_comma: re.Pattern  # what joins coordinated names ("A och B", "A, B")
    joined: re.Pattern  # "och" alone
    owner_lead: re.Pattern  # a comma or a copula before an owner's title ("Agneta Rönn som är kommunrevisionens")
    title_purpose: re.Pattern  # what a title is for, before its organisation ("samordnare för äldreomsorg på SKR")


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The context patterns of a name, built once from the Swedish words of people.yaml."""
    cfg = config().people
    work, lead = _alternatives(cfg.workplace_prepositions), _alternatives(cfg.affiliation_prepositions)
    articles, joiners = _alternatives(cfg.org_articles), _alternatives(cfg.name_joiners)
    byline, purpose = _alternatives(cfg.byline_words), _alternatives(cfg.title_purposes)
    grammar = config().grammar
    copulas = _alternatives(c for c in grammar.copulas if " " not in c)
    relative = re.escape(grammar.relative)
    cap = r"[A-ZÅÄÖ][\w&-]+"
    return _Patterns(
        at_after=re.compile(rf"^\s*,?\s*(?:{work})\s"),
        byline_before=re.compile(rf"(?:^|\n)\s*(?:{byline})\s+(?:[\w-]+\s+[\w-]+\s*,\s*)*$"),
        org_lead=re.compile(rf"^[ \t]*,?[ \t]*(?:(?:{lead})[ \t]+)?(?:(?:{articles})[ \t]+)?"),
        unknown_org=re.compile(rf"^[ \t]*,?[ \t]*(?:{work})[ \t]+({cap}(?:[ \t]+{cap}){{0,3}})"),
        and_or_comma=re.compile(rf"\s*(?:{joiners}|,)\s*"),
        joined=re.compile(rf"\s*(?:{joiners})\s*"),
        owner_lead=re.compile(rf"^{_PARTY}(?:,[ \t]*|[ \t]+(?:{relative}[ \t]+)?(?:{copulas})[ \t]+)"),
        title_purpose=re.compile(rf"^[ \t]+(?:{purpose})(?:[ \t]+[^\W\d_][\w-]*){{1,3}}(?=[ \t]+(?:{lead})[ \t])"),
    )


@lru_cache(maxsize=1)
def _organisation_endings() -> tuple[str, ...]:
    """How organisations' names end: the body heads and organisation suffixes of
    organisations.yaml and the other endings of people.yaml (organisation_endings)."""
    orgs = config().organisations
    found = {h.definite for h in orgs.body_heads} | {s for s, _, _ in orgs.organisation_suffixes}
    return tuple(sorted(found | set(config().people.organisation_endings)))


@lru_cache(maxsize=4096)
def _organisation_word(word: str) -> bool:
    """Whether a capitalised word ends like an organisation's name ("Räddningstjänsten",
    "Socialförvaltningen", "Trafikverket"): no given name does."""
    low = word.lower()
    return any(low.endswith(e) and len(low) > len(e) for e in _organisation_endings())


def _title_after() -> re.Pattern:
    """ ", socialchef" / " är ordförande" / " som är samordnare" / ", kommunens
    integrationssamordnare" after a name: a one-word copula of grammar.yaml (after the relative
    "som" or not), then a jurisdiction noun in the genitive of
    organisations.yaml (the title's owner is the jurisdiction in scope), then the title."""
    copulas = "|".join(re.escape(c) for c in sorted(config().grammar.copulas) if " " not in c)
    owners = "|".join(re.escape(n) for n in sorted(config().organisations.jurisdiction_nouns) if n.endswith("s"))
    relative = re.escape(config().grammar.relative)  # "NN som är integrationssamordnare i …"
    modifiers = _alternatives(config().people.title_modifiers) or "(?!)"  # "är avgående ordförande i"
    return re.compile(
        rf"^({_PARTY},?[ \t]*(?:(?:{relative}[ \t]+)?(?:{copulas})[ \t]+)?(?:({owners})[ \t]+)?"
        rf"(?:(?:{modifiers})[ \t]+)?)([\w/-]+)"
    )


@lru_cache(maxsize=32768)  # bounded: words repeat across a batch, memory stays flat
def title_of(word: str) -> str | None:
    """The title (indefinite singular, lower case) that ``word`` is a form of, or None.

    >>> [title_of(w) for w in ("socialchef", "Statssekreteraren", "projektledarna", "samordnaren", "kommunen")]
    ['socialchef', 'statssekreterare', 'projektledare', 'samordnare', None]
    >>> title_of("utvecklingschef/samhällsutveckling")
    'utvecklingschef/samhällsutveckling'
    """
    cfg = config().people
    suffixes = _title_suffixes()
    low = word.lower().strip(",.:;")
    head, slash, tail = low.partition("/")
    for cand in (head, head[:-1], head[:-2], head[:-2] + "e", head[:-3] + "e", head[:-3]):
        if len(cand) < 4 or cand in cfg.not_titles:
            continue
        if cand in cfg.titles or (
            cand.endswith(suffixes)  # most words end in no title suffix: one C call rules them out
            and any(cand.endswith(s) and len(cand) > len(s) + 2 for s in suffixes)
        ):
            return cand + (slash + tail if slash and cand == head else "")
    return None


@lru_cache(maxsize=1)
def _title_suffixes() -> tuple[str, ...]:
    """The title suffixes of the configuration, as a tuple ``str.endswith`` takes."""
    return tuple(config().people.title_suffixes)


def _masked(word: str) -> bool:
    """Whether a word is a name masked out of a public copy ("Xxxxxx", "XX"): one letter over
    and over is nobody's name.

    >>> _masked("Xxxxxxxx"), _masked("Axel")
    (True, False)
    """
    return len(word) > 1 and len(set(word.lower())) == 1


def _mention_at(mentions: list[Mention], start: int) -> Mention | None:
    for m in mentions:
        if m.start == start:
            return m
        if m.start > start:
            return None
    return None


def _overlapping(mentions: list[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if m.start < end and start < m.end:
            return m
        if m.start >= end:
            return None
    return None


# The last word of a passage (a comma, spaces and tabs may follow it). ``.*`` runs to the end
# and gives back one character at a time, so the word is found from the end (a search would
# try it from every position); the look-behind makes it the whole word, as a search finds it.
_LAST_WORD = re.compile(r"(?s:.*)(?<![\w/:-])([\w/:-]+)[ \t]*,?[ \t]*$")


def _word_before(text: str, start: int, floor: int) -> tuple[str, int] | None:
    """The word just before ``start`` (within 60 characters, not before ``floor``) and where
    the match of it begins."""
    m = _LAST_WORD.match(text[max(floor, start - 60) : start])
    return (m.group(1), start - (m.end() - m.start(1))) if m else None


class _Finder:
    """Finds the people of one paragraph against the organisations already found."""

    def __init__(self, par: Paragraph, text: str, mentions: list[Mention], starts: list[int] | None = None):
        self.par, self.text, self.mentions, self.starts = par, text, mentions, starts
        self.cfg = config().people
        self.found = PeopleFound()

    # -- candidates -------------------------------------------------------------------------
    def candidates(self) -> list[tuple[int, int, str | None]]:
        """Capitalised runs trimmed of titles and organisations: (start, end, title before)."""
        out = []
        text, start, end = self.text, self.par.start, self.par.end
        names = (
            _NAME.finditer(text, start, end)
            if self.starts is None
            else matches_at(_NAME, text, start, end, self.starts)
        )
        for m in names:
            words = [(w.start(), w.end(), w.group(0)) for w in _WORDS.finditer(text, m.start(), m.end())]
            title = None
            while words and (title_of(words[0][2]) or words[0][2] in self.cfg.not_names):
                title = title_of(words[0][2]) or title
                words.pop(0)
            kept = []
            for w in words:
                if w[2] in self.cfg.not_names or _masked(w[2]) or _overlapping(self.mentions, w[0], w[1]):
                    break
                kept.append(w)
            for run in self._split_at_given_names(kept):
                if len(run) >= 2 and not _organisation_word(run[0][2]):
                    out.append((run[0][0], run[-1][1], title or self._title_word_before(run[0][0])))
        return out

    def _split_at_given_names(self, words: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
        """A capitalised run cut into names where a given name follows a full name or a word
        that is none: "Sjukpensionären Elisabeth Öberg" is Elisabeth Öberg, and the flattened
        byline "Anna Gröndahl Henrik Sandberg" two people."""
        given = self.cfg.first_names
        cuts = [
            i
            for i, w in enumerate(words)
            if i > 0 and w[2] in given and words[i - 1][2] not in given and (i >= 2 or words[0][2] not in given)
        ]
        if not cuts:
            return [words]
        runs, last = [], 0
        for i in cuts:
            runs.append(words[last:i])
            last = i
        runs.append(words[last:])
        return (
            [r for r in runs if r[0][2] in given]
            if words[0][2] not in given
            else [runs[0]] + [r for r in runs[1:] if r[0][2] in given]
        )

    def _title_word_before(self, start: int) -> str | None:
        """A title written in lower case right before a name ("kommunens säkerhetschef Magdalena
        Lind", "enligt socialchef Per Ek"), as ``title_of`` reads it."""
        before = _word_before(self.text, start, self.par.start)
        if before is None or not before[0][:1].islower() or self.text[before[1] : start].count("\n"):
            return None
        return title_of(before[0])

    def _strong_context(self, start: int, end: int, title_before: str | None) -> bool:
        text = self.text
        after = text[end : end + 80]
        before = text[max(self.par.start, start - 40) : start]
        if title_before or self._title_after(end):
            return True
        if _EMAIL_AFTER.match(after) or (
            _patterns().at_after.match(after) and self._organisation_after(end) is not None
        ):
            return True
        if _patterns().byline_before.search(before):
            return True
        prev = _PREV_WORD.search(before)
        if prev and prev.group(1).lower() in self.cfg.speech_verbs:
            return True
        nxt = _NEXT_WORD.match(after)
        if nxt and nxt.group(1).lower() in self.cfg.speech_verbs:
            return True
        if _CLAUSE_AFTER.match(after) and self._organisation_after(end) is not None:
            return True
        if _DASH_BEFORE.search(before):
            return True
        whole_line = (
            text[start:end] == text[start:end].strip()
            and (start == self.par.start or text[start - 1] == "\n")
            and (end == self.par.end or text[end] == "\n")
        )
        return whole_line and text[start:end].split()[0] in self.cfg.first_names

    def _title_after(self, end: int) -> tuple[str, str, int] | None:
        """ ", socialchef" / " talesperson" / ", kommunens integrationssamordnare" after a name:
        (title, written form, end of the title)."""
        m = _title_after().match(self.text[end : min(end + 80, self.par.end)])
        if not m:
            return None
        title = title_of(m.group(3))
        if title is None:
            return None
        return title, m.group(2) or "", end + m.end()

    def _owned_title_after(self, end: int) -> tuple[Mention, str, int] | None:
        """ ", kommunstyrelsens ordförande" / " (S), socialnämndens ordförande" after a name:
        an organisation in the genitive and a title of its (organisation, title, end of the
        title). A jurisdiction's own ("kommunens") is ``_title_after``'s."""
        lead = _patterns().owner_lead.match(self.text[end : min(end + 12, self.par.end)])
        if lead is None:
            return None
        owner = _mention_at(self.mentions, end + lead.end())
        if owner is None or not owner.genitive or owner.kind not in ORG_KINDS or owner.kind == "jurisdiction":
            return None
        if owner.kind == "scope_noun":
            return None
        word = _NEXT_WORD.match(self.text[owner.end : min(owner.end + 60, self.par.end)])
        title = title_of(word.group(1)) if word else None
        if word is None or title is None:
            return None
        return owner, title, owner.end + word.end()

    def _organisation_after(self, pos: int) -> Mention | None:
        """The organisation named after a preposition (or directly) at ``pos``."""
        m = _patterns().org_lead.match(self.text[pos : min(pos + 40, self.par.end)])
        at = pos + (m.end() if m else 0)
        found = _mention_at(self.mentions, at)
        if found is not None and found.kind in ORG_KINDS:
            return found
        return self._unknown_organisation(pos)

    def _unknown_organisation(self, pos: int) -> Mention | None:
        """ "på Mångfaldsmat": a capitalised name after "på/från/vid/hos" that nothing else claimed."""
        m = _patterns().unknown_org.match(self.text[pos : min(pos + 80, self.par.end)])
        if not m:
            return None
        start = pos + m.start(1)
        name = m.group(1)
        if _overlapping(self.mentions, start, start + len(name)) or name.split()[0] in self.cfg.not_names:
            return None
        if name.split()[0] in self.cfg.first_names:
            return None
        org = Mention(
            start,
            start + len(name),
            name,
            MentionKind.NAMED,
            "civil_society",
            None,
            name,
            paragraph=self.par.index,
            extra={"unknown": True},
        )
        self.found.new_orgs.append(org)
        self.mentions = sorted([*self.mentions, org], key=lambda x: x.start)
        return org

    # -- facts ------------------------------------------------------------------------------
    def fact(self, start: int, end: int, title_before: str | None) -> PersonFact:
        name = self.text[start:end]
        mention = Mention(start, end, name, MentionKind.PERSON, "person", name, name, paragraph=self.par.index)
        fact = PersonFact(name, mention, start=start, end=end)
        after_title = self._title_after(end)
        if title_before is None:
            before = _word_before(self.text, start, self.par.start)
            if before and title_of(before[0]):
                title_before = title_of(before[0])
        if title_before:
            fact.role = title_before
            fact.start = self._title_start(start) or start
            owner_before = self._genitive_owner_before(fact.start)
            if owner_before is not None:  # "socialförvaltningens direktör Mats Ek"
                fact.affiliation, fact.start = owner_before, owner_before.start
        owned_title = None if after_title else self._owned_title_after(end)
        if after_title:
            fact.role, owner, title_end = after_title
            fact.end = title_end
            fact.scope_affiliation = bool(owner)
            org = self._organisation_after(title_end)
            if org is None and not owner:  # "samordnare för äldreomsorg på SKR"
                scope = _patterns().title_purpose.match(self.text[title_end : min(title_end + 60, self.par.end)])
                org = self._organisation_after(title_end + scope.end()) if scope else None
            if org is not None and not owner:
                fact.affiliation, fact.end = org, org.end
        elif owned_title is not None:  # "Lars Nilsson (S), kommunstyrelsens ordförande"
            fact.affiliation, fact.role, fact.end = owned_title
        else:
            org = self._organisation_after(end)
            if org is not None:
                fact.affiliation, fact.end = org, org.end
        if fact.affiliation is None and not fact.scope_affiliation:
            self._footnote_affiliation(fact)
        return fact

    def _genitive_owner_before(self, title_start: int) -> Mention | None:
        """The organisation in the genitive right before a title ("Arbetslivsförvaltningens
        direktör", "kommunens integrationssamordnare" is left to the scope), or None."""
        found = next(
            (m for m in self.mentions if m.end == title_start - 1 and m.genitive and self.text[m.end] == " "), None
        )
        if found is None or found.kind not in ORG_KINDS or found.kind == "jurisdiction":
            return None
        if found.kind == "scope_noun" and found.text.lower() not in config().organisations.region_nouns:
            return None  # "kommunens samordnare": the scope's; "regionens trafikdirektör": the region's
        return found

    def _title_start(self, start: int) -> int | None:
        before = _word_before(self.text, start, self.par.start)
        return before[1] if before and title_of(before[0]) else None

    def _footnote_affiliation(self, fact: PersonFact) -> None:
        """ "Ystads kommun - Nils Berg, projektledare, Kommunledningskontoret.":
        the organisation at the end of the line, else the jurisdiction at its start."""
        line_start = self.text.rfind("\n", self.par.start, fact.start) + 1 or self.par.start
        line_start = max(line_start, self.par.start)
        head = self.text[line_start : fact.start]
        if not _DASH_BEFORE.search(head):
            return
        tail = _FOOTNOTE_TAIL.match(self.text[fact.end : self.par.end].split("\n")[0])
        if tail:
            org = _mention_at(self.mentions, fact.end + tail.start(1))
            if org is not None and org.kind in ORG_KINDS:
                fact.affiliation, fact.end = org, org.end
                return
        lead = _mention_at(self.mentions, line_start + len(head) - len(head.lstrip()))
        if lead is not None and lead.kind in ORG_KINDS:
            fact.affiliation = lead
            fact.start = lead.start

    def run(self) -> PeopleFound:
        accepted: list[tuple[int, int, str | None]] = []
        pending = self.candidates()
        for start, end, title in pending:
            first = self.text[start:end].split()[0]
            if first in self.cfg.first_names or self._strong_context(start, end, title):
                accepted.append((start, end, title))
        # names coordinated with an accepted person share its context ("A och Omar Said")
        changed = True
        while changed:
            changed = False
            for cand in pending:
                if cand in accepted:
                    continue
                for other in accepted:
                    between = self.text[min(cand[1], other[1]) : max(cand[0], other[0])]
                    if _patterns().and_or_comma.fullmatch(between):
                        accepted.append(cand)
                        changed = True
                        break
        shared_title = self._plural_titles(accepted)
        for start, end, title in sorted(accepted):
            fact = self.fact(start, end, title or shared_title.get(start))
            self.found.mentions.append(fact.mention)
            self.found.facts.append(fact)
        self._share_coordinated_affiliations()
        return self.found

    def _plural_titles(self, accepted: list[tuple[int, int, str | None]]) -> dict[int, str]:
        """ "projektledarna A och B": a plural title before coordinated names applies to both."""
        out: dict[int, str] = {}
        for _start, end, title in sorted(accepted):
            if title:
                following = [a for a in sorted(accepted) if a[0] > end]
                if following and _patterns().joined.fullmatch(self.text[end : following[0][0]]):
                    out[following[0][0]] = title
        return out

    def _share_coordinated_affiliations(self) -> None:
        facts = self.found.facts
        for a, b in itertools.pairwise(facts):
            if (
                a.affiliation is None
                and b.affiliation is not None
                and _patterns().joined.fullmatch(self.text[a.mention.end : b.mention.start])
            ):
                a.affiliation = b.affiliation
                if (
                    a.role is None
                    and b.role is not None
                    and a.mention.start
                    in self._plural_titles([(f.mention.start, f.mention.end, f.role) for f in facts])
                ):
                    a.role = b.role


def name_starts(sweep: Sweep) -> dict[int, list[int]] | None:
    """Where a name may begin, by paragraph index (offsets from the paragraph's start; None:
    anywhere): one search of the whole text, so that the many paragraphs without two
    capitalised words in a row are passed over without setting up a finder for them, and
    the others are matched only at these places (every name begins at one)."""
    return sweep.offsets_by_paragraph((m.start(), m.end(1)) for m in _NAME_START.finditer(sweep.text))


def find_people(par: Paragraph, text: str, mentions: list[Mention], starts: list[int] | None = None) -> PeopleFound:
    """People named in one paragraph, given the non-person mentions found in it; ``starts``
    are where a name may begin (``name_starts``), when known."""
    return _Finder(par, text, sorted(mentions, key=lambda m: m.start), starts).run()


def signature_facts(
    paragraphs: list[Paragraph], text: str, mentions: list[Mention], people: dict[str, PersonFact]
) -> list[PersonFact]:
    """Signatures: a line that is only a person's name, followed by lines with a title and/or an
    organisation ("Karin Sjövall / Socialchef / Ystads kommun", also "Kommundirektör, Ystads
    kommun" on one line), each line a paragraph of its own or a line of one paragraph."""
    lines = _lines(paragraphs, text)
    orgs = [m for m in mentions if m.kind in ORG_KINDS]
    out = []
    for i, (start, end, name, par) in enumerate(lines):
        if name not in people or i + 1 >= len(lines):
            continue
        fact = PersonFact(
            name,
            Mention(start, end, name, MentionKind.PERSON, "person", name, name, paragraph=par),
            start=start,
            end=end,
        )
        for l_start, l_end, line, _ in lines[i + 1 : i + 3]:
            head, _, rest = line.partition(",")
            title = title_of(head.strip()) if len(head.split()) == 1 else None
            at = l_start + len(head) + 1 + (len(rest) - len(rest.lstrip())) if rest else l_start
            org = next((m for m in orgs if m.start == at and m.end <= l_end), None)
            whole = org is not None and (org.end - org.start) >= (l_end - at) - 1
            if title and fact.role is None:
                fact.role, fact.end = title, l_end
                if rest and whole and fact.affiliation is None:
                    fact.affiliation = org
            elif not rest and whole and fact.affiliation is None:
                fact.affiliation, fact.end = org, l_end
            else:
                break
        if fact.role or fact.affiliation:
            out.append(fact)
    return out


def _lines(paragraphs: list[Paragraph], text: str) -> list[tuple[int, int, str, int]]:
    """Every non-blank line of the paragraphs: (start, end, stripped text, paragraph index)."""
    out = []
    for par in paragraphs:
        pos = par.start
        for raw in text[par.start : par.end].split("\n"):
            stripped = raw.strip()
            if stripped:
                lead = len(raw) - len(raw.lstrip())
                out.append((pos + lead, pos + lead + len(stripped), stripped, par.index))
            pos += len(raw) + 1
    return out
