"""Ingest files and folders into a store: load each file, write it as one transaction.

A file that fails to load is reported with its reason and nothing of it is stored; the
batch goes on. Loading (parsing, extraction) runs in worker processes when the batch is
big enough to pay for starting them; writing stays in this process, one source at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel, Field

from graph.errors import AnsvarError
from graph.store.base import SourceBatch, Store, WriteReport

# Below this many bytes of input, worker processes cost more than they save.
PARALLEL_MIN_BYTES = 2_000_000


class Failure(BaseModel):
    path: str
    error: str
    code: str = "error"


class IngestReport(BaseModel):
    loaded: list[WriteReport] = Field(default_factory=list)
    failed: list[Failure] = Field(default_factory=list)


def _load(path: Path, options: dict) -> SourceBatch | Failure:
    """Load one file; an expected error becomes a Failure (this runs in workers too)."""
    from loaders import load_file

    try:
        return load_file(path, **options)
    except AnsvarError as exc:
        return Failure(path=str(path), error=str(exc), code=exc.code)
    except (OSError, ValueError) as exc:
        return Failure(path=str(path), error=f"{type(exc).__name__}: {exc}")
    except (RecursionError, MemoryError) as exc:  # a file beyond the readers' bounds: this file fails, not the batch
        return Failure(path=str(path), error=f"too complex to read ({type(exc).__name__})", code="invalid_input")


def _workers(files: list[Path], requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    size = sum(f.stat().st_size for f in files if f.exists())
    return min(os.cpu_count() or 1, 4) if size >= PARALLEL_MIN_BYTES and len(files) > 1 else 1


def _loaded(files: list[Path], options: dict, workers: int) -> Iterable[tuple[Path, SourceBatch | Failure]]:
    if workers == 1:
        for f in files:
            yield f, _load(f, options)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from zip(files, pool.map(_load, files, [options] * len(files), chunksize=1))


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    default_jurisdiction: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Load every file under ``paths`` into ``store``; report what was stored and what failed."""
    from loaders import iter_source_files

    files = iter_source_files([Path(p) for p in paths])
    options = {"default_jurisdiction": default_jurisdiction} if default_jurisdiction else {}
    report = IngestReport()
    for done, (path, result) in enumerate(_loaded(files, options, _workers(files, workers)), start=1):
        if isinstance(result, Failure):
            report.failed.append(result)
        else:
            try:
                report.loaded.append(store.write(result))
            except AnsvarError as exc:
                report.failed.append(Failure(path=str(path), error=str(exc), code=exc.code))
        if progress:
            progress(done, len(files), path.name)
    return report
