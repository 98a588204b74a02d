"""The city gazetteer (`models/gazetteers/cities.jsonl`): every line is a valid city below a real
ISO 3166-2 subdivision, no alias is shared or shadows another reading, and a figure in a sentence
that names a city gets that city's PARENT/Name code."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pycountry
import pytest

from pipeline.regions import Place, fold, gazetteer
from pipeline.resources import models_dir

CITIES = models_dir() / "gazetteers" / "cities.jsonl"
REGIONS = models_dir() / "gazetteers" / "regions.jsonl"
_ARTICLES = ("Al", "An", "As", "Ar", "Ash", "At", "Az", "Ad")
_QUOTES = "[‘’ʿʾʻʼ`´']"


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _rows(path) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("//"):
            rows.append((n, json.loads(line)))
    return rows


CITY_ROWS = _rows(CITIES)


def _ids(rows):
    return [row["code"] for _, row in rows]


def test_cities_file_keeps_its_header_and_has_cities():
    lines = CITIES.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("//") and lines[1].startswith("//")
    assert len(CITY_ROWS) >= 250


@pytest.mark.parametrize("n,row", CITY_ROWS, ids=_ids(CITY_ROWS))
def test_cities_line_is_a_city_below_a_real_subdivision(n, row):
    assert set(row) == {"code", "aliases", "kind"}, f"line {n}"
    assert row["kind"] == "city"
    parent, sep, name = row["code"].partition("/")
    assert sep and name and "/" not in name, f"line {n}: code must be PARENT/Name"
    sub = pycountry.subdivisions.get(code=parent)
    assert sub is not None, f"line {n}: {parent} is not an ISO 3166-2 subdivision"
    assert sub.country_code == parent[:2]
    aliases = row["aliases"]
    assert aliases and len(set(aliases)) == len(aliases), f"line {n}: empty or repeated aliases"
    for a in aliases:
        assert a == a.strip() and len(a) > 3, f"line {n}: alias {a!r} is too short"


def test_cities_no_alias_on_two_lines():
    counts = Counter(a for _, row in CITY_ROWS for a in row["aliases"])
    assert [a for a, c in counts.items() if c > 1] == []


def test_cities_no_alias_is_a_country_name():
    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names |= {v, _fold(v), v.split(",")[0]}
    assert [a for _, row in CITY_ROWS for a in row["aliases"] if a in names or _fold(a) in names] == []


def test_cities_not_already_in_regions_file():
    """A city lives in one file, and a city alias never silently overrides a regions.jsonl alias."""
    regions = [row for _, row in _rows(REGIONS)]
    region_codes = {row["code"] for row in regions}
    region_aliases = {a for row in regions for a in row["aliases"]}
    assert [row["code"] for _, row in CITY_ROWS if row["code"] in region_codes] == []
    assert [a for _, row in CITY_ROWS for a in row["aliases"] if a in region_aliases] == []


def test_cities_alias_does_not_shadow_a_subdivision_of_its_country():
    """'Kano' is the state: the city gets 'Kano city', never the bare name (it would override the state)."""
    bad = []
    for _, row in CITY_ROWS:
        country = row["code"][:2]
        names = set()
        for s in pycountry.subdivisions.get(country_code=country) or ():
            n = _fold(s.name).split(" (")[0]
            for form in (n, n.split(" ", 1)[-1] if n.split(" ")[0] in _ARTICLES else n):
                names |= {form, re.sub(_QUOTES, "'", form), re.sub(_QUOTES, "", form)}
        bad += [a for a in row["aliases"] if _fold(a) in names]
    assert bad == []


def test_cities_alias_names_only_its_city():
    """No alias is also another country's region or city: the gazetteer has one place for it."""
    table = gazetteer()
    bad = []
    for _, row in CITY_ROWS:
        parent, name = row["code"].split("/", 1)
        place = Place(f"{parent}/{fold(name)}", "city", row["code"][:2])  # codes carry the ASCII name
        bad += [(a, table.get(a)) for a in row["aliases"] if table.get(a) != (place,)]
    assert bad == []


# --- behaviour: a figure in a sentence that names a city gets the city's code -----------------

SENTENCES = [
    ("Fighting in El Fasher killed 52 civilians in May 2024, the UN said.", "SD-DN/El Fasher"),
    ("RSF fighters killed 38 people in Geneina in June 2023, witnesses said.", "SD-DW/El Geneina"),
    ("Shelling of Goma killed 14 people and wounded 30 others in February 2024.", "CD-NK/Goma"),
    ("In Bunia, militiamen killed 23 civilians in March 2024, according to the UN mission.", "CD-IT/Bunia"),
    ("Gunmen killed 9 worshippers in Marawi in March 2024, police said.", "PH-LAS/Marawi"),
    ("An airstrike on Khan Younis city killed 37 people in April 2024, health officials said.", "PS-KYS/Khan Younis"),
]


@pytest.fixture(scope="module")
def extract(extractor):
    """The rules-only extractor of conftest.py: city names are gazetteer matches, no model needed."""
    return extractor


@pytest.mark.parametrize("text,code", SENTENCES, ids=[c for _, c in SENTENCES])
def test_cities_figure_gets_the_city_code(text, code, extract):
    rec = extract(text, published="2024-05-01")
    assert rec.facts, text
    assert {f.region for f in rec.facts} == {code}


def test_cities_bare_province_name_still_names_the_province(extract):
    """'Kandahar' is the province, 'Kandahar city' the city: a city line must not take the bare name."""
    rec = extract("Clashes in Aleppo killed 17 people in March 2024, a monitor said.", published="2024-05-01")
    assert [f.region for f in rec.facts] == ["SY-HL"]
    rec = extract("A car bomb in Aleppo city killed 20 people in March 2024, a monitor said.", published="2024-05-01")
    assert [f.region for f in rec.facts] == ["SY-HL/Aleppo"]
