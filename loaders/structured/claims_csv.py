"""Load a CSV file with one claim per row into a SourceBatch.

The header names the columns (any order; comma or semicolon separated); ``subject``,
``predicate`` and ``source_title`` are required, the others optional (see ``CsvRow``).
An id in ``subject``/``object``/``attributed_to`` must be one of:

- a jurisdiction or national organisation of the gazetteer (``huddinge``, ``org/migrationsverket``);
- an entity named in some row by ``<side>_name`` and ``<side>_type`` (and
  ``<side>_jurisdiction`` for local bodies; otherwise the id's ``<jurisdiction>/`` prefix).
  When the id cell is empty the id is derived from the name (graph.ids.entity_id);
- a ``person/<slug>`` id: a person, named ``<side>_name`` or, when no row names them,
  after the slug ("person/anna-berg" → "Anna Berg", without diacritics). A holds_role
  row gives the person's role and affiliation.

The claim's jurisdiction is the ``jurisdiction`` column, else its subject's or object's
(graph/scoping.py), else the caller's ``default_jurisdiction``, else the one jurisdiction
all other rows are about. Errors name the line and the column.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator, model_validator

from graph.ids import content_hash, entity_id
from graph.model import (
    Basis,
    Claim,
    DocumentKind,
    Entity,
    EntityType,
    Evidence,
    IssueId,
    LacksWhat,
    Mode,
    PartialDate,
    Predicate,
    Status,
)
from graph.scoping import claim_jurisdiction, jurisdiction_from_id
from graph.store.base import SourceBatch
from loaders.structured.batch import BatchBuilder
from loaders.structured.checks import type_problem
from loaders.structured.citations import SourceSpec, document_id, to_document
from loaders.structured.known import known_entity
from loaders.structured.problems import Problems
from loaders.structured.schema import Spec
from loaders.structured.source_text import read_utf8

LOADER = "csv"
RULE = "csv"
REQUIRED_COLUMNS = ("subject", "predicate", "source_title")
TRUE_WORDS = {"true", "yes", "ja", "1", "y", "sant"}
FALSE_WORDS = {"false", "no", "nej", "0", "n", "falskt", ""}


class CsvRow(Spec):
    """One row: a claim, its source, and optionally the entities it names."""

    subject: str | None = None
    predicate: Predicate
    object: str | None = None
    issue: IssueId | None = None
    mode: Mode | None = None
    basis: Basis | None = None
    status: Status | None = None
    negated: bool = False
    attributed_to: str | None = None
    role: str | None = None
    what: LacksWhat | None = None
    since: PartialDate = None
    until: PartialDate = None
    jurisdiction: str | None = None
    quote: str | None = None
    note: str | None = None
    source_title: str
    source_publisher: str | None = None
    source_date: PartialDate = None
    source_url: str | None = None
    source_kind: DocumentKind = "other"
    subject_name: str | None = None
    subject_type: EntityType | None = None
    subject_jurisdiction: str | None = None
    object_name: str | None = None
    object_type: EntityType | None = None
    object_jurisdiction: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None and str(v).strip() != ""}
        return data

    @field_validator("negated", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in TRUE_WORDS | FALSE_WORDS:
                return word in TRUE_WORDS
            raise ValueError(f"not a yes/no value: {value!r}; expected true/false (or ja/nej, yes/no, 1/0)")
        return value

    def source(self) -> SourceSpec:
        return SourceSpec(
            title=self.source_title,
            publisher=self.source_publisher,
            date=self.source_date,
            url=self.source_url,
            kind=self.source_kind,
        )


COLUMNS = tuple(CsvRow.model_fields)


@dataclass
class Row:
    line: int
    data: CsvRow


def load_claims_csv(path: Path, *, default_jurisdiction: str | None = None, **_options: Any) -> SourceBatch:
    """Every row of the CSV file at ``path`` as a claim, in one SourceBatch (or an InputError)."""
    path = Path(path)
    raw, text = read_utf8(path)
    problems = Problems(str(path))
    rows = _rows(text, problems)
    return CsvReader(
        rows,
        problems,
        source=str(path.resolve()),
        content_hash=content_hash(raw),
        default_jurisdiction=default_jurisdiction,
    ).read()


def _rows(text: str, problems: Problems) -> list[Row]:
    """Validate the header and every row's values."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise problems.error(f"unreadable CSV: {exc}", line=1) from None
    if not any(header):
        raise problems.error("the file is empty", line=1, expected="a header line naming the columns")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        close = difflib.get_close_matches(unknown[0], COLUMNS, n=1)
        raise problems.error(
            f"unknown column {unknown[0]!r}",
            line=1,
            expected="columns among: " + ", ".join(COLUMNS),
            hint=f"did you mean {close[0]!r}?" if close else None,
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise problems.error(
            f"missing column {missing[0]!r}", line=1, expected="a header with at least: " + ", ".join(REQUIRED_COLUMNS)
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise problems.error(f"column {duplicated[0]!r} appears twice", line=1, expected="each column once")
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise problems.error(
                    f"{len(cells)} cells but {len(header)} columns",
                    line=reader.line_num,
                    expected=f"at most {len(header)} cells per row",
                )
            values = dict(zip(header, cells, strict=False))  # a short row leaves its last columns empty
            rows.append(Row(reader.line_num, problems.validate(CsvRow, values, line=reader.line_num)))
    except csv.Error as exc:
        raise problems.error(f"unreadable CSV: {exc}", line=reader.line_num) from None
    if not rows:
        raise problems.error("no rows under the header", line=1, expected="one claim per row")
    return rows


def person_name_from_id(pid: str) -> str:
    """A readable name from a person id, for people no row names.

    >>> person_name_from_id("person/anna-karin-berg")
    'Anna Karin Berg'
    """
    return " ".join(w.capitalize() for w in pid.split("/", 1)[-1].split("-"))


class CsvReader:
    """Defines the entities the rows name, then turns each row into a claim."""

    def __init__(
        self,
        rows: list[Row],
        problems: Problems,
        *,
        source: str,
        content_hash: str,
        default_jurisdiction: str | None = None,
    ):
        self.rows, self.problems = rows, problems
        self.batch = BatchBuilder(source, content_hash, LOADER)
        self.default_jurisdiction = default_jurisdiction
        self.ids: dict[int, tuple[str | None, str | None]] = {}  # row line → (subject id, object id)
        self.cited: dict[str, tuple[SourceSpec, set[str]]] = {}
        self.places_named: list[tuple[str, Row, str]] = []

    def read(self) -> SourceBatch:
        for row in self.rows:
            self.ids[row.line] = (self._define(row, "subject"), self._define(row, "object"))
        for place, row, column in self.places_named:
            self._jurisdiction(place, row, column)
        for row in self.rows:
            self._affiliation(row)
        claims = [self._claim_fields(row) for row in self.rows]
        places = {f["jurisdiction"] for f in claims if f["jurisdiction"]}
        fallback = self.default_jurisdiction or (next(iter(places)) if len(places) == 1 else None)
        for row, fields in zip(self.rows, claims, strict=True):
            self._add_claim(row, fields, fallback)
        for spec, places_of_doc in self.cited.values():
            self.batch.add_document(to_document(spec, self.batch.source, sorted(places_of_doc)))
        return self.batch.build()

    # -- entities ----------------------------------------------------------------------
    def _define(self, row: Row, side: str) -> str | None:
        """The id in column ``side``, defining its entity when the row names and types it."""
        d = row.data
        ref, name, type_, place = (
            getattr(d, side),
            getattr(d, f"{side}_name"),
            getattr(d, f"{side}_type"),
            getattr(d, f"{side}_jurisdiction"),
        )
        if not (name or type_):
            if not ref and side == "subject":
                raise self.problems.error(
                    "missing subject", ("subject",), line=row.line, expected="an id, or subject_name and subject_type"
                )
            return ref
        if not (name and type_):
            column = f"{side}_type" if name else f"{side}_name"
            raise self.problems.error(
                f"missing {column}",
                (column,),
                line=row.line,
                expected=f"both {side}_name and {side}_type to define an entity",
            )
        if type_ == "issue":
            raise self.problems.error(
                "issues are not entities to define",
                (f"{side}_type",),
                line=row.line,
                expected="an organisation, person or jurisdiction type; issues go in `issue`",
            )
        if place:  # checked once every row has defined its entities
            self.places_named.append((place, row, f"{side}_jurisdiction"))
        eid = ref or entity_id(name, type_, place)
        if not place and type_ != "person" and "/" in eid:
            place = jurisdiction_from_id(eid)
        entity = Entity(id=eid, name=name, type=type_, jurisdiction=place if type_ != "person" else None)
        conflict = self.batch.add_entity(entity)
        if conflict:
            old = getattr(self.batch.entities[eid], conflict)
            raise self.problems.error(
                f"id {eid!r} is defined with different {conflict}s: {old!r} and {getattr(entity, conflict)!r}",
                (f"{side}_{conflict}",),
                line=row.line,
                expected=f"one {conflict} per id",
            )
        return eid

    def _affiliation(self, row: Row) -> None:
        """A holds_role row gives its person a role and an affiliation (the first one seen)."""
        subject, obj = self.ids[row.line]
        if row.data.predicate != "holds_role" or not subject:
            return
        person = self._ref(subject, row, "subject")
        if person.type == "person" and not person.affiliation:
            self.batch.entities[person.id] = person.model_copy(
                update={"affiliation": obj, "role": person.role or row.data.role}
            )

    def _ref(self, ref: str, row: Row, column: str) -> Entity:
        entity = self.batch.entities.get(ref) or known_entity(ref)
        if entity is None and ref.startswith("person/"):
            entity = Entity(id=ref, name=person_name_from_id(ref), type="person")
        if entity is None:
            raise self.problems.error(
                f"unknown id {ref!r}",
                (column,),
                line=row.line,
                expected="a gazetteer jurisdiction or organisation, a person/… id, or an entity named in a row "
                "by <side>_name and <side>_type",
            )
        self.batch.add_entity(entity)
        if entity.jurisdiction and entity.type != "person":
            self._jurisdiction(entity.jurisdiction, row, column)
        return entity

    def _jurisdiction(self, ref: str, row: Row, column: str) -> str:
        entity = self.batch.entities.get(ref) or known_entity(ref)
        if entity is None or entity.type != "jurisdiction":
            raise self.problems.error(
                f"unknown jurisdiction {ref!r}",
                (column,),
                line=row.line,
                expected="a gazetteer slug, or a row defining it with type jurisdiction",
            )
        self.batch.add_entity(entity)
        return ref

    # -- claims ------------------------------------------------------------------------
    def _claim_fields(self, row: Row) -> dict[str, Any]:
        d = row.data
        subject, obj = self.ids[row.line]
        for ref, role, column in ((subject, "subject", "subject"), (obj, "object", "object")):
            if ref:
                problem = type_problem(d.predicate, role, self._ref(ref, row, column))
                if problem:
                    raise self.problems.error(problem[0], (column,), line=row.line, expected=problem[1])
        if d.attributed_to:
            self._ref(d.attributed_to, row, "attributed_to")
        explicit = self._jurisdiction(d.jurisdiction, row, "jurisdiction") if d.jurisdiction else None
        fields = {
            name: getattr(d, name)
            for name in (
                "predicate",
                "issue",
                "mode",
                "basis",
                "status",
                "negated",
                "attributed_to",
                "role",
                "what",
                "since",
                "until",
            )
        }
        fields.update(subject=subject, object=obj)
        fields["jurisdiction"] = explicit or claim_jurisdiction(subject, obj, self.batch.entities, None)
        return fields

    def _add_claim(self, row: Row, fields: dict[str, Any], fallback: str | None) -> None:
        fields = {**fields, "jurisdiction": fields["jurisdiction"] or fallback}
        if fields["issue"] and not fields["jurisdiction"]:
            raise self.problems.error(
                "cannot tell which jurisdiction this row is about",
                ("jurisdiction",),
                line=row.line,
                expected="a jurisdiction column value",
            )
        spec = row.data.source()
        evidence = Evidence(
            document=document_id(spec), source=self.batch.source, quote=row.data.quote, rule=RULE, confidence=1.0
        )
        try:
            claim = Claim(**fields, evidence=[evidence])
        except ValidationError as exc:
            raise self.problems.from_validation(exc, None, (), line=row.line) from None
        self.batch.add_claim(claim)
        doc = self.cited.setdefault(document_id(spec), (spec, set()))
        if fields["jurisdiction"]:
            doc[1].add(fields["jurisdiction"])
