"""Reading documents: every format to one normalised text with paragraphs; bad input refused clearly.

All fixtures are generated here (tmp_path) from sentences written for these tests.
"""

from __future__ import annotations

import io
import itertools
import os
import sys
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from graph.errors import EmptyDocument, InputError, UnsupportedFormat
from graph.ids import content_hash
from loaders.reading import TextDocument, read_document, read_text
from loaders.reading.normalise import normalise, paragraph_spans

SHARED = Path(__file__).resolve().parents[2] / "shared"

TITLE = "Ansvar för integrationen i Ödeshög"
PARAGRAPHS = [
    "Kultur- och fritidsförvaltningen ansvarar för mötesplatser, säger Åsa Öberg.",
    "Gymnasie- och arbetsmarknadsförvaltningen har i uppdrag att samordna språkstödet.",
]


# ---------------------------------------------------------------- fixture builders


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding, non-ASCII as octal escapes."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def make_pdf(
    pages: list[list[str]], *, title: str | None = None, created: str | None = None, image: bool = False
) -> bytes:
    """A small valid PDF: each page's lines in Helvetica (a text layer); ``image`` adds a picture."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
    ]
    kids = []
    for lines in pages:
        ops = [b"q 200 0 0 200 100 400 cm /Im1 Do Q"] if image else []
        if lines:
            ops.append(b"BT /F1 11 Tf 14 TL 50 800 Td")
            ops += [_pdf_string(line) + b" Tj T*" for line in lines]
            ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
            b"/XObject << /Im1 4 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = (
        b"<< "
        + (b"/Title " + _pdf_string(title) if title else b"")
        + (b" /CreationDate (" + created.encode() + b")" if created else b"")
        + b" >>"
    )
    objects.append(info)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def make_docx(
    path: Path,
    *,
    title: str | None = TITLE,
    paragraphs: list[str] = PARAGRAPHS,
    core_title: str | None = None,
    table: list[list[str]] | None = None,
) -> Path:
    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if core_title:
        document.core_properties.title = core_title
    document.save(str(path))
    return path


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def assert_well_formed(doc: TextDocument) -> None:
    """Offsets point into the text, paragraphs are ordered, non-empty, and cover every non-space character."""
    assert doc.text and doc.text == doc.text.strip()
    assert doc.id == content_hash(doc.text)
    covered = bytearray(len(doc.text))
    previous_end = -1
    for start, end, text in doc.iter_paragraphs():
        assert previous_end < start < end <= len(doc.text) or start == 0 < end
        assert text == doc.text[start:end] and text.strip() == text
        covered[start:end] = b"\x01" * (end - start)
        previous_end = end
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(doc.text))


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("förvalt-\nningen", "förvaltningen"),
        ("ansvars-\n  fördelningen", "ansvarsfördelningen"),
        ("kultur- och fritidsförvaltningen", "kultur- och fritidsförvaltningen"),
        ("Gymnasie-\noch arbetsmarknadsförvaltningen", "Gymnasie- och arbetsmarknadsförvaltningen"),
        ("barn-\neller ungdomsnämnden", "barn- eller ungdomsnämnden"),
        ("EU-\nländer", "EU-länder"),
        ("e-\npost", "e-post"),
        ("2019-\n2020", "2019-2020"),
        ("Stockholms-\nUppsala", "Stockholms-Uppsala"),
        ("socialtjänsten -\nbistånd", "socialtjänsten -\nbistånd"),
        ("förvalt\u00adningen och förvalt\u00ad\nningen", "förvaltningen och förvaltningen"),
        ("30\u00a0000\u202fkronor", "30 000 kronor"),
        ("rad ett\r\nrad två\rrad tre", "rad ett\nrad två\nrad tre"),
        ("slut.   \n\n\n\n\nnästa\t\n", "slut.\n\nnästa"),
        ("Sida ett.\fSida två", "Sida ett.\n\nSida två"),
        # a page break or blank line inside a sentence is layout: one line break
        ("ansvaret ligger\fhos nämnden", "ansvaret ligger\nhos nämnden"),
        ("ansvaret ligger\n\n \n\nhos nämnden", "ansvaret ligger\nhos nämnden"),
        ("\ufeffnoll\u200bbredd", "nollbredd"),
        ("o\u0308verenskommelse", "överenskommelse"),
        ("ﬁnansiering", "finansiering"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aåöE- \n\t\r\u00ad\u00a0\f.och")), max_size=60))
def test_normalise_is_idempotent_and_paragraphs_cover_the_text(raw):
    text = normalise(raw)
    assert normalise(text) == text
    assert "\n\n\n" not in text and "\u00ad" not in text and "\u00a0" not in text and "\r" not in text
    spans = paragraph_spans(text)
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    assert all(i in covered or ch.isspace() for i, ch in enumerate(text))
    assert all(b[0] > a[1] for a, b in itertools.pairwise(spans))


# ---------------------------------------------------------------- plain text and Markdown


def test_utf8_text(tmp_path):
    body = f"{TITLE}\n\n" + "\n\n".join(PARAGRAPHS)
    doc = read_document(write(tmp_path / "a.txt", body))
    assert doc.format == "txt" and doc.title == TITLE and doc.encoding == "utf-8"
    assert doc.text == body and len(doc.paragraphs) == 3
    assert doc.origin == str(tmp_path / "a.txt")
    assert_well_formed(doc)


def test_cp1252_and_bom_files(tmp_path):
    body = f"{TITLE}\n\nÅtgärder – ”Öppna förskolan” kostar 5 €."
    cp = read_document(write(tmp_path / "cp.txt", body, "cp1252"))
    assert cp.text == body and cp.encoding == "cp1252"
    bom = read_document(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + body.encode()))
    assert bom.text == body and bom.id == cp.id
    utf16 = read_document(write(tmp_path / "u16.txt", body, "utf-16"))
    assert utf16.text == body


def test_latin1_bytes_undefined_in_cp1252(tmp_path):
    doc = read_document(write(tmp_path / "l1.txt", "Malmö".encode("latin-1") + b" \x81"))
    assert doc.text.startswith("Malmö") and doc.encoding == "latin-1"


def test_mixed_utf8_and_cp1252_lines(tmp_path):
    data = "Första raden på svenska.\n".encode() + "Andra raden från ett äldre system.\n".encode("cp1252")
    doc = read_document(write(tmp_path / "mixed.txt", data))
    assert doc.text == "Första raden på svenska.\nAndra raden från ett äldre system."


def test_mojibake_is_repaired(tmp_path):
    broken = "Förvaltningen i Älmhult och Åre".encode().decode("cp1252")
    doc = read_document(write(tmp_path / "moji.txt", broken))
    assert doc.text == "Förvaltningen i Älmhult och Åre"


def test_markdown_headings_become_paragraphs(tmp_path):
    body = f"# {TITLE}\n{PARAGRAPHS[0]}\n## Bakgrund ##\n{PARAGRAPHS[1]}\n"
    doc = read_document(write(tmp_path / "a.md", body))
    assert doc.format == "md" and doc.title == TITLE
    assert [t for _, _, t in doc.iter_paragraphs()] == [TITLE, PARAGRAPHS[0], "Bakgrund", PARAGRAPHS[1]]


def test_read_text_matches_read_document(tmp_path):
    body = f"{TITLE}\r\n\r\n{PARAGRAPHS[0]}  \r\n"
    from_string = read_text(body, name="inklistrat")
    from_file = read_document(write(tmp_path / "a.txt", body))
    assert from_string.text == from_file.text and from_string.id == from_file.id
    assert from_string.origin == "inklistrat" and from_string.format == "txt"
    with pytest.raises(EmptyDocument):
        read_text(" \n\u00a0\n", name="tom")


def test_suffix_less_file_is_sniffed(tmp_path):
    assert read_document(write(tmp_path / "README", f"{TITLE}\n")).format == "txt"
    assert read_document(write(tmp_path / "page", f"<!DOCTYPE html><h1>{TITLE}</h1>")).format == "html"


# ---------------------------------------------------------------- HTML

PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Nyheter | Lokaltidningen</title>
<meta property="article:published_time" content="2019-04-02T08:00:00+02:00">
<style>p {{ color: red }} .hemlig-stil {{}}</style>
<script>var spårning = "skriptinnehåll";</script></head>
<body><header><a href="/">Startsida</a> Logga in</header>
<nav><ul><li>Nyheter</li><li>Sport</li></ul></nav>
<main><article><h1>{TITLE}</h1>
<p>{PARAGRAPHS[0].replace("Åsa", "&Aring;sa")}<script>document.write("<p>inskrivet av skript</p>")</script></p>
<!-- en kommentar som inte är text -->
<p>Gymnasie- och arbetsmarknads&shy;förvaltningen har i&nbsp;uppdrag att
   samordna språkstödet.</p><ul><li>Första punkten</li><li>Andra<br>raden</li></ul>
<form><input value="sökord"><button>Sök</button></form></article>
<aside>Läs också: annonser</aside></main>
<footer>Kontakta redaktionen</footer><noscript>aktivera javascript</noscript>
<script>var x = "oavslutat skript"
</body></html>"""


def test_html_main_text_without_navigation_or_scripts(tmp_path):
    doc = read_document(write(tmp_path / "a.html", PAGE))
    assert doc.format == "html" and doc.title == TITLE
    assert [t for _, _, t in doc.iter_paragraphs()] == [TITLE, *PARAGRAPHS, "Första punkten", "Andra\nraden"]
    for hidden in (
        "skript",
        "spårning",
        "color",
        "Startsida",
        "Sport",
        "kommentar",
        "sökord",
        "Sök",
        "annonser",
        "Kontakta",
        "javascript",
        "Lokaltidningen",
    ):
        assert hidden not in doc.text
    assert doc.published == "2019-04-02T08:00:00+02:00" and doc.published_date == "2019-04-02"
    assert_well_formed(doc)


def test_html_without_main_drops_page_header(tmp_path):
    page = "<html><body><header>Meny</header><div><h2>Rubrik</h2>Löptext <b>fet</b> text.</div></body></html>"
    doc = read_document(write(tmp_path / "b.htm", page))
    assert doc.text == "Rubrik\n\nLöptext fet text." and doc.title == "Rubrik"


def test_html_declared_cp1252(tmp_path):
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        f"<body><p>{PARAGRAPHS[0]}</p></body></html>"
    )
    doc = read_document(write(tmp_path / "c.html", page, "cp1252"))
    assert doc.text == PARAGRAPHS[0] and doc.encoding == "cp1252"


def test_deeply_nested_html(tmp_path):
    page = "<div>" * 5000 + "Djupt inne" + "</div>" * 5000
    assert read_document(write(tmp_path / "deep.html", page)).text == "Djupt inne"


def test_html_with_only_scripts_is_empty(tmp_path):
    with pytest.raises(EmptyDocument):
        read_document(write(tmp_path / "s.html", "<html><script>alert('hej')</script><nav>Meny</nav></html>"))


# ---------------------------------------------------------------- PDF


def test_pdf_text_layer(tmp_path):
    pages = [
        [
            "Integrationen i Åre och Älvdalen",
            "Kommunstyrelsen har det övergripande ansvaret för",
            "mottagandet. Socialförvalt-",
            "ningen ansvarar för boendet och kultur- och",
            "fritidsförvaltningen för mötesplatserna.",
            "Bakgrund",
            "Ödeshögs kommun samverkar med länsstyrelsen.",
        ],
        ["Andra sidan med ett stycke."],
    ]
    path = write(tmp_path / "a.pdf", make_pdf(pages, title="Rapport om ansvar", created="D:20190312093000+01'00'"))
    doc = read_document(path)
    assert doc.format == "pdf" and doc.title == "Rapport om ansvar"
    assert doc.published_date == "2019-03-12"
    assert "Kommunstyrelsen har det övergripande ansvaret för mottagandet." in doc.text
    assert "Socialförvaltningen ansvarar för boendet och kultur- och fritidsförvaltningen" in doc.text
    paragraphs = [t for _, _, t in doc.iter_paragraphs()]
    assert "Bakgrund" in paragraphs and paragraphs[-1] == "Andra sidan med ett stycke."
    assert_well_formed(doc)


def test_pdf_suffix_does_not_matter(tmp_path):
    doc = read_document(write(tmp_path / "egentligen.txt", make_pdf([["Innehåll i en PDF."]])))
    assert doc.format == "pdf" and doc.text == "Innehåll i en PDF."


def _encrypted(tmp_path: Path, user: str, **options) -> Path:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([["Hemlig text om ansvaret."]])))
    writer.encrypt(user_password=user, owner_password="ägarlösen", **options)
    out = io.BytesIO()
    writer.write(out)
    return write(tmp_path / f"enc{len(user)}.pdf", out.getvalue())


def test_encrypted_pdf_is_refused(tmp_path):
    path = _encrypted(tmp_path, "hemligt")
    assert PdfReader(path).is_encrypted
    with pytest.raises(InputError, match="encrypted with a password") as error:
        read_document(path)
    assert error.value.file == str(path)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_empty_user_password_is_read(tmp_path, algorithm):
    assert read_document(_encrypted(tmp_path, "", algorithm=algorithm)).text == "Hemlig text om ansvaret."


def test_image_only_pdf_is_refused(tmp_path):
    with pytest.raises(InputError, match="no text layer") as error:
        read_document(write(tmp_path / "scan.pdf", make_pdf([[], []], image=True)))
    assert "OCR" in str(error.value)


def test_damaged_pdf_is_refused(tmp_path):
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(write(tmp_path / "trasig.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrasigt"))
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(write(tmp_path / "html.pdf", "<html>Sidan finns inte</html>"))


# ---------------------------------------------------------------- DOCX


def test_docx_paragraphs_title_and_tables(tmp_path):
    path = make_docx(
        tmp_path / "a.docx",
        paragraphs=[*PARAGRAPHS, "Bistånd\u00a0och stöd\u00ad."],
        table=[["Nämnd", "Uppdrag"], ["Socialnämnden", "Försörjningsstöd"]],
    )
    doc = read_document(path)
    assert doc.format == "docx" and doc.title == TITLE
    assert [t for _, _, t in doc.iter_paragraphs()] == [
        TITLE,
        *PARAGRAPHS,
        "Bistånd och stöd.",
        "Nämnd",
        "Uppdrag",
        "Socialnämnden",
        "Försörjningsstöd",
    ]
    assert_well_formed(doc)


def test_docx_merged_cells_once_and_core_title(tmp_path):
    path = make_docx(
        tmp_path / "m.docx",
        title=None,
        core_title="Granskning av ansvaret",
        table=[["Sammanslagen cell", ""], ["a", "b"]],
    )
    document = docx.Document(str(path))
    grid = document.tables[0]
    grid.cell(0, 0).merge(grid.cell(0, 1))
    document.save(str(path))
    doc = read_document(path)
    assert doc.title == "Granskning av ansvaret"
    assert doc.text.count("Sammanslagen cell") == 1


def test_same_text_same_id_across_formats(tmp_path):
    body = "\n\n".join([TITLE, *PARAGRAPHS])
    html = f"<html><body><h1>{TITLE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>"
    docs = [
        read_document(write(tmp_path / "a.txt", body)),
        read_document(write(tmp_path / "a.md", f"# {body}")),
        read_document(write(tmp_path / "a.html", html)),
        read_document(make_docx(tmp_path / "a.docx")),
    ]
    assert {d.text for d in docs} == {body} and len({d.id for d in docs}) == 1


def test_zip_bomb_docx_is_refused_before_parsing(tmp_path):
    path = make_docx(tmp_path / "bomb.docx")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            if name == "[Content_Types].xml":
                with bomb.open(name, "w") as handle:
                    for _ in range(20):
                        handle.write(b"\0" * 1_000_000)
            else:
                bomb.writestr(name, data)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match=r"zip bomb.*compressed") as error:
        read_document(path)
    assert error.value.file == str(path)


def test_docx_unpacking_over_the_limit_is_refused(tmp_path):
    path = make_docx(tmp_path / "big.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/fill.bin", b"".join(os.urandom(4) + b"\0" * 200 for _ in range(10_000)))
    size = path.stat().st_size
    with pytest.raises(InputError, match="zip bomb: unpacks to"):
        read_document(path, max_bytes=size)
    assert read_document(path, max_bytes=20 * size).title == TITLE


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old binary Word"),
        (b"Det har ar ingen zip-fil alls.", "not a valid zip"),
    ],
)
def test_docx_that_is_not_docx(tmp_path, data, reason):
    with pytest.raises(InputError, match=reason):
        read_document(write(tmp_path / "fel.docx", data))


def test_docx_without_text_is_empty(tmp_path):
    with pytest.raises(EmptyDocument):
        read_document(make_docx(tmp_path / "tom.docx", title=None, paragraphs=["", "  "]))


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        ("styr.md", bytes(range(1, 32)) * 40 + b"ansvar", "binary file"),
        ("u16.txt", "Ansvar utan BOM".encode("utf-16-le"), "NUL bytes"),
        ("bom.txt", b"\xef\xbb\xbfbra text \xff\xfe trasig", "not valid utf-8-sig"),
    ],
)
def test_binary_and_undecodable_files(tmp_path, name, data, reason):
    path = write(tmp_path / name, data)
    with pytest.raises(InputError, match=reason) as error:
        read_document(path)
    assert error.value.file == str(path) and str(path) in str(error.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\r\n", "\u00a0\u00ad\ufeff\n".encode()])
def test_empty_files(tmp_path, data):
    with pytest.raises(EmptyDocument):
        read_document(write(tmp_path / "tom.txt", data))


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path / "stor.txt", "ansvar " * 200)
    with pytest.raises(InputError, match="too large") as error:
        read_document(path, max_bytes=1000)
    assert "1,000" in str(error.value)
    assert read_document(path, max_bytes=2000).text.startswith("ansvar")


@pytest.mark.parametrize("name, hint", [("tabell.xlsx", None), ("bild.png", None), ("gammal.doc", "save it as .docx")])
def test_unsupported_formats(tmp_path, name, hint):
    path = write(tmp_path / name, b"PK\x03\x04 not a document")
    with pytest.raises(UnsupportedFormat) as error:
        read_document(path)
    assert error.value.file == str(path) and error.value.hint == hint


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "finns-inte.txt")
    with pytest.raises(InputError, match="not a regular file"):
        read_document(tmp_path)


# ---------------------------------------------------------------- memory


def test_reading_holds_only_a_few_copies(tmp_path):
    line = "Socialförvaltningen ansvarar för mottagandet – och nämnden för bo-\nendet.  \n\n"
    path = write(tmp_path / "stor.txt", line * 20_000)
    tracemalloc.start()
    try:
        doc = read_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(doc.paragraphs) == 20_000 and "boendet" in doc.text
    # The decoded file, two intermediate strings of normalisation and a regex's pieces: ~5-7 copies.
    copies = peak / sys.getsizeof(doc.text)
    assert copies < 8, f"peak {peak:,} bytes is {copies:.1f} times the text"


# ---------------------------------------------------------------- the shared corpus

CORPUS = sorted((SHARED / "corpus").glob("*")) if (SHARED / "corpus").is_dir() else []


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_files_read(path):
    doc = read_document(path)
    assert len(doc.text) > 100 and doc.title
    assert_well_formed(doc)


def _quotes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, str):
                yield value
            else:
                yield from _quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _quotes(value)


GOLD = sorted((SHARED / "gold").glob("*.yaml")) if (SHARED / "gold").is_dir() else []


@pytest.mark.skipif(not GOLD or not CORPUS, reason="../shared/gold or corpus is not present")
@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name)
def test_gold_quotes_survive_normalisation(gold):
    annotation = yaml.safe_load(gold.read_text(encoding="utf-8"))
    source = next(p for p in CORPUS if p.stem == annotation["document"])
    text = read_document(source).text
    quotes = list(_quotes(annotation))
    assert quotes and [q for q in quotes if q not in text] == []
