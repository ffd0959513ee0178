"""The interactive map: which part of the graph a view shows (view), how it looks (style, from
data/map_style.yaml), where its gaps are (gaps), where its nodes go when it is large
(layout), the page's data (payload), safe escaping (escape), vis-network from the installed
pyvis package (assets), and the page itself (render, with templates/ and static/).

``write_map(store, "map.html", jurisdiction="norrbacka")`` writes a standalone page;
``map_html(store, …, standalone=False)`` is what the HTTP API serves at GET /map.
"""

from __future__ import annotations

from visualisation.render import MapReport, map_html, render_page, write_map
from visualisation.view import MapView, build_view

__all__ = ["MapReport", "MapView", "build_view", "map_html", "render_page", "write_map"]
