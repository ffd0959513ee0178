"""Structured input: organisation descriptions (YAML/JSON) and claims CSV.

The fixtures under tests/fixtures/structured are small made-up files; each invalid file
breaks exactly one rule and must be refused with the file, the line, the field and what
was expected, without returning anything.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from graph.errors import InputError, UnsupportedFormat
from graph.ids import stable_hash
from loaders import iter_source_files, load_file, register_loader, unregister_loader
from loaders.ingest import ingest_paths
from loaders.structured.citations import SourceSpec, document_id
from loaders.structured.claims_csv import load_claims_csv
from loaders.structured.description import load_description

FIXTURES = Path(__file__).parent / "fixtures" / "structured"
INVALID = FIXTURES / "invalid"
EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"


def claims_by_key(batch):
    return {(c.subject, c.predicate, c.object, c.issue, c.mode, c.status): c for c in batch.claims}


# -- a valid description ------------------------------------------------------------------
@pytest.fixture(scope="module")
def valid():
    return load_description(FIXTURES / "valid.yaml")


def test_description_batch_metadata(valid):
    raw = (FIXTURES / "valid.yaml").read_bytes()
    assert valid.source == str((FIXTURES / "valid.yaml").resolve())
    assert valid.loader == "description"
    assert valid.content_hash and valid.content_hash != stable_hash(raw.decode())
    assert {d.title for d in valid.documents} == {
        "Testby integrationsplan",
        "Testby-Bladet om integrationen",
        "Granskning av integrationen i Testby",
    }


def test_entities_declared_derived_and_from_the_gazetteer(valid):
    ents = {e.id: e for e in valid.entities}
    assert ents["testby"].type == "jurisdiction" and ents["testby"].name == "Testby kommun"
    assert ents["huddinge"].name == "Huddinge kommun"  # name from the gazetteer
    assert ents["testby/kommunstyrelsen"].aliases == ["KS"]  # id derived from name and place
    assert ents["testby/socialforvaltningen"].jurisdiction == "testby"
    assert ents["person/asa-oberg"].affiliation == "testby/socialforvaltningen"
    assert ents["person/asa-oberg"].role == "samordnare"
    # referred to without being declared: national organisations of the gazetteer
    assert ents["org/migrationsverket"].type == "agency"
    assert ents["org/komredo"].type == "company"
    assert ents["org/roda-korset"].type == "civil_society"


def test_every_fact_becomes_a_claim_with_evidence(valid):
    claims = claims_by_key(valid)
    docs = {d.title: d.id for d in valid.documents}
    plan, paper = docs["Testby integrationsplan"], docs["Testby-Bladet om integrationen"]
    part_of = claims[("testby/socialforvaltningen", "part_of", "testby/socialnamnden", None, None, None)]
    assert [e.document for e in part_of.evidence] == [plan]  # default_source
    role = claims[("person/asa-oberg", "holds_role", "testby/socialforvaltningen", None, None, None)]
    assert role.role == "samordnare" and role.jurisdiction == "testby"
    lacks = claims[("huddinge", "lacks", None, "integration", None, None)]
    assert lacks.what == "owner" and lacks.jurisdiction == "huddinge"
    assert lacks.evidence[0].document == paper
    assert all(e.rule == "description" and e.confidence == 1.0 for c in valid.claims for e in c.evidence)


def test_the_same_fact_from_two_sources_is_one_claim_with_two_pieces_of_evidence(valid):
    leads = [c for c in valid.claims if c.subject == "testby/kommunstyrelsen" and c.mode == "leads"]
    assert len(leads) == 1
    assert sorted((e.quote or "") for e in leads[0].evidence) == ["", "KS leder arbetet"]
    assert len({e.document for e in leads[0].evidence}) == 2
    assert leads[0].basis == "decision" and leads[0].since == "2020-05"


def test_claim_jurisdictions(valid):
    claims = claims_by_key(valid)
    # explicit jurisdiction: a national agency doing work in one municipality
    assert (
        claims[
            ("org/migrationsverket", "responsible_for", None, "refugee_reception", "executes", "current")
        ].jurisdiction
        == "testby"
    )
    # a person is placed by the organisation of their role
    assert (
        claims[("person/asa-oberg", "responsible_for", None, "refugee_reception", "coordinates", "former")].jurisdiction
        == "testby"
    )
    # a gazetteer organisation as subject, a local one as object
    assert claims[("org/komredo", "audits", "testby", "integration", None, None)].jurisdiction == "testby"


def test_cited_documents(valid):
    docs = {d.title: d for d in valid.documents}
    paper = docs["Testby-Bladet om integrationen"]
    assert paper.kind == "news" and paper.published == "2021-01-10" and paper.url == "https://example.org/testby"
    assert paper.jurisdictions == ["huddinge", "testby"]  # what the facts citing it are about
    assert paper.origin == valid.source
    audit = docs["Granskning av integrationen i Testby"]  # an inline citation
    assert audit.kind == "audit_report" and audit.publisher == "KomRedo AB"
    spec = SourceSpec(
        title="Testby-Bladet om integrationen",
        publisher="Testby-Bladet",
        date="2021-01-10",
        url="https://example.org/testby",
    )
    assert paper.id == document_id(spec) and paper.id.startswith("d_")


def test_ids_are_stable_across_loads_and_places(tmp_path, valid):
    again = load_description(FIXTURES / "valid.yaml")
    assert [c.id for c in again.claims] == [c.id for c in valid.claims]
    assert [e.id for c in again.claims for e in c.evidence] == [e.id for c in valid.claims for e in c.evidence]
    moved = tmp_path / "elsewhere.yaml"
    shutil.copy(FIXTURES / "valid.yaml", moved)
    copy = load_description(moved)
    assert {c.id for c in copy.claims} == {c.id for c in valid.claims}
    assert {d.id for d in copy.documents} == {d.id for d in valid.documents}
    assert copy.content_hash == valid.content_hash


def test_yaml_and_json_round_trip(tmp_path, valid):
    data = yaml.safe_load((FIXTURES / "valid.yaml").read_text(encoding="utf-8"))
    as_json = tmp_path / "valid.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=1), encoding="utf-8")
    from_json = load_file(as_json)
    assert from_json.loader == "description"
    assert sorted(c.model_dump_json(exclude={"evidence"}) for c in from_json.claims) == sorted(
        c.model_dump_json(exclude={"evidence"}) for c in valid.claims
    )
    assert [e.model_dump() for e in from_json.entities] == [e.model_dump() for e in valid.entities]
    assert {d.id for d in from_json.documents} == {d.id for d in valid.documents}


def test_empty_sections_and_quoted_dates(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "jurisdictions: [eksjo]\npeople:\nmissing:\n  - {actor: eksjo, issue: integration, "
        "what: coordination, source: {title: Memo, date: '2020-02-03'}}\n",
        encoding="utf-8",
    )
    batch = load_description(path)
    assert [c.predicate for c in batch.claims] == ["lacks"]
    assert batch.documents[0].published == "2020-02-03"


# -- invalid descriptions -------------------------------------------------------------
INVALID_CASES = [
    # file, line, field, words the message must contain
    ("unknown_predicate.yaml", 10, "claims[0].predicate", ["unknown predicate 'owns'", "defers_to"]),
    (
        "dangling_id.yaml",
        11,
        "responsibilities[1].actor",
        ["unknown id 'testby/kommunstyrelse'", "did you mean 'testby/kommunstyrelsen'"],
    ),
    ("part_of_from_person.yaml", 12, "claims[0].subject", ["part_of cannot have 'person/bo-ek' (a person)"]),
    ("unknown_type.yaml", 9, "organisations[2].type", ["unknown entity type 'boardx'", "administration"]),
    ("bad_date.yaml", 13, "responsibilities[0].since", ["bad date '2015-13'"]),
    ("bad_syntax.yaml", 11, None, ["invalid YAML"]),
    ("unknown_issue.yaml", 10, "disputes[0].issue", ["unknown issue 'integrationen'", "refugee_reception"]),
    ("unknown_mode.yaml", 10, "responsibilities[0].mode", ["unknown mode 'boss'", "coordinates"]),
    ("missing_source.yaml", 6, "missing[0].source", ["missing source", "default_source"]),
    (
        "duplicate_id.yaml",
        9,
        "organisations[2]",
        ["'testby/kommunstyrelsen' is declared twice", "'board'", "'administration'", "line 7"],
    ),
    ("unknown_source.yaml", 10, "criticism[0].source", ["unknown source 'tidningen'", "one of: s"]),
    ("unknown_field.yaml", 10, "deferrals[0].too", ["unknown field 'too'", "did you mean 'to'"]),
    ("unknown_jurisdiction.yaml", 1, "jurisdictions[0]", ["unknown jurisdiction 'testby'", "{id, name}"]),
    ("not_a_mapping.yaml", None, None, ["top level is not a mapping"]),
    ("duplicate_key.yaml", 11, None, ["duplicate key 'responsibilities'", "line 9"]),
    ("unplaced_fact.yaml", 6, "responsibilities[0]", ["cannot tell which jurisdiction"]),
    ("bad_format.yaml", 1, "format", ["unsupported format 'ansvarskarta/2'", "'ansvarskarta/1'"]),
    (
        "person_as_organisation.yaml",
        3,
        "organisations[0].type",
        ["'person' is not an organisation type", "people go under `people:`"],
    ),
]


@pytest.mark.parametrize("name,line,field,words", INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_invalid_description_is_refused_with_file_line_field_and_expectation(name, line, field, words):
    with pytest.raises(InputError) as caught:
        load_file(INVALID / name)
    err, text = caught.value, str(caught.value)
    assert err.file == str(INVALID / name) and text.startswith(str(INVALID / name))
    assert err.line == line and err.field == field
    if line:
        assert f"line {line}" in text
    for w in words:
        assert w in text
    assert err.expected or "expected" in text
    # pydantic's own report never reaches the user
    for noise in ("validation error", "type=", "errors.pydantic.dev", "Value error,", "input_value"):
        assert noise not in text


def test_several_problems_are_counted_in_one_message(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(
        "jurisdictions: [eksjo]\nresponsibilities:\n  - {actor: eksjo, issue: x, mode: y}\n"
        "  - {actor: eksjo, issue: integration, since: soon}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_file(path)
    text = str(caught.value)
    assert "responsibilities[0].issue" in text and "2 more problems" in text
    assert "line 4, responsibilities[1].since: bad date 'soon'" in text


def test_wrong_encoding_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        "jurisdictions: [huddinge]\norganisations:\n  - {name: Socialnämnden, type: board}\n".encode("latin-1")
    )
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert caught.value.line == 3 and "not UTF-8" in str(caught.value) and "UTF-8" in caught.value.expected


def test_a_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffjurisdictions: [huddinge]\n".encode("utf-8"))
    assert [e.id for e in load_file(path).entities] == ["huddinge"]


def test_bad_json_names_its_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"jurisdictions": ["huddinge"],\n "people": [}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert caught.value.line == 2 and "invalid JSON" in str(caught.value)


def test_nothing_of_an_invalid_file_is_stored(store, tmp_path):
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "a_valid.yaml")
    shutil.copy(INVALID / "dangling_id.yaml", tmp_path / "b_invalid.yaml")
    report = ingest_paths(store, [tmp_path])
    assert [f.path for f in report.failed] == [str(tmp_path / "b_invalid.yaml")]
    assert "unknown id" in report.failed[0].error
    assert store.entity("testby/socialnamnden") is not None  # from the valid file
    sources = {s.source for s in store.sources()}
    assert sources == {str((tmp_path / "a_valid.yaml").resolve())}
    # the invalid file declared the same municipality: none of its claims are there
    assert not [c for c in store.claims(subject="testby/kommunstyrelsen") if c.mode == "owns"]


# -- claims CSV ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def csv_batch():
    return load_claims_csv(FIXTURES / "claims.csv")


def test_csv_rows_become_claims(csv_batch):
    assert csv_batch.loader == "csv"
    claims = claims_by_key(csv_batch)
    defer = claims[("testby/socialnamnden", "defers_to", "testby/ksf", "integration", None, None)]
    assert defer.jurisdiction == "testby" and defer.attributed_to == "testby/socialnamnden"
    lacks = claims[("testby", "lacks", None, "integration", None, None)]
    assert lacks.negated is True and lacks.what == "coordination"
    work = claims[("org/arbetsformedlingen", "responsible_for", None, "employment", "executes", "current")]
    assert work.since == "2019" and work.basis == "practice"
    # no place of its own: the one jurisdiction the rest of the file is about
    assert work.jurisdiction == "testby"
    assert len({c.evidence[0].document for c in csv_batch.claims}) == 1
    assert all(c.evidence[0].rule == "csv" for c in csv_batch.claims)


def test_csv_entities(csv_batch):
    ents = {e.id: e for e in csv_batch.entities}
    assert ents["testby"].type == "jurisdiction" and ents["testby"].name == "Testby kommun"
    assert ents["testby/ksf"].type == "administration" and ents["testby/ksf"].jurisdiction == "testby"
    # a person named nowhere gets a name from the id, and role and affiliation from holds_role
    anna = ents["person/anna-karin-berg"]
    assert (anna.name, anna.role, anna.affiliation) == ("Anna Karin Berg", "chef", "testby/ksf")
    # an empty subject with a name and type: the id is derived
    assert ents["person/per-persson"].name == "Per Persson"
    assert ents["org/arbetsformedlingen"].type == "agency"


def test_csv_ids_are_stable(csv_batch):
    assert [c.id for c in load_claims_csv(FIXTURES / "claims.csv").claims] == [c.id for c in csv_batch.claims]


def test_csv_with_semicolons(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("subject;predicate;issue;what;source_title\nhuddinge;lacks;integration;owner;T\n", encoding="utf-8")
    (claim,) = load_file(path).claims
    assert (claim.subject, claim.what, claim.jurisdiction) == ("huddinge", "owner", "huddinge")


CSV_CASES = [
    ("csv_unknown_predicate.csv", 3, "predicate", ["unknown predicate 'owns'"]),
    ("csv_dangling_id.csv", 3, "subject", ["unknown id 'testby/x'"]),
    ("csv_conflicting_type.csv", 3, "subject_type", ["'huddinge/ks' is defined with different types"]),
    ("csv_missing_column.csv", 1, None, ["missing column 'predicate'"]),
    ("csv_part_of_from_person.csv", 2, "subject", ["part_of cannot have 'person/bo-ek'"]),
    ("csv_bad_date.csv", 2, "source_date", ["bad date '2020-02-30'"]),
    ("csv_missing_source.csv", 2, "source_title", ["missing field 'source_title'"]),
]


@pytest.mark.parametrize("name,line,field,words", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_invalid_csv_is_refused_with_line_and_column(name, line, field, words):
    with pytest.raises(InputError) as caught:
        load_file(INVALID / name)
    err = caught.value
    assert (err.file, err.line, err.field) == (str(INVALID / name), line, field)
    for w in words:
        assert w in str(err)
    assert "validation error" not in str(err)


def test_csv_header_problems(tmp_path):
    for header, words in [
        ("subject,predicate,sourcetitle", "did you mean 'source_title'"),
        ("subject,predicate,source_title,subject", "appears twice"),
        ("subject,predicate,source_title", "no rows"),
        ("", "the file is empty"),
    ]:
        path = tmp_path / "h.csv"
        path.write_text(header + "\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_file(path)
        assert words in str(caught.value) and caught.value.line == 1


def test_csv_bad_yes_no(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(
        "subject,predicate,issue,negated,source_title\nhuddinge,lacks,integration,maybe,T\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert caught.value.field == "negated" and "ja/nej" in str(caught.value)


# -- the registry and folders -------------------------------------------------------------
def test_load_file_dispatches_by_suffix(tmp_path):
    assert load_file(FIXTURES / "claims.csv").loader == "csv"
    yml = tmp_path / "d.YML"
    yml.write_text("jurisdictions: [eksjo]\n", encoding="utf-8")
    assert load_file(yml).loader == "description"
    with pytest.raises(UnsupportedFormat) as caught:
        load_file(tmp_path / "notes.xyz")
    assert ".csv" in str(caught.value) and ".yaml" in str(caught.value)


def test_a_registered_loader_is_used(tmp_path):
    calls = []

    def fake(path, **options):
        calls.append((path.name, options))
        return load_claims_csv(FIXTURES / "claims.csv")

    register_loader(["tsv2"], fake)
    try:
        load_file(tmp_path / "a.tsv2", default_jurisdiction="eksjo")
        assert calls == [("a.tsv2", {"default_jurisdiction": "eksjo"})]
    finally:
        unregister_loader(".tsv2")


def test_iter_source_files(tmp_path):
    for rel in ["b.yaml", "a/c.csv", "a/d.json", "a/.hidden.yaml", ".git/e.yaml", "notes.xyz", "a/z.yml"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = iter_source_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/c.csv", "a/d.json", "a/z.yml", "b.yaml"]
    # a file named on its own is kept (its loader decides), folders and files combined without repeats
    assert iter_source_files([tmp_path / "notes.xyz", tmp_path / "b.yaml", tmp_path / "a"]) == [
        tmp_path / "notes.xyz",
        tmp_path / "b.yaml",
        tmp_path / "a/c.csv",
        tmp_path / "a/d.json",
        tmp_path / "a/z.yml",
    ]
    with pytest.raises(InputError):
        iter_source_files([tmp_path / "missing"])


# -- the examples ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_example_descriptions_load(path):
    batch = load_file(path)
    assert batch.claims and batch.documents
    assert all(c.jurisdiction for c in batch.claims if c.issue)


def test_examples_quote_nothing():
    """The corpus examples are facts with citations; no quote is copied from the texts (the
    fictional Norrbacka's description quotes its own invented texts: tests/test_examples.py)."""
    paths = list(EXAMPLES.rglob("*.yaml"))
    assert any(p.parent.name == "corpus" for p in paths)
    for path in paths:
        if path.name == "norrbacka.yaml":
            continue
        assert all(e.quote is None for c in load_file(path).claims for e in c.evidence), path


def test_the_documented_examples_load(tmp_path):
    """The YAML and CSV examples in loaders/structured/README.md are valid as written."""
    text = (Path(__file__).resolve().parent.parent / "loaders" / "structured" / "README.md").read_text("utf-8")
    blocks = dict(re.findall(r"```(yaml|csv)\n(.*?)```", text, flags=re.S))
    (tmp_path / "doc.yaml").write_text(blocks["yaml"], encoding="utf-8")
    (tmp_path / "doc.csv").write_text(blocks["csv"], encoding="utf-8")
    described = load_file(tmp_path / "doc.yaml")
    assert {c.predicate for c in described.claims} == {
        "part_of",
        "holds_role",
        "responsible_for",
        "defers_to",
        "disputes_responsibility",
        "collaborates_with",
        "audits",
        "criticises",
        "lacks",
    }
    assert len(load_file(tmp_path / "doc.csv").claims) == 2
