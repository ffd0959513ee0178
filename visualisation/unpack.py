"""A map page's data read back as the page's script reads it (visualisation/static/map.js):
the one reading of the format ``payload.build_payload`` writes, for the tests and the
benchmark's floor page."""

from __future__ import annotations

from typing import Any


def read_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """``nodes`` and ``claims`` by id, and ``edges`` (the drawn claims, then the gap links),
    as the page's script reads ``payload``."""
    words = payload["words"]
    rows = payload["nodes"]

    def word(k):
        return None if k is None else words[k]

    def ref(x):
        return rows[x][0] if isinstance(x, int) else x

    def name(x):
        return rows[x][1] if isinstance(x, int) else payload["names"].get(x, x)

    nodes = {}
    for r in rows:
        extra = r[7] if len(r) > 7 else {}
        nodes[r[0]] = {
            "id": r[0],
            "name": r[1],
            "type": words[r[2]],
            "jurisdiction": word(r[3]),
            "x": r[4],
            "y": r[5],
            "size": r[6],
            "issue": word(extra.get("issue")),
            "gaps": extra.get("gaps", []),
            "group": extra.get("group", words[r[2]]),
        }
    issue_nodes = {(n["issue"], n["jurisdiction"]): n["id"] for n in nodes.values() if n["issue"]}
    claims, edges = {}, []
    for r in payload["claims"]:
        c = {
            "id": r["id"],
            "subject": ref(r["s"]),
            "subject_name": name(r["s"]),
            "predicate": words[r["p"]],
            "object": ref(r["o"]) if "o" in r else None,
            "issue": word(r.get("i")),
            "jurisdiction": word(r.get("j")),
            "review": r.get("r", "extracted"),
            "quotes": [{"quote": q, "document": payload["documents"][d]} for q, d in r["q"]],
        }
        claims[c["id"]] = c
        if "e" in r:
            to = c["object"] or issue_nodes[(c["issue"], c["jurisdiction"])]
            edges.append({"id": c["id"], "from": c["subject"], "to": to, "predicate": c["predicate"]})
    links = payload["gapLinks"]
    for a, b, _ in links["links"]:
        edges.append(
            {
                "id": f"gap:{rows[a][0]}:{rows[b][0]}",
                "from": rows[a][0],
                "to": rows[b][0],
                "predicate": links["predicate"],
            }
        )
    return {"nodes": nodes, "claims": claims, "edges": edges}
