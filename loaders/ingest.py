"""Ingest files and folders into a store: load each file, write it as one transaction.

A file that fails to load is reported with its reason and nothing of it is stored; the
batch goes on. Loading (parsing, extraction) runs in worker processes when the batch is
big enough to pay for starting them; writing stays in this process, several sources to a
transaction, each still atomic (``Store.write_many``).
The one loop for every shell: ``ansvar ingest`` calls ``ingest_paths``; the HTTP upload
(api/uploads.py) calls ``load_files`` and ``write_loaded`` with its own source names.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel, Field

from graph.errors import AnsvarError
from graph.store.base import SourceBatch, Store, WriteReport
from loaders.sources import Skipped

# Below this many bytes of input, worker processes cost more than they save (forking one
# takes some tens of ms; reading a 4 kB text, about 10 ms).
PARALLEL_MIN_BYTES = 100_000
# At most this many files go to a worker at a time: a round trip per file costs as much as
# reading a small one, and more would leave a worker idle at the end.
CHUNK_FILES = 8


class Failure(BaseModel):
    """A file that was not stored, and why."""

    path: str
    error: str
    code: str = "error"


class IngestReport(BaseModel):
    """What an ingest stored (one write report per file) and what failed."""

    loaded: list[WriteReport] = Field(default_factory=list)
    failed: list[Failure] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list, description="files of folders not read, with the reason")


Loaded = tuple[Path, SourceBatch | Failure]


def load_one(path: Path, options: dict) -> SourceBatch | Failure:
    """Load one file; an expected error becomes a Failure (this runs in workers too)."""
    from loaders import load_file

    try:
        return load_file(path, **options)
    except AnsvarError as exc:
        return Failure(path=str(path), error=str(exc), code=exc.code)
    except (OSError, ValueError) as exc:
        return Failure(path=str(path), error=f"cannot read the file: {exc}", code="invalid_input")
    except (RecursionError, MemoryError) as exc:  # a file beyond the readers' bounds: this file fails, not the batch
        return Failure(path=str(path), error=f"too complex to read ({type(exc).__name__})", code="invalid_input")


def _workers(files: list[Path], requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    size = sum(f.stat().st_size for f in files if f.exists())
    return min(os.cpu_count() or 1, 4) if size >= PARALLEL_MIN_BYTES and len(files) > 1 else 1


def load_files(
    files: list[Path], *, default_jurisdiction: str | None = None, workers: int | None = None
) -> Iterator[Loaded]:
    """Each file with its batch or its failure, in order; in worker processes when the files
    are big enough to pay for them (``workers`` overrides the choice)."""
    options = {"default_jurisdiction": default_jurisdiction} if default_jurisdiction else {}
    count = _workers(files, workers)
    if count == 1:
        for f in files:
            yield f, load_one(f, options)
        return
    from graph.taxonomy import use_workspace_issues, workspace_issues

    _warm(files)
    # the workers read with the workspace's taxonomy too, however processes are started
    with ProcessPoolExecutor(
        max_workers=count, mp_context=_context(), initializer=use_workspace_issues, initargs=(workspace_issues(),)
    ) as pool:
        # several files to a round trip, but the last ones one by one: a worker left with a whole
        # chunk at the end kept the other idle for as long (up to a tenth of 200 files' time)
        split = max(0, len(files) - count * CHUNK_FILES)  # where the one-by-one tail begins
        chunk = max(1, min(CHUNK_FILES, split // (count * 4)))
        head = pool.map(load_one, files[:split], [options] * split, chunksize=chunk)
        rest = pool.map(load_one, files[split:], [options] * (len(files) - split), chunksize=1)
        yield from zip(files, itertools.chain(head, rest), strict=True)


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: the workers start with what ``_warm`` loaded, without loading
    it again. The parent may run other threads by then (the command line's progress display)
    and hold the store's lock; a forked worker only extracts, and touches neither, which is
    what makes forking a threaded process safe here."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _warm(files: list[Path]) -> None:
    """Load the extractor's language data and rules in this process before the workers start:
    forked workers share them instead of each loading them again (seconds per worker)."""
    from loaders.prose import PROSE_SUFFIXES

    if any(f.suffix.lower() in PROSE_SUFFIXES for f in files):
        from loaders.extract.nlp import resources

        resources()


def write_loaded(
    store: Store,
    loaded: Iterable[Loaded],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    total: int = 0,
) -> IngestReport:
    """Write each loaded batch atomically, several to a transaction (``Store.write_many``);
    failures (to load or to write) are reported beside the batches stored, and the rest go on."""
    report = IngestReport()
    paths: deque[Path] = deque()  # the files whose batches are on their way to the store
    done = 0

    def tick(path: Path) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, path.name)

    def batches() -> Iterator[SourceBatch]:
        for path, result in loaded:
            if isinstance(result, Failure):
                report.failed.append(result)
                tick(path)
            else:
                paths.append(path)
                yield result

    for written in store.write_many(batches()):
        path = paths.popleft()
        if isinstance(written, AnsvarError):
            report.failed.append(Failure(path=str(path), error=str(written), code=written.code))
        else:
            report.loaded.append(written)
        tick(path)
    return report


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    default_jurisdiction: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> IngestReport:
    """Load every file under ``paths`` into ``store``; report what was stored, what failed and
    what of the folders was skipped (loaders/sources.py: ``include``/``exclude`` globs, files
    about the folder such as a README or an index of tables)."""
    from loaders.sources import find_sources

    sources = find_sources([Path(p) for p in paths], include, exclude)
    loaded = load_files(sources.files, default_jurisdiction=default_jurisdiction, workers=workers)
    report = write_loaded(store, loaded, progress=progress, total=len(sources.files))
    report.skipped = sources.skipped
    return report
