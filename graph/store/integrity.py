"""Is a workspace file sound? SQLite's own integrity check, then the store's invariants.

``check_workspace(path)`` opens the file read-only (it never writes, never needs the write
lock) and reports each check with how many rows break it and a few examples, so that a
user can tell a damaged file (restore a copy) from a broken invariant (re-ingest the sources
named). The invariants are those ``SQLiteStore`` keeps: a claim exists while some evidence
supports it, every row belongs to a stored source, an entity is the merge of its records,
and every quote is the exact text at its span of the document.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pydantic import BaseModel, Field

from graph.errors import StoreError

EXAMPLES = 5

# name → (what must hold, SQL selecting one identifying value per row that breaks it)
INVARIANTS: dict[str, tuple[str, str]] = {
    "schema_version": (
        "the workspace records its schema version",
        "SELECT 'meta.schema_version missing' WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key='schema_version')",
    ),
    "evidence_without_claim": (
        "every piece of evidence supports a stored claim",
        "SELECT e.claim_id FROM evidence e LEFT JOIN claims c ON c.id = e.claim_id WHERE c.id IS NULL",
    ),
    "claim_without_evidence": (
        "every claim has evidence",
        "SELECT c.id FROM claims c WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id)",
    ),
    "evidence_of_unknown_source": (
        "every piece of evidence comes from a stored source",
        "SELECT DISTINCT e.source FROM evidence e LEFT JOIN sources s ON s.source = e.source WHERE s.source IS NULL",
    ),
    "document_of_unknown_source": (
        "every document comes from a stored source",
        "SELECT DISTINCT d.source FROM documents d LEFT JOIN sources s ON s.source = d.source WHERE s.source IS NULL",
    ),
    "record_of_unknown_source": (
        "every entity record comes from a stored source",
        "SELECT DISTINCT r.source FROM entity_records r LEFT JOIN sources s ON s.source = r.source "
        "WHERE s.source IS NULL",
    ),
    "entity_without_record": (
        "every entity is the merge of records some source gave",
        "SELECT x.id FROM entities x WHERE NOT EXISTS (SELECT 1 FROM entity_records r WHERE r.entity_id = x.id)",
    ),
    "record_without_entity": (
        "every entity record is merged into an entity",
        "SELECT DISTINCT r.entity_id FROM entity_records r LEFT JOIN entities x ON x.id = r.entity_id "
        "WHERE x.id IS NULL",
    ),
    "quote_not_at_span": (
        "every quote with a span is the exact text there in its document",
        "SELECT e.claim_id FROM evidence e JOIN documents d ON d.id = e.document AND d.source = e.source "
        "WHERE e.start IS NOT NULL AND e.quote IS NOT NULL AND d.text IS NOT NULL "
        'AND substr(d.text, e.start + 1, e."end" - e.start) != e.quote',
    ),
}


class CheckResult(BaseModel):
    """One check: its name, what must hold, how many rows break it, and a few of them."""

    check: str = Field(examples=["claim_without_evidence"])
    description: str = Field(examples=["every claim has evidence"])
    ok: bool
    count: int = Field(0, description="rows that break it")
    examples: list[str] = Field(default_factory=list, description=f"up to {EXAMPLES} of them")


class CheckReport(BaseModel):
    """Everything ``check_workspace`` found; ``ok`` when every check passed."""

    workspace: str
    ok: bool
    checks: list[CheckResult]


def check_workspace(path: str | Path) -> CheckReport:
    """Run SQLite's integrity check and the store's invariants on the workspace at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no workspace at {path}", hint="pass --db FILE")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        checks, readable = _integrity(conn)
        if readable:  # a file SQLite cannot read at all answers no further query
            checks += [_invariant(conn, name, what, sql) for name, (what, sql) in INVARIANTS.items()]
    finally:
        conn.close()
    return CheckReport(workspace=str(path), ok=all(c.ok for c in checks), checks=checks)


def _integrity(conn: sqlite3.Connection) -> tuple[list[CheckResult], bool]:
    """SQLite's integrity check (at most 100 problems), and whether the file could be read at all."""
    what = "SQLite finds the file sound (PRAGMA integrity_check)"
    try:
        rows = [line for (r,) in conn.execute("PRAGMA integrity_check(100)") for line in str(r).splitlines()]
    except sqlite3.DatabaseError as exc:
        return [CheckResult(check="integrity_check", description=what, ok=False, count=1, examples=[str(exc)])], False
    problems = [r for r in rows if r != "ok" and not r.startswith("***")]
    result = CheckResult(
        check="integrity_check", description=what, ok=not problems, count=len(problems), examples=problems[:EXAMPLES]
    )
    return [result], True


def _invariant(conn: sqlite3.Connection, name: str, what: str, sql: str) -> CheckResult:
    try:
        count = conn.execute(f"SELECT COUNT(*) FROM ({sql})").fetchone()[0]
        examples = [str(r[0]) for r in conn.execute(f"{sql} LIMIT {EXAMPLES}")]
    except sqlite3.DatabaseError as exc:
        return CheckResult(check=name, description=what, ok=False, count=1, examples=[f"cannot check: {exc}"])
    return CheckResult(check=name, description=what, ok=count == 0, count=count, examples=examples)
