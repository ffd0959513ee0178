"""A national-scale synthetic workspace with planted gaps whose answers are known.

290 municipalities (the gazetteer's, or ``muni-001`` … when it is not installed), each with
boards, administrations, units, people, civil-society chapters and the national agencies,
and claims of every predicate over the issues of data/taxonomy.yaml. A seeded subset of
(municipality, issue) slices gets one planted gap each (unowned, deflected with cycles of
length 2..5 or dead ends, contested, uncoordinated, orphaned, nominal); every other slice
is clean — an owner that leads or owns it, contributors, accepted deferrals, a former
owner, nobody criticising the owner — so the gap scan must find exactly the planted gaps.

The rules that make a slice clean follow the inferred gaps too: a slice with activity and
no owner is "unowned", two contributors and no owner "uncoordinated". An owner of the
parent issue (integration) counts in every sub-issue, so the variants that need *no* owner
(orphaned, inferred unowned/uncoordinated) go only to municipalities where nobody owns
integration; their integration slice is then quiet or carries an owner-less gap itself.

The data is written straight into a store, one SourceBatch per municipality (the fast
path for benchmarks), or as a claims CSV for the structured loader::

    python bench/synth.py --claims 100000 --db /tmp/synth.db
    python bench/synth.py --claims 100000 --out /tmp/synth.csv

Records are built with ``model_construct`` (no validation: the generator is trusted) and
claim ids computed exactly as Claim's validator computes them; tests/test_bench_synth.py
checks that validating the same data gives the same records and ids.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

from graph.ids import content_hash, entity_id, stable_hash
from graph.model import CLAIM_KEY_FIELDS, Claim, Document, Entity, Evidence
from graph.store.base import SourceBatch, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from loaders.structured.claims_csv import COLUMNS

MUNICIPALITIES = 290
DEFAULT_CLAIMS = 1_000_000
PLANTED_SHARE = 0.12  # share of slices that get a planted gap
ROOT_ISSUE = "integration"

# the claims-CSV loader's columns, all but the free-text note the generator has nothing for
CSV_COLUMNS = [c for c in COLUMNS if c != "note"]

# (key, board name, administration name or None)
BOARDS = [
    ("kf", "Kommunfullmäktige", None),
    ("ks", "Kommunstyrelsen", "Kommunledningskontoret"),
    ("sn", "Socialnämnden", "Socialförvaltningen"),
    ("un", "Utbildningsnämnden", "Utbildningsförvaltningen"),
    ("kfn", "Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen"),
    ("amn", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
    ("sbn", "Samhällsbyggnadsnämnden", "Samhällsbyggnadsförvaltningen"),
    ("on", "Omsorgsnämnden", "Omsorgsförvaltningen"),
]
AUDITORS = "Kommunens revisorer"
# the board that owns each issue in a clean slice
ISSUE_BOARD = {
    "integration": "ks",
    "refugee_reception": "sn",
    "settlement": "sbn",
    "unaccompanied_minors": "sn",
    "language_training": "un",
    "employment": "amn",
    "early_measures_asylum": "kfn",
    "civil_society_cooperation": "kfn",
    "economic_assistance": "sn",
    "education": "un",
    "antidiscrimination": "ks",
}
AGENCIES = [
    "Migrationsverket",
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "Skolverket",
    "Socialstyrelsen",
    "Boverket",
    "Länsstyrelsen",
    "Myndigheten för delaktighet",
]
CIVIL_SOCIETY = [
    "Röda Korset",
    "Rädda Barnen",
    "Svenska kyrkan",
    "ABF",
    "Studieförbundet Vuxenskolan",
    "Hyresgästföreningen",
    "Sensus",
    "Individuell Människohjälp",
    "Equmeniakyrkan",
    "IOGT-NTO",
]
AUDIT_FIRMS = ["PwC", "EY", "KPMG"]
UNIT_TOPICS = [
    "mottagning",
    "etablering",
    "boende",
    "försörjning",
    "vägledning",
    "språk",
    "fritid",
    "bibliotek",
    "skola",
    "vuxenutbildning",
    "arbetsmarknad",
    "familj",
    "stöd",
    "samverkan",
    "bistånd",
    "ungdom",
]
FIRST = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Sara",
    "Per",
    "Lena",
    "Ali",
    "Fatima",
    "Mohammed",
    "Eva",
    "Nils",
    "Ingrid",
    "Omar",
    "Elin",
    "Oskar",
    "Amina",
    "Björn",
    "Sofia",
    "Hassan",
    "Maja",
    "Gustav",
]
LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Ek",
    "Berg",
    "Lund",
    "Holm",
    "Strand",
    "Wikström",
]
ROLES = [
    "handläggare",
    "enhetschef",
    "samordnare",
    "utvecklingsledare",
    "socialsekreterare",
    "förvaltningschef",
    "strateg",
    "controller",
    "verksamhetschef",
    "projektledare",
]
YEARS = [str(y) for y in range(2008, 2025)]


# -- records without validation ------------------------------------------------------
def trusted_claim(subject: str, predicate: str, evidence: Evidence, **fields) -> Claim:
    """A Claim built without validation, with the defaults and the id Claim's validator gives.

    >>> ev = Evidence(document="d", quote="q")
    >>> fields = dict(issue="integration", jurisdiction="x", mode="leads")
    >>> trusted_claim("x/ks", "responsible_for", ev, **fields).id == Claim(
    ...     subject="x/ks", predicate="responsible_for", evidence=[ev], **fields).id
    True
    """
    data = dict.fromkeys(CLAIM_KEY_FIELDS)
    data["negated"] = False
    data.update(subject=subject, predicate=predicate, **fields)
    if predicate == "responsible_for":
        v = vocabulary()
        data["mode"] = data["mode"] or v.default_mode
        data["basis"] = data["basis"] or v.default_basis
        data["status"] = data["status"] or v.default_status
    data["id"] = stable_hash([data[f] for f in CLAIM_KEY_FIELDS], "c_")
    return Claim.model_construct(**data, evidence=[evidence])


def trusted_entity(id: str, name: str, type: str, jurisdiction: str | None = None, **extra) -> Entity:
    """An Entity built without validation (the generator only uses known types)."""
    return Entity.model_construct(
        id=id,
        name=name,
        type=type,
        jurisdiction=jurisdiction,
        aliases=[],
        role=extra.get("role"),
        affiliation=extra.get("affiliation"),
    )


# -- the plan: which municipalities, which slices, which gaps ---------------------------
# Each variant: (gap kind, needs: "owner" | "no_owner" | "any"). "no_owner" variants need
# that nobody owns the slice, not even through the parent issue.
VARIANTS: dict[str, tuple[str, str]] = {
    "unowned_stated": ("unowned", "any"),
    "unowned_inferred": ("unowned", "no_owner"),
    "deflected_cycle_2": ("deflected", "any"),
    "deflected_cycle_3": ("deflected", "any"),
    "deflected_cycle_4": ("deflected", "any"),
    "deflected_cycle_5": ("deflected", "any"),
    "deflected_dead_end": ("deflected", "any"),
    "contested": ("contested", "owner"),
    "uncoordinated_stated": ("uncoordinated", "any"),
    "uncoordinated_inferred": ("uncoordinated", "no_owner"),
    "orphaned": ("orphaned", "no_owner"),
    "nominal_criticised": ("nominal", "owner"),
    "nominal_denied": ("nominal", "owner"),
}


@dataclass
class Municipality:
    slug: str
    name: str
    issues: list[str]
    owns_integration: bool  # False: nobody owns the root issue, so sub-issues inherit no owner
    bundles: int  # units, each with people, collaborations and an audit or criticism


@dataclass
class Plan:
    """What the generator will write; ``planted`` is the answer the gap scan must give."""

    seed: int
    target_claims: int
    municipalities: list[Municipality]
    variants: dict[tuple[str, str], str] = field(default_factory=dict)  # (slug, issue) -> variant

    @property
    def planted(self) -> set[tuple[str, str, str]]:
        """The planted gaps as (jurisdiction, issue, kind)."""
        return {(j, i, VARIANTS[v][0]) for (j, i), v in self.variants.items()}

    def slices(self) -> list[tuple[str, str]]:
        return [(m.slug, i) for m in self.municipalities for i in m.issues]


def municipality_names(count: int = MUNICIPALITIES) -> list[tuple[str, str]]:
    """(slug, name) of ``count`` municipalities: the gazetteer's when installed, else generated."""
    try:
        from graph.gazetteer import gazetteer

        found = sorted(
            (slug, getattr(j, "name", None) or getattr(j, "short", None) or slug)
            for slug, j in gazetteer().jurisdictions.items()
            if getattr(j, "kind", None) == "municipality"
        )
    except Exception:
        found = []
    if len(found) >= count:
        step = len(found) / count
        return [found[int(k * step)] for k in range(count)]
    return [(f"muni-{k:03d}", f"Kommun {k:03d}") for k in range(1, count + 1)]


def _claims_per_municipality(issues: list[str], bundles: int, seed: int) -> int:
    """How many claims the generator makes for one clean municipality of this shape (a probe)."""
    probe = Plan(seed, 0, [Municipality("probe", "Probe", issues, True, bundles)])
    return len(MunicipalityBuilder(probe.municipalities[0], probe, National()).batch().claims)


def make_plan(claims: int = DEFAULT_CLAIMS, seed: int = 7, municipalities: int = MUNICIPALITIES) -> Plan:
    """Decide the municipalities, their issues and sizes, and which slices get which gap.

    The size of a municipality grows with ``claims`` through its units and staff (people,
    collaborations, audits), not through its slices: a slice holds a similar handful of
    claims at any scale, as in real descriptions. Below about 60k claims municipalities
    describe fewer issues.
    """
    rng = random.Random(f"plan:{seed}")
    budget = claims / municipalities
    others = taxonomy().descendants(ROOT_ISSUE)  # the tree the generator describes, its root's owners inherited
    n_issues = int(min(len(others) + 1, max(1, budget // 20)))
    probe_issues = [ROOT_ISSUE, *others[: n_issues - 1]]
    base = _claims_per_municipality(probe_issues, 0, seed)
    per_bundle = (_claims_per_municipality(probe_issues, 200, seed) - base) / 200
    bundles = max(0, round((budget - base) / per_bundle))
    munis = []
    for k, (slug, name) in enumerate(municipality_names(municipalities)):
        issues = [ROOT_ISSUE] + (others if n_issues > len(others) else sorted(rng.sample(others, n_issues - 1)))
        munis.append(Municipality(slug, name, issues, owns_integration=(k % 4 != 1), bundles=bundles))
    plan = Plan(seed, claims, munis)
    _assign_variants(plan, rng)
    return plan


def _fits(variant: str, muni: Municipality, issue: str) -> bool:
    need = VARIANTS[variant][1]
    if issue == ROOT_ISSUE:  # the root's own owner decides what its sub-issues inherit
        return need == "any" or (need == "owner") == muni.owns_integration
    return need != "no_owner" or not muni.owns_integration


def _folds(plan: Plan, slot: tuple[str, str], variant: str) -> bool:
    """Whether a gap of this variant's kind here would join one already planted on a parent or
    sub-issue in the same municipality (the gap scan reports those as one gap, on the parent)."""
    slug, issue = slot
    kind = VARIANTS[variant][0]
    tax = taxonomy()
    related = set(tax.ancestors(issue)) | set(tax.descendants(issue))
    return any(VARIANTS[plan.variants[(slug, r)]][0] == kind for r in related if (slug, r) in plan.variants)


def _assign_variants(plan: Plan, rng: random.Random) -> None:
    """Plant a seeded share of slices, round after round of every variant, the most
    constrained first, so that each variant is planted wherever the plan leaves room."""
    free = plan.slices()
    rng.shuffle(free)
    by_slug = {m.slug: m for m in plan.municipalities}
    wanted = max(round(PLANTED_SHARE * len(free)), min(len(free) // 2, 2 * len(VARIANTS)))
    order = sorted(VARIANTS, key=lambda v: VARIANTS[v][1] == "any")  # stable: owner / no_owner first
    while len(plan.variants) < wanted:
        placed = False
        for variant in order:
            slot = next((s for s in free if _fits(variant, by_slug[s[0]], s[1]) and not _folds(plan, s, variant)), None)
            if slot is None or len(plan.variants) >= wanted:
                continue
            free.remove(slot)
            plan.variants[slot] = variant
            placed = True
        if not placed:
            return


# -- one municipality ------------------------------------------------------------------
class National:
    """The national organisations every municipality refers to (one source of their own)."""

    def __init__(self) -> None:
        self.agencies = {n: entity_id(n, "agency") for n in AGENCIES}
        self.civil = {n: entity_id(n, "civil_society") for n in CIVIL_SOCIETY}
        self.firms = {n: entity_id(n, "company") for n in AUDIT_FIRMS}
        self.entities = (
            [trusted_entity(i, n, "agency") for n, i in self.agencies.items()]
            + [trusted_entity(i, n, "civil_society") for n, i in self.civil.items()]
            + [trusted_entity(i, n, "company") for n, i in self.firms.items()]
        )


class MunicipalityBuilder:
    """Collects one municipality's entities and claims (deduplicated by claim id)."""

    def __init__(self, muni: Municipality, plan: Plan, national: National):
        self.muni, self.plan, self.national = muni, plan, national
        self.slug = muni.slug
        self.source = f"bench-synth/{self.slug}"
        self.document = Document.model_construct(
            id=content_hash(self.source),
            title=f"Syntetisk ansvarsbeskrivning för {muni.name}",
            kind="description",
            published="2024",
            jurisdictions=[self.slug],
            publisher="bench/synth.py",
            url=None,
            origin=self.source,
            text=None,
        )
        self.entities: dict[str, Entity] = {}
        self.claims: dict[str, Claim] = {}
        self.names = {e.id: e for e in national.entities}
        self.rng = random.Random(f"{plan.seed}:{self.slug}")
        self.root_owners: set[str] = set()  # who owns the root issue here, inherited by sub-issues
        self._structure()

    # records
    def entity(self, name: str, type_: str, **extra) -> str:
        eid = entity_id(name, type_, self.slug if type_ != "person" else None)
        if eid not in self.entities:
            self.entities[eid] = trusted_entity(eid, name, type_, None if type_ == "person" else self.slug, **extra)
            self.names[eid] = self.entities[eid]
        return eid

    def claim(self, subject: str, predicate: str, **fields) -> None:
        target = fields.get("object") or fields.get("issue") or ""
        quote = f"{self.names[subject].name} {predicate.replace('_', ' ')} {target}".strip()
        ev = Evidence.model_construct(
            document=self.document.id,
            source=self.source,
            start=None,
            end=None,
            quote=quote,
            rule="synthetic",
            confidence=1.0,
            review="extracted",
        )
        fields.setdefault("jurisdiction", self.slug)
        c = trusted_claim(subject, predicate, ev, **fields)
        self.claims.setdefault(c.id, c)

    # structure
    def _structure(self) -> None:
        m, nat, rng = self.muni, self.national, self.rng
        self.place = self.slug
        self.entities[self.slug] = self.names[self.slug] = trusted_entity(self.slug, m.name, "jurisdiction")
        self.boards, self.admins = {}, {}
        for key, board, admin in BOARDS:
            self.boards[key] = self.entity(board, "board")
            self.claim(self.boards[key], "part_of", object=self.place)
            if admin:
                self.admins[key] = self.entity(admin, "administration")
                self.claim(self.admins[key], "part_of", object=self.boards[key])
        self.auditors = self.entity(AUDITORS, "board")
        self.claim(self.auditors, "part_of", object=self.boards["kf"])
        firm = rng.choice(list(nat.firms.values()))
        for key in ("ks", "sn", "un", "amn"):
            self.claim(self.auditors, "audits", object=self.boards[key])
        self.claim(firm, "audits", object=self.boards["ks"], attributed_to=self.auditors)
        self.chapters = []
        for org in rng.sample(CIVIL_SOCIETY, 6):
            chapter = self.entity(f"{org} {m.name}", "civil_society")
            self.claim(chapter, "part_of", object=nat.civil[org])
            self.chapters.append(chapter)
        self.units, self.people = [], []
        for k in range(max(m.bundles, 4)):
            self._bundle(k, full=k < m.bundles)
        self.agencies = list(nat.agencies.values())

    def _bundle(self, k: int, full: bool) -> None:
        """A unit with four staff, three collaborations and one audit or criticism (about 9 claims)."""
        rng = self.rng
        key = rng.choice(list(self.admins))
        unit = self.entity(f"{rng.choice(UNIT_TOPICS).capitalize()}senheten {k + 1}", "administration")
        self.claim(unit, "part_of", object=self.admins[key])
        self.units.append(unit)
        if not full:
            return
        for p in range(4):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {self.slug} {k + 1}-{p + 1}"
            role = rng.choice(ROLES)
            person = self.entity(name, "person", role=role, affiliation=unit)
            self.claim(person, "holds_role", object=unit, role=role)
            self.people.append(person)
        partners = self.chapters + self.units[-8:-1] + [self.admins[key]]
        for other in rng.sample(partners, 3):
            self.claim(unit, "collaborates_with", object=other)
        if rng.random() < 0.5:
            self.claim(self.auditors, "audits", object=unit)
        else:
            self.claim(rng.choice(self.chapters), "criticises", object=unit)

    # slices
    def owner_of(self, issue: str) -> str:
        return self.boards[ISSUE_BOARD[issue]]

    def doers(self, count: int, exclude: set[str] = frozenset()) -> list[str]:
        """Contributors: units, chapters and agencies that never own anything here."""
        pool = [x for x in self.units[:12] + self.chapters + self.agencies if x not in exclude]
        return self.rng.sample(pool, min(count, len(pool)))

    def others(self, count: int, exclude: set[str]) -> list[str]:
        """Boards and administrations other than ``exclude`` (deferral actors)."""
        pool = [x for x in [*self.boards.values(), *self.admins.values()] if x not in exclude]
        return self.rng.sample(pool, count)

    def build_slice(self, issue: str) -> None:
        variant = self.plan.variants.get((self.slug, issue))
        if variant:
            PLANTERS[variant](self, issue)
        elif issue == ROOT_ISSUE and not self.muni.owns_integration:
            quiet_slice(self, issue)
        else:
            clean_slice(self, issue)
        if issue == ROOT_ISSUE:
            self.root_owners = self.owners(issue)

    def owners(self, issue: str) -> set[str]:
        """The owners this municipality's claims give ``issue`` (the gap rules' definition)."""
        v = vocabulary()
        rows = [c for c in self.claims.values() if c.issue == issue and not c.negated]
        disputers = {c.subject for c in rows if c.predicate == "disputes_responsibility"}
        return {
            c.subject
            for c in rows
            if c.predicate == "responsible_for"
            and c.mode in v.owner_modes
            and c.status == "current"
            and c.subject not in disputers
        }

    def batch(self) -> SourceBatch:
        for issue in self.muni.issues:
            self.build_slice(issue)
        return SourceBatch.model_construct(
            source=self.source,
            content_hash=content_hash(self.source),
            loader="bench-synth",
            documents=[self.document],
            entities=list(self.entities.values()),
            claims=list(self.claims.values()),
        )


# -- slice builders --------------------------------------------------------------------
def _inherited_owner(b: MunicipalityBuilder, issue: str) -> set[str]:
    """Who owns this slice through its parent issue (the root is built first)."""
    return set() if issue == ROOT_ISSUE else b.root_owners


def _background(b: MunicipalityBuilder, issue: str, doers: list[str], owners: set[str]) -> None:
    """Claims that never make a gap: collaborations, an audit of the owner, criticism of a doer."""
    rng = b.rng
    if len(doers) >= 2:
        b.claim(doers[0], "collaborates_with", object=doers[1], issue=issue)
    if owners and rng.random() < 0.6:
        b.claim(b.auditors, "audits", object=sorted(owners)[0], issue=issue)
    if doers and rng.random() < 0.5:
        b.claim(rng.choice(b.chapters), "criticises", object=doers[-1], issue=issue)


def _contribute(b: MunicipalityBuilder, issue: str, doers: list[str]) -> None:
    for d in doers:
        b.claim(
            d,
            "responsible_for",
            issue=issue,
            mode=b.rng.choice(["executes", "supports"]),
            basis=b.rng.choice(["practice", "statement", "decision"]),
        )


def _own(b: MunicipalityBuilder, issue: str, owner: str, mode: str | None = None, **fields) -> None:
    rng = b.rng
    b.claim(
        owner,
        "responsible_for",
        issue=issue,
        mode=mode or rng.choice(["leads", "leads", "owns", "coordinates"]),
        basis=rng.choice(["decision", "decision", "statement", "practice"]),
        since=rng.choice(YEARS),
        **fields,
    )


def clean_slice(b: MunicipalityBuilder, issue: str) -> None:
    """An owned slice with no gap: owner, doers, accepted deferrals, a former owner, a dispute by a doer."""
    rng = b.rng
    owner = b.owner_of(issue)
    board_key = ISSUE_BOARD[issue]
    style = rng.random()
    owners = {owner}
    if style < 0.15:  # a board and its own administration both "own" it: not contested
        _own(b, issue, owner, "owns")
        _own(b, issue, b.admins[board_key], "owns")
        owners.add(b.admins[board_key])
    elif style < 0.25:  # a named coordinator in the administration
        person = rng.choice(b.people) if b.people else None
        if person:
            _own(b, issue, person, "coordinates")
            owners = {person}
        else:
            _own(b, issue, owner)
    else:
        _own(b, issue, owner)
    doers = b.doers(rng.randint(2, 4), exclude=owners)
    _contribute(b, issue, doers)
    accepting = sorted(owners | _inherited_owner(b, issue))
    for d in doers[: rng.randint(0, 2)]:  # someone points at the owner: accepted
        b.claim(d, "defers_to", object=rng.choice(accepting), issue=issue)
    if rng.random() < 0.4:  # a chain of two, ending at the owner
        first, middle = b.others(2, exclude=owners | set(accepting))
        b.claim(first, "defers_to", object=middle, issue=issue)
        b.claim(middle, "defers_to", object=rng.choice(accepting), issue=issue)
    if rng.random() < 0.4:
        former = b.others(1, exclude=owners)[0]
        b.claim(former, "responsible_for", issue=issue, mode="leads", status="former", until=rng.choice(YEARS))
    if rng.random() < 0.2:
        b.claim(
            b.others(1, exclude=owners)[0],
            "responsible_for",
            issue=issue,
            mode="coordinates",
            status="planned",
            basis="recommendation",
        )
    if rng.random() < 0.3:  # a doer says it is not its job (doers are never owners)
        b.claim(doers[0], "disputes_responsibility", issue=issue)
    if rng.random() < 0.2:
        b.claim(doers[-1], "responsible_for", issue=issue, mode="executes", negated=True, attributed_to=b.auditors)
    _background(b, issue, doers, owners)


def quiet_slice(b: MunicipalityBuilder, issue: str) -> None:
    """Talk about the issue with nobody taking or refusing any responsibility: no gap."""
    doers = b.doers(3)
    b.claim(doers[0], "collaborates_with", object=doers[1], issue=issue)
    b.claim(doers[1], "collaborates_with", object=doers[2], issue=issue)
    b.claim(b.chapters[0], "criticises", object=doers[2], issue=issue)
    b.claim(b.auditors, "audits", object=b.boards["ks"], issue=issue)


def _maybe_owner(b: MunicipalityBuilder, issue: str, exclude: set[str] = frozenset()) -> set[str]:
    """For "any" variants: an owner when the plan's constraints want one (root of an owned municipality)."""
    want = b.muni.owns_integration if issue == ROOT_ISSUE else b.rng.random() < 0.5
    owner = b.owner_of(issue)
    if not want or owner in exclude:
        return set()
    _own(b, issue, owner)
    return {owner}


def _few_doers(b: MunicipalityBuilder, issue: str, owners: set[str]) -> list[str]:
    """Doers; at most one when nobody owns the slice (two would be an inferred uncoordinated gap)."""
    has_owner = bool(owners | _inherited_owner(b, issue))
    doers = b.doers(b.rng.randint(1, 3) if has_owner else b.rng.randint(0, 1), exclude=owners)
    _contribute(b, issue, doers)
    return doers


def plant_unowned_stated(b: MunicipalityBuilder, issue: str) -> None:
    owners = _maybe_owner(b, issue)
    doers = _few_doers(b, issue, owners)
    who = b.rng.choice([b.place, b.auditors, b.boards["ks"]])
    b.claim(who, "lacks", issue=issue, what="owner", attributed_to=b.rng.choice([None, b.auditors]))
    _background(b, issue, doers, owners)


def plant_unowned_inferred(b: MunicipalityBuilder, issue: str) -> None:
    """Work by the municipality's own organisation beside a sign of trouble (the unit at work
    criticised, or disputing it, or a missing plan) and no owner anywhere: an agency or a
    chapter alone is no such evidence, nor is work with nothing amiss, nor trouble without work."""
    style = b.rng.randrange(3)
    doers = [b.rng.choice(b.units[:12])]
    _contribute(b, issue, doers)
    if style == 0:
        b.claim(b.auditors, "criticises", object=doers[0], issue=issue)
    elif style == 1:
        b.claim(doers[0], "disputes_responsibility", issue=issue)
    else:
        b.claim(b.auditors, "lacks", issue=issue, what="plan")
    _background(b, issue, doers, set())


def _plant_cycle(length: int) -> Callable[[MunicipalityBuilder, str], None]:
    def plant(b: MunicipalityBuilder, issue: str) -> None:
        owners = _maybe_owner(b, issue)
        ring = b.others(length, exclude=owners | _inherited_owner(b, issue))
        for a, c in zip(ring, ring[1:] + ring[:1], strict=True):
            b.claim(a, "defers_to", object=c, issue=issue)
        if b.rng.random() < 0.5:  # someone outside points into the ring: still only the cycle
            b.claim(b.doers(1)[0], "defers_to", object=ring[0], issue=issue)
        if b.rng.random() < 0.5 and issue != ROOT_ISSUE:  # a root disputer could own no sub-issue
            b.claim(ring[-1], "disputes_responsibility", issue=issue)
        doers = _few_doers(b, issue, owners)
        _background(b, issue, doers, owners)

    plant.__doc__ = f"Owners that point at each other: a deferral cycle of {length}."
    return plant


def plant_dead_end(b: MunicipalityBuilder, issue: str) -> None:
    """Chains that end at someone who never takes the issue (several starts may share the end)."""
    owners = _maybe_owner(b, issue)
    chain = b.others(b.rng.randint(2, 4), exclude=owners | _inherited_owner(b, issue))
    for a, c in itertools.pairwise(chain):
        b.claim(a, "defers_to", object=c, issue=issue)
        if b.rng.random() < 0.5 and issue != ROOT_ISSUE:
            b.claim(a, "disputes_responsibility", issue=issue)
    if b.rng.random() < 0.5:
        b.claim(b.doers(1)[0], "defers_to", object=chain[-1], issue=issue, attributed_to=b.auditors)
    doers = _few_doers(b, issue, owners)
    _background(b, issue, doers, owners)


def plant_contested(b: MunicipalityBuilder, issue: str) -> None:
    """Two or three boards, none above another, each owning the issue, one of them saying so itself."""
    rivals = b.rng.sample([b.boards[k] for k in ("ks", "sn", "un", "kfn", "amn", "sbn", "on")], b.rng.randint(2, 3))
    for n, r in enumerate(rivals):
        _own(b, issue, r, "owns", **({"attributed_to": r} if n == 0 else {}))
    doers = b.doers(b.rng.randint(1, 3))
    _contribute(b, issue, doers)
    _background(b, issue, doers, set(rivals))


def plant_uncoordinated_stated(b: MunicipalityBuilder, issue: str) -> None:
    owners = _maybe_owner(b, issue)
    doers = b.doers(b.rng.randint(2, 4), exclude=owners)
    _contribute(b, issue, doers)
    b.claim(b.rng.choice([b.auditors, b.place]), "lacks", issue=issue, what="coordination")
    _background(b, issue, doers, owners)


def plant_uncoordinated_inferred(b: MunicipalityBuilder, issue: str) -> None:
    """Several doers, nobody leading."""
    doers = b.doers(b.rng.randint(2, 4))
    _contribute(b, issue, doers)
    _background(b, issue, doers, set())


def plant_orphaned(b: MunicipalityBuilder, issue: str) -> None:
    """The former lead (a person or an administration) left, nobody took over."""
    former = b.rng.choice(b.people) if b.people and b.rng.random() < 0.5 else b.others(1, set())[0]
    b.claim(
        former,
        "responsible_for",
        issue=issue,
        mode=b.rng.choice(["leads", "coordinates"]),
        status="former",
        since=b.rng.choice(YEARS[:8]),
        until=b.rng.choice(YEARS[8:]),
    )
    doers = _few_doers(b, issue, set())
    _background(b, issue, doers, set())


def plant_nominal_criticised(b: MunicipalityBuilder, issue: str) -> None:
    owner = b.owner_of(issue)
    _own(b, issue, owner, "leads")
    critic = b.rng.choice([b.auditors, b.chapters[0], b.national.firms[AUDIT_FIRMS[0]]])
    b.claim(critic, "criticises", object=owner, issue=issue)
    doers = b.doers(b.rng.randint(1, 3), exclude={owner})
    _contribute(b, issue, doers)
    _background(b, issue, doers, {owner})


def plant_nominal_denied(b: MunicipalityBuilder, issue: str) -> None:
    """The owner is said to lead it, and also said not to coordinate it."""
    owner = b.owner_of(issue)
    _own(b, issue, owner, "leads")
    b.claim(owner, "responsible_for", issue=issue, mode="coordinates", negated=True, attributed_to=b.auditors)
    doers = b.doers(b.rng.randint(1, 3), exclude={owner})
    _contribute(b, issue, doers)
    _background(b, issue, doers, {owner})


PLANTERS: dict[str, Callable[[MunicipalityBuilder, str], None]] = {
    "unowned_stated": plant_unowned_stated,
    "unowned_inferred": plant_unowned_inferred,
    **{f"deflected_cycle_{n}": _plant_cycle(n) for n in range(2, 6)},
    "deflected_dead_end": plant_dead_end,
    "contested": plant_contested,
    "uncoordinated_stated": plant_uncoordinated_stated,
    "uncoordinated_inferred": plant_uncoordinated_inferred,
    "orphaned": plant_orphaned,
    "nominal_criticised": plant_nominal_criticised,
    "nominal_denied": plant_nominal_denied,
}
assert set(PLANTERS) == set(VARIANTS)


# -- output -----------------------------------------------------------------------------
def national_batch(national: National) -> SourceBatch:
    """The national organisations, as a source of their own."""
    return SourceBatch.model_construct(
        source="bench-synth/national",
        content_hash=content_hash("national"),
        loader="bench-synth",
        documents=[],
        entities=national.entities,
        claims=[],
    )


def iter_batches(plan: Plan) -> Iterator[SourceBatch]:
    """The national batch, then one batch per municipality (built one at a time)."""
    national = National()
    yield national_batch(national)
    for muni in plan.municipalities:
        yield MunicipalityBuilder(muni, plan, national).batch()


@dataclass
class SynthReport:
    claims: int
    entities: int
    batches: int
    planted: set[tuple[str, str, str]]
    seconds: float


def write_store(store: Store, plan: Plan) -> SynthReport:
    """Write the plan into ``store``, a source per municipality, through the bulk path."""
    t0 = time.perf_counter()
    claims = entities = batches = 0

    def counted() -> Iterator[SourceBatch]:
        nonlocal claims, entities, batches
        for batch in iter_batches(plan):
            claims += len(batch.claims)
            entities += len(batch.entities)
            batches += 1
            yield batch

    for written in store.write_many(counted()):
        if isinstance(written, Exception):
            raise written
    return SynthReport(claims, entities, batches, plan.planted, time.perf_counter() - t0)


def synthesise(
    store: Store, claims: int = DEFAULT_CLAIMS, seed: int = 7, municipalities: int = MUNICIPALITIES
) -> set[tuple[str, str, str]]:
    """Fill ``store`` with a synthetic workspace; return its planted gaps (jurisdiction, issue, kind)."""
    return write_store(store, make_plan(claims, seed, municipalities)).planted


def csv_rows(batch: SourceBatch, names: dict[str, Entity]) -> Iterator[dict]:
    """One CSV row per claim of ``batch`` (columns CSV_COLUMNS)."""
    doc = batch.documents[0] if batch.documents else None
    for c in batch.claims:
        row = {f: getattr(c, f) for f in CSV_COLUMNS if f in CLAIM_KEY_FIELDS}
        row["negated"] = "true" if c.negated else ""
        row["quote"] = c.evidence[0].quote if c.evidence else ""
        if doc:
            row.update(
                source_title=doc.title,
                source_publisher=doc.publisher,
                source_date=doc.published,
                source_url=doc.url,
                source_kind=doc.kind,
            )
        for side in ("subject", "object"):
            ent = names.get(getattr(c, side) or "")
            if ent:
                row.update(
                    {f"{side}_name": ent.name, f"{side}_type": ent.type, f"{side}_jurisdiction": ent.jurisdiction}
                )
        yield {k: ("" if v is None else v) for k, v in row.items()}


def write_csv(path: str | Path, plan: Plan) -> SynthReport:
    """Write the plan as one claims CSV (UTF-8, header CSV_COLUMNS)."""
    t0 = time.perf_counter()
    claims = entities = batches = 0
    names: dict[str, Entity] = {}
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        out.writeheader()
        for batch in iter_batches(plan):
            names.update((e.id, e) for e in batch.entities)
            out.writerows(csv_rows(batch, names))
            claims += len(batch.claims)
            entities += len(batch.entities)
            batches += 1
    return SynthReport(claims, entities, batches, plan.planted, time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS, help="target number of claims")
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="write into this workspace (SQLite file)")
    parser.add_argument("--out", help="write a claims CSV here instead")
    parser.add_argument("--planted", help="write the planted gaps here (CSV: jurisdiction, issue, kind)")
    args = parser.parse_args(argv)
    if not args.db and not args.out:
        parser.error("give --db FILE or --out FILE.csv")
    plan = make_plan(args.claims, args.seed, args.municipalities)
    if args.out:
        report = write_csv(args.out, plan)
    else:
        from graph.store import open_store

        with open_store(args.db) as store:
            report = write_store(store, plan)
    if args.planted:
        with open(args.planted, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["jurisdiction", "issue", "kind"])
            w.writerows(sorted(report.planted))
    print(
        f"{report.claims} claims, {report.entities} entity records, {report.batches} sources, "
        f"{len(report.planted)} planted gaps in {report.seconds:.1f} s → {args.out or args.db}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
