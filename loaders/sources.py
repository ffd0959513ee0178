"""Which files of a folder ``ansvar ingest`` reads, and which it skips and why.

A folder holds documents and descriptions, and often files about the folder itself: a README,
an INDEX.md of tables, a licence. Those are neither, and reading one as prose would turn its
table rows into claims; they are skipped, each with its reason (data/sources.yaml says which
names and what share of table rows). ``--include``/``--exclude`` globs choose among the rest;
a file named on its own is always read.

>>> is_folder_file(Path("docs/SOURCES_B.md")), is_folder_file(Path("docs/d01_karlsborg.txt"))
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from graph.errors import InputError, VocabularyError
from graph.paths import data_dir
from graph.yamlfile import read_data_yaml

# suffixes of plain texts whose content is looked at (a table is not prose)
_PLAIN = (".txt", ".text", ".md", ".markdown")
_SEPARATORS = ("_", "-", ".", " ")


class Skipped(BaseModel):
    """A file of a folder that was not read, and why."""

    path: str
    reason: str


@dataclass
class Sources:
    """The files to read, in order, and the files skipped."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, ...], float]:
    """(folder file names, table share) from data/sources.yaml, checked."""
    path = data_dir() / "sources.yaml"
    raw = read_data_yaml(path)
    if set(raw) != {"folder_files", "table_share"}:
        raise VocabularyError(f"{path}: expected the keys folder_files and table_share, found {sorted(raw)}")
    share = float(raw["table_share"])
    if not 0 < share <= 1:
        raise VocabularyError(f"{path}: table_share must be in (0, 1]")
    return tuple(str(n).lower() for n in raw["folder_files"]), share


def is_folder_file(path: Path) -> bool:
    """Whether ``path`` is named like a file about its folder (README, INDEX, SOURCES_B …)."""
    stem = path.stem.lower()
    return any(stem == n or stem.startswith(tuple(n + s for s in _SEPARATORS)) for n in _rules()[0])


def table_share(text: str) -> float:
    """The share of the non-empty lines of ``text`` that are table rows ("| a | b |").

    >>> table_share("# Index\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n")
    0.75
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows = [line for line in lines if line.startswith("|") and line.endswith("|") and line.count("|") >= 3]
    return len(rows) / len(lines) if lines else 0.0


def why_skip(path: Path) -> str | None:
    """The reason a file found in a folder is neither a document nor a description, or None."""
    if is_folder_file(path):
        return "a file about the folder (README, index, sources), not a document"
    if path.suffix.lower() in _PLAIN:
        try:
            head = path.read_bytes()[:200_000].decode("utf-8", errors="replace")
        except OSError:
            return None  # the loader reports what it cannot read
        if table_share(head) >= _rules()[1]:
            return "tables, not prose"
    return None


def _matches(rel: str, patterns: Iterable[str]) -> str | None:
    """The first glob of ``patterns`` that the relative path or its file name matches."""
    name = rel.rsplit("/", 1)[-1]
    return next((p for p in patterns if fnmatch(rel, p) or fnmatch(name, p)), None)


def find_sources(paths: Iterable[Path], include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Sources:
    """The files to load under ``paths`` and the files of folders skipped, with reasons.

    Inside folders (searched recursively, sorted, hidden files left out silently as are files
    no loader reads): a file is skipped when no ``include`` glob matches it (when any is given),
    when an ``exclude`` glob does, or when it is about the folder (``why_skip``). Globs match the
    path below the folder ("2019/*.pdf") or the file name ("*.md"). A file named on its own is
    kept. A path that does not exist is an InputError.
    """
    from loaders.registry import loader_for

    include, exclude = list(include), list(exclude)
    out = Sources()
    seen: set[Path] = set()

    def keep(found: Path) -> None:
        if found not in seen:
            seen.add(found)
            out.files.append(found)

    for path in (Path(p) for p in paths):
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = found.relative_to(path).as_posix()
                if any(part.startswith(".") for part in rel.split("/")) or loader_for(found) is None or found in seen:
                    continue
                reason: str | None
                if include and not _matches(rel, include):
                    reason = "not matched by --include " + " ".join(include)
                elif pattern := _matches(rel, exclude):
                    reason = f"excluded by --exclude {pattern}"
                else:
                    reason = why_skip(found)
                if reason:
                    out.skipped.append(Skipped(path=str(found), reason=reason))
                else:
                    keep(found)
        elif path.exists():
            keep(path)
        else:
            raise InputError("no such file or folder", file=str(path))
    return out
