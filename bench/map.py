"""Benchmark of the map: generation time and time until drawn in headless Chromium, at 100,
1,000 and 5,000 nodes.

Each size is the national view of one issue (``--issue employment``, no hops: one issue node
and the actors around it per municipality, and the national agencies) over a synthetic
workspace of bench/synth.py with as many municipalities as the size needs (about 11 nodes
each; measured on a small probe first). For each size:

- generate: building the view, its data and the standalone page (``write_map``), median of
  three, after the workspace's index is loaded (reported apart as ``index_seconds``), each
  with the places' layouts computed afresh; ``cached`` the same with the layouts kept from
  the run before (as the next request of the same map over HTTP finds them);
- page: the standalone file's bytes, beside the *floor*: a minimal standalone page built
  here from the same data — vis-network inlined, the same nodes (id, label, x, y, group),
  edges (from, to) and vis-network options (with the groups), and nothing else: no claims,
  quotes, filters, panel or styles of the edges;
- drawn: opening a file in Debian's headless Chromium (driven by Playwright, no network)
  until vis-network has drawn the network for the first time (``afterDrawing``), median of
  three fresh pages, for the map and for the floor;
- filter: applying the "gaps only" filter and drawing again, in the page.

It prints a table and, last, one JSON line of the figures (units in the names, the size
last: ``page_bytes_5000``, ``bytes_ratio_5000`` …)::

    python bench/map.py                     # 100, 1000 and 5000 nodes
    python bench/map.py --sizes 100,20000   # other sizes
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.chromium import launch
from bench.synth import make_plan, write_store
from graph.store import open_store
from visualisation import build_view, write_map
from visualisation.assets import asset_text
from visualisation.escape import inline_script, script_json
from visualisation.layout import shape_layout
from visualisation.payload import build_payload
from visualisation.unpack import read_payload

SIZES = (100, 1_000, 5_000)
ISSUE = "employment"
CLAIMS_PER_MUNICIPALITY = 345  # as in a 100k-claim national workspace (290 municipalities)
REPEAT = 3
PROBES = (8, 24)  # municipalities of the two probes that size the workspaces


def workspace(path: Path, municipalities: int, seed: int) -> None:
    plan = make_plan(CLAIMS_PER_MUNICIPALITY * municipalities, seed, municipalities)
    with open_store(str(path)) as store:
        write_store(store, plan)


def node_model(folder: Path, seed: int) -> tuple[float, float]:
    """(shared, per municipality): nodes of the national view as a line fitted on two probes."""
    counts = []
    for m in PROBES:
        probe = folder / f"probe-{m}.db"
        workspace(probe, m, seed)
        with open_store(str(probe)) as store:
            counts.append(len(build_view(store, issue=ISSUE, hops=0).nodes))
        probe.unlink()
    per = (counts[1] - counts[0]) / (PROBES[1] - PROBES[0])
    return counts[0] - per * PROBES[0], per


def measure_generation(db: Path, out: Path) -> dict:
    with open_store(str(db)) as store:
        t0 = time.perf_counter()
        store.stats()
        store.slice_keys()
        index = time.perf_counter() - t0
        fresh, kept, report = [], [], None
        for _ in range(REPEAT):
            shape_layout.cache_clear()
            t0 = time.perf_counter()
            report = write_map(store, out, issue=ISSUE, hops=0)
            fresh.append(time.perf_counter() - t0)
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            write_map(store, out, issue=ISSUE, hops=0)
            kept.append(time.perf_counter() - t0)
        payload = build_payload(store, build_view(store, issue=ISSUE, hops=0))
    assert report is not None
    floor = floor_file(out)
    floor.write_text(floor_page(payload), encoding="utf-8")
    return {
        "nodes": report.nodes,
        "edges": report.edges,
        "gaps": report.gaps,
        "page_bytes": report.bytes,
        "floor_bytes": floor.stat().st_size,
        "bytes_ratio": report.bytes / floor.stat().st_size,
        "index_seconds": index,
        "generate_seconds": statistics.median(fresh),
        "generate_cached_seconds": statistics.median(kept),
    }


def floor_page(payload: dict) -> str:
    """The minimal standalone page of the same network: vis-network, the nodes (id, label, x, y,
    group), the edges (from, to) and the options, read from the map's own data."""
    page, symbol = read_payload(payload), payload["meta"]["gapSymbol"]
    nodes = [
        {
            "id": n["id"],
            "label": f"{n['name']}\n{symbol} {', '.join(n['gaps'])}" if n["gaps"] else n["name"],
            "x": n["x"],
            "y": n["y"],
            "group": n["group"],
        }
        for n in page["nodes"].values()
    ]
    edges = [{"from": e["from"], "to": e["to"]} for e in page["edges"]]
    data = script_json({"nodes": nodes, "edges": edges, "options": payload["options"]})
    draw = (
        "var ansvarMap = {drawnAt: null};"
        "var d = JSON.parse(document.getElementById('d').textContent);"
        "var net = new vis.Network(document.getElementById('c'),"
        " {nodes: new vis.DataSet(d.nodes), edges: new vis.DataSet(d.edges)}, d.options);"
        "net.once('afterDrawing', function () { ansvarMap.drawnAt = performance.now(); });"
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>floor</title>'
        '<style>html,body,#c{margin:0;height:100%}</style></head><body><div id="c"></div>'
        f'<script type="application/json" id="d">{data}</script>'
        f"<script>{inline_script(asset_text('vis-network.min.js'), 'vis-network.min.js')}</script>"
        f"<script>{draw}</script></body></html>"
    )


def floor_file(page_file: Path) -> Path:
    """Where the floor page of the map page ``page_file`` is written."""
    return page_file.with_name(page_file.stem + "-floor.html")


def measure_browser(browser, page_file: Path, with_filter: bool = True) -> dict:
    """The median time until ``page_file`` is drawn, and (``with_filter``) until a gap filter is
    drawn; a page error stops the benchmark."""
    drawn, filtered = [], []
    for _ in range(REPEAT):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.ansvarMap && ansvarMap.drawnAt !== null", timeout=300_000)
        drawn.append(page.evaluate("ansvarMap.drawnAt"))
        if with_filter:
            filtered.append(
                page.evaluate("""() => new Promise(resolve => {
                const t0 = performance.now();
                ansvarMap.network.once('afterDrawing', () => resolve(performance.now() - t0));
                const select = document.getElementById('filter-gaps');
                select.value = '*';
                select.dispatchEvent(new Event('change'));
                ansvarMap.network.redraw();
            })""")
            )
        page.close()
        if errors:
            raise RuntimeError(f"page errors: {errors}")
    out = {"drawn_ms": statistics.median(drawn)}
    if with_filter:
        out["filter_ms"] = statistics.median(filtered)
    return out


COLUMNS = (  # header, key, format
    ("target", "target_nodes", "{}"),
    ("nodes", "nodes", "{}"),
    ("edges", "edges", "{}"),
    ("gaps", "gaps", "{}"),
    ("page MB", "page_bytes", "{:.2f}"),
    ("floor MB", "floor_bytes", "{:.2f}"),
    ("ratio", "bytes_ratio", "{:.2f}"),
    ("index s", "index_seconds", "{:.2f}"),
    ("generate s", "generate_seconds", "{:.2f}"),
    ("cached s", "generate_cached_seconds", "{:.2f}"),
    ("drawn ms", "drawn_ms", "{:.0f}"),
    ("floor ms", "floor_drawn_ms", "{:.0f}"),
    ("filter ms", "filter_ms", "{:.0f}"),
)


def _table(rows: list[dict]) -> None:
    print(" ".join(f"{h:>10}" for h, _, _ in COLUMNS))
    for r in rows:
        cells = []
        for _, key, fmt in COLUMNS:
            value = r[key] / 1e6 if key.endswith("_bytes") else r[key]
            cells.append(f"{fmt.format(value):>10}")
        print(" ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated node counts (default 100,1000,5000)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES)

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="ansvar-bench-map-") as tmp:
        folder = Path(tmp)
        shared, per_muni = node_model(folder, args.seed)
        with sync_playwright() as p:
            browser = launch(p)
            try:
                for target in sizes:
                    municipalities = max(1, round((target - shared) / per_muni))
                    print(f"{target} nodes: {municipalities} municipalities …", file=sys.stderr, flush=True)
                    db, page_file = folder / f"synth-{target}.db", folder / f"map-{target}.html"
                    workspace(db, municipalities, args.seed)
                    row: dict = {"target_nodes": target, "municipalities": municipalities}
                    row.update(measure_generation(db, page_file))
                    row.update(measure_browser(browser, page_file))
                    floor = measure_browser(browser, floor_file(page_file), with_filter=False)
                    row["floor_drawn_ms"] = floor["drawn_ms"]
                    rows.append(row)
            finally:
                browser.close()
    _table(rows)
    figures = {
        f"{k}_{r['target_nodes']}": round(v, 4) if isinstance(v, float) else v
        for r in rows
        for k, v in r.items()
        if k != "target_nodes"
    }
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
