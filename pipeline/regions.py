"""Place names -> ISO 3166 codes: pycountry's names plus the alias gazetteer in `models/`.

Every country's subdivisions are matched from pycountry's own names (with diacritics folded
and the usual suffixes "Province", "State", "oblast" dropped), so a new country needs no
code; aliases, districts and cities (PARENT/Name) are data in
`models/gazetteers/regions.jsonl`. A name shared by two countries ("Punjab") is settled by
the document's country, which is voted from all the places the text names.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pycountry
import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .resources import load_jsonl

SPANS_KEY = "tally_regions"
_SUFFIXES = (
    " Province",
    " province",
    " State",
    " state",
    " oblast",
    " Oblast",
    " Governorate",
    " governorate",
    " Region",
    " region",
    " District",
    " district",
    " Division",
    " Territory",
)
_PREFIXES = ("Al ", "An ", "As ", "Ar ", "Ash ", "At ", "Az ", "Ad ")


@dataclass(frozen=True)
class Place:
    code: str
    kind: str  # country | subdivision | district | city | zone | area | place | demonym
    country: str
    # names a place only in a document whose country is known ("the capital", "UK"): it never votes for a
    # country and names nothing without one (rows marked "needs_context" in the gazetteer)
    needs_context: bool = False


def fold(s: str) -> str:
    """'Bihār' -> 'Bihar': news copy drops the diacritics that ISO names carry."""
    s = s.replace("’", "'").replace("ʼ", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# Place gazetteers in load order: a later file's alias overrides an earlier one inside its country.
_PLACE_FILES = ("gazetteers/subdivisions_en.jsonl", "gazetteers/regions.jsonl", "gazetteers/cities.jsonl",
                "gazetteers/capitals.jsonl")


@cache
def gazetteer() -> dict[str, tuple[Place, ...]]:
    """Surface form -> the places it can name."""
    table: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        forms = {name, fold(name)}
        # "Şa‘dah" is written "Sa'dah" or "Sadah" in English news: plain and dropped apostrophes
        forms |= {regex.sub(r"[‘’ʿʾʻʼ`´]", "'", f) for f in forms} | {regex.sub(r"[‘’ʿʾʻʼ`´]", "", f) for f in forms}
        for form in forms:
            form = form.strip()
            if len(form) < 2:
                continue
            lst = table.setdefault(form, [])
            if place not in lst:
                lst.append(place)

    for c in pycountry.countries:
        p = Place(c.alpha_2, "country", c.alpha_2)
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                add(v, p)
                if "," in v:  # "Iran, Islamic Republic of" -> "Iran"
                    add(v.split(",")[0], p)
    # a name that is a division and a district of it ("Dhaka"): the higher level first
    for s in sorted(pycountry.subdivisions, key=lambda s: bool(getattr(s, "parent_code", None))):
        p = Place(s.code, "subdivision", s.country_code)
        names = {s.name, fold(s.name)}
        for n in list(names):
            for suf in _SUFFIXES:
                if n.endswith(suf):
                    names.add(n[: -len(suf)])
            for pre in _PREFIXES:
                if n.startswith(pre):
                    names.add(n[len(pre) :])
            if "(" in n:
                names.add(n.split("(")[0].strip())
                names.add(n.split("(")[1].rstrip(")").strip())  # "National Capital District (Port Moresby)"
        kind_words = {"State", "province", "Province"}
        if s.type and len(s.type.split()) == 1:
            kind_words |= {s.type, s.type.lower()}  # "Guatemala department", "Osh Region"
        for n in names:
            if n and n[0].isupper():
                add(n, p)
                for w in kind_words:
                    add(f"{n} {w}", p)
    rows = [
        row
        for name in _PLACE_FILES
        for row in load_jsonl(
            name, required=("code", "aliases"), allowed=("code", "aliases", "kind", "country", "needs_context", "name")
        )
    ]
    for row in rows:
        code = row["code"]
        if "/" in code:
            # "MZ-P/Chiúre" is written "MZ-P/Chiure": a place's own name in a code is plain ASCII
            parent, name = code.split("/", 1)
            code = f"{parent}/{fold(name)}"
        country = row.get("country") or code[:2]
        kind = row.get("kind") or ("country" if len(code) == 2 else "subdivision")
        p = Place(code, kind, country, bool(row.get("needs_context")))
        for a in row["aliases"]:
            # an alias overrides pycountry's reading of the same form inside its country
            lst = table.setdefault(a, [])
            lst[:] = [x for x in lst if x.country != country]
            lst.insert(0, p)
    for row in load_jsonl("gazetteers/demonyms.jsonl", required=("code", "aliases"), allowed=("code", "aliases")):
        for a in row["aliases"]:
            table.setdefault(a, []).append(Place(row["code"], "demonym", row["code"]))
    return {k: tuple(v) for k, v in table.items()}


def _skeleton(name: str) -> str:
    """'Banaadir' and 'Banadir', 'Shabeellaha' and 'Shabelle' compare by this key."""
    s = fold(name).lower()
    s = regex.sub(r"[^a-z]", "", s)
    return regex.sub(r"(.)\1+", r"\1", s)


@cache
def _skeletons(country: str) -> tuple[tuple[str, str], ...]:
    return tuple((_skeleton(s.name), s.code) for s in pycountry.subdivisions.get(country_code=country) or ())


def fuzzy_subdivision(name: str, country: str) -> str | None:
    """A subdivision of `country` whose ISO name is spelled a little differently (Banadir ~ Banaadir)."""
    import difflib

    key = _skeleton(name)
    if len(key) < 4:
        return None
    best, code = 0.0, None
    for sk, c in _skeletons(country):
        r = difflib.SequenceMatcher(None, key, sk).ratio()
        if r > best:
            best, code = r, c
    return code if best >= 0.86 else None


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


@cache
def region_label(code: str) -> str:
    """A reader's name for a code, for messages: 'PK-BA' -> 'Balochistan'."""
    if "/" in code:
        return code.split("/", 1)[1]
    if len(code) == 2:
        return country_name(code)
    s = pycountry.subdivisions.get(code=code)
    return fold(s.name) if s else code


class RegionMatcher:
    """spaCy component: writes every gazetteer hit to doc.spans['tally_regions'] (label = code)."""

    def __init__(self, nlp: Language, name: str = "tally_regions") -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        table = gazetteer()
        forms = list(table)
        for i, doc in enumerate(nlp.tokenizer.pipe(forms, batch_size=1000)):
            self.matcher.add(forms[i], [doc])
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, s, e in self.matcher(doc):
            form = doc.vocab.strings[match_id]
            spans.append(Span(doc, s, e, label=form))
        # longest match wins where names overlap ("Azad Jammu and Kashmir" over "Kashmir")
        spans.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
        kept: list[Span] = []
        for sp in spans:
            if kept and sp.start < kept[-1].end:
                continue
            kept.append(sp)
        doc.spans[SPANS_KEY] = kept
        return doc


@Language.factory("tally_regions")
def make_region_matcher(nlp: Language, name: str) -> RegionMatcher:
    return RegionMatcher(nlp, name)


@dataclass(frozen=True)
class RegionMention:
    start: int  # characters
    end: int
    text: str
    places: tuple[Place, ...]
    tok: int = 0
    tok_end: int = 0


def mentions(doc: Doc) -> list[RegionMention]:
    table = gazetteer()
    out = []
    for sp in doc.spans.get(SPANS_KEY, []):
        out.append(RegionMention(sp.start_char, sp.end_char, sp.text, table.get(sp.label_, ()), sp.start, sp.end))
    return out


_DATELINE = regex.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})\s*(?:,[^:\n]{0,30})?\s*(?:\([^)]{0,40}\))?\s*"
    r"(?::|—|–|-{1,2})\s"
)


# subdivision names that are common words too: they name a place in their own country's reports but say
# nothing about which country a report is about
_COMMON_WORD_NAMES = {"north", "south", "east", "west", "centre", "center", "central", "northern", "southern",
                      "eastern", "western", "coast", "lakes", "delta", "plateau", "littoral", "far north", "capital",
                      "upper", "lower", "north east", "north west", "south east", "south west", "north-east",
                      "north-west", "south-east", "south-west", "region", "islands", "mountains", "highlands"}


def document_country(text: str, ments: list[RegionMention]) -> str | None:
    """The main country: countries named count most, early mentions more than late ones."""
    votes: Counter[str] = Counter()
    n = max(1, len(text))
    for m in ments:
        if m.text.lower() in _COMMON_WORD_NAMES or any(p.needs_context for p in m.places):
            continue  # "West" in "West Gojjam" is Cameroon's West region only in a Cameroonian report
        weight = 1.0 + (1.0 - m.start / n)
        named = [p for p in m.places if p.kind == "country"]
        # "Mali" is a country and a prefecture of Guinea: a country's own name votes for it
        for p in named[:1] or (m.places[:1] if len({p.country for p in m.places}) == 1 else ()):
            votes[p.country] += weight * (3 if p.kind == "country" else 1)
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def choose(m: RegionMention, country: str | None, named: frozenset[str] = frozenset()) -> Place | None:
    """The place a mention names in this document; demonyms name no place.

    A name of another country's region counts when it is unambiguous (one country has it, and
    it is a name of several words or that country is named too): "Azad Kashmir" in an Indian
    report, "Kabul" beside "Afghanistan". A lone one-word name of a far-away subdivision
    ("Delta", "Centre") is more likely a common word than a place.
    """
    cands = [p for p in m.places if p.kind != "demonym"]
    if not cands or (not country and all(p.needs_context for p in cands)):
        return None
    if country:
        own = [p for p in cands if p.country == country]
        if own:
            return own[0]
        countries = [p for p in cands if p.kind == "country"]
        if countries:
            return countries[0]
        if len({p.country for p in cands}) == 1 and (" " in m.text or cands[0].country in named):
            return cands[0]
        return None
    return cands[0]


def dateline_end(text: str) -> int:
    """'ISLAMABAD:' or 'KABUL (Pajhwok):' opens many articles; that place says where it was filed."""
    m = _DATELINE.match(text)
    return m.end() if m else 0
