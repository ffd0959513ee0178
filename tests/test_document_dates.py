"""A document's date and title as a reader would cite them: the date the document gives
itself (header, byline, dateline, signature, plausible file metadata), never a date its text
merely mentions, null when none; titles without photo credits, bylines, datelines and capitals."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from loaders.extract.metadata import text_date
from loaders.prose import extract_document
from loaders.reading import read_document
from loaders.reading.metadata import plausible_date, title_from_text
from scoring.evaluate import date_score

BODY = "Kommunstyrelsen har det övergripande ansvaret för integrationen i kommunen."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a news dateline with a clock time, an abbreviated month
        (f"08 okt 2015 06:00\n\nKommunstyrelsen tar över\n\n{BODY} Många kom 2014.", "2015-10-08"),
        (f"Rubrik om ansvaret\n\nIngressen här.\n\n26 februari 2019 06:15\n\n{BODY}", "2019-02-26"),
        # a labelled byline date beats a year the text mentions
        (f"Oklara resultat\n\nPublicerad 2018-08-29\n\n{BODY} Nyanlända som kom 2015 lämnar.", "2018-08-29"),
        (f"Efter ny dom\n\nPublicerad: 2 oktober 2020, 10:06\n\n{BODY}", "2020-10-02"),
        # a header's fields and a minute
        (
            f"KOMMUNLEDNINGSKONTORET\nHandläggare Per Ek | Datum 2016-08-29 | Diarienummer KS-2016-1\n\n{BODY}",
            "2016-08-29",
        ),
        (f"Protokoll kommunstyrelsen 2019-03-12\n\n§ 4 Integration\n\n{BODY}", "2019-03-12"),
        # a report's month under its title, capitalised as on a cover
        (f"Granskning av mottagandet\nDecember 2016\n\n{BODY} Statistik per 2015-12-31.", "2016-12"),
        (f"Revisionsrapport 2015\nGenomförd på uppdrag av revisorerna\n\n{BODY}", "2015"),
        # a signature at the end
        (f"Yttrande över remissen\n\n{BODY}\n\nStockholm den 23 maj 2013", "2013-05-23"),
        # a PDF cover's lines run together: the title, the place and the date
        (
            f"1 Revisionsrapport Granskning av rutinerna Ystads kommun 30 april 2015\n\n2 Innehåll\n\n{BODY}",
            "2015-04-30",
        ),
        # mentions only: null, not a guess
        (f"Oklara resultat\n\n{BODY} Nyanlända som kom 2015 lämnar etableringen.", None),
        (f"Inspiration för integration\n\n{BODY} Befolkningen ökade (2015-12-31) med 1,9 procent.", None),
        (f"Vem ska styra?\n\nI april 2015 föreslog Moderaterna en ny nämnd. {BODY}", None),
        (f"Beslut i ärendet\n\nEnligt en skrivelse daterad den 1 mars 2004 ville nämnden annat. {BODY}", None),
    ],
)
def test_the_date_a_document_gives_itself(text, expected):
    assert text_date(text, title_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bildtext om mötet Foto: Kommunen\n\nOklart ansvar i kommunen\n\nAv Maja Ek\n\nBrödtext.",
            "Oklart ansvar i kommunen",
        ),
        ("08 okt 2015 06:00\n\nKommunstyrelsen tar över\n\nBrödtext.", "Kommunstyrelsen tar över"),
        ("Svenstavik\n\nRevisorer kritiserar mottagandet\n\nBrödtext.", "Revisorer kritiserar mottagandet"),
        ("Artikelbild\n\nVem leder arbetet?\n\nBrödtext.", "Vem leder arbetet?"),
        (
            "SAMMANFATTANDE RAPPORT FRÅN KONFERENSEN I HUDDINGE\n\n23 NOVEMBER 2016\n\nText.",
            "Sammanfattande rapport från konferensen i Huddinge",
        ),
        (
            "GÖTEBORGS STADSKANSLI\nTJÄNSTEUTLÅTANDE 2006-09-13\nFörslag till organisation\n\nText.",
            "Förslag till organisation",
        ),
        ("Oklarheter kring ansvaret Foto: Huddinge kommun\n\nBrödtext i en lång mening.", "Oklarheter kring ansvaret"),
        (
            "1 Granskning av tillsynen i miljönämnden Januari 2016 Anna Ek och Bo Berg\n\n2 Innehåll",
            "Granskning av tillsynen i miljönämnden",
        ),
    ],
)
def test_titles_lose_credits_bylines_datelines_and_capitals(text, expected):
    assert title_from_text(text) == expected


def _docx(path, created: dt.datetime, paragraphs: list[str]):
    document = docx.Document()
    for par in paragraphs:
        document.add_paragraph(par)
    document.core_properties.created = created
    document.save(str(path))
    return path


def test_a_template_date_in_docx_metadata_is_not_taken_when_the_text_is_later(tmp_path):
    text = ["Oklara resultat av integrationsarbetet", "Publicerad 2018-08-29", BODY + " Nyanlända som kom 2015."]
    old = _docx(tmp_path / "kopia.docx", dt.datetime(2013, 12, 23), text)
    assert read_document(old).published_date is None
    assert extract_document(old).document.published == "2018-08-29"
    fine = _docx(tmp_path / "rapport.docx", dt.datetime(2019, 5, 4), ["Granskning av ansvaret", BODY])
    assert extract_document(fine).document.published == "2019-05-04"


def test_plausible_date_ignores_the_end_of_a_range():
    assert plausible_date("2019-05", "Integrationsplan 2019–2025") == "2019-05"
    assert plausible_date("2013-12-23", "Många kom 2015") is None


def test_date_score_counts_exact_year_wrong_and_missing():
    assert date_score("2018-08-29", dt.date(2018, 8, 29)).model_dump(include={"exact", "year", "wrong"}) == {
        "exact": 1,
        "year": 1,
        "wrong": 0,
    }
    month = date_score("2020-02-03", "2020-02")
    assert (month.exact, month.year, month.wrong) == (0, 1, 0)
    assert date_score("2015", 2018).wrong == 1 and date_score(None, 2018).missing == 1
    assert date_score(None, None).exact == 1
    total = date_score("2015", 2018).add(date_score(None, None))
    assert total.figures() == {"exact": 0.5, "year": 0.5, "documents": 2, "wrong": 1, "missing": 0}


@pytest.mark.parametrize("section", ["dates", "titles"])
def test_an_unknown_key_in_the_date_or_title_words_is_refused(tmp_path, monkeypatch, section):
    import shutil

    from graph.errors import VocabularyError
    from graph.paths import data_dir
    from loaders.extract import metadata as extract_metadata
    from loaders.reading import metadata as reading_metadata

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "extraction" / "documents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"{section}:\n", f"{section}:\n  surprise: 1\n"), "utf-8")
    monkeypatch.setenv("ANSVAR_DATA", str(copy))
    load = extract_metadata._date_config if section == "dates" else reading_metadata._title_words
    load.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=section):
            load()
    finally:
        monkeypatch.undo()
        load.cache_clear()
