"""Uploaded files → stored sources: save each in a private temporary folder, load it with the
loader its suffix calls for, write each as one transaction, report what failed and why.

Nothing in the request chooses a path: the client's file name is reduced to a safe base
name (letters, digits, ``.-_``, its suffix kept), used for the temporary copy (loaders read
titles and the format from it). The source id is a hash of the name exactly as uploaded
followed by the safe name (``upload:3f2a9b0c1d2e/a_b.txt``), so names that reduce to the
same safe name ("a b.txt", "a_b.txt") never share a source; the name as uploaded is kept as
the documents' origin (``upload:<name>``). Uploading a file of the same name again replaces
what it said before, like re-ingesting a file, and the answer says so (``replaced``).

>>> safe_name("../../etc/Passwd .YAML"), safe_name("Ärende §4.md"), safe_name(".."), safe_name("....txt")
('Passwd_.YAML', 'Ärende__4.md', 'upload', 'upload.txt')
>>> name = safe_name("a" * 400 + ".txt"); len(name), name[-6:]
(120, 'aa.txt')
>>> upload_source("a b.txt") != upload_source("a_b.txt"), upload_source("/etc/passwd.txt")
(True, 'upload:d9d650abe3b8/passwd.txt')
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from api.schemas import StoredUpload, UploadFailure, UploadReport
from graph.store.base import SourceBatch
from graph.store.live import LiveWorkspace
from loaders import supported_suffixes
from loaders.ingest import Failure, IngestReport, load_files, write_loaded

_UNSAFE = re.compile(r"[^\w.\-]", re.UNICODE)


MAX_NAME = 120
MAX_SUFFIX = 16


def safe_name(filename: str | None) -> str:
    """A base name without folders, hidden-file dots or characters a file system may mind,
    at most ``MAX_NAME`` characters, keeping its suffix (the loader is chosen by it)."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", name))
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > MAX_SUFFIX or not suffix:
        stem, suffix = name, ""
    stem = stem.lstrip(".")
    suffix = "." + suffix if suffix else ""
    if not stem:
        return "upload" + suffix
    return stem[: MAX_NAME - len(suffix)] + suffix


def upload_source(original: str) -> str:
    """The source id of an upload named ``original``: a hash of that exact name, and its safe name."""
    digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"upload:{digest}/{safe_name(original)}"


@dataclass
class Received:
    """One uploaded file, saved: its name as uploaded, its safe name and where it lies."""

    original: str
    name: str
    path: Path | None = None
    failure: UploadFailure | None = None


def allowed_suffixes() -> list[str]:
    """The suffixes some loader reads (the allowed upload types)."""
    return supported_suffixes()


def check_type(original: str, name: str) -> UploadFailure | None:
    """A failure when no loader reads files like ``name``."""
    suffix = Path(name).suffix.lower()
    if suffix in allowed_suffixes():
        return None
    return UploadFailure(
        file=original,
        code="unsupported_format",
        error=f"no loader for {suffix or 'files without a suffix'!r}; allowed: " + ", ".join(allowed_suffixes()),
    )


def _as_upload(item: Received, path: Path, batch: SourceBatch) -> SourceBatch:
    """The batch under the upload's source id, its documents' origin the upload as named, not
    the temporary copy."""
    source, origin = upload_source(item.original), f"upload:{item.original}"
    temp = {str(path), str(path.resolve())}
    docs = [
        d.model_copy(update={"origin": origin}) if d.origin in temp or d.origin is None else d for d in batch.documents
    ]
    return batch.model_copy(update={"source": source, "documents": docs})


def _as_failure(item: Received, path: Path, failure: Failure) -> UploadFailure:
    """A failure named by the upload's own name: no server path leaks."""
    text = failure.error.replace(str(path.resolve()), item.original).replace(str(path), item.original)
    return UploadFailure(file=item.original, error=text, code=failure.code)


def ingest_uploads(workspace: LiveWorkspace, items: list[Received], default_jurisdiction: str | None) -> UploadReport:
    """Load every saved upload, then write the loaded ones, each atomic (one swap).

    The loop is the CLI's (loaders/ingest.py); only the names are the upload's.
    """
    report = UploadReport(failed=[i.failure for i in items if i.failure])
    saved = {str(i.path): i for i in items if i.failure is None and i.path is not None}
    batches: list[tuple[Path, SourceBatch]] = []
    for path, result in load_files([Path(p) for p in saved], default_jurisdiction=default_jurisdiction, workers=1):
        item = saved[str(path)]
        if isinstance(result, Failure):
            report.failed.append(_as_failure(item, path, result))
        else:
            batches.append((path, _as_upload(item, path, result)))
    if not batches:
        return report

    def write_all(store) -> tuple[dict[str, bool], IngestReport]:
        replaced = {batch.source: store.has_source(batch.source) for _, batch in batches}
        return replaced, write_loaded(store, batches)

    replaced, written = workspace.write(write_all)
    report.loaded += written.loaded
    report.failed += [_as_failure(saved[f.path], Path(f.path), f) for f in written.failed]
    stored = {w.source for w in written.loaded}
    report.stored += [
        StoredUpload(file=saved[str(path)].original, source=batch.source, replaced=replaced[batch.source])
        for path, batch in batches
        if batch.source in stored
    ]
    return report


class UploadFolder:
    """A private temporary folder for one request's files, removed afterwards."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="ansvar-upload-"))
        self._names: set[str] = set()

    def place(self, name: str) -> Path:
        """A fresh path in the folder for a file of this safe name."""
        stem, suffix, n = Path(name).stem, Path(name).suffix, 1
        while name in self._names:
            n += 1
            name = f"{stem}-{n}{suffix}"
        self._names.add(name)
        sub = self.path / str(len(self._names))
        sub.mkdir()
        return sub / name

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
