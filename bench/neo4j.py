"""Benchmark of the Cypher store beside the embedded store, in one run.

The synthetic national graph (bench/synth.py) is loaded through the Store interface into
the embedded store (SQLite + networkx) and into a graph database — embedded FalkorDB
(falkordblite, a temporary file) by default, or the database at ``--store`` (Neo4j at
neo4j://…, credentials from NEO4J_USER/NEO4J_PASSWORD or NEO4J_AUTH; the workspace there
is EMPTIED first) — and measured the same way:

- bulk load: every source written (one transaction each; batched ``UNWIND … MERGE`` on the
  graph database), in claims per second; then the first read's index build;
- who_owns p50/p99 through the store, over seeded random (municipality, issue) pairs after
  a warm-up: on the graph database both with slices from the in-memory index built from
  bulk Cypher reads (the default) and with every slice read as its own Cypher query
  (``indexed=False``);
- a check that the full gap scan finds the same gaps on both stores (exit code 1 if not).

It prints a table and, last, one JSON line of the figures (units in the names)::

    python bench/neo4j.py                     # 100k claims, embedded FalkorDB
    python bench/neo4j.py --claims 1000000    # bigger
    python bench/neo4j.py --store neo4j://localhost:7687
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_CLAIMS = 100_000
QUERIES = 1000
DIRECT_QUERIES = 200
WARM_UP = 100


def who_owns_latency(store, pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """p50 and p99 of who_owns in milliseconds, warmed up on the first quarter (at most WARM_UP)."""
    from bench.core import who_owns_latency as measure

    return measure(store, pairs, min(WARM_UP, len(pairs) // 4))


def load(store, plan) -> dict:
    from bench.synth import write_store

    t0 = time.perf_counter()
    report = write_store(store, plan)
    write_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    store.index  # noqa: B018 - the first read builds the in-memory index
    index_s = time.perf_counter() - t1
    return {"claims": report.claims, "write_s": write_s, "index_s": index_s, "claims_per_s": report.claims / write_s}


def graph_location(arg: str | None, folder: Path) -> tuple[str, str]:
    """(location, name) of the graph database to measure."""
    if arg:
        return arg, arg.split(":", 1)[0]
    try:
        import redislite  # noqa: F401
    except ImportError:
        raise SystemExit(
            "falkordblite is not installed (Python >= 3.12: `make install-graph`, then "
            ".venv312/bin/python bench/neo4j.py), and no --store was given"
        ) from None
    return f"falkordblite:{folder / 'bench.falkordb'}", "falkordb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS, help="size of the synthetic graph")
    parser.add_argument("--store", default=None, help="graph database URI (default: a temporary falkordblite file)")
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--direct-queries", type=int, default=DIRECT_QUERIES)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from bench.synth import make_plan
    from graph.store import open_store
    from graph.store.cypher import open_cypher_store
    from queries import gaps

    folder = Path(tempfile.mkdtemp(prefix="ansvar-bench-graph-"))
    location, name = graph_location(args.store, folder)
    plan = make_plan(args.claims, args.seed)
    rng = random.Random(f"queries:{args.seed}")
    slices = plan.slices()
    pairs = [rng.choice(slices) for _ in range(args.queries)]
    direct_pairs = pairs[: args.direct_queries]
    results: dict[str, dict] = {}

    print(f"embedded: loading {args.claims:,} claims …", file=sys.stderr, flush=True)
    with open_store(str(folder / "bench.db")) as embedded:
        results["embedded"] = load(embedded, plan)
        results["embedded"]["p50"], results["embedded"]["p99"] = who_owns_latency(embedded, pairs)
        expected = {(g.jurisdiction, g.issue, g.kind) for g in gaps(embedded)}

    print(f"{name}: loading {args.claims:,} claims into {location} …", file=sys.stderr, flush=True)
    graph = open_cypher_store(location)
    try:
        graph.clear()
        results[name] = load(graph, plan)
        results[name]["p50"], results[name]["p99"] = who_owns_latency(graph, pairs)
        found = {(g.jurisdiction, g.issue, g.kind) for g in gaps(graph)}
        same_gaps = found == expected
        graph.indexed = False
        direct = results[f"{name}-direct"] = {}
        direct["p50"], direct["p99"] = who_owns_latency(graph, direct_pairs)
        stats = graph.stats()
    finally:
        graph.close()
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()

    rows = [
        ("load, claims/s", "claims_per_s", "{:,.0f}"),
        ("write s", "write_s", "{:.1f}"),
        ("index build s", "index_s", "{:.2f}"),
        ("who_owns p50 ms", "p50", "{:.3f}"),
        ("who_owns p99 ms", "p99", "{:.3f}"),
    ]
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Cypher store vs embedded store, {args.claims:,} claims "
        f"({len(pairs)} who_owns; {len(direct_pairs)} direct)"
    )
    table.add_column("figure")
    for col in results:
        table.add_column(col, justify="right")
    for label_, key, fmt in rows:
        table.add_row(label_, *[fmt.format(r[key]) if key in r else "-" for r in results.values()])
    Console(stderr=False).print(table)

    out: dict = {
        "claims": results["embedded"]["claims"],
        "graph_store": name,
        "graph_claims_stored": stats["claims"],
        "gaps": len(expected),
        "same_gaps_on_both": same_gaps,
    }
    for backend, r in results.items():
        key = backend.replace("-", "_")
        if "claims_per_s" in r:
            out[f"{key}_load_claims_per_s"] = round(r["claims_per_s"])
            out[f"{key}_index_build_s"] = round(r["index_s"], 2)
        out[f"{key}_who_owns_p50_ms"] = round(r["p50"], 3)
        out[f"{key}_who_owns_p99_ms"] = round(r["p99"], 3)
    print(json.dumps(out), flush=True)
    return 0 if same_gaps and stats["claims"] == results["embedded"]["claims"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
