"""The synthetic workspace of bench/synth.py: its planted gaps are exactly what the gap scan finds,
its unvalidated records are the ones validation would give, and its CSV has the loader's columns."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ is not an installed package

from bench.synth import CSV_COLUMNS, VARIANTS, iter_batches, make_plan, write_csv, write_store
from graph.model import Claim, Entity
from queries import gaps, who_owns


@pytest.fixture(scope="module")
def plan():
    return make_plan(claims=3000, seed=11, municipalities=5)


def test_every_gap_variant_is_planted(plan):
    assert set(plan.variants.values()) == set(VARIANTS)
    assert {kind for _, _, kind in plan.planted} == {kind for kind, _ in VARIANTS.values()}
    assert len(plan.variants) < len(plan.slices())  # some slices stay clean


def test_gap_scan_finds_exactly_the_planted_gaps(store, plan):
    report = write_store(store, plan)
    assert 2000 < report.claims < 4500
    found = {(g.jurisdiction, g.issue, g.kind) for g in gaps(store)}
    assert found == plan.planted
    clean = next((j, i) for j, i in plan.slices() if (j, i) not in plan.variants and i != "integration")
    assert who_owns(store, clean[1], clean[0]).status == "owned"


def test_another_seed_plants_elsewhere(plan):
    other = make_plan(claims=3000, seed=12, municipalities=5)
    assert other.planted != plan.planted


def test_unvalidated_records_equal_validated_ones(plan):
    batches = list(iter_batches(plan))
    claims = [c for b in batches for c in b.claims]
    entities = [e for b in batches for e in b.entities]
    assert Counter(c.predicate for c in claims).keys() >= {
        "part_of",
        "holds_role",
        "responsible_for",
        "defers_to",
        "disputes_responsibility",
        "collaborates_with",
        "audits",
        "criticises",
        "lacks",
    }
    for c in claims:
        data = c.model_dump(exclude={"id"})
        validated = Claim(**data)
        assert validated.id == c.id and validated == c
    for e in entities:
        assert Entity(**e.model_dump()) == e


def test_claims_csv_has_the_loader_columns(tmp_path, plan):
    path = tmp_path / "claims.csv"
    report = write_csv(path, plan)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == CSV_COLUMNS
    assert len(rows) == report.claims
    row = next(r for r in rows if r["predicate"] == "responsible_for")
    assert row["subject_name"] and row["subject_type"] and row["issue"] and row["source_title"] and row["quote"]


def test_claims_csv_loads_to_the_same_claims_and_gaps(tmp_path, store, plan):
    claims_csv = pytest.importorskip("loaders.structured.claims_csv")
    path = tmp_path / "claims.csv"
    write_csv(path, plan)
    batch = claims_csv.load_claims_csv(path)
    assert {c.id for c in batch.claims} == {c.id for b in iter_batches(plan) for c in b.claims}
    store.write(batch)
    assert {(g.jurisdiction, g.issue, g.kind) for g in gaps(store)} == plan.planted


def test_planted_gaps_never_fold_into_each_other(store):
    """Many slices per municipality: no planted gap sits on a parent or sub-issue of another of
    its kind (the scan would report the two as one), and the scan still finds each of them."""
    from graph.taxonomy import taxonomy

    dense = make_plan(claims=8000, seed=7, municipalities=8)  # every issue in each: parents and subs
    for (slug, issue), variant in dense.variants.items():
        kind = VARIANTS[variant][0]
        related = set(taxonomy().ancestors(issue)) | set(taxonomy().descendants(issue))
        assert not any(VARIANTS[dense.variants[(slug, r)]][0] == kind for r in related if (slug, r) in dense.variants)
    write_store(store, dense)
    assert {(g.jurisdiction, g.issue, g.kind) for g in gaps(store)} == dense.planted
