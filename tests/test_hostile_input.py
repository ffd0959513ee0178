"""Hostile and unlucky input (issue 15), through the command line and the HTTP API.

A corpus of bad files, each built here, goes in one batch beside good ones: through
`ansvar ingest` (a process under an address-space limit) and through POST /documents of a
running `ansvar serve` (the same). Every bad file must give one clear line (CLI) or one
entry of problem+json (HTTP) naming it, nothing of it may be stored, the good files of the
same batch must be stored, and the process's peak memory (its own rusage) stays under a
bound. The fixes each case needs are tested one by one below the corpus.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hostile_support import ANSVAR, AUTH, TOKEN, Server, run
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.http import create_app
from graph.errors import InputError
from graph.store import open_store
from graph.store.integrity import check_workspace
from graph.yamlfile import MAX_ALIAS_NODES, YamlTooComplex, load_bounded
from loaders.structured.source_text import parse_json, parse_yaml

MEMORY_BOUND = 700 * 1024**2  # peak resident bytes of one CLI run or server over the whole corpus
DEPTH = 50_000


def alias_bomb(levels: int = 9, width: int = 9) -> bytes:
    """A description whose anchors nest: a few hundred bytes that expand to width**levels strings."""
    lines = ["format: ansvarskarta/1", "lol0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    lines.append(f"organisations: *l{levels - 1}")
    return ("\n".join(lines) + "\n").encode()


def broken_pdf() -> bytes:
    """A one-page PDF whose startxref points nowhere and whose %%EOF marker is gone."""
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    data = buffer.getvalue().replace(b"startxref", b"startxref\n999999\n%", 1)
    return data[: data.rindex(b"%%EOF")]


def zip_bomb_docx() -> bytes:
    """A .docx whose one member unpacks 40 MB of zeros from a few dozen kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * 40_000_000)
    return buffer.getvalue()


GOOD = b"""format: ansvarskarta/1
sources:
  rapport: {title: Granskning av integrationen, publisher: Revisionen, date: 2021}
default_source: rapport
jurisdictions: [{id: godby, name: Godby kommun}]
organisations:
  - {name: Kommunstyrelsen, type: board, jurisdiction: godby, parent: godby}
responsibilities:
  - {actor: godby/kommunstyrelsen, issue: integration, mode: owns, basis: decision}
"""
# valid, and stored: terminal escape sequences in a name, a publisher and a quote
ESCAPES = b"""sources:
  s1: {title: "Rapport \\e[2J", publisher: "Tidning\\e]0;pwned\\a", date: 2019}
default_source: s1
jurisdictions: [{id: escby, name: "Escby \\e[31m"}]
organisations:
  - {id: escby/ks, name: "Kommun\\e[2Jstyrelsen\\e]0;title\\a", type: board, jurisdiction: escby, parent: escby}
responsibilities:
  - {actor: escby/ks, issue: integration, mode: owns, quote: "Vi \\e[2J \\u009b2J \\u202e owns integration"}
"""
GOOD_FILES = {"good.yaml": GOOD, "escapes.yaml": ESCAPES}


def bad_corpus() -> dict[str, tuple[bytes, str]]:
    """file name → (content, a fragment the one-line reason must hold)."""
    return {
        "alias_bomb.yaml": (alias_bomb(), "aliases expand to more than"),
        "recursive_alias.yaml": (b"organisations: &a [*a]\n", "refers to the node that contains it"),
        "deep.yaml": (b"[" * DEPTH + b"]" * DEPTH, "nests deeper than"),
        "deep.json": (b"[" * DEPTH + b"]" * DEPTH, "nests deeper than"),
        "deep_mapping.json": (b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, "nests deeper than"),
        "raw_escape.yaml": (b'title: "\x1b[2J"\n', "U+001B is not allowed"),
        "latin1.yaml": ("title: Förvaltningen\n".encode("latin-1"), "not UTF-8"),
        "huge_field.csv": (b"subject,predicate,source_title\nx/a,part_of," + b"A" * 200_000 + b"\n", "field limit"),
        "unknown_column.csv": (b"subject,predikat,source_title\nx/a,part_of,T\n", "unknown column"),
        "binary.txt": (b"MZ\x00\x00\x90\x00" * 50, "binary"),
        "broken.pdf": (broken_pdf(), "not a readable PDF"),
        "bomb.docx": (zip_bomb_docx(), "zip bomb"),
        "invalid_mode.yaml": (GOOD.replace(b"mode: owns", b"mode: lead"), "unknown mode"),
    }


def _stored_sources(db: Path) -> list[str]:
    with open_store(str(db)) as store:
        return [s.source for s in store.sources()]


def test_corpus_through_the_command_line(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = bad_corpus()
    for name, (content, _) in bad.items():
        (folder / name).write_bytes(content)
    for name, content in GOOD_FILES.items():
        (folder / name).write_bytes(content)
    db = tmp_path / "w.db"
    done = run([*ANSVAR, "--db", str(db), "ingest", str(folder)], timeout=180)
    assert "Traceback" not in done.stderr and done.returncode == 2, done.stderr[-3000:]
    lines = done.stderr.strip().splitlines()
    for name, (_, reason) in bad.items():
        (line,) = [line for line in lines if line.startswith("failed ") and name in line]
        assert reason in line, line
    assert lines[-1] == f"{len(GOOD_FILES)} loaded, {len(bad)} failed, 0 skipped"
    assert sorted(Path(s).name for s in _stored_sources(db)) == sorted(GOOD_FILES)  # the bad ones: nothing
    assert check_workspace(db).ok
    assert done.max_rss < MEMORY_BOUND, f"peak memory {done.max_rss / 2**20:.0f} MB"


def test_corpus_through_the_http_api(tmp_path):
    db = tmp_path / "w.db"
    run([*ANSVAR, "--db", str(db), "init"])
    bad = bad_corpus()
    server = Server(db)
    try:
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=120) as client:
            files = [("files", (n, c)) for n, (c, _) in bad.items()] + [
                ("files", (n, c)) for n, c in GOOD_FILES.items()
            ]
            r = client.post("/documents", files=files)
            assert r.status_code == 201, r.text[:2000]
            body = r.json()
            failed = {f["file"]: f for f in body["failed"]}
            assert sorted(failed) == sorted(bad)
            for name, (_, reason) in bad.items():
                assert reason in failed[name]["error"] and "\n" not in failed[name]["error"], failed[name]
            assert sorted(s["file"] for s in body["stored"]) == sorted(GOOD_FILES)
            assert client.get("/health").json()["counts"]["sources"] == len(GOOD_FILES)
            too_big = client.post("/documents", files=[("files", ("big.txt", b"a" * 20_000_001))])
            assert too_big.status_code == 413 and too_big.headers["content-type"] == "application/problem+json"
            only_bad = client.post("/documents", files=[("files", ("deep.json", bad["deep.json"][0]))])
            assert only_bad.status_code == 422 and only_bad.json()["code"] == "nothing_stored"
    finally:
        finished = server.stop()
    assert "Traceback" not in finished.stderr, finished.stderr[-3000:]
    assert len(_stored_sources(db)) == len(GOOD_FILES) and check_workspace(db).ok
    assert finished.max_rss < MEMORY_BOUND, f"peak memory {finished.max_rss / 2**20:.0f} MB"


# -- 1, 2: aliases and nesting, refused while loading ------------------------------------------
def test_alias_expansion_is_counted_while_loading():
    with pytest.raises(YamlTooComplex, match="aliases expand"):
        load_bounded(alias_bomb(levels=4, width=20).decode())  # 160,000 strings: bounded either way
    reuse = "src: &s {title: T, date: 2020}\nfacts:\n" + "".join(f"  - {{n: {i}, source: *s}}\n" for i in range(500))
    assert len(load_bounded(reuse)["facts"]) == 500  # an anchor reused a few hundred times is fine
    assert MAX_ALIAS_NODES >= 10_000


@pytest.mark.parametrize("parse", [parse_yaml, parse_json])
def test_deep_nesting_is_one_input_error(parse):
    with pytest.raises(InputError, match="nests deeper than"):
        parse("[" * DEPTH + "]" * DEPTH, "deep")


def test_user_taxonomy_files_are_read_bounded(tmp_path):
    from graph.errors import VocabularyError
    from graph.yamlfile import read_data_yaml

    bomb = tmp_path / "taxonomy.yaml"
    bomb.write_bytes(alias_bomb(levels=4, width=20))
    with pytest.raises(VocabularyError, match="aliases expand"):
        read_data_yaml(bomb)


# -- 4: no control character reaches the terminal ---------------------------------------------
CONTROL = ("\x1b", "\x07", "\x9b", "\u202e")


def test_cli_prints_no_control_characters(tmp_path):
    db = str(tmp_path / "w.db")
    (tmp_path / "escapes.yaml").write_bytes(ESCAPES)
    runner = CliRunner()
    assert runner.invoke(cli_app, ["--db", db, "ingest", str(tmp_path / "escapes.yaml")]).exit_code == 0
    for args in (
        ["show", "escby/ks"],
        ["show", "escby/ks", "--json"],
        ["entities"],
        ["entities", "--q", "Kommun"],
        ["who-owns", "integration", "--in", "escby"],
        ["who-owns", "integration", "--in", "escby", "--json"],
        ["ask", "Vem äger integrationen i Escby?"],
        ["show", "escby/\x1b]0;x\x07"],  # the unknown id comes back in the error line
    ):
        result = runner.invoke(cli_app, ["--db", db, *args])
        printed = result.stdout + result.stderr
        assert not [c for c in CONTROL if c in printed], (args, printed)
        if "--json" in args:
            assert "\\u009b" in printed or "\\u001b" in printed  # the values are kept, escaped
    shown = runner.invoke(cli_app, ["--db", db, "show", "escby/ks"]).stdout
    assert "Kommun[2Jstyrelsen]0;title" in shown  # the printable rest of the name is kept


# -- 6: uploads: names that differ stay apart, suffixes survive ---------------------------------
@pytest.fixture()
def api(tmp_path):
    db = tmp_path / "w.db"
    open_store(str(db)).close()
    with TestClient(create_app(str(db), token=TOKEN, refresh_seconds=0)) as client:
        yield client


def _upload(client, *files):
    return client.post("/documents", headers=AUTH, files=[("files", f) for f in files])


def _description(place: str) -> bytes:
    text = GOOD.replace(b"godby", place.encode()).replace(b"Godby", place.title().encode())
    return text.replace(b"Granskning av integrationen", f"Granskning i {place}".encode())


@pytest.mark.parametrize(
    "first, second",
    [("a b.yaml", "a_b.yaml"), ("/etc/passwd.yaml", "passwd.yaml"), ("emoji😀.yaml", "emoji_.yaml")],
)
def test_uploads_with_names_that_reduce_alike_are_two_sources(api, first, second):
    one = _upload(api, (first, _description("ettby")))
    two = _upload(api, (second, _description("tvaby")))
    assert one.status_code == two.status_code == 201
    assert one.json()["stored"][0]["source"] != two.json()["stored"][0]["source"]
    assert two.json()["stored"][0]["replaced"] is False
    assert {j["id"] for j in api.get("/jurisdictions").json()} >= {"ettby", "tvaby"}  # neither replaced
    origins = {d["origin"] for d in api.get("/documents").json()["data"]}
    assert {f"upload:{first}", f"upload:{second}"} <= origins  # the names as uploaded are kept


def test_upload_of_the_same_name_says_it_replaced_the_earlier_one(api):
    assert _upload(api, ("plan.yaml", _description("ettby"))).json()["stored"][0]["replaced"] is False
    again = _upload(api, ("plan.yaml", _description("tvaby")))
    assert again.json()["stored"][0]["replaced"] is True
    assert "ettby" not in {j["id"] for j in api.get("/jurisdictions").json()}


@pytest.mark.parametrize("name", ["a" * 400 + ".yaml", "....yaml"])
def test_long_and_dotted_names_keep_their_suffix(api, name):
    r = _upload(api, (name, GOOD))
    assert r.status_code == 201, r.text
    assert r.json()["stored"][0]["source"].endswith(".yaml")


# -- 7: /health counts follow uploads that give no claims ---------------------------------------
def test_health_counts_sources_without_claims(api):
    assert _upload(api, ("tom.txt", "Ingenting här handlar om ansvar.\n".encode())).status_code == 201
    assert api.get("/health").json()["counts"]["sources"] == 1


# -- 8: pypdf's own warnings stay off stderr ----------------------------------------------------
def test_broken_pdf_gives_one_line_and_no_pypdf_warnings(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(broken_pdf())
    done = run([*ANSVAR, "--db", str(tmp_path / "w.db"), "ingest", str(tmp_path / "broken.pdf")])
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("failed ") and lines[1] == "0 loaded, 1 failed, 0 skipped", (
        done.stderr
    )
    assert "startxref" not in done.stderr and "EOF marker" not in done.stderr


# -- 9: API details -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "method, path, allowed",
    [("PUT", "/health", "GET"), ("DELETE", "/documents", "GET, POST"), ("GET", "/claims/c/review", "POST")],
)
def test_405_names_the_allowed_methods(api, method, path, allowed):
    r = api.request(method, path)
    assert r.status_code == 405 and r.headers["allow"] == allowed


@pytest.mark.parametrize("q", ["%", "_", "\\"])
def test_entity_search_takes_wildcards_literally(api, q):
    _upload(api, ("good.yaml", GOOD))
    assert api.get("/entities").json()["count"] > 0
    assert api.get("/entities", params={"q": q}).json()["count"] == 0


def test_openapi_says_what_writes_need(api):
    import jsonschema_rs  # the validator schemathesis itself uses

    spec = api.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def valid(name: str, value: dict) -> bool:
        schema = {**schemas[name], "components": spec["components"]}  # its $refs resolve inside it
        return jsonschema_rs.Draft202012Validator(schema).is_valid(value)

    assert not valid("CitedSource", {})
    assert valid("CitedSource", {"title": "Protokoll"})
    assert not valid("ReviewRequest", {"decision": "reject", "reviewer": "a", "corrections": {"mode": "supports"}})
    assert not valid("ReviewRequest", {"decision": "correct", "reviewer": "a"})
    assert valid("ReviewRequest", {"decision": "correct", "reviewer": "a", "corrections": {"mode": "supports"}})
    upload_body = schemas["Body_upload_documents_documents_post"]["properties"]["files"]
    assert upload_body["minItems"] == 1


def test_blank_token_enables_no_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("ANSVAR_TOKEN", " ")
    with TestClient(create_app(str(tmp_path / "w.db"), refresh_seconds=0)) as client:
        assert client.get("/health").json()["writes_enabled"] is False
        assert client.post("/documents", headers={"Authorization": "Bearer  "}).status_code == 403


def test_one_file_size_limit_for_cli_and_http(api):
    from api.http import Settings
    from loaders.reading import DEFAULT_MAX_BYTES

    assert Settings().max_file_bytes == DEFAULT_MAX_BYTES == 20_000_000
    assert api.app.state.settings.max_file_bytes == DEFAULT_MAX_BYTES


def test_a_description_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as handle:  # sparse: no disk, no memory
        handle.truncate(20_000_001)
    result = CliRunner().invoke(cli_app, ["--db", str(tmp_path / "w.db"), "ingest", str(big)])
    assert result.exit_code == 2 and "too large" in result.stderr


if __name__ == "__main__":  # build the corpus in a folder, to try it by hand
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for name, (content, _) in bad_corpus().items():
        (target / name).write_bytes(content)
    for name, content in GOOD_FILES.items():
        (target / name).write_bytes(content)
    subprocess.run(["ls", "-la", str(target)], check=False)
