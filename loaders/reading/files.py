"""Opening a user's file safely: it exists, is a file, is not empty, is under the size limit.

The limit is checked on the size the file system reports before anything is read, and
again while reading (a file can grow), so a huge file is refused without reading it.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import EmptyDocument, InputError


def check_file(path: Path, max_bytes: int) -> int:
    """The size of ``path`` in bytes; ``InputError`` if it is missing, not a file, empty or too large."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    if not path.is_file():
        raise InputError("not a regular file", file=str(path), expected="a .txt, .md, .html, .pdf or .docx file")
    if stat.st_size == 0:
        raise EmptyDocument("empty file (0 bytes)", file=str(path))
    if stat.st_size > max_bytes:
        raise too_large(path, stat.st_size, max_bytes)
    return stat.st_size


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The whole file, at most ``max_bytes``; ``InputError`` if it is bigger or unreadable."""
    check_file(path, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    if len(data) > max_bytes:
        raise too_large(path, len(data), max_bytes)
    return data


def read_head(path: Path, size: int = 8) -> bytes:
    """The first ``size`` bytes of ``path`` (for recognising a format by its magic number)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None


def too_large(path: Path | str, size: int, max_bytes: int, what: str = "file") -> InputError:
    """The error for a file (or its unpacked text) over the size limit."""
    return InputError(
        f"{what} too large ({size:,} bytes)",
        file=str(path),
        expected=f"at most {max_bytes:,} bytes",
        hint="raise max_bytes to read it anyway",
    )
