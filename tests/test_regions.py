"""Tables pinning `pipeline.regions`: the gazetteer, mentions in rules-pipeline docs, the choice
between same-name places, the document's country and the dateline."""

from __future__ import annotations

import pytest

from pipeline.regions import (
    Place,
    choose,
    dateline_end,
    document_country,
    fold,
    gazetteer,
    mentions,
    region_label,
)

# --- the gazetteer: surface form -> places ----------------------------------------------------

GAZETTEER = [
    # form, first place's code, kind, country
    ("KP", "PK-KP", "subdivision", "PK"),
    ("KPK", "PK-KP", "subdivision", "PK"),
    ("Khyber-Pakhtunkhwa", "PK-KP", "subdivision", "PK"),
    ("Khyber Pakhtunkhwa", "PK-KP", "subdivision", "PK"),
    ("Khyber Pakhtunkhwa province", "PK-KP", "subdivision", "PK"),
    ("NWFP", "PK-KP", "subdivision", "PK"),
    ("Port Moresby", "PG-NCD", "subdivision", "PG"),  # pycountry: "National Capital District (Port Moresby)"
    ("Sa'dah", "YE-SD", "subdivision", "YE"),  # pycountry: "Şāʻdah"
    ("West Bank", "PS/West Bank", "area", "PS"),
    ("Balochistan", "PK-BA", "subdivision", "PK"),
    ("Baluchistan", "PK-BA", "subdivision", "PK"),
    ("ICT", "PK-IS", "subdivision", "PK"),
    ("Islamabad", "PK-IS", "subdivision", "PK"),
    ("GB", "PK-GB", "subdivision", "PK"),
    ("Gilgit-Baltistan", "PK-GB", "subdivision", "PK"),
    ("AJK", "PK-JK", "subdivision", "PK"),
    ("Azad Jammu and Kashmir", "PK-JK", "subdivision", "PK"),
    ("Sindh", "PK-SD", "subdivision", "PK"),
    ("Sindh province", "PK-SD", "subdivision", "PK"),
    # pycountry subdivision names, diacritics folded, suffixes dropped
    ("Bihar", "IN-BR", "subdivision", "IN"),
    ("Bihār", "IN-BR", "subdivision", "IN"),
    ("Kirkuk", "IQ-KI", "subdivision", "IQ"),
    ("Zamfara", "NG-ZA", "subdivision", "NG"),
    ("Zamfara State", "NG-ZA", "subdivision", "NG"),
    ("Borno", "NG-BO", "subdivision", "NG"),
    # districts, cities and areas below a subdivision: PARENT/Name
    ("Bannu", "PK-KP/Bannu", "district", "PK"),
    ("Kurram", "PK-KP/Kurram", "district", "PK"),
    ("North Waziristan", "PK-KP/North Waziristan", "district", "PK"),
    ("Karachi", "PK-SD/Karachi", "city", "PK"),
    ("Quetta", "PK-BA/Quetta", "city", "PK"),
    ("Peshawar", "PK-KP/Peshawar", "city", "PK"),
    ("FATA", "PK-KP/FATA", "area", "PK"),
    # countries and demonyms
    ("Pakistan", "PK", "country", "PK"),
    ("Nigeria", "NG", "country", "NG"),
    ("Iraq", "IQ", "country", "IQ"),
    ("Pakistani", "PK", "demonym", "PK"),
    ("Pakistan's", "PK", "demonym", "PK"),
    pytest.param(
        "Maiduguri", "NG-BO/Maiduguri", "city", "NG",
        id="maiduguri",
    ),
    # English names where pycountry has the local form ("Dagestan, Respublika", "Kurskaya oblast'")
    ("Dagestan", "RU-DA", "subdivision", "RU"),
    ("Chechnya", "RU-CE", "subdivision", "RU"),
    ("Ingushetia", "RU-IN", "subdivision", "RU"),
    ("North Ossetia", "RU-SE", "subdivision", "RU"),
    ("Kursk region", "RU-KRS", "subdivision", "RU"),
    ("Centre-North", "BF-05", "subdivision", "BF"),
    ("St Catherine", "JM-14", "subdivision", "JM"),
    ("Dhaka Division", "BD-C", "subdivision", "BD"),
    ("Nairobi", "KE-30", "subdivision", "KE"),
    ("Somali region", "ET-SO", "subdivision", "ET"),
    ("Turkey", "TR", "country", "TR"),
    ("Ivory Coast", "CI", "country", "CI"),
    # demonyms of countries beyond the dev set
    ("Tunisian", "TN", "demonym", "TN"),
    ("Somalis", "SO", "demonym", "SO"),
    ("Burkinabè", "BF", "demonym", "BF"),
    ("Filipinos", "PH", "demonym", "PH"),
    ("Congolese", "CD", "demonym", "CD"),
    ("South Sudanese", "SS", "demonym", "SS"),
    ("Colombia's", "CO", "demonym", "CO"),
    # named groups of subdivisions
    ("North Caucasus", "RU/North Caucasus", "zone", "RU"),
    ("Darfur", "SD/Darfur", "zone", "SD"),
    ("North Darfur", "SD-DN", "subdivision", "SD"),
    ("East Jerusalem", "PS-JEM/East Jerusalem", "area", "PS"),
    # groups with no code of their own name all their members
    ("southern border provinces", "TH-90+TH-94+TH-95+TH-96", "zone", "TH"),
    ("Anglophone regions", "CM-NW+CM-SW", "zone", "CM"),
    ("KwaZulu-Natal", "ZA-KZN", "subdivision", "ZA"),
    # English press names of subdivisions that pycountry transliterates (subdivisions_en.jsonl)
    ("Sistan and Baluchestan", "IR-11", "subdivision", "IR"),
    ("West Azerbaijan", "IR-04", "subdivision", "IR"),
    ("Almaty region", "KZ-19", "subdivision", "KZ"),
    ("Diyarbakir", "TR-21", "subdivision", "TR"),
    # a subdivision's name with the word for its kind ("department", "region")
    ("Guatemala department", "GT-01", "subdivision", "GT"),
]


@pytest.mark.parametrize("form,code,kind,country", GAZETTEER)
def test_regions_gazetteer_form(form, code, kind, country):
    places = gazetteer().get(form)
    assert places, f"{form!r} is not in the gazetteer"
    assert places[0] == Place(code, kind, country)


def test_regions_gazetteer_punjab_names_two_provinces():
    assert gazetteer()["Punjab"] == (
        Place("PK-PB", "subdivision", "PK"),
        Place("IN-PB", "subdivision", "IN"),
    )


# --- mentions in a rules-pipeline doc, chosen by the document's country ------------------------

SENTENCES = [
    # sentence, document country, [(mention text, chosen code)]
    ("Militants killed 14 soldiers in KP.", "PK", [("KP", "PK-KP")]),
    ("In the NWFP and KPK, 20 died.", "PK", [("NWFP", "PK-KP"), ("KPK", "PK-KP")]),
    (
        "Attacks rose in Khyber-Pakhtunkhwa and Baluchistan.",
        "PK",
        [("Khyber-Pakhtunkhwa", "PK-KP"), ("Baluchistan", "PK-BA")],
    ),
    ("ICT, GB and AJK saw no attacks.", "PK", [("ICT", "PK-IS"), ("GB", "PK-GB"), ("AJK", "PK-JK")]),
    ("Police in Punjab, Pakistan arrested 5.", "PK", [("Punjab", "PK-PB"), ("Pakistan", "PK")]),
    ("Police in Punjab, India arrested 5.", "IN", [("Punjab", "IN-PB"), ("India", "IN")]),
    ("In Sindh, Punjab saw fewer attacks.", "PK", [("Sindh", "PK-SD"), ("Punjab", "PK-PB")]),
    ("Five died in Bihar, India.", "IN", [("Bihar", "IN-BR"), ("India", "IN")]),
    ("Violence in Kirkuk, Iraq.", "IQ", [("Kirkuk", "IQ-KI"), ("Iraq", "IQ")]),
    ("Violence in Nineveh rose.", "IQ", [("Nineveh", "IQ-NI")]),
    ("Gunmen killed 12 villagers in Zamfara State, Nigeria.", "NG", [("Zamfara State", "NG-ZA"), ("Nigeria", "NG")]),
    ("Bandits attacked Zamfara and Kano.", "NG", [("Zamfara", "NG-ZA"), ("Kano", "NG-KN")]),
    ("Plateau State and Benue State.", "NG", [("Plateau State", "NG-PL"), ("Benue State", "NG-BE")]),
    ("A blast in Bannu killed 3.", "PK", [("Bannu", "PK-KP/Bannu")]),
    (
        "Ten people died in South Waziristan and North Waziristan.",
        "PK",
        [("South Waziristan", "PK-KP/South Waziristan"), ("North Waziristan", "PK-KP/North Waziristan")],
    ),
    (
        "Khyber Pakhtunkhwa's Bannu district",
        "PK",
        [("Khyber Pakhtunkhwa", "PK-KP"), ("Bannu", "PK-KP/Bannu")],
    ),
    ("Karachi, Sindh saw 4 attacks.", "PK", [("Karachi", "PK-SD/Karachi"), ("Sindh", "PK-SD")]),
    # a demonym says which country, never where: it names no place
    (
        "Gunmen killed 9 in Zamfara. Nigeria's army responded.",
        "NG",
        [("Zamfara", "NG-ZA"), ("Nigeria's", None)],
    ),
    ("Gunmen stormed a police post in Dagestan and killed four officers.", "RU", [("Dagestan", "RU-DA")]),
    (
        "Two soldiers died in Chechnya and one in Kabardino-Balkaria.",
        "RU",
        [("Chechnya", "RU-CE"), ("Kabardino-Balkaria", "RU-KB")],
    ),
    (
        "Shelling killed two people in the Belgorod region, Russia's defence ministry said.",
        "RU",
        [("Belgorod region", "RU-BEL"), ("Russia's", None)],
    ),
    (
        "Jihadists killed 12 in the Centre-North region, Burkinabe officials said.",
        "BF",
        [("Centre-North", "BF-05"), ("Burkinabe", None)],
    ),
    (
        "Police counted 61 murders in St Catherine and 40 in St. James, Jamaican police said.",
        "JM",
        [("St Catherine", "JM-14"), ("St. James", "JM-08"), ("Jamaican", None)],
    ),
    # "Israeli" is no demonym on purpose: in a Gaza report it would outvote the Palestinian places
    (
        "Israeli air strikes killed 35 Palestinians in Gaza overnight.",
        "PS",
        [("Palestinians", None), ("Gaza", "PS/Gaza Strip")],
    ),
    # "Somali" is Ethiopia's region and Somalia's demonym: it votes for neither
    (
        "Al-Shabaab killed nine Somali soldiers in Lower Jubba.",
        "SO",
        [("Somali", None), ("Lower Jubba", "SO-JH")],
    ),
    # "South West region" is Nigeria's zone and Cameroon's region: the document's country decides
    (
        "Bandits hit Zamfara State; the South West region saw three deaths.",
        "NG",
        [("Zamfara State", "NG-ZA"), ("South West region", "NG/South West")],
    ),
    (
        "Separatists killed 5 in the South West region, Cameroonian officials said.",
        "CM",
        [("South West region", "CM-SW"), ("Cameroonian", None)],
    ),
    pytest.param(
        "Mob killings by division in Bangladesh: Dhaka 57, Rajshahi 19 and Sylhet 4.",
        "BD",
        [("Bangladesh", "BD"), ("Dhaka", "BD-C"), ("Rajshahi", "BD-E"), ("Sylhet", "BD-G")],
        id="a-name-of-a-division-and-its-district-is-the-division",
    ),
    pytest.param(
        "Attacks in Kashmir and Azad Kashmir",
        "IN",
        [("Kashmir", "IN-JK"), ("Azad Kashmir", "PK-JK")],
        id="foreign-only-subdivision",
    ),
]


@pytest.mark.parametrize("text,country,expected", SENTENCES)
def test_regions_mentions_choose(rules_nlp, text, country, expected):
    ms = mentions(rules_nlp(text))
    assert document_country(text, ms) == country
    got = []
    for m in ms:
        place = choose(m, country)
        got.append((m.text, place.code if place else None))
        assert text[m.start : m.end] == m.text
    assert got == expected


CHOOSE_PUNJAB = [
    ("PK", "PK-PB"),
    ("IN", "IN-PB"),
    (None, "PK-PB"),  # no country known: the first reading
    ("NG", None),  # neither country's: no place
]


@pytest.mark.parametrize("country,code", CHOOSE_PUNJAB)
def test_regions_choose_punjab(rules_nlp, country, code):
    (m,) = mentions(rules_nlp("Violence in Punjab."))
    place = choose(m, country)
    assert (place.code if place else None) == code


def test_regions_mention_token_offsets(rules_nlp):
    doc = rules_nlp("Attacks in North Waziristan rose.")
    (m,) = mentions(doc)
    assert (m.start, m.end, m.tok, m.tok_end) == (11, 27, 2, 4)
    assert doc[m.tok : m.tok_end].text == "North Waziristan"


def test_regions_longest_match_wins(rules_nlp):
    ms = mentions(rules_nlp("Militants attacked Azad Jammu and Kashmir."))
    assert [(m.text, m.places[0].code) for m in ms] == [("Azad Jammu and Kashmir", "PK-JK")]


# --- the document's country ------------------------------------------------------------------

COUNTRIES = [
    ("The Nigeria Security Tracker recorded attacks in Borno, Yobe and Adamawa; Zamfara also suffered.", "NG"),
    ("Bandits killed 30 people in Zamfara and Katsina last week.", "NG"),
    ("Militants killed 14 soldiers in Kurram and 3 civilians in Quetta.", "PK"),
    ("Attacks in Baghdad and Mosul killed 20.", "IQ"),
    ("Fighting in Donetsk and Luhansk.", "UA"),
    ("Attacks in Helmand and Kabul, Afghanistan.", "AF"),
    ("Nothing here names a place.", None),
    # demonyms vote: one Libyan place no longer outweighs a Tunisian report
    (
        "Tunisian troops killed three militants in the mountains near Kasserine; a Tunisian border guard "
        "was wounded at a post facing Libya.",
        "TN",
    ),
    ("Mozambican officials said insurgents killed 11 villagers in Cabo Delgado.", "MZ"),
    ("Congolese troops retook two villages in North Kivu from the rebels.", "CD"),
    ("Armed gangs killed 67 people in the Artibonite, Haitian police said.", "HT"),
    # "Mali" is also a prefecture of Guinea: a country's own name still votes for the country
    ("Last year 1,277 civilians were killed in Mali, the UN mission said.", "ML"),
    # "the capital" names the capital of a known country and never votes for one
    ("Gunmen killed 12 people in the capital.", None),
]


@pytest.mark.parametrize("text,country", COUNTRIES)
def test_regions_document_country(rules_nlp, text, country):
    assert document_country(text, mentions(rules_nlp(text))) == country


# --- the demonym file ----------------------------------------------------------------------------


def test_regions_demonyms_file_lists_many_countries_once():
    """One line a real country, capitalised forms only, no form on two lines."""
    import json

    import pycountry

    from pipeline.resources import models_dir

    rows = [
        json.loads(line)
        for line in (models_dir() / "gazetteers" / "demonyms.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("//")
    ]
    codes = [row["code"] for row in rows]
    assert len(codes) >= 100 and len(set(codes)) == len(codes)
    assert [c for c in codes if pycountry.countries.get(alpha_2=c) is None] == []
    forms = [a for row in rows for a in row["aliases"]]
    assert len(set(forms)) == len(forms)
    assert [a for a in forms if not a[0].isupper()] == []
    # ambiguous forms stay out: a US state, two countries, another side's war reports
    assert {"Georgian", "Dominican", "American", "Israeli", "Russian"}.isdisjoint(forms)


# --- datelines ---------------------------------------------------------------------------------

DATELINES = [
    ("ISLAMABAD: Militants killed 3.", "ISLAMABAD: "),
    ("KABUL (Pajhwok): Five died.", "KABUL (Pajhwok): "),
    ("PESHAWAR, July 3: Ten died.", "PESHAWAR, July 3: "),
    ("MAIDUGURI — Gunmen killed 8.", "MAIDUGURI — "),
    ("Dera Ismail Khan: 3 died", "Dera Ismail Khan: "),
    ("Militants killed 3 people.", ""),
    ("In 2023: 5 died", ""),
]


@pytest.mark.parametrize("text,prefix", DATELINES)
def test_regions_dateline_end(text, prefix):
    end = dateline_end(text)
    assert text[:end] == prefix
    assert (end > 0) is bool(prefix)


# --- helpers -------------------------------------------------------------------------------------

FOLD = [("Bihār", "Bihar"), ("Nīnawá", "Ninawa"), ("Kurdistān", "Kurdistan"), ("Khyber’s", "Khyber's")]


@pytest.mark.parametrize("raw,folded", FOLD)
def test_regions_fold(raw, folded):
    assert fold(raw) == folded


LABELS = [
    ("PK-BA", "Balochistan"),
    ("PK-KP", "Khyber Pakhtunkhwa"),
    ("PK-KP/Bannu", "Bannu"),
    ("PK", "Pakistan"),
    ("IR", "Iran"),
    ("IQ-NI", "Ninawa"),
    ("XX-YY", "XX-YY"),
]


@pytest.mark.parametrize("code,label", LABELS)
def test_regions_region_label(code, label):
    assert region_label(code) == label
