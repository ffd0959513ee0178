"""Shared by the page tests: the example workspace as `ansvar ingest data/examples` makes it,
and what an HTML page refers to."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app
from api.http import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ATTRS = re.compile(r"""\b(?:src|href|action|spec-url|url)\s*[=:]\s*["']([^"']*)["']""", re.I)


def ingest_examples(db: Path) -> None:
    """``ansvar --db DB ingest data/examples``, through the command line."""
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(EXAMPLES)])
    assert result.exit_code == 0, result.output


def outside_references(html: str) -> list[str]:
    """Every URL in an src/href/action (and the docs' spec URLs) that is not on the page's origin."""
    return [u for u in ATTRS.findall(html) if not (u.startswith(("/", "#", "?")) and not u.startswith("//"))]


@contextmanager
def examples_client(folder: Path) -> Iterator[TestClient]:
    """The HTTP API, in process, over the example workspace made in ``folder``."""
    db = folder / "examples.db"
    ingest_examples(db)
    with TestClient(create_app(str(db), refresh_seconds=0)) as client:
        yield client


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV answer, by column name."""
    return list(csv.DictReader(io.StringIO(text)))
