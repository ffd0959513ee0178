"""Where an export goes: a file path or a binary stream the caller owns.

A path is opened (parent folders created) and closed by the exporter, and removed again
when the export fails half-way, so that no truncated file is left behind. A stream is
written to and left open: the caller (the HTTP app, a test) owns it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, Union

from typing_extensions import TypeIs

from graph.errors import InputError

Output = Union[str, "os.PathLike[str]", BinaryIO]


def is_path(out: Output) -> TypeIs[str | os.PathLike[str]]:
    """True when ``out`` names a file rather than being a stream."""
    return isinstance(out, (str, os.PathLike))


def open_path(path: Path) -> BinaryIO:
    """Open ``path`` for writing, creating its folder; a failure is the user's input error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("wb")
    except OSError as exc:
        raise InputError(f"cannot write the export: {exc.strerror or exc}", file=str(path)) from exc


class TextSink:
    """A UTF-8 text stream onto ``out`` that closes what it opened and only that."""

    def __init__(self, out: Output):
        self.path: Path | None = None
        if is_path(out):
            self.path = Path(out)
            binary = open_path(self.path)
        else:
            binary = out
        if not hasattr(binary, "write"):
            raise InputError(f"cannot write an export to {type(out).__name__}", expected="a path or a binary stream")
        self.text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        self.closed = False

    def write(self, text: str) -> None:
        self.text.write(text)

    def close(self) -> None:
        """Flush; close a file we opened, hand a caller's stream back open."""
        if self.closed:
            return
        self.closed = True
        if self.path is not None:
            self.text.close()
        else:
            self.text.flush()
            self.text.detach()

    def abort(self) -> None:
        """Give up: close, and remove a file we created."""
        try:
            self.close()
        finally:
            if self.path is not None:
                self.path.unlink(missing_ok=True)
