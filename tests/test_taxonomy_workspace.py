"""Policy areas added by a user as data: `ansvar taxonomy add/list/show`, stored with the
workspace and used by every surface (ingest, who-owns, ask, the API, eval), each refusal
with the file, line and what was expected, and nothing stored when a file is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_support import AUTH, TOKEN
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app
from api.http import create_app
from graph.errors import InputError
from graph.store import open_store
from graph.taxonomy import shipped_taxonomy, taxonomy, use_workspace_issues
from graph.taxonomy_file import same_word, too_common
from graph.workspace_taxonomy import add_taxonomy, use_workspace_taxonomy

runner = CliRunner()

ART = """issues:
  street_art:
    parent: culture_leisure
    sv: gatukonst
    en: street art
    surface_forms: [gatukonsten, gatukonstverk, muralmålning, muralmålningar]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entry(iid: str, sv: str, forms: list[str], parent: str = "null") -> str:
    return f"  {iid}:\n    parent: {parent}\n    sv: {sv}\n    en: {iid}\n    surface_forms: [{', '.join(forms)}]\n"


# -- refusals: each names the file, the line and what was expected; nothing is stored -------

REFUSALS = {
    "unknown parent": (
        "issues:\n" + entry("street_art", "gatukonst", ["gatukonsten"], parent="culture"),
        3,
        "unknown parent 'culture'",
    ),
    "existing id": ("issues:\n" + entry("school", "skolgård", ["skolgårdar"]), 2, "exists already"),
    "id twice": (
        "issues:\n" + entry("street_art", "gatukonst", ["gatukonsten"]) + entry("street_art", "muralkonst", ["murals"]),
        7,
        "listed twice",
    ),
    "form of two issues": (
        "issues:\n"
        + entry("street_art", "gatukonst", ["muralmålning"])
        + entry("murals", "muralkonst", ["muralmålningar"]),
        11,
        "claimed by 'street_art' too",
    ),
    "too short": ("issues:\n" + entry("water_x", "vattenfrågor", ["va"]), 6, "so short or common"),
    "common word": ("issues:\n" + entry("places", "platsfrågor", ["vad"]), 6, "so short or common"),
    "inflects into a common word": ("issues:\n" + entry("places", "platsfrågor", ["va-frågor", "sak"]), 6, "'sak'"),
    "unknown field": (
        "issues:\n  street_art:\n    sv: gatukonst\n    en: street art\n    forms: [x]\n",
        5,
        "unknown field",
    ),
    "missing label": ("issues:\n  street_art:\n    en: street art\n", 2, "missing sv label"),
    "not YAML": ("issues: [\n", 2, "not YAML"),
}


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_a_bad_taxonomy_file_is_refused_with_file_line_and_expectation(tmp_path, case):
    text, line, message = REFUSALS[case]
    path = write(tmp_path, "areas.yaml", text)
    store = open_store(str(tmp_path / "w.db"))
    with pytest.raises(InputError) as err:
        add_taxonomy(store, path)
    said = str(err.value)
    assert said.startswith(f"{path}:line {line}, "), said
    assert message in said and "; expected " in said, said
    assert store.taxonomy_areas() == []  # nothing stored
    store.close()


def test_a_form_claimed_by_an_area_added_before_is_refused(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    add_taxonomy(store, write(tmp_path, "a.yaml", ART))
    path = write(tmp_path, "b.yaml", "issues:\n" + entry("murals", "muralkonst", ["muralmålningarna"]))
    with pytest.raises(InputError, match=r"b.yaml:line 6, .*claimed by 'street_art', an area added to the workspace"):
        add_taxonomy(store, path)
    assert [a.id for a in store.taxonomy_areas()] == ["street_art"]
    store.close()


def test_cli_refusal_exits_2_and_stores_nothing(tmp_path):
    db = str(tmp_path / "w.db")
    path = write(tmp_path, "areas.yaml", "issues:\n" + entry("water_x", "vattenfrågor", ["va"]))
    result = runner.invoke(app, ["--db", db, "taxonomy", "add", str(path)])
    assert result.exit_code == 2
    assert "areas.yaml:line 6, issues.water_x.surface_forms: form 'va'" in result.output
    listed = json.loads(runner.invoke(app, ["--db", db, "taxonomy", "list", "--json"]).stdout)
    assert "water_x" not in {i["id"] for i in listed}


def test_the_common_words_are_data():
    assert too_common("var") and too_common("va") and not too_common("lss") and not too_common("avlopp")
    assert same_word("upphandling", "upphandlingar") and not same_word("avlopp", "avloppsrening")


# -- the workspace's areas, on every surface ----------------------------------------------


def test_add_list_show_and_who_owns_a_new_area(tmp_path):
    db = str(tmp_path / "w.db")
    added = runner.invoke(app, ["--db", db, "taxonomy", "add", str(write(tmp_path, "art.yaml", ART))])
    assert added.exit_code == 0, added.output
    assert "1 added, 0 replaced" in added.output
    listed = json.loads(runner.invoke(app, ["--db", db, "taxonomy", "list", "--json"]).stdout)
    art = next(i for i in listed if i["id"] == "street_art")
    assert art["parent"] == "culture_leisure" and art["from"].endswith("art.yaml")
    assert next(i for i in listed if i["id"] == "integration")["from"] == "shipped"
    shown = runner.invoke(app, ["--db", db, "taxonomy", "show", "gatukonsten", "--json"])
    assert json.loads(shown.stdout)["id"] == "street_art"
    assert json.loads(runner.invoke(app, ["--db", db, "taxonomy", "show", "culture_leisure", "--json"]).stdout)[
        "children"
    ] == ["association_grants", "street_art"]
    # a description naming the new issue is accepted by ingest (it validates issues against the taxonomy in use)
    description = write(
        tmp_path,
        "ystad.yaml",
        "sources: {s: {title: Notis, publisher: Tidning, date: 2021}}\ndefault_source: s\njurisdictions: [ystad]\n"
        "organisations:\n  - {name: Kulturnämnden, type: board, jurisdiction: ystad, parent: ystad}\n"
        "responsibilities:\n  - {actor: ystad/kulturnamnden, issue: street_art, mode: owns}\n",
    )
    assert runner.invoke(app, ["--db", db, "ingest", str(description)]).exit_code == 0
    owned = json.loads(runner.invoke(app, ["--db", db, "who-owns", "gatukonst", "--in", "ystad", "--json"]).stdout)
    assert owned["issue"] == "street_art" and [o["entity"] for o in owned["owners"]] == ["ystad/kulturnamnden"]
    # gaps, the map and the exports take it as well
    assert runner.invoke(app, ["--db", db, "gaps", "--issue", "gatukonst", "--json"]).exit_code == 0
    page = tmp_path / "art.html"
    assert runner.invoke(app, ["--db", db, "map", "--issue", "street_art", "--out", str(page)]).exit_code == 0
    assert "Street art" in page.read_text(encoding="utf-8")  # the issue node, by its English label
    exported = runner.invoke(app, ["--db", db, "export", "--format", "json", "--issue", "street_art"])
    assert exported.exit_code == 0, exported.output
    nodes = {n["id"]: n for n in json.loads(exported.stdout)["nodes"]}
    assert nodes["street_art"]["name"] == "gatukonst"
    # another workspace without the area does not know it
    other = str(tmp_path / "other.db")
    runner.invoke(app, ["--db", other, "init"])
    assert runner.invoke(app, ["--db", other, "who-owns", "street_art", "--in", "ystad"]).exit_code == 4


def test_a_duplicate_id_is_taken_with_replace(tmp_path):
    db = str(tmp_path / "w.db")
    path = write(tmp_path, "school.yaml", "issues:\n" + entry("school", "skolväsen", ["skolväsendets", "skolgårdar"]))
    assert runner.invoke(app, ["--db", db, "taxonomy", "add", str(path)]).exit_code == 2
    result = runner.invoke(app, ["--db", db, "taxonomy", "add", str(path), "--replace"])
    assert result.exit_code == 0 and "0 added, 1 replaced" in result.output
    shown = json.loads(runner.invoke(app, ["--db", db, "taxonomy", "show", "school", "--json"]).stdout)
    assert shown["sv"] == "skolväsen" and shown["children"] == ["preschool", "adult_education", "school_premises"]


def test_a_workspace_with_documents_is_told_to_reread_and_reread_gives_old_documents_the_new_issue(tmp_path):
    db = str(tmp_path / "w.db")
    text = write(
        tmp_path, "notis.txt", "Gatukonst i Ystad\n\nKulturnämnden i Ystads kommun ansvarar för gatukonsten.\n"
    )
    assert runner.invoke(app, ["--db", db, "ingest", str(text)]).exit_code == 0

    def issues() -> set:
        with open_store(db) as store:
            return {c.issue for c in store.iter_claims()}

    assert "street_art" not in issues()
    added = runner.invoke(app, ["--db", db, "taxonomy", "add", str(write(tmp_path, "art.yaml", ART))])
    assert "holds 1 documents read before these areas: run `ansvar ingest --reread`" in added.output
    assert "street_art" not in issues()
    reread = runner.invoke(app, ["--db", db, "ingest", "--reread"])
    assert reread.exit_code == 0, reread.output
    assert "street_art" in issues()


def test_opening_a_workspace_lays_its_areas_over_the_shipped_taxonomy(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    add_taxonomy(store, write(tmp_path, "art.yaml", ART))
    store.close()
    use_workspace_taxonomy(open_store(str(tmp_path / "empty.db")))
    assert "street_art" not in taxonomy()
    with open_store(str(tmp_path / "w.db")) as again:
        use_workspace_taxonomy(again)
    assert taxonomy().parent("street_art") == "culture_leisure"
    assert "street_art" not in shipped_taxonomy()


def test_a_users_file_takes_a_form_from_a_shipped_issue(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    path = write(
        tmp_path,
        "housing.yaml",
        "issues:\n" + entry("housing_supply", "bostadsförsörjningen i stort", ["bostadsförsörjning"]),
    )
    report = add_taxonomy(store, path, replace=True)
    assert report.moved == [("bostadsförsörjning", "settlement", "housing_supply")]
    assert taxonomy().resolve("bostadsförsörjning") == "housing_supply"
    assert "bostadsförsörjning" not in taxonomy().get("settlement").surface_forms
    store.close()


# -- the HTTP API: GET /issues and the token-protected POST /issues ------------------------


def test_post_issues_needs_the_token_and_get_issues_shows_the_new_area(tmp_path):
    db = str(tmp_path / "w.db")
    open_store(db).close()
    body = {
        "issues": {
            "street_art": {
                "parent": "culture_leisure",
                "sv": "gatukonst",
                "en": "street art",
                "surface_forms": ["gatukonsten"],
            }
        }
    }
    with TestClient(create_app(db, token=TOKEN, refresh_seconds=0)) as client:
        assert client.post("/issues", json=body).status_code == 401
        bad = client.post("/issues", content="issues:\n  x1:\n    sv: va\n    en: va\n", headers=AUTH)
        assert bad.status_code == 422 and "line 3" in bad.json()["detail"]
        assert "street_art" not in {i["id"] for i in client.get("/issues").json()}
        made = client.post("/issues", json=body, headers=AUTH)
        assert made.status_code == 201, made.text
        assert made.json()["added"] == ["street_art"]
        assert {"id": "street_art", "parent": "culture_leisure"}.items() <= next(
            i for i in client.get("/issues").json() if i["id"] == "street_art"
        ).items()
        assert client.post("/issues", json=body, headers=AUTH).status_code == 422  # exists: needs replace=true
        assert client.post("/issues?replace=true", json=body, headers=AUTH).status_code == 201
    with open_store(db) as store:
        assert [a.id for a in store.taxonomy_areas()] == ["street_art"]


# -- ask understands the shipped areas in Swedish and English ------------------------------


@pytest.mark.parametrize(
    "question, issue, place",
    [
        ("Vem ansvarar för äldreomsorgen i Luleå?", "elderly_care", "lulea"),
        ("Who owns water and sewage in Habo?", "water_sewage", "habo"),
        ("Vem äger vatten och avlopp i Habo?", "water_sewage", "habo"),
        ("Vem ansvarar för räddningstjänsten i Luleå?", "emergency_services", "lulea"),
        ("Who is responsible for elderly care in Luleå?", "elderly_care", "lulea"),
        ("Vem ansvarar för krisberedskapen i Habo?", "crisis_preparedness", "habo"),
        ("Vem ansvarar för kollektivtrafiken i Luleå?", "public_transport", "lulea"),
    ],
)
def test_ask_reads_the_shipped_areas(tmp_path, question, issue, place):
    from queries.ask import ask

    db = str(tmp_path / "w.db")
    description = write(
        tmp_path,
        "d.yaml",
        "sources: {s: {title: Beslut, publisher: Kommunen, date: 2022}}\ndefault_source: s\n"
        "jurisdictions: [lulea, habo]\n"
        "organisations:\n  - {name: Kommunstyrelsen, type: board, jurisdiction: " + place + ", parent: " + place + "}\n"
        "responsibilities:\n  - {actor: " + place + "/kommunstyrelsen, issue: " + issue + ", mode: owns}\n",
    )
    assert runner.invoke(app, ["--db", db, "ingest", str(description)]).exit_code == 0
    with open_store(db) as store:
        answer = ask(store, question)
    assert (answer.question.issue, answer.question.jurisdiction) == (issue, place)
    assert [o.entity for o in answer.ownership.owners] == [f"{place}/kommunstyrelsen"]


# -- eval: parents from the taxonomy in use, and ids of other taxonomies through the aliases --


def test_eval_matches_parent_and_child_of_the_taxonomy_in_use_and_reads_aliases(tmp_path):
    from scoring.matching import issue_matches

    assert issue_matches("home_care", "elderly_care") and issue_matches("home_care", "elder_care")  # alias
    assert not issue_matches("street_art", "culture_leisure")  # unknown: only equal ids match
    store = open_store(str(tmp_path / "w.db"))
    add_taxonomy(store, write(tmp_path, "art.yaml", ART))
    store.close()
    assert issue_matches("street_art", "culture_leisure") and issue_matches("culture_leisure", "street_art")


def test_eval_with_a_named_workspace_uses_its_areas(tmp_path):
    """`ansvar --db ws.db eval` scores a gold file whose issue only the workspace knows."""
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir(), gold.mkdir()
    (docs / "a.txt").write_text(
        "Gatukonst\n\nKulturnämnden i Ystads kommun ansvarar för gatukonsten.\n", encoding="utf-8"
    )
    (gold / "a.yaml").write_text(
        "document: a\njurisdictions: [ystad]\nentities:\n"
        "  - {id: ystad/kulturnamnden, name: Kulturnämnden, type: board, jurisdiction: ystad}\n"
        "claims:\n  - {subject: ystad/kulturnamnden, predicate: responsible_for, issue: street_art, mode: owns}\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "w.db")
    runner.invoke(app, ["--db", db, "taxonomy", "add", str(write(tmp_path, "art.yaml", ART))])

    def responsibility(*args: str) -> dict:
        result = runner.invoke(app, [*args, "eval", str(gold), str(docs), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["overall"]["predicates"]["responsible_for"]

    use_workspace_issues(())  # as a new process would start: the shipped taxonomy alone
    assert responsibility()["matched"] == 0  # the shipped taxonomy has no street_art
    assert responsibility("--db", db)["matched"] == 1


# -- nothing in code names a policy area ------------------------------------------------------


CODE = ("graph", "loaders", "queries", "api", "visualisation")
DOCUMENTATION = ("examples", "example", "description", "help")


def _string_constants(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not documentation: docstrings, OpenAPI examples and
    descriptions, command help (which may show an issue as an example)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.keyword) and node.arg in DOCUMENTATION:
            skip.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Dict):  # an OpenAPI {"example": …} or {"description": …}
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in DOCUMENTATION:
                    skip.update(id(n) for n in ast.walk(value))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
    ]


def test_no_code_names_an_issue_of_the_taxonomy():
    root = Path(__file__).resolve().parent.parent
    ids = set(shipped_taxonomy().ids())
    hits = []
    for package in CODE:
        for path in (root / package).rglob("*.py"):
            for line, value in _string_constants(path):
                words = set(value.replace(",", " ").replace(":", " ").split())
                for iid in ids & ({value.strip()} | words):
                    hits.append(f"{path.relative_to(root)}:{line}: {iid!r}")
    assert not hits, "code names policy areas (keep them in data/):\n" + "\n".join(hits)


def test_the_grep_would_find_a_policy_area_in_code(tmp_path):
    path = write(
        tmp_path, "m.py", '"""Doc naming integration."""\nDEFAULT = "integration"\nx = f(examples=["integration"])\n'
    )
    assert _string_constants(path) == [(2, "integration")]


def test_the_shipped_taxonomy_passes_the_checks_a_users_file_must_pass():
    tax = shipped_taxonomy()
    forms = [(f, i.id) for i in tax.issues.values() for f in (*i.surface_forms, i.sv)]
    assert not [f for f, _ in forms if too_common(f)]
    clashes = [(a, b) for n, a in enumerate(forms) for b in forms[n + 1 :] if a[1] != b[1] and same_word(a[0], b[0])]
    assert not clashes
    for area in (
        "child_youth_services", "substance_abuse", "economic_assistance", "elderly_care", "disability_support",
        "health_care", "school", "preschool", "adult_education", "culture_leisure", "public_health",
        "crisis_preparedness", "emergency_services", "environmental_supervision", "planning_building",
        "housing_supply", "water_sewage", "waste", "streets_roads", "public_transport", "business_development",
        "information_security", "procurement", "integration",
    ):  # fmt: skip
        assert area in tax
    assert tax.descendants("integration") == [
        "refugee_reception", "settlement", "unaccompanied_minors", "language_training", "employment",
        "early_measures_asylum", "civil_society_cooperation", "education", "antidiscrimination",
    ]  # fmt: skip


def test_extract_with_a_named_workspace_uses_its_areas(tmp_path):
    text = write(tmp_path, "notis.txt", "Gatukonst\n\nKulturnämnden i Ystads kommun ansvarar för gatukonsten.\n")
    db = str(tmp_path / "w.db")
    runner.invoke(app, ["--db", db, "taxonomy", "add", str(write(tmp_path, "art.yaml", ART))])
    use_workspace_issues(())  # as a new process would start

    def issues(*args: str) -> set:
        result = runner.invoke(app, [*args, "extract", str(text), "--json"])
        assert result.exit_code == 0, result.output
        return {c["issue"] for c in json.loads(result.stdout)["claims"]}

    assert "street_art" not in issues()
    assert "street_art" in issues("--db", db)


def test_a_key_that_is_no_valid_unicode_is_refused_with_a_printable_message(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    with pytest.raises(InputError) as err:
        add_taxonomy(store, write(tmp_path, "x.json", '{"\\ud800": 1}'))
    assert "unknown key" in str(err.value)
    str(err.value).encode("utf-8")  # printable: no lone surrogate left
    store.close()


def test_parallel_ingest_reads_with_the_workspaces_areas(tmp_path):
    from loaders.ingest import ingest_paths

    folder = tmp_path / "texts"
    folder.mkdir()
    for place in ("Ystads", "Lunds"):
        (folder / f"{place}.txt").write_text(
            f"Gatukonst\n\nKulturnämnden i {place} kommun ansvarar för gatukonsten.\n", encoding="utf-8"
        )
    store = open_store(str(tmp_path / "w.db"))
    add_taxonomy(store, write(tmp_path, "art.yaml", ART))
    report = ingest_paths(store, [folder], workers=2)  # worker processes start with the workspace's areas
    assert len(report.loaded) == 2 and not report.failed
    assert {c.jurisdiction for c in store.iter_claims() if c.issue == "street_art"} == {"ystad", "lund"}
    store.close()
