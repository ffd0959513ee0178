"""SQLite: the graph as tables for browsing (``ansvar browse`` opens it in Datasette).

One file with the tables ``entities``, ``claims``, ``evidence`` (each piece with its
document's title and date), ``documents`` and ``gaps`` (the gap analysis's findings, one
verdict with every other surface), and two views that join names and quotes to claims:
``claims_named`` (a claim with the names of its subject and object) and ``quotes`` (a piece of
evidence with its claim and names). A new file each time: an existing one is replaced only
when the export succeeds; to a stream (GET /export), the finished file's bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from graph.answers import Gap
from graph.errors import InputError
from graph.export.base import Exporter
from graph.export.sink import Output, is_path
from graph.gazetteer import gazetteer
from graph.model import Document, Entity, Evidence
from graph.store.base import ClaimRow

SCHEMA = """
CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT, type TEXT, jurisdiction TEXT, role TEXT,
    affiliation TEXT, aliases TEXT);
CREATE TABLE claims (id TEXT PRIMARY KEY, subject TEXT, predicate TEXT, object TEXT, issue TEXT,
    jurisdiction TEXT, mode TEXT, basis TEXT, status TEXT, negated INTEGER, attributed_to TEXT,
    role TEXT, what TEXT, since TEXT, until TEXT, review TEXT);
CREATE TABLE evidence (claim TEXT, document TEXT, title TEXT, published TEXT, quote TEXT,
    start INTEGER, "end" INTEGER, rule TEXT, confidence REAL);
CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, kind TEXT, published TEXT, publisher TEXT,
    url TEXT);
CREATE TABLE gaps (id TEXT PRIMARY KEY, jurisdiction TEXT, jurisdiction_name TEXT, county TEXT,
    issue TEXT, issue_label TEXT, kind TEXT, severity REAL, explicit INTEGER, summary TEXT,
    actors TEXT);
CREATE INDEX claims_subject ON claims(subject);
CREATE INDEX claims_object ON claims(object);
CREATE INDEX claims_slice ON claims(jurisdiction, issue);
CREATE INDEX evidence_claim ON evidence(claim);
CREATE INDEX evidence_document ON evidence(document);
CREATE VIEW claims_named AS
    SELECT c.id, c.predicate, c.subject, s.name AS subject_name, c.object, o.name AS object_name,
        c.issue, c.jurisdiction, c.mode, c.basis, c.status, c.negated, c.review
    FROM claims c LEFT JOIN entities s ON s.id = c.subject LEFT JOIN entities o ON o.id = c.object;
CREATE VIEW quotes AS
    SELECT e.document, e.title, e.published, e.quote, e.start, e."end", c.id AS claim, c.predicate,
        s.name AS subject_name, o.name AS object_name, c.issue, c.jurisdiction, e.rule, e.confidence
    FROM evidence e JOIN claims c ON c.id = e.claim
    LEFT JOIN entities s ON s.id = c.subject LEFT JOIN entities o ON o.id = c.object;
"""
CLAIM_COLUMNS = ["id", "subject", "predicate", "object", "issue", "jurisdiction", "mode", "basis", "status",
                 "negated", "attributed_to", "role", "what", "since", "until", "review"]  # fmt: skip


class SQLiteExporter(Exporter):
    """Tables written row by row into a new file, committed and moved in place at the end."""

    name = "sqlite"
    extension = "db"
    media_type = "application/vnd.sqlite3"

    def __init__(self, out: Output):
        super().__init__(out)
        if not is_path(out) and not hasattr(out, "write"):
            raise InputError(f"cannot write an export to {type(out).__name__}", expected="a path or a binary stream")
        self.path = Path(out) if is_path(out) else None
        folder = self.path.parent if self.path is not None and self.path.parent.exists() else None
        fd, tmp = tempfile.mkstemp(suffix=".db", dir=folder)
        os.close(fd)
        self.tmp = Path(tmp)
        self.db = sqlite3.connect(self.tmp)
        self.db.executescript(SCHEMA)
        self.documents: set[str] = set()

    def write_entity(self, entity: Entity) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entity.id, entity.name, entity.type, entity.jurisdiction, entity.role, entity.affiliation,
             json.dumps(list(entity.aliases or []), ensure_ascii=False)),
        )  # fmt: skip

    def write_gap(self, gap: Gap) -> None:
        county = gazetteer().county(gap.jurisdiction)  # a column to facet by
        self.db.execute(
            "INSERT OR REPLACE INTO gaps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"{gap.jurisdiction}|{gap.issue}|{gap.kind}", gap.jurisdiction, gap.jurisdiction_name, county,
             gap.issue, gap.issue_label, gap.kind, gap.severity, int(gap.explicit), gap.summary,
             json.dumps(gap.actors, ensure_ascii=False)),
        )  # fmt: skip

    def write_claim(self, claim: ClaimRow, evidence: list[Evidence]) -> None:
        values: list[Any] = [getattr(claim, c) for c in CLAIM_COLUMNS]
        values[CLAIM_COLUMNS.index("negated")] = int(bool(claim.negated))
        self.db.execute(f"INSERT OR REPLACE INTO claims VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})", values)
        for ev in evidence:
            doc = self.document_info.get(ev.document)
            self.documents.add(ev.document)
            self.db.execute(
                "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (claim.id, ev.document, doc.title if doc else None, doc.published if doc else None, ev.quote,
                 ev.start, ev.end, ev.rule, ev.confidence),
            )  # fmt: skip

    def documents_needed(self) -> set[str]:
        return set(self.documents)

    def write_document(self, document: Document) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
            (document.id, document.title, document.kind, document.published, document.publisher, document.url),
        )

    def finalize(self) -> None:
        self.db.commit()
        self.db.close()
        if self.path is not None:
            os.replace(self.tmp, self.path)
            return
        with open(self.tmp, "rb") as done:
            shutil.copyfileobj(done, self.out)  # type: ignore[arg-type]
        self.tmp.unlink(missing_ok=True)

    def abort(self) -> None:
        self.db.close()
        self.tmp.unlink(missing_ok=True)
