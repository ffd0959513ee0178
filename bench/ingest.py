"""Benchmark of ingest at national scale: 10,000 prose documents, and one worker beside two.

The documents are made in a temporary folder (never committed) from the texts of
../shared/corpus and ../shared/dev/docs, each copy with small edits of its own: two
neighbouring paragraphs swapped, the years of the text moved by a few, and a line naming
the copy, so that no two documents are the same file, the tokenizer's cache has less to
lean on, and the national bodies every text names are named by thousands of sources (the
writes that used to grow with the workspace). Measured:

- the whole folder ingested into an empty workspace as ``ansvar ingest`` does
  (``loaders.ingest``: worker processes, the bulk path): documents per second over the
  first and over the last thousand (the goal: the last within 10% of the first), and the
  median time the store spends on one source, per thousand and over the first hundred (the
  goal: the last thousand's within 1.5× of the first hundred's);
- one worker beside two on ``--pair`` documents (200), each run into an empty workspace
  and on documents no earlier run read, after a warm-up, median of five: the ratio (the
  goal: two workers at least 1.8× one);
- peak RSS of this process (the writer) and of the largest worker.

It prints a table and, last, one JSON line of the figures (units in the names)::

    python bench/ingest.py                  # 10,000 documents
    python bench/ingest.py --docs 2000      # a quicker run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHARED = Path(__file__).resolve().parents[2] / "shared"
TEXT_FOLDERS = (SHARED / "corpus", SHARED / "dev" / "docs")
THOUSAND = 1000
YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")


def source_texts() -> list[tuple[str, str]]:
    """(name, text) of every .txt document of the shared folders."""
    texts = [
        (p.stem, p.read_text(encoding="utf-8"))
        for folder in TEXT_FOLDERS
        for p in sorted(folder.glob("*.txt"))
        if not p.name.startswith(("INDEX", "SOURCES"))
    ]
    if not texts:
        raise SystemExit(f"no texts in {', '.join(map(str, TEXT_FOLDERS))}")
    return texts


def edited(text: str, number: int, rng: random.Random) -> str:
    """A copy of ``text`` with small edits of its own (see the module's docstring).

    >>> edited("Ett.\\n\\nTvå år 2019.", 7, random.Random(1)).splitlines()[-1]
    'Kopia 7.'
    """
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 2:
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    shift = rng.choice((-2, -1, 1, 2))
    body = YEAR.sub(lambda m: str(int(m.group()) + shift), "\n\n".join(paragraphs))
    return f"{body}\n\nKopia {number}."


def make_documents(folder: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` edited copies of the shared texts into ``folder``, in ingest order."""
    texts, rng = source_texts(), random.Random(seed)
    paths = []
    for n in range(count):
        name, text = texts[n % len(texts)]
        path = folder / f"{n:05d}_{name}.txt"
        path.write_text(edited(text, n, rng), encoding="utf-8")
        paths.append(path)
    return paths


def timed_ingest(db: Path, files: list[Path], workers: int) -> tuple[list[float], list[float], float]:
    """Ingest ``files`` into a new workspace as ``ansvar ingest`` does; return the time each
    source was stored (from the start), the store's time per source, and the total."""
    from graph.store import open_store
    from loaders.ingest import Failure, load_files

    store = open_store(str(db))
    done: list[float] = []
    store_s: list[float] = []
    handed: list[float] = []
    start = time.perf_counter()

    def batches() -> Iterator:
        for path, result in load_files(files, workers=workers):
            if isinstance(result, Failure):
                raise SystemExit(f"{path}: {result.error}")
            handed.append(time.perf_counter())
            yield result

    for written in store.write_many(batches()):
        now = time.perf_counter()
        if isinstance(written, Exception):
            raise SystemExit(f"write failed: {written}")
        store_s.append(now - handed[len(store_s)])
        done.append(now - start)
    total = time.perf_counter() - start
    store.close()
    return done, store_s, total


def per_thousand(done: list[float], store_s: list[float]) -> list[dict]:
    """Documents per second and the median store time per source, for each thousand."""
    rows = []
    for k in range(0, len(done), THOUSAND):
        chunk = done[k : k + THOUSAND]
        began = done[k - 1] if k else 0.0
        rows.append(
            {
                "docs": f"{k + 1}–{k + len(chunk)}",
                "docs_per_s": len(chunk) / max(chunk[-1] - began, 1e-9),
                "write_p50_ms": statistics.median(store_s[k : k + THOUSAND]) * 1000,
            }
        )
    return rows


def workers_ratio(folder: Path, files: list[Path], size: int, runs: int) -> dict:
    """Median wall time of one worker and of two over ``size`` documents, each run into an
    empty workspace and on documents no run before it read (``files`` holds enough)."""
    timed_ingest(folder / "warm-up.db", files[-20:], 1)  # the language data and rules, loaded once as in a long run
    times: dict[int, list[float]] = {1: [], 2: []}
    chunks = iter(range(0, len(files), size))
    for run in range(runs):
        for workers in (1, 2):
            start = next(chunks)
            db = folder / f"pair-{workers}-{run}.db"
            times[workers].append(timed_ingest(db, files[start : start + size], workers)[2])
    one, two = statistics.median(times[1]), statistics.median(times[2])
    return {"pair_docs": size, "one_worker_s": one, "two_workers_s": two, "two_workers_speedup": one / two}


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to make and ingest (default 10000)")
    parser.add_argument("--pair", type=int, default=200, help="documents for one worker beside two (default 200)")
    parser.add_argument("--runs", type=int, default=5, help="runs of one worker and of two (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the big ingest (default 2)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ansvar-ingest-") as tmp:
        folder = Path(tmp)
        docs = folder / "docs"
        docs.mkdir()
        print(f"making {args.docs:,} documents …", file=sys.stderr, flush=True)
        files = make_documents(docs, max(args.docs, 2 * args.runs * args.pair + 20), args.seed)
        os.sync()  # the documents on disk before anything is timed, not written back during it
        print(f"one worker beside two on {args.pair} documents …", file=sys.stderr, flush=True)
        pair = workers_ratio(folder, files, args.pair, args.runs)
        print(f"ingesting {args.docs:,} documents with {args.workers} workers …", file=sys.stderr, flush=True)
        done, store_s, total = timed_ingest(folder / "big.db", files[: args.docs], args.workers)
    thousands = per_thousand(done, store_s)
    first, last = thousands[0], thousands[-1]
    figures = {
        "docs": len(done),
        "workers": args.workers,
        "ingest_s": total,
        "docs_per_s": len(done) / total,
        "first_thousand_docs_per_s": first["docs_per_s"],
        "last_thousand_docs_per_s": last["docs_per_s"],
        "last_vs_first": last["docs_per_s"] / first["docs_per_s"],
        "first_thousand_write_p50_ms": first["write_p50_ms"],
        "last_thousand_write_p50_ms": last["write_p50_ms"],
        "write_p50_ratio": last["write_p50_ms"] / first["write_p50_ms"],
        "first_hundred_write_p50_ms": statistics.median(store_s[:100]) * 1000,
        "last_thousand_to_first_hundred_write_ratio": last["write_p50_ms"] / (statistics.median(store_s[:100]) * 1000),
        **pair,
        "writer_peak_rss_mb": peak_mb(resource.RUSAGE_SELF),
        "worker_peak_rss_mb": peak_mb(resource.RUSAGE_CHILDREN),
    }
    print(f"\n{'documents':>14} {'docs/s':>8} {'write p50 ms':>13}")
    for row in thousands:
        print(f"{row['docs']:>14} {row['docs_per_s']:>8.1f} {row['write_p50_ms']:>13.2f}")
    print(
        f"\nlast thousand vs first: {figures['last_vs_first']:.2f} (goal ≥ 0.90); write p50 of the last "
        f"thousand / of the first hundred: {figures['last_thousand_to_first_hundred_write_ratio']:.2f} (goal ≤ 1.5)"
    )
    print(
        f"{pair['pair_docs']} documents: one worker {pair['one_worker_s']:.2f} s, two {pair['two_workers_s']:.2f} s, "
        f"speed-up {pair['two_workers_speedup']:.2f}× (goal ≥ 1.8×)"
    )
    print(
        f"peak RSS: writer {figures['writer_peak_rss_mb']:.0f} MB, "
        f"largest worker {figures['worker_peak_rss_mb']:.0f} MB"
    )
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
