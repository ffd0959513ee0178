"""The map in a real browser: Debian's headless Chromium opens /map from the running app and a
standalone file, and the page's own JavaScript tells what it drew, what a click shows, and
that none of the script payloads in names, quotes and titles ran.

Screenshots are saved under test-artifacts/ (or $ANSVAR_TEST_ARTIFACTS).
"""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, chromium, serving
from map_support import (
    EXPECTED_CLAIM_EDGES,
    EXPECTED_GAP_LINKS,
    EXPECTED_NODES,
    HREF_TITLE,
    IMG,
    QUOTE_DEFER,
    QUOTE_KS,
    build_payload_workspace,
)

from api.http import create_app
from graph.store import open_store
from visualisation import build_view, render_page, write_map
from visualisation.payload import build_payload
from visualisation.style import map_style

# predicates are functions, not expressions: the page's CSP forbids eval, which Playwright uses for those
READY = (
    "() => window.ansvarMap && ansvarMap.drawnAt !== null"
    " && (ansvarMap.data.meta.large || ansvarMap.stabilizedAt !== null)"
)
NO_PAYLOAD_RAN = """() => ({
  xss: window.__xss === undefined ? null : window.__xss,
  images: document.querySelectorAll('img').length,
  links: document.querySelectorAll('a').length,
  scripts: document.querySelectorAll('script').length,
  panelElements: Array.from(document.querySelectorAll('#map-panel *')).map(e => e.tagName.toLowerCase())
    .filter(t => !['h2', 'h3', 'p', 'section', 'article', 'figure', 'blockquote', 'figcaption', 'cite'].includes(t)),
})"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "w.db"
    build_payload_workspace(path)
    return path


@pytest.fixture(scope="module")
def base_url(db):
    with serving(create_app(str(db), refresh_seconds=0)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Watched:
    """A page with every console error, page error, dialog and outside request recorded."""

    def __init__(self, browser, allowed_prefixes: tuple[str, ...]):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

        def route(r):
            if r.request.url.startswith(allowed_prefixes):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function(READY, timeout=30_000)

    def click_node(self, node_id: str) -> None:
        point = self.node_point(node_id)
        self.page.mouse.click(point["x"], point["y"])

    def hover_node(self, node_id: str) -> None:
        point = self.node_point(node_id)
        self.page.mouse.move(point["x"] - 30, point["y"] - 30)
        self.page.mouse.move(point["x"], point["y"], steps=5)

    def node_point(self, node_id: str) -> dict:
        return self.page.evaluate(
            """id => {
            const n = ansvarMap.network;
            const p = n.canvasToDOM(n.getPositions([id])[id]);
            const box = document.getElementById('map-canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
            node_id,
        )

    def assert_clean(self) -> None:
        state = self.page.evaluate(NO_PAYLOAD_RAN)
        assert state["xss"] is None, f"a payload ran: window.__xss = {state['xss']}"
        assert self.dialogs == [], f"a payload opened a dialog: {self.dialogs}"
        assert state["images"] == 0 and state["links"] == 0
        assert state["scripts"] == 3  # the data and our two scripts
        assert state["panelElements"] == []
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.outside == [], f"requests outside the app: {self.outside}"

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))


def _counts(page) -> dict:
    return page.evaluate("""() => ({nodes: ansvarMap.nodeView.length, edges: ansvarMap.edgeView.length,
                                   ids: ansvarMap.nodeView.getIds()})""")


def test_served_map_draws_the_view_and_shows_quotes_as_text(browser, base_url):
    w = Watched(browser, (base_url,))
    try:
        w.open(f"{base_url}/map?jurisdiction=x")
        counts = _counts(w.page)
        assert set(counts["ids"]) == EXPECTED_NODES
        assert counts["edges"] == EXPECTED_CLAIM_EDGES + EXPECTED_GAP_LINKS
        # the issue with gaps is drawn with its highlight (from its group) and names the kinds in its label
        gap = w.page.evaluate("ansvarMap.nodes.get('issue:integration@x')")
        assert {"deflected", "unowned"} <= set(gap["gaps"]) and "⚠" in gap["label"] and "unowned" in gap["label"]
        drawn = w.page.evaluate("""() => { const o = ansvarMap.network.body.nodes['issue:integration@x'].options;
                                          return {border: o.color.border, width: o.borderWidth, shape: o.shape}; }""")
        assert drawn == {"border": "#d62728", "width": 5, "shape": "diamond"}
        plain = w.page.evaluate("ansvarMap.network.body.nodes['x/ks'].options.color.background")
        assert plain == "#0072B2"
        # a click on the executive board fills the panel with its quote and its document, as text
        w.click_node("x/ks")
        w.page.wait_for_function("() => document.getElementById('map-panel').getAttribute('data-node') === 'x/ks'")
        panel = w.page.inner_text("#map-panel")
        assert QUOTE_KS in panel and HREF_TITLE in panel and "2023-09-02" in panel
        assert f"Kommunstyrelsen {IMG}" in panel
        # a tooltip whose title holds "href" and markup stays text (pyvis's template would use innerHTML)
        w.hover_node("person/anna")
        w.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        tip = w.page.evaluate("""() => { const t = document.querySelector('div.vis-tooltip');
                                        return {text: t.textContent, children: t.children.length}; }""")
        assert '<a href="#">Ek</a>' in tip["text"] and tip["children"] == 0
        w.screenshot("map-served.png")
        w.assert_clean()
    finally:
        w.page.close()


def test_filters_search_and_edge_panel(browser, base_url):
    w = Watched(browser, (base_url,))
    try:
        w.open(f"{base_url}/map?jurisdiction=x")
        w.page.select_option("#filter-gaps", "unowned")
        gaps_only = _counts(w.page)
        assert "issue:integration@x" in gaps_only["ids"] and "issue:employment@x" not in gaps_only["ids"]
        w.page.uncheck("#filter-types input[value=person]")
        w.page.select_option("#filter-gaps", "")
        assert "person/anna" not in _counts(w.page)["ids"]
        # the search finds a hidden node, shows it again and opens its panel
        w.page.fill("#map-search", "anna")
        w.page.press("#map-search", "Enter")
        w.page.wait_for_function(
            "() => document.getElementById('map-panel').getAttribute('data-node') === 'person/anna'"
        )
        assert "person/anna" in _counts(w.page)["ids"]
        assert w.page.evaluate("ansvarMap.network.getSelectedNodes()") == ["person/anna"]
        w.page.evaluate("ansvarMap.showEdge(ansvarMap.edgeView.getIds({filter: e => e.predicate === 'defers_to'})[0])")
        panel = w.page.inner_text("#map-panel")
        assert QUOTE_DEFER in panel
        assert HREF_TITLE in panel and "2023-09-02" in panel
        w.assert_clean()
    finally:
        w.page.close()


def test_standalone_file_opens_offline(browser, db, tmp_path):
    out = tmp_path / "karta.html"
    with open_store(str(db)) as store:
        write_map(store, out, jurisdiction="x")
    w = Watched(browser, ("file://",))  # any network request at all is refused and recorded
    try:
        w.open(out.as_uri())
        counts = _counts(w.page)
        assert set(counts["ids"]) == EXPECTED_NODES
        assert counts["edges"] == EXPECTED_CLAIM_EDGES + EXPECTED_GAP_LINKS
        w.click_node("issue:integration@x")
        w.page.wait_for_function("() => document.querySelector('#map-panel [data-gap=unowned]') !== null")
        assert "Ingen äger integrationen" in w.page.inner_text("#map-panel")
        w.screenshot("map-standalone.png")
        w.assert_clean()
    finally:
        w.page.close()


def test_a_click_on_an_edge_shows_its_claim_with_quote_source_and_date(browser, base_url, db):
    with open_store(str(db)) as store:
        (defers,) = [r for r in build_view(store, jurisdiction="x").claims.values() if r.predicate == "defers_to"]
    w = Watched(browser, (base_url,))
    try:
        w.open(f"{base_url}/map?jurisdiction=x")
        w.page.evaluate("ansvarMap.network.setOptions({physics: false})")  # nodes stay where measured
        point = w.page.evaluate(
            """id => {
            const n = ansvarMap.network, e = n.body.edges[id];
            const a = n.canvasToDOM(e.from ? {x: e.from.x, y: e.from.y} : {x: 0, y: 0});
            const b = n.canvasToDOM(e.to ? {x: e.to.x, y: e.to.y} : {x: 0, y: 0});
            const box = document.getElementById('map-canvas').getBoundingClientRect();
            return {x: box.left + (a.x + b.x) / 2, y: box.top + (a.y + b.y) / 2};
        }""",
            defers.id,
        )
        w.page.mouse.click(point["x"], point["y"])
        w.page.wait_for_function(
            "id => document.getElementById('map-panel').getAttribute('data-edge') === id", arg=defers.id
        )
        quote = w.page.inner_text(f"#map-panel [data-claim='{defers.id}'] blockquote")
        assert quote == f"“{QUOTE_DEFER}”"  # whole, as text
        assert w.page.inner_text(f"#map-panel [data-claim='{defers.id}'] cite") == f"{HREF_TITLE} (2023-09-02)"
        w.assert_clean()
    finally:
        w.page.close()


def test_a_large_map_labels_only_its_gaps_until_asked(browser, db, tmp_path, monkeypatch):
    monkeypatch.setitem(map_style().raw["layout"], "physics_max_nodes", 3)
    monkeypatch.setitem(map_style().raw["layout"], "labels_max_nodes", 3)
    with open_store(str(db)) as store:
        payload = build_payload(store, build_view(store, jurisdiction="x"))
    out = tmp_path / "large.html"
    out.write_text(render_page(payload), encoding="utf-8")
    w = Watched(browser, ("file://",))
    try:
        w.open(out.as_uri())
        labelled = w.page.evaluate("ansvarMap.nodes.get({filter: n => !!n.label}).map(n => n.id)")
        assert sorted(labelled) == ["issue:integration@x", "issue:settlement@x"]
        w.page.check("#toggle-labels")
        assert sorted(w.page.evaluate("ansvarMap.nodes.get({filter: n => !!n.label}).map(n => n.id)")) == sorted(
            EXPECTED_NODES
        )
        assert w.page.evaluate("ansvarMap.nodes.get('x/ks').label") == f"Kommunstyrelsen {IMG}"
        w.assert_clean()
    finally:
        w.page.close()
