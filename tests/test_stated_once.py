"""Derived state is stated once and read by name: each test fails if a copy creeps back in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import queries.facts
from graph.model import CLAIM_KEY_FIELDS, Claim, Evidence
from graph.store.base import CLAIM_COLUMNS, ROW_FIELDS, ClaimRow
from graph.store.index import GraphIndex
from graph.store.sqlite import claim_row
from graph.vocabulary import vocabulary
from loaders.formats import FORMATS
from queries import who_owns


def test_structure_predicates_come_from_the_vocabulary(monkeypatch):
    """The index walks the structure predicates data/vocabulary.yaml names, not a list of its own."""
    import graph.store.index

    only_part_of = dataclasses.replace(vocabulary(), structure_predicates=("part_of",))
    monkeypatch.setattr(graph.store.index, "vocabulary", lambda: only_part_of)
    idx = GraphIndex()
    idx.add_claim(ClaimRow("c1", "person/a", "holds_role", object="x/soc"))
    idx.add_claim(ClaimRow("c2", "x/soc", "part_of", object="x/ks"))
    assert idx.org_path("person/a") == ["person/a"]  # holds_role is no structure in this vocabulary
    assert idx.org_path("x/soc") == ["x/soc", "x/ks"]


def test_claim_fields_follow_the_claim_model():
    """The key fields and the row's fields are the model's, in its order, read by name."""
    assert tuple(f for f in Claim.model_fields if f not in ("id", "evidence")) == CLAIM_KEY_FIELDS
    assert (*CLAIM_COLUMNS, "review") == ROW_FIELDS and ("id", *CLAIM_KEY_FIELDS) == CLAIM_COLUMNS


def test_a_stored_row_is_read_by_name():
    claim = Claim(
        subject="x/ks",
        predicate="responsible_for",
        issue="integration",
        jurisdiction="x",
        mode="leads",
        basis="decision",
        status="former",
        negated=True,
        attributed_to="person/a",
        since="2016",
        until="2019-03",
        evidence=[Evidence(document="d1", quote="q")],
    )
    stored = [int(v) if isinstance(v, bool) else v for v in (getattr(claim, f) for f in CLAIM_COLUMNS)]
    row = claim_row([*stored, "confirmed"])
    assert row.negated is True and row.review == "confirmed" and row.until == "2019-03"
    assert row.to_claim(claim.evidence) == claim
    assert ClaimRow.from_claim(claim, review="confirmed") == row
    with pytest.raises(ValueError):  # a row of the wrong width is refused, not silently shifted
        claim_row(stored)


def test_every_reader_format_is_ingested_as_prose():
    """The prose loader is registered for exactly the formats the reader knows."""
    from loaders import loader_for
    from loaders.prose import PROSE_SUFFIXES, load_prose

    assert set(PROSE_SUFFIXES) == set(FORMATS)
    assert all(loader_for(f"a{suffix}") is load_prose for suffix in FORMATS)


def test_deferrals_are_analysed_once_per_who_owns(build, store, monkeypatch):
    """who_owns lists the deferral chains and the deflected gap from one analysis."""
    calls = []
    real = queries.facts.analyse_deferrals

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(queries.facts, "analyse_deferrals", counting)
    a, b = build.org("a"), build.org("b")
    build.claim(a, "defers_to", object=b, issue="integration")
    build.claim(b, "defers_to", object=a, issue="integration")
    build.write()
    answer = who_owns(store, "integration", "x")
    assert [d.kind for d in answer.deferrals] == ["cycle"] and [g.kind for g in answer.gaps] == ["deflected"]
    assert len(calls) == 1


def test_no_code_writes_out_a_vocabulary_section():
    """A schema lists the modes, kinds, states … of data/vocabulary.yaml through
    ``vocabulary.one_of``; a hand-copied "owns | leads | …" in code would go stale."""
    root = Path(__file__).resolve().parents[1]
    vocab = vocabulary()
    lists = {
        name: " | ".join(values)
        for name, values in vars(vocab).items()
        if isinstance(values, tuple | list | dict) and len(values) >= 3
    }
    copies = [
        f"{path.relative_to(root)}: {name}"
        for folder in ("api", "graph", "loaders", "queries", "visualisation")
        for path in sorted((root / folder).rglob("*.py"))
        if path != root / "graph" / "vocabulary.py"  # one_of's own doctest
        for name, joined in lists.items()
        if joined in path.read_text(encoding="utf-8")
    ]
    assert len(lists) >= 8 and copies == []
