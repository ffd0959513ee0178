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

from graph.errors import AnsvarError
from graph.store.base import SourceBatch
from graph.store.live import LiveWorkspace
from loaders import load_file, supported_suffixes
from api.schemas import StoredUpload, UploadFailure, UploadReport

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


def _load(item: Received, options: dict) -> SourceBatch | UploadFailure:
    """Load one saved upload; an expected error becomes a failure with the upload's name in it."""
    source, origin = upload_source(item.original), f"upload:{item.original}"
    try:
        batch = load_file(item.path, **options)
    except AnsvarError as exc:
        text = str(exc).replace(str(item.path.resolve()), item.original).replace(str(item.path), item.original)
        return UploadFailure(file=item.original, error=text, code=exc.code)
    except (OSError, ValueError) as exc:
        return UploadFailure(file=item.original, error=f"cannot read the file: {exc}", code="invalid_input")
    except (RecursionError, MemoryError) as exc:  # beyond the readers' bounds: this file fails, not the request
        return UploadFailure(
            file=item.original, error=f"too complex to read ({type(exc).__name__})", code="invalid_input"
        )
    temp = {str(item.path), str(item.path.resolve())}
    docs = [
        d.model_copy(update={"origin": origin}) if d.origin in temp or d.origin is None else d for d in batch.documents
    ]
    return batch.model_copy(update={"source": source, "documents": docs})


def ingest_uploads(workspace: LiveWorkspace, items: list[Received], default_jurisdiction: str | None) -> UploadReport:
    """Load every saved upload, then write each loaded one as its own transaction (one swap)."""
    report = UploadReport(failed=[i.failure for i in items if i.failure])
    options = {"default_jurisdiction": default_jurisdiction} if default_jurisdiction else {}
    batches: list[tuple[Received, SourceBatch]] = []
    for item in items:
        if item.failure is None:
            result = _load(item, options)
            if isinstance(result, UploadFailure):
                report.failed.append(result)
            else:
                batches.append((item, result))
    if not batches:
        return report

    def write_all(store) -> None:
        for item, batch in batches:
            try:
                replaced = store.has_source(batch.source)
                report.loaded.append(store.write(batch))
                report.stored.append(StoredUpload(file=item.original, source=batch.source, replaced=replaced))
            except AnsvarError as exc:
                report.failed.append(UploadFailure(file=item.original, error=str(exc), code=exc.code))

    workspace.write(write_all)
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
