"""FollowTheMoney: the graph as FtM entities, one JSON object a line, for OpenAleph/Aleph.

Entities: boards, administrations, agencies and jurisdictions are ``PublicBody``, civil
society ``Organization``, companies ``Company``, people ``Person`` (their title as
``position``), issues ``Project``, nodes no record describes ``LegalEntity``. Claims:
``holds_role`` becomes ``Membership`` (in a board or civil-society organisation) or
``Employment``; ``part_of`` sets the child's ``parent`` link and is kept as an
``UnknownLink`` (role ``part_of``) that its evidence can document; other claims with an
object are ``UnknownLink``; claims about an issue are ``ProjectParticipant`` of the issue's
``Project``, with the predicate, mode and basis as ``role`` and the jurisdiction in the
``summary``. Every piece of evidence is a ``Documentation`` (quote as ``summary``, rule as
``role``) linking the claim's entity to a ``Document`` (title, date, publisher, URL).

Each entity carries its place: ``country`` and ``jurisdiction`` (the country code of its
state, from the gazetteer: data/gazetteer/states.csv), a keyword ``jurisdiction:<slug>``, and,
where two entities of the export share a name ("Kommunfullmäktige" in every municipality),
the jurisdiction in its name ("Kommunfullmäktige (Vallentuna)", the plain name kept as alias).

FtM drops values it cannot parse without a word, so values are checked here first: dates
must be YYYY, YYYY-MM or YYYY-MM-DD, every schema's required properties must be present,
and a value FtM refuses is an error (``FtMValueError``), never a silent loss. Ids are
FtM's hashed ids of ``("ansvarskarta", kind, our id)``; our id is kept in ``keywords``
(entities) or ``recordId`` (claims), as ``ansvarskarta:<id>``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from graph.errors import InputError
from graph.export.attributes import clean_text
from graph.export.base import Exporter, bare_entity
from graph.export.sink import Output, TextSink
from graph.gazetteer import gazetteer
from graph.model import Document, Entity, Evidence
from graph.store.base import ClaimRow

SCHEMA_OF_TYPE = {
    "jurisdiction": "PublicBody",
    "board": "PublicBody",
    "administration": "PublicBody",
    "agency": "PublicBody",
    "civil_society": "Organization",
    "company": "Company",
    "person": "Person",
    "issue": "Project",
}
MEMBERSHIP_TYPES = {"board", "civil_society"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PREFIX = "ansvarskarta"


def place_of(entity: Entity) -> str | None:
    """The slug of the jurisdiction an entity belongs to: itself for a jurisdiction, its own
    ``jurisdiction``, or that of the national organisation the gazetteer knows it as."""
    if entity.type == "jurisdiction":
        return entity.id
    if entity.jurisdiction:
        return entity.jurisdiction
    org = gazetteer().organisations.get(entity.id)
    return org.jurisdiction if org is not None else None


def country_of(slug: str | None) -> str | None:
    """The country code (lower case, as FtM writes it) of a jurisdiction of the gazetteer: a
    state's own code, else that of the gazetteer's state when it has exactly one.

    >>> country_of("vallentuna"), country_of("nowhere")
    ('se', None)
    """
    places = gazetteer().jurisdictions
    if not slug or slug not in places:
        return None
    if places[slug].kind == "state":
        return (places[slug].code or "").lower() or None
    states = [j for j in places.values() if j.kind == "state" and j.code]
    return states[0].code.lower() if len(states) == 1 else None  # type: ignore[union-attr]


def place_name(slug: str | None) -> str | None:
    """A jurisdiction's short name for a label ("Vallentuna"), or the slug when unknown."""
    if not slug:
        return None
    place = gazetteer().jurisdictions.get(slug)
    return place.short if place is not None else slug


class FtMValueError(InputError):
    """A value that FollowTheMoney would drop, or an entity without a required property."""

    code = "ftm_invalid"


def ftm_date(value: str | None) -> str | None:
    """A partial date FtM keeps as it is (YYYY, YYYY-MM, YYYY-MM-DD), or FtMValueError.

    >>> ftm_date("2015"), ftm_date("2019-06-30"), ftm_date(None)
    ('2015', '2019-06-30', None)
    """
    if value is None:
        return None
    text = str(value).strip()
    if not _DATE.match(text):
        raise FtMValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return text


class FtMExporter(Exporter):
    """Entity proxies as JSON lines; organisations and people are written last, with their parents."""

    name = "ftm"
    extension = "ftm.jsonl"
    media_type = "application/x-ndjson"

    def __init__(self, out: Output):
        super().__init__(out)
        from followthemoney import model

        self.model = model
        self.sink = TextSink(out)
        self.nodes: dict[str, Any] = {}  # our id → proxy, written at finalize (parents are set later)
        self.types: dict[str, str | None] = {}
        self.documents: set[str] = set()
        self.described: set[str] = set()
        self.places: dict[str, str | None] = {}  # our id → its jurisdiction's slug
        self.count = 0

    # -- helpers -------------------------------------------------------------------------
    def _make(self, schema: str, kind: str, our_id: str) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.make_id(PREFIX, kind, our_id)
        return proxy

    def _add(self, proxy: Any, prop: str, value: Any) -> None:
        """Add a value and insist FtM kept it."""
        if value is None:
            return
        value = clean_text(str(value)).strip()
        if not value:
            return
        before = len(proxy.get(prop))
        proxy.add(prop, value)
        if len(proxy.get(prop)) == before and proxy.get_property(prop) is not None:
            cleaned = proxy.get_property(prop).type.clean(value)
            if cleaned is None or cleaned not in proxy.get(prop):
                raise FtMValueError(f"FollowTheMoney refuses {value!r} as {proxy.schema.name}.{prop}")

    def _emit(self, proxy: Any) -> None:
        missing = [p for p in proxy.schema.required if not proxy.get(p)]
        if missing:
            raise FtMValueError(f"{proxy.schema.name} {proxy.id} lacks required {', '.join(sorted(missing))}")
        self.sink.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        self.count += 1

    def node_id(self, our_id: str) -> str:
        proxy = self.nodes.get(our_id)
        if proxy is None:  # every node comes before the claims (export_store); this is a safeguard
            proxy = self._node(bare_entity(our_id))
        return proxy.id

    # -- the exporter protocol -----------------------------------------------------------------
    def _node(self, entity: Entity) -> Any:
        schema = SCHEMA_OF_TYPE.get(entity.type or "", "LegalEntity")
        proxy = self._make(schema, "entity", entity.id)
        self._add(proxy, "name", clean_text(entity.name or "").strip() or entity.id)
        for alias in entity.aliases or []:
            self._add(proxy, "alias", alias)
        self._add(proxy, "keywords", f"{PREFIX}:{entity.id}")
        if schema == "Person" and entity.role:
            self._add(proxy, "position", entity.role)
        place = place_of(entity)
        country = country_of(place)
        if place:
            self._add(proxy, "keywords", f"jurisdiction:{place}")
        if country:
            self._add(proxy, "country", country)
            if proxy.schema.get("jurisdiction") is not None:
                self._add(proxy, "jurisdiction", country)
        self.places[entity.id] = place
        self.nodes[entity.id] = proxy
        self.types[entity.id] = entity.type
        return proxy

    def write_entity(self, entity: Entity) -> None:
        self._node(entity)

    def _schema(self, our_id: str | None) -> Any:
        return self.model.get(self.nodes[our_id].schema.name) if our_id in self.nodes else None

    def _link(self, claim: ClaimRow) -> Any:
        if claim.subject not in self.nodes:
            self.node_id(claim.subject)
        subject, target = self.nodes[claim.subject], None
        if claim.object:
            if claim.object not in self.nodes:
                self.node_id(claim.object)
            target = self.nodes[claim.object]
        kind = ("not " if claim.negated else "") + claim.predicate
        if (
            claim.predicate == "holds_role"
            and target is not None
            and subject.schema.is_a("Person")
            and target.schema.is_a("Organization")
        ):
            if self.types.get(claim.object or "") in MEMBERSHIP_TYPES:
                proxy = self._make("Membership", "claim", claim.id)
                self._add(proxy, "organization", target.id)
                self._add(proxy, "member", subject.id)
            else:
                proxy = self._make("Employment", "claim", claim.id)
                self._add(proxy, "employer", target.id)
                self._add(proxy, "employee", subject.id)
            self._add(proxy, "role", claim.role or kind)
            return proxy
        if target is not None:
            if (
                claim.predicate == "part_of"
                and not claim.negated
                and subject.schema.is_a("Organization")
                and target.schema.is_a("LegalEntity")
                and not subject.get("parent")
            ):
                self._add(subject, "parent", target.id)
            proxy = self._make("UnknownLink", "claim", claim.id)
            self._add(proxy, "subject", subject.id)
            self._add(proxy, "object", target.id)
            self._add(proxy, "role", " ".join(x for x in (kind, claim.mode, claim.issue) if x))
            return proxy
        issue = claim.issue or ""  # a claim without an object points at its issue
        if issue not in self.nodes:
            self._node(bare_entity(issue, "issue"))
        project = self.nodes[issue]
        proxy = self._make("ProjectParticipant", "claim", claim.id)
        self._add(proxy, "project", project.id)
        if subject.schema.is_a("LegalEntity"):
            self._add(proxy, "participant", subject.id)
        self._add(proxy, "role", " ".join(x for x in (kind, claim.mode or claim.what, claim.basis) if x))
        return proxy

    def write_claim(self, claim: ClaimRow, evidence: list[Evidence]) -> None:
        proxy = self._link(claim)
        self._add(proxy, "recordId", f"{PREFIX}:{claim.id}")
        self._add(proxy, "startDate", ftm_date(claim.since))
        self._add(proxy, "endDate", ftm_date(claim.until))
        self._add(proxy, "status", claim.status)
        where = f" in {claim.jurisdiction}" if claim.jurisdiction else ""
        about = f" about {claim.issue}" if claim.issue else ""
        said = f" (according to {claim.attributed_to})" if claim.attributed_to else ""
        review = f"; review: {claim.review}" if claim.review != "extracted" else ""
        self._add(
            proxy,
            "summary",
            f"{claim.subject} {'not ' if claim.negated else ''}{claim.predicate}"
            f"{' ' + claim.object if claim.object else ''}{about}{where}{said}{review}",
        )
        self._emit(proxy)
        for ev in evidence:
            doc = self._make("Documentation", "evidence", f"{claim.id}:{ev.document}:{ev.start}:{ev.quote}")
            self._add(doc, "document", self._make("Document", "document", ev.document).id)
            self._add(doc, "entity", proxy.id)
            self._add(doc, "role", ev.rule)
            self._add(doc, "summary", ev.quote)
            self._emit(doc)
            self.documents.add(ev.document)

    def documents_needed(self) -> set[str]:
        return set(self.documents)

    def write_document(self, document: Document) -> None:
        self._emit(self._document(document))
        self.described.add(document.id)

    def _document(self, document: Document) -> Any:
        proxy = self._make("Document", "document", document.id)
        self._add(proxy, "title", document.title)
        name = (document.origin or "").replace("\\", "/").rsplit("/", 1)[-1] or document.title or document.id
        self._add(proxy, "fileName", name)
        self._add(proxy, "publishedAt", ftm_date(document.published))
        self._add(proxy, "publisher", document.publisher)
        if document.url and re.match(r"^https?://", document.url):
            self._add(proxy, "sourceUrl", document.url)
        self._add(proxy, "keywords", f"{PREFIX}:{document.id}")
        return proxy

    def finalize(self) -> None:
        for doc_id in sorted(self.documents - self.described):
            self._emit(self._document(Document(id=doc_id)))
        self._name_places()
        for proxy in self.nodes.values():
            self._emit(proxy)
        self.sink.close()

    def _name_places(self) -> None:
        """Where entities of different places share a name, the place goes into each name."""
        by_name: dict[str, list[str]] = {}
        for our_id, proxy in self.nodes.items():
            if self.types.get(our_id) not in ("jurisdiction", "issue"):
                by_name.setdefault(proxy.first("name") or "", []).append(our_id)
        for name, ids in by_name.items():
            if len(ids) < 2:
                continue
            for our_id in ids:
                where = place_name(self.places.get(our_id))
                if where and where != name:
                    proxy = self.nodes[our_id]
                    proxy.set("name", f"{name} ({where})")
                    self._add(proxy, "alias", name)

    def abort(self) -> None:
        self.sink.abort()
