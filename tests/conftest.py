"""Shared fixtures: a fresh workspace and a small builder of graphs for query tests."""

from __future__ import annotations

import pytest

import graph.taxonomy as _taxonomy_module
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store
from tests.store_backends import backend, falkor_server, falkor_tcp_port  # noqa: F401 - the store backends' fixtures


@pytest.fixture(autouse=True)
def _shipped_taxonomy_after_each_test():
    """A test that opens a workspace with policy areas, or lays a --taxonomy file over the
    shipped taxonomy, changes it for the whole process: the next test starts from the shipped one."""
    yield
    if _taxonomy_module._workspace_issues or _taxonomy_module._added_files:
        _taxonomy_module.use_workspace_issues(())
        _taxonomy_module.use_taxonomy_files(())


@pytest.fixture
def user_area(tmp_path):
    """``user_area(id, sv, forms)`` lays one policy area of the user's over the shipped taxonomy
    for this test, as ``--taxonomy FILE`` does (the autouse fixture above restores it)."""

    def lay(issue: str, sv: str, forms: list[str]) -> None:
        path = tmp_path / f"{issue}.yaml"
        path.write_text(
            f"issues:\n  {issue}:\n    parent: null\n    sv: {sv}\n    en: {issue}\n"
            f"    surface_forms: [{', '.join(forms)}]\n",
            encoding="utf-8",
        )
        _taxonomy_module.use_taxonomy_files([path])

    return lay


class GraphBuilder:
    """Collects entities and claims (each with a quote naming it) and writes them as one source."""

    def __init__(self, store, jurisdiction: str = "x"):
        self.store, self.jurisdiction = store, jurisdiction
        self.entities: dict[str, Entity] = {}
        self.claims: list[Claim] = []

    def org(self, slug: str, type_: str = "board") -> str:
        eid = f"{self.jurisdiction}/{slug}"
        self.entities[eid] = Entity(
            id=eid, name=slug.replace("-", " ").title(), type=type_, jurisdiction=self.jurisdiction
        )
        return eid

    def person(self, slug: str, name: str) -> str:
        eid = f"person/{slug}"
        self.entities[eid] = Entity(id=eid, name=name, type="person")
        return eid

    def claim(self, subject: str, predicate: str, **fields) -> str:
        fields.setdefault("jurisdiction", self.jurisdiction)
        quote = f"{subject} {predicate} {fields.get('object') or fields.get('issue')}"
        c = Claim(subject=subject, predicate=predicate, evidence=[Evidence(document="d1", quote=quote)], **fields)
        self.claims.append(c)
        return c.id

    def write(self, source: str = "test.yaml"):
        place = Entity(id=self.jurisdiction, name=self.jurisdiction.title(), type="jurisdiction")
        return self.store.write(
            SourceBatch(
                source=source,
                documents=[Document(id="d1", title="test")],
                entities=[place, *self.entities.values()],
                claims=self.claims,
            )
        )


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "workspace.db"))
    yield s
    s.close()


@pytest.fixture()
def build(store):
    return GraphBuilder(store)
