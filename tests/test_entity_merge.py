"""The merged entities kept up to date write by write (graph/store/merge.py, SQLiteStore._merge_records).

Whatever order sources are written, replaced and deleted in, every entity must be exactly the
merge of all its records in source order, as if merged again from scratch; and a source that
names a national body must not make the store read that body's other records.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Entity
from graph.store import SourceBatch, open_store
from graph.store.merge import merge_entity_records

IDS = ("x/a", "x/b", "org/c")
SOURCES = ("s1", "s2", "s3", "s4")

records = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["A", "B"]),
        "role": st.sampled_from([None, "chef", "handläggare"]),
        "aliases": st.lists(st.sampled_from(["p", "q", "r"]), max_size=3),
    }
)
operations = st.lists(
    st.tuples(
        st.sampled_from(SOURCES),
        st.one_of(st.none(), st.dictionaries(st.sampled_from(IDS), records, max_size=3)),
    ),
    min_size=1,
    max_size=12,
)


def batch(source: str, entities: dict[str, dict]) -> SourceBatch:
    return SourceBatch(
        source=source,
        content_hash=json.dumps(entities, sort_keys=True),
        loader="test",
        entities=[Entity(id=eid, type="person", jurisdiction="x", **rec) for eid, rec in entities.items()],
    )


def merged_from_scratch(store) -> dict[str, dict]:
    records: dict[str, list[dict]] = {}
    for eid, data in store.conn.execute("SELECT entity_id, data FROM entity_records ORDER BY source"):
        records.setdefault(eid, []).append(json.loads(data))
    return {eid: merge_entity_records(recs) for eid, recs in records.items()}


@settings(max_examples=150, deadline=None)
@given(ops=operations)
def test_every_entity_is_the_merge_of_all_its_records(ops):
    with tempfile.TemporaryDirectory() as folder:  # a fresh workspace for every example, replays too
        store = open_store(str(Path(folder) / "w.db"))
        try:
            for source, entities in ops:
                if entities is None:
                    store.delete_source(source)
                else:
                    store.write(batch(source, entities))
                rows = dict(store.conn.execute("SELECT id, data FROM entities").fetchall())
                assert {eid: json.loads(data) for eid, data in rows.items()} == merged_from_scratch(store)
                # one text form (compact JSON), whether the entity was new, merged or merged again
                assert all(
                    data == json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"))
                    for data in rows.values()
                )
        finally:
            store.close()


def test_a_new_source_naming_a_body_does_not_read_its_other_records(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    body = {"name": "Arbetsförmedlingen", "role": None, "aliases": ["AF"]}
    for n in range(50):
        store.write(batch(f"doc{n:03}", {"org/c": body}))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.write(batch("doc000a", {"org/c": body}))  # sorts among the others, adds nothing
    store.write(batch("doc999", {"org/c": {**body, "role": "myndighet"}}))  # sorts last, adds a role
    store.conn.set_trace_callback(None)
    assert not [s for s in statements if "FROM entity_records WHERE entity_id IN" in s and "source >" not in s]
    assert store.entity("org/c").role == "myndighet"
    store.write(batch("doc000b", {"org/c": {**body, "role": "verk"}}))  # sorts early and says something new
    assert store.entity("org/c").role == "verk"
    store.close()
