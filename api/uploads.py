"""Uploaded files → stored sources: save each in a private temporary folder, load it with the
loader its suffix calls for, write each as one transaction, report what failed and why.

Nothing in the request chooses a path: the client's file name is reduced to a safe base
name (letters, digits, ``.-_``), used for the temporary copy (loaders read titles from it)
and for the source key ``upload:<name>``; uploading a file of the same name again replaces
what it said before, like re-ingesting a file.

>>> safe_name("../../etc/Passwd .YAML"), safe_name("Ärende §4.md"), safe_name("..")
('Passwd_.YAML', 'Ärende__4.md', 'upload')
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from api.schemas import UploadFailure, UploadReport
from graph.store.base import SourceBatch
from graph.store.live import LiveWorkspace
from loaders import supported_suffixes
from loaders.ingest import Failure, Loaded, load_files, write_loaded

_UNSAFE = re.compile(r"[^\w.\-]", re.UNICODE)


def safe_name(filename: str | None) -> str:
    """A base name without folders, hidden-file dots or characters a file system may mind."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).lstrip(".")[:120]
    return name or "upload"


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
    """The batch under the upload's source key, its documents' origin the upload, not the temporary copy."""
    source = f"upload:{item.name}"
    temp = {str(path), str(path.resolve())}
    docs = [
        d.model_copy(update={"origin": source}) if d.origin in temp or d.origin is None else d for d in batch.documents
    ]
    return batch.model_copy(update={"source": source, "documents": docs})


def _as_failure(item: Received, path: Path, failure: Failure) -> UploadFailure:
    """A failure named by the upload's own name: no server path leaks."""
    text = failure.error.replace(str(path.resolve()), item.original).replace(str(path), item.original)
    return UploadFailure(file=item.original, error=text, code=failure.code)


def ingest_uploads(workspace: LiveWorkspace, items: list[Received], default_jurisdiction: str | None) -> UploadReport:
    """Load every saved upload, then write each loaded one as its own transaction (one swap).

    The loop is the CLI's (loaders/ingest.py); only the names are the upload's.
    """
    report = UploadReport(failed=[i.failure for i in items if i.failure])
    saved = {str(i.path): i for i in items if i.failure is None and i.path is not None}
    batches: list[Loaded] = []
    for path, result in load_files([Path(p) for p in saved], default_jurisdiction=default_jurisdiction, workers=1):
        item = saved[str(path)]
        if isinstance(result, Failure):
            report.failed.append(_as_failure(item, path, result))
        else:
            batches.append((path, _as_upload(item, path, result)))
    if not batches:
        return report
    written = workspace.write(lambda store: write_loaded(store, batches))
    report.loaded += written.loaded
    report.failed += [_as_failure(saved[f.path], Path(f.path), f) for f in written.failed]
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
