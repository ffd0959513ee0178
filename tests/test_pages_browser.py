"""The answer pages and the API docs in a real browser: Debian's headless Chromium opens them
from the running app (uvicorn) on the example workspace and on the workspace whose names,
quotes and titles carry script payloads; nothing may log a console error, request anything
outside the origin, open a dialog or run a payload.

Screenshots are saved under test-artifacts/ (or $ANSVAR_TEST_ARTIFACTS).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import ARTIFACTS, chromium, serving
from map_support import QUOTE_KS, build_payload_workspace
from pages_support import ingest_examples

from api.http import create_app


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def examples_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages-browser") / "examples.db"
    ingest_examples(db)
    with serving(create_app(str(db), refresh_seconds=0)) as url:
        yield url


TOKEN = "review-token-in-the-browser"


@pytest.fixture(scope="module")
def review_site(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages-review") / "examples.db"
    ingest_examples(db)
    with serving(create_app(str(db), token=TOKEN, refresh_seconds=0)) as url:
        yield url, db


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages-payload") / "payload.db"
    build_payload_workspace(db)
    with serving(create_app(str(db), refresh_seconds=0)) as url:
        yield url


class Watched:
    """A page with its console errors, page errors, dialogs and every request outside the origin."""

    def __init__(self, browser, origin: str, locale: str = "en-GB"):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url.startswith(origin + "/"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def open(self, url: str) -> None:
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, url

    def assert_clean(self) -> None:
        assert self.page.evaluate("() => window.__xss === undefined"), "a payload ran"
        assert self.dialogs == [], f"a payload opened a dialog: {self.dialogs}"
        assert self.outside == [], f"requests outside the app: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def close(self) -> None:
        self.context.close()


def test_place_page_renders_offline_without_errors(browser, examples_url):
    w = Watched(browser, examples_url)
    try:
        w.open(f"{examples_url}/place/norrbacka")
        rows = w.page.eval_on_selector_all("table.issues tbody tr", "rs => rs.map(r => r.dataset.issue)")
        assert len(rows) > 1 and rows[0] == "employment"  # gravest first: contested
        # the style sheet loaded and applied (same origin): a status has its colour
        colour = w.page.eval_on_selector(
            "tr[data-issue=employment] .status", "e => getComputedStyle(e).backgroundColor"
        )
        assert colour not in ("", "rgba(0, 0, 0, 0)")
        assert any(u.endswith("/pages/assets/pages.css") for u in w.requests)
        w.screenshot("page-place.png")
        w.assert_clean()
        # keyboard: the first Tab lands on the skip link, and Enter on an issue link opens its page
        w.page.keyboard.press("Tab")
        assert w.page.evaluate("() => document.activeElement.className") == "skip"
        assert w.page.evaluate("() => document.activeElement.textContent") == "Skip to the content"
        w.page.focus("tr[data-issue=integration] a")
        w.page.keyboard.press("Enter")
        w.page.wait_for_url("**/place/norrbacka/integration?lang=en")
        assert "Who owns integration in Norrbacka kommun?" in w.page.inner_text("h1")
        w.screenshot("page-who-owns.png")
        w.assert_clean()
    finally:
        w.close()


def test_national_overview_and_gaps_pages_render_offline(browser, examples_url):
    w = Watched(browser, examples_url)
    try:
        w.open(f"{examples_url}/issue/integration")
        cells = w.page.eval_on_selector_all("ul.counties a.cell", "cs => cs.length")
        rows = w.page.eval_on_selector_all("table.issues tbody tr", "rs => rs.length")
        assert cells == rows > 1
        colour = w.page.eval_on_selector(
            "ul.counties a.cell.status-deflected", "e => getComputedStyle(e).backgroundColor"
        )
        assert colour not in ("", "rgba(0, 0, 0, 0)")
        w.page.select_option("#status", "deflected")
        w.page.click("form.filters button")
        w.page.wait_for_url("**status=deflected**")
        assert w.page.eval_on_selector_all("table.issues tbody tr", "rs => rs.map(r => r.dataset.status)") == [
            "deflected"
        ]
        w.screenshot("page-issue-overview.png")
        w.assert_clean()
        w.open(f"{examples_url}/gaps")
        total = w.page.eval_on_selector_all("table.issues tbody tr", "rs => rs.length")
        w.page.click("section[data-facet=kind] a >> nth=0")
        w.page.wait_for_url("**kind=**")
        shown = w.page.eval_on_selector_all("table.issues tbody tr", "rs => rs.map(r => r.dataset.kind)")
        assert 0 < len(shown) < total and len(set(shown)) == 1
        w.screenshot("page-gaps.png")
        w.assert_clean()
    finally:
        w.close()


def test_from_a_quote_to_the_document_and_back_to_the_entity(browser, examples_url):
    w = Watched(browser, examples_url)
    try:
        w.open(f"{examples_url}/place/norrbacka/integration")
        w.page.click("a.at >> nth=0")
        w.page.wait_for_url("**/document/**#q-*")
        anchor = w.page.evaluate("() => location.hash.slice(1)")
        mark = w.page.evaluate(f"() => document.getElementById('{anchor}').nextElementSibling.tagName")
        assert mark == "MARK"  # the quote's span is marked in the text
        w.screenshot("page-document.png")
        w.assert_clean()
        w.page.click("ol.evidence li a >> nth=0")
        w.page.wait_for_url("**/entity/**")
        assert w.page.eval_on_selector_all("ul.claims > li", "ls => ls.length") > 0
        w.screenshot("page-entity.png")
        w.assert_clean()
    finally:
        w.close()


def test_home_search_in_swedish_from_the_browser_language(browser, examples_url):
    w = Watched(browser, examples_url, locale="sv-SE")
    try:
        w.open(f"{examples_url}/")
        assert w.page.get_attribute("html", "lang") == "sv"
        w.page.fill("#q", "Vem ansvarar för integrationen i Huddinge?")
        w.page.keyboard.press("Enter")
        w.page.wait_for_url("**/?q=*")
        assert "bortskjuten" in w.page.inner_text("main")
        w.page.click("text=Vem äger integration i Huddinge kommun")
        w.page.wait_for_url("**/place/huddinge/integration?lang=sv")
        assert "→" in w.page.inner_text("main")  # the deferral chain
        w.assert_clean()
    finally:
        w.close()


@pytest.mark.parametrize(
    "path",
    [
        "/place/x",
        "/place/x/employment",
        "/place/x/integration",
        "/",
        "/issue/employment",
        "/gaps",
        "/entity/x/ks",
        "/entity/person/anna",
        "/document/doc1",
    ],
)
def test_payloads_stay_text_in_every_page(browser, payload_url, path):
    w = Watched(browser, payload_url)
    try:
        w.open(payload_url + path)
        counts = w.page.evaluate(
            "() => ({scripts: Array.from(document.scripts).filter(s => !s.src.endsWith('/pages/assets/review.js'))"
            ".length, images: document.images.length,"
            " js: Array.from(document.links).filter(a => a.protocol !== 'http:').length})"
        )
        assert counts == {"scripts": 0, "images": 0, "js": 0}
        if path == "/place/x/employment":
            assert QUOTE_KS in w.page.inner_text("main")
        w.assert_clean()
    finally:
        w.close()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_render_offline(browser, examples_url, path):
    w = Watched(browser, examples_url)
    try:
        w.open(examples_url + path)
        selector = "#swagger-ui .opblock" if path == "/docs" else "[role=navigation], .menu-content"
        w.page.wait_for_selector(selector, timeout=30_000)
        assert "/ownership" in w.page.inner_text("body")
        w.screenshot(f"page{path.replace('/', '-')}.png")
        w.assert_clean()
    finally:
        w.close()


def test_review_in_the_browser_holds_after_reingest(browser, review_site):
    url, db = review_site
    w = Watched(browser, url)
    try:
        w.open(f"{url}/entity/norrbacka/kommunstyrelsen")
        assert w.page.is_visible("#review-panel")  # the script runs (same origin, CSP allows it)
        first = w.page.eval_on_selector("ul.claims > li", "li => li.dataset.claim")
        item = f"#claim-{first}"
        # without the token nothing is sent
        w.page.click(f"{item} button[value=reject]")
        assert w.page.inner_text("#review-status") == "Give your name and the write token first."
        # a wrong token is refused and changes nothing
        w.page.fill("#review-reviewer", "anna.k")
        w.page.fill("#review-token", "wrong")
        w.page.dispatch_event("#review-token", "change")
        w.page.click(f"{item} button[value=reject]")
        w.page.wait_for_function("() => document.getElementById('review-status').textContent.includes('not saved')")
        assert w.page.get_attribute(item, "data-review") == "extracted"
        w.page.fill("#review-token", TOKEN)
        w.page.dispatch_event("#review-token", "change")
        w.page.click(f"{item} button[value=reject]")
        w.page.wait_for_function(f"() => document.querySelector('{item}').dataset.review === 'rejected'")
        assert "rejected" in w.page.inner_text(f"{item} .review-state")
        assert not [u for u in w.requests if TOKEN in u], "the token went into a URL"
        w.screenshot("page-entity-review.png")
        w.errors = [e for e in w.errors if "401" not in e]  # the refused wrong token, logged by the browser
        w.assert_clean()
        w.page.reload(wait_until="networkidle")
        assert w.page.get_attribute(item, "data-review") == "rejected"
        ingest_examples(db)  # the same files again: the decision is kept
        w.page.reload(wait_until="networkidle")
        assert w.page.get_attribute(item, "data-review") == "rejected"
    finally:
        w.close()


SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def prose_url(tmp_path_factory):
    from typer.testing import CliRunner

    from api.cli import app

    db = tmp_path_factory.mktemp("pages-prose") / "prose.db"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(SHARED_CORPUS)])
    assert result.exit_code == 0, result.output
    with serving(create_app(str(db), refresh_seconds=0)) as url:
        yield url


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_page_renders_on_a_workspace_read_from_prose(browser, prose_url):
    import json
    import urllib.request

    def data(path: str) -> dict:
        with urllib.request.urlopen(prose_url + path) as r:
            return json.load(r)

    document = data("/documents")["data"][0]["id"]
    entity = data("/entities?type=board&limit=1")["data"][0]["id"]
    paths = [
        "/",
        "/place/huddinge",
        "/place/huddinge/integration",
        "/issue/integration",
        "/gaps",
        f"/entity/{entity}",
        f"/document/{document}",
    ]
    w = Watched(browser, prose_url)
    try:
        for path in paths:
            w.open(prose_url + path)
            assert w.page.inner_text("h1"), path
        marks = w.page.eval_on_selector_all("div.document-text mark", "ms => ms.length")
        assert marks > 0  # the last page: a prose document with its evidence marked
        w.screenshot("page-document-prose.png")
        w.assert_clean()
    finally:
        w.close()
