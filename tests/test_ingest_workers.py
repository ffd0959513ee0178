"""Ingest in worker processes (loaders/ingest.py): the same workspace as reading in one process."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.store import open_store
from graph.store.cypher.copy import snapshot
from loaders.ingest import PARALLEL_MIN_BYTES, _workers, ingest_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def test_two_workers_store_what_one_does(tmp_path):
    one, two = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "two.db"))
    first = ingest_paths(one, [EXAMPLES], workers=1)
    second = ingest_paths(two, [EXAMPLES], workers=2)
    assert [r.source for r in second.loaded] == [r.source for r in first.loaded] != []
    assert snapshot(two) == snapshot(one)


def test_a_folder_worth_it_is_read_on_every_core(tmp_path):
    small = tmp_path / "a.txt"
    small.write_text("x" * 100, encoding="utf-8")
    big = [tmp_path / f"{n}.txt" for n in range(3)]
    for f in big:
        f.write_text("x" * (PARALLEL_MIN_BYTES // 2), encoding="utf-8")
    assert _workers([small], None) == 1
    assert _workers(big, None) >= min(2, os.cpu_count() or 1)
    assert _workers(big, 1) == 1


def test_the_cli_takes_a_number_of_workers(tmp_path):
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    done = runner.invoke(app, ["--db", db, "ingest", str(EXAMPLES), "--workers", "2"])
    assert done.exit_code == 0, done.output
    refused = runner.invoke(app, ["--db", db, "ingest", str(EXAMPLES), "--workers", "0"])
    assert refused.exit_code == 2 and "--workers" in refused.output
