"""Benchmark of the pages people read: the place page and an issue's national overview on a
national-scale workspace, beside GET /ownership in the same run.

Starts ``ansvar serve`` on the synthetic workspace of bench/synth.py (bench/api.py writes it
once and reuses it), pinned to one CPU, and asks from this process (the other CPU) with a
browser's Accept header, one request at a time:

- cold: the first request for each page on a fresh server (computed from the in-memory index);
- p50: the median over ``--loads`` (default 20) loads of each page, rotating over places for the
  place page (each place once cold, then again: later loads come from the snapshot's cache);
- floor: GET /ownership (JSON) for the same places and issue, the API's own answer, in the same run.

"Time to first render" is measured twice: the time to the whole HTML answer over HTTP, and
headless Chromium's first contentful paint of the page (``--no-browser`` leaves it out). Also
the overview's weight in bytes (goal ≤ 1 MB). It prints a table and, last, one JSON line::

    python bench/web.py                     # 1M claims (written on first run, ~7 min)
    python bench/web.py --claims 100000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.api import CLIENT_CPU, ansvar_serve, free_port, places, start, stop, workspace

ISSUE = "integration"
HTML = {"Accept": "text/html,application/xhtml+xml"}


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[float, int]:
    """(milliseconds to the whole answer, its size in bytes)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
        assert response.status == 200, path
    return (time.perf_counter() - t0) * 1000, len(body)


def first_paint(port: int, where: list[str], loads: int) -> dict[str, float]:
    """Headless Chromium's first contentful paint of the place page and the overview, median
    over ``loads`` fresh page loads each (the style sheet from the browser's cache after the first)."""
    from playwright.sync_api import sync_playwright

    from bench.chromium import launch

    paint = "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null"
    q = urllib.parse.quote
    out: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page()
            for name, paths in (
                ("place", [f"/place/{q(where[i % len(where)])}" for i in range(loads)]),
                ("overview", [f"/issue/{ISSUE}"] * loads),
            ):
                times = []
                for path in paths:
                    page.goto(f"http://127.0.0.1:{port}{path}", wait_until="load")
                    page.wait_for_function(paint)
                    times.append(page.evaluate(paint))
                out[f"{name}_first_paint_p50_ms"] = statistics.median(times)
        finally:
            browser.close()
    return out


def run(args: argparse.Namespace) -> dict:
    os.sched_setaffinity(0, {CLIENT_CPU})
    folder = Path(args.folder or tempfile.gettempdir())
    db = Path(args.db) if args.db else workspace(args.claims, folder, args.seed)
    port = free_port()
    proc = start(ansvar_serve(db, port), port, "/health", timeout=1800)
    try:
        every = places(db)
        where = every[: args.loads]
        q = urllib.parse.quote
        figures: dict[str, float] = {}
        figures["overview_cold_ms"], size = fetch(port, f"/issue/{ISSUE}", HTML)
        figures["place_cold_ms"] = fetch(port, f"/place/{q(where[0])}", HTML)[0]
        figures["ownership_cold_ms"] = fetch(port, f"/ownership?issue={ISSUE}&jurisdiction={q(where[0])}")[0]
        place = [fetch(port, f"/place/{q(j)}", HTML)[0] for j in where]  # each once: computed
        place_again = [fetch(port, f"/place/{q(j)}", HTML)[0] for j in where]  # from the cache
        overview = [fetch(port, f"/issue/{ISSUE}", HTML)[0] for _ in range(args.loads)]
        ownership = [fetch(port, f"/ownership?issue={ISSUE}&jurisdiction={q(j)}")[0] for j in where]
        figures.update(
            place_first_p50_ms=statistics.median(place),
            place_p50_ms=statistics.median(place_again),
            overview_p50_ms=statistics.median(overview),
            ownership_p50_ms=statistics.median(ownership),
            overview_bytes=size,
            places=len(every),
        )
        if not args.no_browser:
            figures.update(first_paint(port, where, args.loads))
        figures["place_to_ownership_ratio"] = figures["place_p50_ms"] / figures["ownership_p50_ms"]
        figures["overview_to_ownership_ratio"] = figures["overview_p50_ms"] / figures["ownership_p50_ms"]
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}
    finally:
        stop(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", help="where the synthetic workspace is written once and reused")
    parser.add_argument("--db", help="an existing workspace instead of the synthetic one")
    parser.add_argument("--no-browser", action="store_true", help="HTTP timings only (no Chromium)")
    args = parser.parse_args(argv)
    figures = run(args)
    print(f"{'page':<34}{'cold ms':>10}{'p50 ms':>10}{'× /ownership':>14}")
    first = "place (first load of each place)"
    print(f"{first:<34}{figures['place_cold_ms']:>10.1f}{figures['place_first_p50_ms']:>10.1f}")
    print(
        f"{'place (again, cached)':<34}{'':>10}{figures['place_p50_ms']:>10.1f}"
        f"{figures['place_to_ownership_ratio']:>14.2f}"
    )
    print(
        f"{'national overview':<34}{figures['overview_cold_ms']:>10.1f}{figures['overview_p50_ms']:>10.1f}"
        f"{figures['overview_to_ownership_ratio']:>14.2f}"
    )
    print(f"{'GET /ownership (floor)':<34}{figures['ownership_cold_ms']:>10.1f}{figures['ownership_p50_ms']:>10.1f}")
    if "place_first_paint_p50_ms" in figures:
        print(
            f"first contentful paint in Chromium, p50: place {figures['place_first_paint_p50_ms']:.1f} ms, "
            f"overview {figures['overview_first_paint_p50_ms']:.1f} ms"
        )
    print(f"overview weight: {figures['overview_bytes']:,} bytes over {figures['places']} places")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
