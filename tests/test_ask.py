"""ask: places and issues as people name them, suggestions from the workspace, one language.

The workspace is the example descriptions (data/examples), loaded as `ansvar ingest` loads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.errors import QuestionNotUnderstood
from graph.store import open_store
from loaders.ingest import ingest_paths
from queries import ask, parse_question

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    db = tmp_path_factory.mktemp("ask") / "examples.db"
    with open_store(str(db)) as store:
        assert not ingest_paths(store, [EXAMPLES]).failed
    with open_store(str(db)) as store:
        yield store


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Who owns integration in Sweden?", "sverige"),
        ("Vem ansvarar för integrationen på nationell nivå?", "sverige"),
        ("Who owns civil society cooperation nationally?", "sverige"),
        ("Vem ansvarar nationellt för flyktingmottagandet?", "sverige"),
        ("Vem ansvarar för flyktingmottagandet hos staten?", "sverige"),
        ("Vem ansvarar för integrationen i Jämtland?", "jamtland-harjedalen"),
        ("Vem ansvarar för integrationen i Jämtlands län?", "jamtland-harjedalen"),
        ("Vem ansvarar för integrationen i Region Jämtland Härjedalen?", "jamtland-harjedalen"),
        ("Vem ansvarar för integrationen i Hudinge?", "huddinge"),
        ("Vem ansvarar för Huddinges integration?", "huddinge"),
        ("Who owns integration in Valentuna?", "vallentuna"),
        ("Vem ansvarar för integrationen i Norbacka?", "norrbacka"),
        ("Vem ansvarar för integrationen i Eksjö kommun?", "eksjo"),
    ],
)
def test_places_by_name_genitive_county_region_nation_and_typo(examples, question, place):
    assert parse_question(examples, question).jurisdiction == place
    assert ask(examples, question).ownership.jurisdiction == place


@pytest.mark.parametrize(
    ("question", "issue"),
    [
        ("Vem ansvarar för nyanlända i Huddinge?", "integration"),
        ("Vem ansvarar för arbetsmarknadsfrågor i Norrbacka?", "employment"),
        ("Vem äger flyktingmottagandet i Norrbacka?", "refugee_reception"),
        ("Vem ansvarar för mottagandet av asylsökande i Norrbacka?", "refugee_reception"),
        ("Who owns housing in Norrbacka?", "settlement"),
        ("Vem ansvarar för integrasionen i Eksjö?", "integration"),
        ("Vem ansvarar för svenskundervisningen i Norrbacka?", "language_training"),
    ],
)
def test_issues_by_any_surface_form(examples, question, issue):
    assert parse_question(examples, question).issue == issue
    assert ask(examples, question).ownership.issue == issue


def test_a_common_word_is_no_near_miss_of_a_place(examples):
    assert parse_question(examples, "Vem ansvarar i kommunen för integrationen?").jurisdiction is None


def test_suggestions_come_from_what_the_workspace_holds(examples):
    with pytest.raises(QuestionNotUnderstood) as err:
        ask(examples, "Vem bestämmer i Eksjö?")
    assert err.value.suggestions and all("Eksjö kommun" in s for s in err.value.suggestions)
    assert "integration" in err.value.suggestions[0]
    with pytest.raises(QuestionNotUnderstood) as err:
        ask(examples, "Who owns unaccompanied minors?")
    assert err.value.suggestions and all(
        "Norrbacka kommun" in s or "Huddinge kommun" in s for s in err.value.suggestions
    )


def test_suggestions_never_name_a_place_the_workspace_lacks(tmp_path):
    db = tmp_path / "prose.db"
    with open_store(str(db)) as store:
        assert not ingest_paths(store, [Path(__file__).parent / "fixtures" / "prose"]).failed
        with pytest.raises(QuestionNotUnderstood) as err:
            ask(store, "blah")
    held = ("Ydre kommun", "Boxholms kommun")
    assert err.value.suggestions and all(any(p in s for p in held) for s in err.value.suggestions)
    assert not any("Botkyrka" in s for s in err.value.suggestions)


ENGLISH_WORDS = ("owners:", "contributors:", "Status: uncoordinated", "uncoordinated", "severity", "source:")
SWEDISH_WORDS = ("ansvariga:", "medverkande:", "osamordnad", "allvar")


def test_a_swedish_question_is_answered_wholly_in_swedish(examples):
    db = examples.path
    result = runner.invoke(app, ["--db", db, "ask", "Vem ansvarar för integrationen i Eksjö?"])
    assert result.exit_code == 0, result.output
    assert all(w in result.stdout for w in SWEDISH_WORDS)
    assert not any(w in result.stdout for w in ENGLISH_WORDS)


def test_lang_chooses_the_language_of_the_answer(examples):
    db = examples.path
    result = runner.invoke(app, ["--db", db, "ask", "Vem ansvarar för integrationen i Eksjö?", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Status: uncoordinated." in result.stdout and "owners:" in result.stdout
    assert not any(w in result.stdout for w in SWEDISH_WORDS)
    english = ask(examples, "Who owns integration in Eksjö?")
    assert english.question.language == "en" and "Status: uncoordinated." in english.answer


def test_the_api_answers_in_the_asked_language(examples):
    from fastapi.testclient import TestClient

    from api.http import create_app

    with TestClient(create_app(examples.path)) as client:
        sv = client.get("/ask", params={"q": "Who owns integration in Eksjö?", "lang": "sv"}).json()
        assert "Status: osamordnad." in sv["answer"] and sv["ownership"]["status_label"] == "osamordnad"
        failed = client.get("/ask", params={"q": "Vem bestämmer i Eksjö?"})
        assert failed.status_code == 422 and "Eksjö kommun" in failed.json()["suggestions"][0]
