"""Benchmark of the core: load, who_owns latency, full gap scan and memory at 100k and 1M claims.

For each size a fresh synthetic workspace (bench/synth.py) is written and measured in a
process of its own, so that peak RSS is per size:

- load: writing every source through the bulk path (bench/load.py: many sources to a
  transaction), with generating the synthetic batches timed apart, beside the floor measured
  in the same run, in a process of its own (the same rows by plain ``executemany`` in one
  transaction, secondary indexes created after; the goal is at most 1.3× the floor); and,
  apart, building the in-memory index ``serve`` answers from;
- who_owns p50/p99 over a few thousand seeded random (municipality, issue) pairs, after a
  warm-up;
- the full gap scan (``queries.gaps`` over every jurisdiction and issue), median of three;
- peak RSS (``ru_maxrss``);
- a check that the gap scan finds exactly the planted gaps, as (jurisdiction, issue, kind);
- the command line: ``ansvar who-owns`` as a process of its own (cold) beside ``ansvar stats``
  (the same start-up, no question), median of five each.

It prints a table and, last, one JSON line of the figures (units in the names). It exits
non-zero when a check fails::

    python bench/core.py            # 100k and 1M claims
    python bench/core.py --quick    # 10k and 100k (smoke test)
    python bench/core.py --keep /tmp/ansvar-bench   # keep the workspaces and reuse them
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = (100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
WHO_OWNS_QUERIES = 3000
WARM_UP = 300


def label(size: int) -> str:
    """'10k', '100k', '1m' …

    >>> label(1_000_000), label(100_000), label(2_500)
    ('1m', '100k', '2500')
    """
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def _percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def who_owns_latency(store, pairs: list[tuple[str, str]], warm_up: int) -> tuple[float, float]:
    """p50 and p99 of who_owns over ``pairs`` (jurisdiction, issue) in milliseconds, after
    answering the first ``warm_up`` of them unmeasured."""
    from queries import who_owns

    for j, i in pairs[:warm_up]:
        who_owns(store, i, j)
    times = []
    for j, i in pairs[warm_up:]:
        t = time.perf_counter()
        who_owns(store, i, j)
        times.append(time.perf_counter() - t)
    times.sort()
    return 1000 * statistics.median(times), 1000 * _percentile(times, 0.99)


def _fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def measure(size: int, db: Path, seed: int, queries: int, reuse: bool) -> dict:
    """Write (or reuse) one workspace and measure it; runs in its own process."""
    from bench.load import load
    from bench.synth import iter_batches, make_plan
    from graph.ids import content_hash
    from graph.store import open_store
    from queries import gaps

    plan = make_plan(size, seed)
    meta = db.with_suffix(".plan.json")
    generator = Path(__file__).with_name("synth.py").read_bytes()
    stamp = {"claims": size, "seed": seed, "generator": content_hash(generator)}
    reused = reuse and db.exists() and meta.exists() and json.loads(meta.read_text()) == stamp
    if not reused:
        _fresh(db)
        meta.unlink(missing_ok=True)
    store = open_store(str(db))
    times = None
    if not reused:
        times = load(store, iter_batches(plan))
        meta.write_text(json.dumps(stamp))
    t1 = time.perf_counter()
    store.index  # noqa: B018 - build the in-memory index now, as part of loading
    index_s = time.perf_counter() - t1
    stats = store.stats()

    rng = random.Random(f"queries:{seed}")
    slices = plan.slices()
    pairs = [rng.choice(slices) for _ in range(WARM_UP + queries)]
    p50_ms, p99_ms = who_owns_latency(store, pairs, WARM_UP)

    scans, found = [], None
    for _ in range(3):
        t = time.perf_counter()
        result = gaps(store)
        scans.append(time.perf_counter() - t)
        found = found if found is not None else {(g.jurisdiction, g.issue, g.kind) for g in result}
    planted = plan.planted
    slice_sizes = [len(store.slice(j, [i])) for j, i in slices]
    store.close()
    return {
        "size": size,
        "claims": stats["claims"],
        "entities": stats["entities"],
        "reused": reused,
        "generate_s": times.generate_s if times else None,
        "load_s": times.store_s if times else None,
        "index_s": index_s,
        "who_owns_p50_ms": p50_ms,
        "who_owns_p99_ms": p99_ms,
        "gap_scan_s": statistics.median(scans),
        "gap_scan_first_s": scans[0],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "slices": len(slices),
        "claims_per_slice": statistics.mean(slice_sizes),
        "planted": len(planted),
        "found": len(found),
        "missing": sorted(planted - found),
        "extra": sorted(found - planted),
    }


def run_size(size: int, folder: Path, seed: int, queries: int, reuse: bool) -> dict:
    """Measure one size in a child process (so its peak RSS is its own)."""
    db = folder / f"synth-{label(size)}.db"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--measure-one",
        str(size),
        "--db",
        str(db),
        "--seed",
        str(seed),
        "--queries",
        str(queries),
    ] + (["--keep"] if reuse else [])
    out = subprocess.run(
        cmd, check=True, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1]
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["floor_s"] = result["load_to_floor"] = None
    if not result["reused"]:  # the floor of the same rows, after the store's load (never beside it)
        floor_cmd = [*cmd[:2], "--floor-one", str(size), "--db", str(db.with_suffix(".floor.db")), "--seed", str(seed)]
        out = subprocess.run(
            floor_cmd, check=True, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1]
        ).stdout
        result["floor_s"] = json.loads(out.strip().splitlines()[-1])["floor_s"]
        result["load_to_floor"] = result["load_s"] / result["floor_s"]
    result.update(cli_times(db))
    return result


def measure_floor(size: int, db: Path, seed: int) -> dict:
    """The executemany floor of the plan's rows (bench/load.py); runs in its own process."""
    from bench.load import floor
    from bench.synth import iter_batches, make_plan

    return {"floor_s": floor(iter_batches(make_plan(size, seed)), db)}


CLI_RUNS = 5


def cli_times(db: Path) -> dict:
    """Wall time of ``ansvar who-owns`` (one question, cold: a process of its own) beside
    ``ansvar stats`` (the floor: the same start-up, no question), median of CLI_RUNS each,
    interleaved. The first who-owns on a workspace may add the read indexes (once)."""
    import sqlite3

    script = Path(sys.executable).with_name("ansvar")
    base = [str(script)] if script.exists() else [sys.executable, "-c", "from api.cli import main; main()"]
    place = (
        sqlite3.connect(db)
        .execute("SELECT jurisdiction FROM claims WHERE issue = 'integration' AND jurisdiction IS NOT NULL LIMIT 1")
        .fetchone()[0]
    )
    ask = [*base, "--db", str(db), "who-owns", "integration", "--in", place]
    floor = [*base, "--db", str(db), "stats"]

    def wall(cmd: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0

    first = wall(ask)
    asks, floors = [], []
    for _ in range(CLI_RUNS):
        asks.append(wall(ask))
        floors.append(wall(floor))
    return {
        "cli_first_who_owns_s": first,
        "cli_who_owns_s": statistics.median(asks),
        "cli_stats_s": statistics.median(floors),
    }


def _table(results: list[dict]) -> None:
    rows = [
        ("claims", "claims", "{:,}"),
        ("entities", "entities", "{:,}"),
        ("claims per slice (mean)", "claims_per_slice", "{:.1f}"),
        ("generating the batches s", "generate_s", "{:.1f}"),
        ("load s (the store, bulk path)", "load_s", "{:.1f}"),
        ("executemany floor s", "floor_s", "{:.1f}"),
        ("load / floor", "load_to_floor", "{:.2f}"),
        ("index build s (serve)", "index_s", "{:.1f}"),
        ("who_owns p50 ms", "who_owns_p50_ms", "{:.3f}"),
        ("who_owns p99 ms", "who_owns_p99_ms", "{:.3f}"),
        ("gap scan s (median of 3)", "gap_scan_s", "{:.3f}"),
        ("peak RSS MB", "peak_rss_mb", "{:.0f}"),
        ("CLI who-owns s (cold process)", "cli_who_owns_s", "{:.2f}"),
        ("CLI stats s (the floor)", "cli_stats_s", "{:.2f}"),
        ("planted gaps", "planted", "{}"),
        ("gaps found", "found", "{}"),
    ]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency; plain text otherwise
        print("\t".join(["figure"] + [label(r["size"]) for r in results]))
        for name, key, fmt in rows:
            print("\t".join([name] + ["-" if r[key] is None else fmt.format(r[key]) for r in results]))
        return
    table = Table(title="Ansvarskarta core benchmark")
    table.add_column("figure")
    for r in results:
        table.add_column(label(r["size"]) + (" (reused)" if r["reused"] else ""), justify="right")
    for name, key, fmt in rows:
        table.add_row(name, *["-" if r[key] is None else fmt.format(r[key]) for r in results])
    Console().print(table)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def summary(results: list[dict]) -> dict:
    """The figures as one flat dict, units in the names."""
    out: dict = {}
    for r in results:
        s = label(r["size"])
        out.update(
            {
                f"claims_{s}": r["claims"],
                f"generate_{s}_s": _round(r["generate_s"], 2),
                f"load_{s}_s": _round(r["load_s"], 2),
                f"load_floor_{s}_s": _round(r["floor_s"], 2),
                f"load_to_floor_ratio_{s}": _round(r["load_to_floor"], 2),
                f"index_build_{s}_s": round(r["index_s"], 2),
                f"who_owns_p50_ms_{s}": round(r["who_owns_p50_ms"], 3),
                f"who_owns_p99_ms_{s}": round(r["who_owns_p99_ms"], 3),
                f"gap_scan_{s}_s": round(r["gap_scan_s"], 3),
                f"peak_rss_{s}_mb": round(r["peak_rss_mb"]),
                f"planted_gaps_{s}": r["planted"],
                f"cli_who_owns_{s}_s": round(r["cli_who_owns_s"], 2),
                f"cli_stats_{s}_s": round(r["cli_stats_s"], 2),
                f"cli_who_owns_to_stats_ratio_{s}": round(r["cli_who_owns_s"] / r["cli_stats_s"], 2),
            }
        )
    small, big = results[0], results[-1]
    out[f"p50_ratio_{label(big['size'])}_vs_{label(small['size'])}"] = round(
        big["who_owns_p50_ms"] / small["who_owns_p50_ms"], 2
    )
    out["planted_gaps_found"] = all(not r["missing"] and not r["extra"] for r in results)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k claims only")
    parser.add_argument("--sizes", help="comma-separated claim counts (default 100000,1000000)")
    parser.add_argument(
        "--keep", nargs="?", const="", metavar="DIR", help="keep the workspaces (in DIR) and reuse them when they match"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=WHO_OWNS_QUERIES)
    parser.add_argument("--measure-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--floor-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.floor_one:  # the floor's child process
        print(json.dumps(measure_floor(args.floor_one, Path(args.db), args.seed)))
        return 0
    if args.measure_one:  # the child process
        print(json.dumps(measure(args.measure_one, Path(args.db), args.seed, args.queries, args.keep is not None)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else SIZES)
    keep = args.keep is not None
    folder = Path(args.keep) if keep and args.keep else Path(tempfile.mkdtemp(prefix="ansvar-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in sizes:
            print(f"measuring {label(size)} claims …", file=sys.stderr, flush=True)
            results.append(run_size(size, folder, args.seed, args.queries, keep))
    finally:
        if not keep:
            for f in folder.glob("synth-*"):
                f.unlink()
            folder.rmdir()
    _table(results)
    failed = False
    for r in results:
        if r["missing"] or r["extra"]:
            failed = True
            print(
                f"CHECK FAILED at {label(r['size'])}: the gap scan did not find exactly the planted gaps",
                file=sys.stderr,
            )
            print(f"  missing ({len(r['missing'])}): {r['missing'][:20]}", file=sys.stderr)
            print(f"  extra ({len(r['extra'])}): {r['extra'][:20]}", file=sys.stderr)
    if keep:
        print(f"workspaces kept in {folder}", file=sys.stderr)
    print(json.dumps(summary(results)), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
