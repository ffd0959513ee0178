"""Prose through the command line: `ansvar extract` (JSON shape, no store), `ansvar ingest`
of documents and folders with bad files among them, and `ansvar eval` on the shared corpus.

Fixture documents are written here from invented sentences.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from api.cli import app
from graph.errors import InputError
from graph.store import open_store
from loaders import load_file, supported_suffixes
from loaders.extract.result import ENTITY_FIELDS, JSON_CLAIM_FIELDS

runner = CliRunner()
SHARED = Path(__file__).resolve().parents[2] / "shared"

TEXT = (
    "Ansvar för integrationen\n\nKommunstyrelsen har det övergripande ansvaret för integrationen. "
    "Socialnämnden hänvisar till kommunstyrelsen när det gäller bosättningen, säger Karin Sjövall, "
    "socialchef.\n"
)
HTML = (
    "<html><head><title>Språkcaféet</title><script>var a = 'Kommunstyrelsen ansvarar för allt';</script>"
    "</head><body><nav>Start | Kontakt</nav><main><h1>Språkcaféet</h1><p>Röda Korset i Ystad bedriver "
    "språkcaféer i samarbete med Ystads kommun.</p></main><script>track('Socialnämnden');</script>"
    "</body></html>"
)


def _docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(path)
    return path


def _pdf(path: Path, password: str | None = None) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(user_password=password, owner_password="ägare")
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def _zip_bomb(path: Path) -> Path:
    _docx(path, ["Rubrik"])
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data + (b" " * 5_000_000 if name == "word/document.xml" else b""))
    return path


def test_prose_suffixes_are_registered():
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} <= set(supported_suffixes())


def test_extract_json_has_the_gold_shape(tmp_path):
    path = tmp_path / "notis.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(
        app, ["--db", str(tmp_path / "none.db"), "extract", str(path), "--json", "--jurisdiction", "Ystads kommun"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"document", "entities", "claims"}
    assert data["document"]["title"] == "Ansvar för integrationen" and data["document"]["jurisdictions"] == ["ystad"]
    assert all(list(e) == list(ENTITY_FIELDS) for e in data["entities"])
    assert all(list(c) == list(JSON_CLAIM_FIELDS) for c in data["claims"])
    text = path.read_text(encoding="utf-8")
    assert all(text[c["start"] : c["end"]] == c["quote"] for c in data["claims"])
    pairs = {(c["predicate"], c["subject"], c["object"]) for c in data["claims"]}
    assert ("defers_to", "ystad/socialnamnden", "ystad/kommunstyrelsen") in pairs
    roles = {(c["subject"], c["role"]) for c in data["claims"] if c["predicate"] == "holds_role"}
    assert roles == {("person/karin-sjovall", "socialchef")}  # a gold file's holds_role carries its role
    assert not (tmp_path / "none.db").exists()  # no store touched


def test_extract_json_lacks_says_what_is_missing(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Bosättning i Ystad\n\nDet saknas en plan för bosättningen i Ystads kommun.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    lacks = [c for c in json.loads(result.stdout)["claims"] if c["predicate"] == "lacks"]
    assert [(c["subject"], c["issue"], c["what"]) for c in lacks] == [("ystad", "settlement", "plan")]


def test_extract_human_output_and_errors(tmp_path):
    path = tmp_path / "notis.md"
    path.write_text("# " + TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "-j", "mora"])
    assert (
        result.exit_code == 0
        and "Ansvar för integrationen" in result.stdout
        and "mora/kommunstyrelsen" in result.stdout
    )
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = runner.invoke(app, ["extract", str(binary)])
    assert result.exit_code == 2 and result.output.startswith("error: ") and str(binary) in result.output


def test_ingest_folder_with_bad_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notis.txt").write_text(TEXT, encoding="utf-8")
    (folder / "gammal.txt").write_bytes("Socialnämnden i Mora ansvarar för bosättningen.\n".encode("cp1252"))
    (folder / "sida.html").write_text(HTML, encoding="utf-8")
    _docx(
        folder / "beslut.docx",
        ["Beslut i Mora", "Kommunfullmäktige i Mora beslutade att kommunstyrelsen ska leda integrationsarbetet."],
    )
    (folder / "tom.txt").write_bytes(b"")
    (folder / "binar.txt").write_bytes(bytes(range(256)) * 16)
    _zip_bomb(folder / "bomb.docx")
    _pdf(folder / "lost.pdf", password="hemligt")
    _pdf(folder / "skannad.pdf")
    db = tmp_path / "w.db"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(folder), "--jurisdiction", "ystad", "--json"])
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    loaded = sorted(Path(r["source"]).name for r in report["loaded"])
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert loaded == ["beslut.docx", "gammal.txt", "notis.txt", "sida.html"]
    assert set(failed) == {"tom.txt", "binar.txt", "bomb.docx", "lost.pdf", "skannad.pdf"}
    assert "zip bomb" in failed["bomb.docx"] and "encrypted" in failed["lost.pdf"]
    with open_store(str(db)) as store:
        sources = {Path(info.source).name for info in store.sources()}
        ids = {e.id for e in store.iter_entities()}
        rows = list(store.iter_claims())
        texts = [q.quote or "" for ev in store.evidence([r.id for r in rows]).values() for q in ev]
    assert sources == set(loaded)  # nothing of a failed file
    assert "mora/socialnamnden" in ids and "ystad/kommunstyrelsen" in ids and "ystad/roda-korset" in ids
    assert texts and not any("track(" in t or "var a" in t for t in texts)


def test_size_limit_is_an_input_error(tmp_path):
    path = tmp_path / "lang.txt"
    path.write_text(TEXT * 50, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        load_file(path, max_bytes=1_000)


@pytest.mark.skipif(
    not (SHARED / "gold").is_dir() or not (SHARED / "corpus").is_dir(),
    reason="../shared/gold or ../shared/corpus is not present",
)
def test_eval_on_the_shared_corpus_meets_the_targets():
    result = runner.invoke(app, ["eval", str(SHARED / "gold"), str(SHARED / "corpus"), "--json"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    assert overall["entities"]["f1"] >= 0.85
    assert overall["responsibility"]["f1"] >= 0.60
    assert overall["gaps"]["f1"] >= 0.70
    human = runner.invoke(app, ["eval", str(SHARED / "gold"), str(SHARED / "corpus")])
    assert "overall" in human.stdout and "responsibility" in human.stdout
    stated = json.loads(
        runner.invoke(app, ["eval", str(SHARED / "gold"), str(SHARED / "corpus"), "--stated-gaps", "--json"]).stdout
    )["overall"]["gaps"]
    assert stated["extracted"] <= overall["gaps"]["extracted"] and stated["gold"] == overall["gaps"]["gold"]


def test_gaps_show_a_passage_once_when_it_is_evidence_of_several_claims(tmp_path):
    path = tmp_path / "varandra.txt"
    path.write_text(
        "Bosättning i Ystad\n\nSocialnämnden och kommunstyrelsen i Ystad hänvisar till varandra i "
        "frågan om bosättningen.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "w.db")
    assert runner.invoke(app, ["--db", db, "ingest", str(path)]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "gaps"])
    assert result.exit_code == 0, result.output
    assert "deflected" in result.output
    assert result.output.count("hänvisar till varandra") == 1  # two deferral claims, one passage


def test_extract_prints_every_quote_whole_wrapped_between_words(tmp_path):
    from typer.testing import CliRunner

    from api.cli import app

    text = (
        "Ny ordning i Ystad\n\nSocialnämnden hänvisar till kommunstyrelsen när det gäller bosättningen av "
        "nyanlända, säger Karin Sjövall, socialchef i kommunen sedan många år."
    )
    path = tmp_path / "notis.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0 and "…" not in result.output
    printed = " ".join(line.strip() for line in result.output.splitlines())
    assert "säger Karin Sjövall, socialchef i kommunen sedan många år." in printed
