"""The map page: our own template (jinja2, autoescaping on) filled with the page's data.

Every value the template prints is escaped by jinja2; the data goes in as script-safe JSON
(visualisation/escape.py) and the page's script shows it with textContent. A standalone
page inlines vis-network (from the installed pyvis package), the map's script and styles,
and pins its inline scripts by hash in its Content-Security-Policy, so it opens from a file
with no network and runs nothing but those scripts. A served page refers to the assets by
URL (``asset_base``) instead and allows scripts from its own origin only.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from graph.errors import InputError
from graph.store.base import Store
from visualisation.assets import ASSET_TYPES, asset_text, asset_version
from visualisation.escape import inline_script, inline_style, script_json
from visualisation.payload import build_payload
from visualisation.view import build_view

TEMPLATES = Path(__file__).resolve().parent / "templates"
# the page's own policy (a <meta> cannot say frame-ancestors; the HTTP header adds it)
SERVED_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
SERVED_CSP = SERVED_PAGE_CSP + "; frame-ancestors 'none'"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: autoescaping for every template, undefined names are errors."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _inline_assets() -> dict[str, str]:
    return {
        "vis_js": inline_script(asset_text("vis-network.min.js"), "vis-network.min.js"),
        "map_js": inline_script(asset_text("map.js"), "map.js"),
        "vis_css": inline_style(asset_text("vis-network.css"), "vis-network.css"),
        "map_css": inline_style(asset_text("map.css"), "map.css"),
    }


def standalone_csp() -> str:
    """The policy of a standalone page: only its own two inline scripts may run."""
    a = _inline_assets()
    return (
        f"default-src 'none'; script-src {_sha256(a['vis_js'])} {_sha256(a['map_js'])}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_page(payload: dict[str, Any], *, standalone: bool = True, asset_base: str = "/map/assets") -> str:
    """The HTML of one map page for ``payload`` (see visualisation/payload.py)."""
    meta = payload["meta"]
    context: dict[str, Any] = {
        "title": meta["title"],
        "counts": meta["counts"],
        "truncated": meta["truncated"],
        "labels_on_demand": meta["labelsOnDemand"],
        "legend": payload["legend"],
        "standalone": standalone,
        "data_json": Markup(script_json(payload)),
    }
    if standalone:
        context.update({k: Markup(v) for k, v in _inline_assets().items()})
        context["csp"] = standalone_csp()
    else:
        base = asset_base.rstrip("/")
        context["assets"] = {name: f"{base}/{name}?v={asset_version(name)}" for name in ASSET_TYPES}
        context["csp"] = SERVED_PAGE_CSP
    return environment().get_template("map.html").render(**context)


def map_html(
    store: Store,
    jurisdiction: str | None = None,
    issue: str | None = None,
    hops: int | None = None,
    *,
    standalone: bool = True,
    asset_base: str = "/map/assets",
    max_nodes: int | None = None,
) -> str:
    """The map page of a view (see visualisation/view.py for what a view holds)."""
    view = build_view(store, jurisdiction=jurisdiction, issue=issue, hops=hops, max_nodes=max_nodes)
    return render_page(build_payload(store, view), standalone=standalone, asset_base=asset_base)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass
class MapReport:
    path: str
    nodes: int
    edges: int
    gaps: int
    bytes: int

    def __str__(self) -> str:
        return f"{self.nodes} nodes, {self.edges} edges, {self.gaps} gaps, {self.bytes} bytes"


def write_map(
    store: Store,
    out: str | os.PathLike,
    jurisdiction: str | None = None,
    issue: str | None = None,
    hops: int | None = None,
    max_nodes: int | None = None,
) -> MapReport:
    """Write a standalone map page to ``out`` (UTF-8, whatever the platform); nothing else is written."""
    target = Path(out)
    if target.is_dir():
        raise InputError(f"{target} is a folder", expected="a file name such as map.html")
    view = build_view(store, jurisdiction=jurisdiction, issue=issue, hops=hops, max_nodes=max_nodes)
    payload = build_payload(store, view)
    data = render_page(payload, standalone=True).encode("utf-8")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"cannot write {target}: folder {parent} does not exist")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ansvar-map-", suffix=".tmp", dir=parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    counts = payload["meta"]["counts"]
    return MapReport(str(target), counts["nodes"], counts["edges"], counts["gaps"], len(data))
