"""The files the map page needs: vis-network from the installed pyvis package, and the map's own.

vis-network is third-party code and is never copied into this repository: it is read from
the copy that the pyvis package installs (``pyvis/templates/lib/vis-9.1.2``), found without
importing pyvis (which would import IPython). The map's own script and style sheet live in
``visualisation/static``. Standalone files inline them all; the HTTP API serves them at
``/map/assets/<name>``. vis-network's style sheet is served without its rules that draw
images (the buttons of its editing and navigation tools, which the map never shows): they
are 200 kB of inline pictures.

>>> sorted(ASSET_TYPES)
['map.css', 'map.js', 'vis-network.css', 'vis-network.min.js']
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from functools import cache
from pathlib import Path

from graph.errors import MapAssetsMissing

VIS_VERSION = "9.1.2"
STATIC = Path(__file__).resolve().parent / "static"
ASSET_TYPES = {
    "vis-network.min.js": "text/javascript; charset=utf-8",
    "vis-network.css": "text/css; charset=utf-8",
    "map.js": "text/javascript; charset=utf-8",
    "map.css": "text/css; charset=utf-8",
}


def vis_dir() -> Path:
    """The folder of pyvis's own copy of vis-network."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise MapAssetsMissing(
            "the pyvis package is not installed; it ships the map's vis-network library", hint="pip install pyvis"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / f"vis-{VIS_VERSION}"


def asset_path(name: str) -> Path:
    """Where the asset ``name`` (one of ASSET_TYPES) is on disk."""
    if name not in ASSET_TYPES:
        raise MapAssetsMissing(f"unknown map asset {name!r}")
    path = STATIC / name if name.startswith("map.") else vis_dir() / name
    if not path.is_file():
        raise MapAssetsMissing(f"map asset {name} not found at {path}", hint="reinstall pyvis")
    return path


_IMAGE_RULE = re.compile(r"[^{}]*\{[^{}]*url\([^{}]*\}")


def without_images(css: str) -> str:
    """A flat style sheet without the rules that load an image.

    >>> without_images("a{color:red}b.x{background:url(data:image/png;base64,AA==)}c{top:0}")
    'a{color:red}c{top:0}'
    """
    return _IMAGE_RULE.sub("", css)


@cache
def asset_text(name: str) -> str:
    """The text of an asset (read once)."""
    text = asset_path(name).read_text(encoding="utf-8")
    return without_images(text) if name == "vis-network.css" else text


@cache
def asset_version(name: str) -> str:
    """A short content hash of an asset, for cache-busting URLs."""
    return hashlib.sha256(asset_text(name).encode("utf-8")).hexdigest()[:12]
