"""``ansvar browse``: the workspace as tables in Datasette, with titles, facets and canned queries.

The workspace is exported as SQLite (graph/export/sqlitedb.py: tables, and views joining names
and quotes to claims) and Datasette serves that file read-only with the metadata of
data/browse.yaml, checked here against the export's schema so that a renamed column fails
here rather than as an empty facet in a journalist's browser.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

from graph.errors import VocabularyError
from graph.export.sqlitedb import SCHEMA
from graph.paths import data_dir
from graph.yamlfile import read_data_yaml

METADATA_KEYS = {"title", "description", "tables", "queries"}
TABLE_KEYS = {"description", "facets", "sort_desc", "sort"}
QUERY_KEYS = {"title", "description", "sql"}


def _columns() -> dict[str, set[str]]:
    """Every table and view of the export, with its columns (from the schema itself)."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    names = [r[0] for r in db.execute("select name from sqlite_master where type in ('table', 'view')")]
    return {n: {r[1] for r in db.execute(f'pragma table_info("{n}")')} for n in names}


def browse_metadata(database: str = "browse", path: Path | None = None) -> dict[str, Any]:
    """data/browse.yaml (or ``path``) as Datasette metadata for ``database`` (Datasette names a
    database after its file), after checking every key, table, facet column and query against
    the export's schema."""
    where = path or data_dir() / "browse.yaml"
    raw = read_data_yaml(where)
    columns = _columns()

    def need(ok: bool, message: str) -> None:
        if not ok:
            raise VocabularyError(f"{where}: {message}")

    need(set(raw) <= METADATA_KEYS, f"unknown keys {sorted(set(raw) - METADATA_KEYS)}")
    for table, spec in (raw.get("tables") or {}).items():
        need(table in columns, f"tables.{table}: no such table or view in the export")
        need(set(spec) <= TABLE_KEYS, f"tables.{table}: unknown keys {sorted(set(spec) - TABLE_KEYS)}")
        used = [*spec.get("facets", []), *(spec[k] for k in ("sort", "sort_desc") if k in spec)]
        need(set(used) <= columns[table], f"tables.{table}: unknown columns {sorted(set(used) - columns[table])}")
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for name, spec in (raw.get("queries") or {}).items():
        need(set(spec) <= QUERY_KEYS and "sql" in spec, f"queries.{name}: needs sql; known keys {sorted(QUERY_KEYS)}")
        try:
            db.execute("explain " + spec["sql"], {p: None for p in _parameters(spec["sql"])})
        except sqlite3.Error as exc:
            need(False, f"queries.{name}: {exc}")
    tables = {"tables": raw.get("tables") or {}, "queries": raw.get("queries") or {}}
    return {"title": raw.get("title"), "description": raw.get("description"), "databases": {database: tables}}


def _parameters(sql: str) -> list[str]:
    """The named parameters of a query.

    >>> _parameters("select * from gaps where county = :county")
    ['county']
    """
    return re.findall(r":(\w+)", sql)


def datasette_command(db: Path, metadata: Path, host: str, port: int, open_browser: bool) -> list[str]:
    """The command that serves ``db`` read-only in Datasette with ``metadata``."""
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--metadata", str(metadata)]
    cmd += ["--host", host, "--port", str(port)]
    return cmd + (["--open"] if open_browser else [])


def write_metadata(path: Path, database: str) -> Path:
    """Write the checked metadata for ``database`` as JSON to ``path``."""
    path.write_text(json.dumps(browse_metadata(database), ensure_ascii=False, indent=2), encoding="utf-8")
    return path
