"""Benchmark of the map: generation time and time until drawn in headless Chromium, at 100,
1,000 and 5,000 nodes.

Each size is the national view of one issue (``--issue employment``, no hops: one issue node
and the actors around it per municipality, and the national agencies) over a synthetic
workspace of bench/synth.py with as many municipalities as the size needs (about 11 nodes
each; measured on a small probe first). For each size:

- generate: building the view, its data and the standalone page (``write_map``), median of
  three, after the workspace's index is loaded (reported apart as ``index_seconds``);
- drawn: opening the file in Debian's headless Chromium (driven by Playwright, no network)
  until vis-network has drawn the network for the first time (``afterDrawing``; for small
  maps that is after the physics stabilised), median of three fresh pages;
- filter: applying the "gaps only" filter and drawing again, in the page.

It prints a table and, last, one JSON line of the figures (units in the names)::

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
        times, report = [], None
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            report = write_map(store, out, issue=ISSUE, hops=0)
            times.append(time.perf_counter() - t0)
    assert report is not None
    return {
        "nodes": report.nodes,
        "edges": report.edges,
        "gaps": report.gaps,
        "html_megabytes": report.bytes / 1e6,
        "index_seconds": index,
        "generate_seconds": statistics.median(times),
    }


def measure_browser(browser, page_file: Path) -> dict:
    drawn, filtered = [], []
    for _ in range(REPEAT):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.ansvarMap && ansvarMap.drawnAt !== null", timeout=300_000)
        drawn.append(page.evaluate("ansvarMap.drawnAt"))
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
    return {"drawn_milliseconds": statistics.median(drawn), "filter_milliseconds": statistics.median(filtered)}


def _table(rows: list[dict]) -> None:
    head = ("target", "nodes", "edges", "gaps", "html MB", "index s", "generate s", "drawn ms", "filter ms")
    print(" ".join(f"{h:>10}" for h in head))
    for r in rows:
        print(
            " ".join(
                f"{v:>10}"
                for v in (
                    r["target_nodes"],
                    r["nodes"],
                    r["edges"],
                    r["gaps"],
                    f"{r['html_megabytes']:.1f}",
                    f"{r['index_seconds']:.2f}",
                    f"{r['generate_seconds']:.2f}",
                    f"{r['drawn_milliseconds']:.0f}",
                    f"{r['filter_milliseconds']:.0f}",
                )
            )
        )


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
                    row = {"target_nodes": target, "municipalities": municipalities}
                    row.update(measure_generation(db, page_file))
                    row.update(measure_browser(browser, page_file))
                    rows.append(row)
            finally:
                browser.close()
    _table(rows)
    print(
        json.dumps(
            {
                f"nodes_{r['target_nodes']}": {
                    k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items() if k != "target_nodes"
                }
                for r in rows
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
