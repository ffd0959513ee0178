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
    QUOTE_KS,
    build_payload_workspace,
)

from api.http import create_app
from graph.store import open_store
from visualisation import write_map

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
        # the issue with gaps carries its highlight and names the kinds in its label
        gap = w.page.evaluate("ansvarMap.nodes.get('issue:integration@x')")
        assert {"deflected", "unowned"} <= set(gap["gaps"]) and "⚠" in gap["label"]
        assert gap["color"]["border"] == "#d62728" and gap["borderWidth"] >= 4
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
        assert "</script><script>window.__xss=2</script>" in w.page.inner_text("#map-panel")
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
