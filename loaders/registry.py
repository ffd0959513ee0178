"""Which loader reads which file: a registry by file suffix, and the files a folder holds.

A loader is a function ``(path, **options) -> SourceBatch``, registered for one or more
suffixes, either directly or as ``"module:function"`` so that heavy loaders (prose with
spaCy) are imported only when a file needs them.

>>> register_loader(".example", "loaders.structured.claims_csv:load_claims_csv")
>>> loader_for(Path("a/B.EXAMPLE")).__name__, ".example" in supported_suffixes()
('load_claims_csv', True)
>>> unregister_loader(".example"); loader_for(Path("a.example")) is None
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.errors import UnsupportedFormat
from graph.store.base import SourceBatch

Loader = Callable[..., SourceBatch]

_LOADERS: dict[str, Loader | str] = {}


def _suffix(suffix: str) -> str:
    suffix = suffix.strip().lower()
    return suffix if suffix.startswith(".") else "." + suffix


def register_loader(suffixes: str | Iterable[str], func: Loader | str) -> None:
    """Use ``func`` (a callable or ``"module:function"``) for files with these suffixes."""
    for suffix in [suffixes] if isinstance(suffixes, str) else suffixes:
        _LOADERS[_suffix(suffix)] = func


def unregister_loader(suffix: str) -> None:
    """Forget the loader of ``suffix`` (tests, plug-ins)."""
    _LOADERS.pop(_suffix(suffix), None)


def supported_suffixes() -> list[str]:
    """Every suffix some loader handles, sorted."""
    return sorted(_LOADERS)


def loader_for(path: Path) -> Loader | None:
    """The loader for ``path``'s suffix, imported on first use; None when there is none."""
    suffix = Path(path).suffix
    if not suffix:
        return None
    key = _suffix(suffix)
    func = _LOADERS.get(key)
    if isinstance(func, str):
        module, _, name = func.partition(":")
        func = getattr(importlib.import_module(module), name)
        _LOADERS[key] = func
    return func


def load_file(path: Path, **options) -> SourceBatch:
    """Load one file with the loader its suffix calls for; UnsupportedFormat when none does.

    Whatever the loader, the places the file speaks of become entities (loaders/places.py)."""
    path = Path(path)
    loader = loader_for(path)
    if loader is None:
        raise UnsupportedFormat(
            f"no loader for {path.suffix or 'files without a suffix'!r}",
            file=str(path),
            expected="a file ending in " + ", ".join(supported_suffixes()),
        )
    from loaders.places import with_places

    return with_places(loader(path, **options))


def iter_source_files(paths: Iterable[Path]) -> list[Path]:
    """The files to load: given files as they are, folders expanded recursively.

    Inside folders, files are sorted and hidden files and folders (``.git``, ``.DS_Store``),
    files no loader handles and files about the folder (a README, an index of tables:
    loaders/sources.py) are left out. A path that does not exist is an InputError.
    """
    from loaders.sources import find_sources

    return find_sources(paths).files
