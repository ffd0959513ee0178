"""The gazetteer: complete and consistent data, lookups by name, mentions in text, validation."""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

import pytest

from graph.errors import UnknownJurisdiction, VocabularyError
from graph.gazetteer import Gazetteer, gazetteer, load_gazetteer
from graph.ids import jurisdiction_slug, slugify
from graph.paths import data_dir
from graph.vocabulary import vocabulary

DATA = data_dir() / "gazetteer"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _of_kind(g: Gazetteer, kind: str) -> list:
    """The real jurisdictions of a kind (the demo's made-up Norrbacka, fictional.csv, left out)."""
    fictional = {r["slug"] for r in _rows("fictional.csv")}
    return [j for j in g.jurisdictions.values() if j.kind == kind and j.slug not in fictional]


# --- the data ------------------------------------------------------------------------------
def test_the_demo_municipality_is_known_and_last(g):
    """Norrbacka is made up for the demo (data/examples/): the extractor reads its texts."""
    assert g.jurisdiction("norrbacka").name == "Norrbacka kommun"
    assert g.resolve_jurisdiction("Norrbackas kommun") == "norrbacka"
    assert [r["slug"] for r in _rows("fictional.csv")] == ["norrbacka"]


def test_counts(g):
    assert len(_of_kind(g, "municipality")) == 290
    assert len(_of_kind(g, "region")) == 21
    assert [j.slug for j in _of_kind(g, "state")] == ["sverige"]
    assert g.jurisdiction("sverige").genitive == "Sveriges"


def test_rows_are_unique():
    munis, regions = _rows("municipalities.csv"), _rows("regions.csv")
    assert len({r["code"] for r in munis}) == len(munis) == 290
    assert len({r["code"] for r in regions}) == len(regions) == 21
    slugs = [r["slug"] for r in munis + regions + _rows("states.csv")]
    assert len(set(slugs)) == len(slugs)


def test_municipality_codes_belong_to_their_county(g):
    county_of_code = {j.code: j.county for j in _of_kind(g, "region")}
    for m in _of_kind(g, "municipality"):
        assert len(m.code) == 4 and m.code.isdigit(), m
        assert county_of_code[m.code[:2]] == m.county, m


def test_slugs_follow_the_id_rule(g):
    for m in _of_kind(g, "municipality"):
        assert m.slug == jurisdiction_slug(m.short) or m.slug.startswith(jurisdiction_slug(m.short) + "-"), m
    municipal = {m.slug for m in _of_kind(g, "municipality")}
    for r in _of_kind(g, "region"):
        base = jurisdiction_slug(r.short)
        # a region whose short name is a municipality's takes its county's: stockholms-lan
        assert r.slug == (jurisdiction_slug(r.county) if base in municipal else base), r
    assert g.jurisdiction("jamtland-harjedalen").name == "Region Jämtland Härjedalen"
    assert g.jurisdiction("habo").short == "Habo" and g.jurisdiction("habo-uppsala").short == "Håbo"


def test_genitives(g):
    for m in _of_kind(g, "municipality"):
        if m.short[-1] in "sxz":
            assert m.genitive == m.short, m
        elif m.short != "Falun":  # "Falu kommun"
            assert m.genitive == m.short + "s", m
    assert [g.jurisdiction(s).genitive for s in ("huddinge", "boras", "strangnas", "kalix")] == [
        "Huddinges",
        "Borås",
        "Strängnäs",
        "Kalix",
    ]


def test_official_names(g):
    assert g.jurisdiction("huddinge").name == "Huddinge kommun"
    assert g.jurisdiction("hassleholm").name == "Hässleholms kommun"
    assert g.jurisdiction("stockholm").name == "Stockholms stad"
    assert g.jurisdiction("vastra-gotaland").name == "Västra Götalandsregionen"
    assert all(m.name.endswith((" kommun", " stad")) for m in _of_kind(g, "municipality"))


# --- lookups by name -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, slug",
    [
        ("huddinge", "huddinge"),
        ("Huddinge", "huddinge"),
        ("HUDDINGE KOMMUN", "huddinge"),
        ("Huddinges", "huddinge"),
        ("Hässleholms kommun", "hassleholm"),
        ("Hassleholm", "hassleholm"),
        ("upplands-vasby", "upplands-vasby"),
        ("Upplands Väsby", "upplands-vasby"),
        ("Eksjö kommun", "eksjo"),
        ("Västerås stad", "vasteras"),
        ("Västerås", "vasteras"),
        ("Falu kommun", "falun"),
        ("Malmö stad", "malmo"),
        ("Region Skåne", "skane"),
        ("Skåne", "skane"),
        ("Region Jämtland Härjedalen", "jamtland-harjedalen"),
        ("Stockholm", "stockholm"),
        ("Region Stockholm", "stockholms-lan"),
        ("Stockholms län", "stockholms-lan"),
        ("Stockholms läns landsting", "stockholms-lan"),
        ("Jönköpings län", "jonkopings-lan"),
        ("Sverige", "sverige"),
        ("Sveriges", "sverige"),
        ("Håbo", "habo-uppsala"),
        ("Habo", "habo"),
        ("Vem äger integrationen i Gislaved?", "gislaved"),
    ],
)
def test_resolve_jurisdiction(g, text, slug):
    assert g.resolve_jurisdiction(text) == slug


def test_forms_resolve_to_their_own_jurisdiction(g):
    """Every form of a municipality names it, unless another municipality shares it."""
    for m in _of_kind(g, "municipality"):
        for form in (m.short, m.name, f"{m.genitive} kommun", m.slug):
            assert g.resolve_jurisdiction(form) == m.slug, (form, m.slug)


def test_unknown_jurisdiction_names_close_matches(g):
    with pytest.raises(UnknownJurisdiction) as err:
        g.resolve_jurisdiction("Hudinge")
    assert "huddinge" in err.value.hint
    with pytest.raises(UnknownJurisdiction) as err:
        g.jurisdiction("hasleholm")
    assert "hassleholm" in str(err.value)
    assert g.close_matches("Vallentona", limit=2)[0] == "vallentuna"
    assert not g.is_jurisdiction("ankeborg") and g.is_jurisdiction("orust")


# --- mentions in text ------------------------------------------------------------------------
def _found(g, text):
    return [(slug, text[a:b]) for slug, a, b in g.find_jurisdictions(text)]


def test_find_in_a_sentence(g):
    text = (
        "Hässleholms kommunfullmäktige och Huddinges socialnämnd har frågat Region Skåne, "
        "Borås stad och Malung-Sälens kommun om erfarenheter från Stockholms län."
    )
    assert _found(g, text) == [
        ("hassleholm", "Hässleholms"),
        ("huddinge", "Huddinges"),
        ("skane", "Region Skåne"),
        ("boras", "Borås stad"),
        ("malung-salen", "Malung-Sälens kommun"),
        ("stockholms-lan", "Stockholms län"),
    ]


def test_find_skips_places_inside_organisation_names(g):
    text = "Länsstyrelsen i Stockholms län, Sveriges Kommuner och Regioner och Hela Sverige ska leva träffades i Eksjö."
    assert _found(g, text) == [("eksjo", "Eksjö")]


def test_ambiguous_names_need_a_place_context(g):
    assert _found(g, "Det var åren då berget och marken såldes.") == []
    assert _found(g, "Berg är en kommun. Anna Lund bor i Vara.") == [("vara", "Vara")]
    assert _found(g, "Mötet hölls i Lund, Skara och Mark förra året.") == [
        ("lund", "Lund"),
        ("skara", "Skara"),
        ("mark", "Mark"),
    ]
    assert _found(g, "marks kommun och Bergs kommunstyrelse") == [("mark", "marks kommun"), ("berg", "Bergs")]
    assert _found(g, "Intervjuer med Per Berg och Vara Persson.") == []


def test_ambiguous_list_names_real_jurisdictions(g):
    shorts = {j.short for j in g.jurisdictions.values()}
    names = [ln.split("#")[0].strip() for ln in (DATA / "ambiguous.txt").read_text(encoding="utf-8").splitlines()]
    assert {n for n in names if n} <= shorts
    assert g.ambiguous and "Huddinge" not in g.ambiguous


def test_find_is_fast_on_a_long_text(g):
    text = "Socialnämnden i Huddinge och kommunstyrelsen i Eksjö diskuterade ansvaret. " * 400
    start = time.perf_counter()
    found = g.find_jurisdictions(text)
    assert len(found) == 800
    assert time.perf_counter() - start < 2.0


# --- organisations ---------------------------------------------------------------------------
def test_organisation_lookups(g):
    assert g.organisation_by_name("MUCF").id == "org/myndigheten-for-ungdoms-och-civilsamhallesfragor"
    assert g.organisation_by_name("Dua").id == "org/delegationen-for-unga-och-nyanlanda-till-arbete"
    assert g.organisation_by_name("Öhrlings PricewaterhouseCoopers").id == "org/pwc"
    assert g.organisation_by_name("skr").id == "org/sveriges-kommuner-och-regioner"
    assert g.organisation_by_name("Röda Korsets").id == "org/roda-korset"
    assert g.organisation_by_name("Länsstyrelsen") is None
    assert g.organisation_by_name("Ingen sådan förening") is None
    assert g.organisation("org/riksdagen").type == "board" and g.organisation("org/riksdagen").jurisdiction == "sverige"
    assert g.organisation("org/nope") is None


def test_one_county_board_per_county(g):
    for region in _of_kind(g, "region"):
        org = g.organisation(f"org/lansstyrelsen-{slugify(region.county)}")
        assert org is not None and org.name == f"Länsstyrelsen i {region.county}", region.county
        assert org.type == "agency" and org.parent == "org/lansstyrelserna"


def test_organisation_data_is_consistent(g):
    types = set(vocabulary().entity_types)
    ministries = [o for o in g.organisations.values() if o.name.endswith("departementet")]
    assert len(ministries) >= 10 and all(o.parent == "org/regeringskansliet" for o in ministries)
    for org in g.organisations.values():
        assert org.type in types and org.type not in ("person", "issue", "jurisdiction"), org
        assert org.parent is None or org.parent in g.organisations, org
        assert g.organisation_by_name(org.name) is org


# --- validation --------------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "gazetteer"
    shutil.copytree(DATA, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_copy_loads(copy):
    assert len(load_gazetteer(copy).jurisdictions) == 312 + len(_rows("fictional.csv"))  # 290 + 21 + 1 real


def test_missing_column_is_reported(copy):
    _edit(copy / "regions.csv", "code,name,short,slug,genitive,county", "code,name,short,slug,county")
    with pytest.raises(VocabularyError, match=r"regions\.csv:1: missing column\(s\) genitive"):
        load_gazetteer(copy)


def test_duplicate_slug_is_reported_with_its_row(copy):
    _edit(
        copy / "municipalities.csv",
        "0127,Botkyrka kommun,Botkyrka,botkyrka,",
        "0127,Botkyrka kommun,Botkyrka,huddinge,",
    )
    with pytest.raises(VocabularyError, match=r"municipalities\.csv:9: duplicate slug 'huddinge'"):
        load_gazetteer(copy)


def test_duplicate_code_is_reported(copy):
    _edit(copy / "municipalities.csv", "0127,Botkyrka", "0126,Botkyrka")
    with pytest.raises(VocabularyError, match="duplicate code '0126'"):
        load_gazetteer(copy)


def test_bad_slug_is_reported(copy):
    _edit(copy / "states.csv", ",sverige,", ",Sverige,")
    with pytest.raises(VocabularyError, match=r"states\.csv:2: slug 'Sverige'"):
        load_gazetteer(copy)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("name: KPMG, type: company", "name: KPMG, type: firm", r"org/kpmg\): type 'firm'"),
        ("name: KPMG, type: company", "name: KPMG, type: person", r"org/kpmg\): type 'person'"),
        ("id: org/deloitte,", "id: org/kpmg,", r"org/kpmg\): duplicate id"),
        ("aliases: [BDO Sweden]", "aliases: [KPMG]", "name 'KPMG' also names org/kpmg"),
        ("parent: org/lansstyrelserna", "parent: org/lansstyrelsen", "unknown parent 'org/lansstyrelsen'"),
        ("jurisdiction: sverige", "jurisdiction: svea", "unknown jurisdiction 'svea'"),
        ("id: org/kpmg,", "id: kpmg,", r"must be org/<slug>"),
    ],
)
def test_broken_organisations_are_reported(copy, old, new, message):
    _edit(copy / "organisations.yaml", old, new)
    with pytest.raises(VocabularyError, match=message) as err:
        load_gazetteer(copy)
    assert "organisations.yaml" in str(err.value)


def test_unknown_ambiguous_name_is_reported(copy):
    with (copy / "ambiguous.txt").open("a", encoding="utf-8") as fh:
        fh.write("Ankeborg\n")
    with pytest.raises(VocabularyError, match=r"ambiguous\.txt:\d+: 'Ankeborg'"):
        load_gazetteer(copy)


def test_loading_is_fast():
    """It runs at CLI start: well under 100 ms (best of three, imports warmed)."""
    load_gazetteer(DATA)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        load_gazetteer(DATA)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.1
