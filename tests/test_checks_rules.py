"""Each rule on small hand-built records (no spaCy): tables of facts and the statuses they get."""

from __future__ import annotations

import math

import pytest

from pipeline.checks import check_record, run_checks
from pipeline.record import Fact, Record
from pipeline.tolerance import fact_interval


def F(fid: str, kind: str, value: float, *, metric: str = "fatalities", actor: str = "all", region: str = "PK",
      period: str = "2024-Q2", approx: str = "exact", text: str | None = None, span: tuple[int, int] = (0, 0),
      **kw) -> Fact:
    """A fact with test defaults: all fatalities in Pakistan in 2024-Q2."""
    if text is None:
        num = f"{abs(value):,g}"
        text = num + ("%" if kind in ("share", "change") else "")
    return Fact(id=fid, kind=kind, metric=metric, value=value, span=span, text=text, sentence=(0, 0), actor=actor,
                region=region, period=period, approx=approx, **kw)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Span of the nth occurrence of needle in text."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def statuses(facts: list[Fact], rule: str, text: str | None = None) -> list[str]:
    checks = run_checks(Record(doc_id="t", facts=tuple(facts)), text)
    return sorted(c.status for c in checks if c.rule == rule)


def failing(facts: list[Fact], text: str | None = None) -> list[set[str]]:
    checks = run_checks(Record(doc_id="t", facts=tuple(facts)), text)
    return [set(c.facts) for c in checks if c.status == "fail"]


REGION_OF = {"region": "PK"}
ACTOR_OF = {"actor": "all"}
REST = ("PK-BA", "PK-KP")

# ---------------------------------------------------------------------------------------------
# tolerance


@pytest.mark.parametrize("fact,lo,hi", [
    (F("f1", "share", 38), 37.5, 38.5),
    (F("f1", "share", 26.7, text="26.7%"), 26.65, 26.75),
    (F("f1", "count", 380), 380, 380),
    (F("f1", "share", 92, approx="nearly", text="nearly 92%"), 82.3, 92.5),
    (F("f1", "count", 1500, approx="over", text="more than 1,500"), 1500, math.inf),
    (F("f1", "count", 586, approx="up_to", text="as many as 586"), 0, 586),
    (F("f1", "change", -50, approx="nearly", text="almost 50 percent"), -50.5, -44.5),
    (F("f1", "count", 24, approx="about", text="dozens of people", low=24, high=99), 24, 99),
    (F("f1", "count", 24, approx="about", text="dozens"), 24, 99),
    (F("f1", "count", 1_200_000, text="1.2 million"), 1_150_000, 1_250_000),
    (F("f1", "change", 100, approx="nearly", text="almost double"), 70, 100),
    (F("f1", "change", 100, approx="over", text="more than twice"), 100, math.inf),
    (F("f1", "count", 15, approx="range", text="10-20", low=10, high=20), 10, 20),
])
def test_checks_tolerance_intervals(fact: Fact, lo: float, hi: float) -> None:
    iv = fact_interval(fact)
    assert iv.lo == pytest.approx(lo, abs=1e-6) and (iv.hi == hi or iv.hi == pytest.approx(hi, abs=1e-6))


# ---------------------------------------------------------------------------------------------
# same_figure


@pytest.mark.parametrize("facts,expected", [
    ([F("f1", "count", 380), F("f2", "count", 380)], ["pass"]),
    ([F("f1", "count", 380), F("f2", "count", 390)], ["fail"]),
    ([F("f1", "count", 1500, approx="over", text="more than 1,500"), F("f2", "count", 1524)], ["pass"]),
    ([F("f1", "count", 1000, approx="nearly", text="nearly 1,000"), F("f2", "count", 1100)], ["fail"]),
    ([F("f1", "count", 380), F("f2", "count", 390, period="2024-Q1")], []),
    ([F("f1", "share", 38, of=ACTOR_OF, actor="militants"), F("f2", "share", 40, of=ACTOR_OF, actor="militants")],
     ["fail"]),
    # 'violence' names no measure: two changes of it may be of different things
    ([F("f1", "change", -12, metric="violence", base_period="2024-Q1"),
      F("f2", "change", -30, metric="violence", base_period="2024-Q1")], []),
    # no period: nothing to compare with
    ([F("f1", "count", 380, period=""), F("f2", "count", 390, period="")], []),
    # far apart: more likely two figures read as one than a misreport
    ([F("f1", "count", 322, period="2016"), F("f2", "count", 1864, period="2016")], ["unverifiable"]),
    # a dropped minus sign is a typo, however far apart
    ([F("f1", "change", 40, base_period="2024-Q1"), F("f2", "change", -40, base_period="2024-Q1")], ["fail"]),
    # changes of very different size (+7% against -43%) are two figures (a subset read as the whole)
    ([F("f1", "change", 7, base_period="2024-Q1"), F("f2", "change", -43, base_period="2024-Q1")],
     ["unverifiable"]),
])
def test_checks_same_figure(facts: list[Fact], expected: list[str]) -> None:
    assert statuses(facts, "same_figure") == expected


def test_checks_far_apart_pair_is_not_failed_by_implied_either() -> None:
    assert failing([F("f1", "count", 322, period="2016"), F("f2", "count", 1864, period="2016")]) == []


def test_checks_same_figure_listed_side_by_side_is_not_a_repeat() -> None:
    text = "Attacks killed 24 militants, a peace committee member and 29 civilians."
    facts = [F("f1", "count", 1, actor="civilians", text="a peace committee member",
               span=at(text, "a peace committee member")),
             F("f2", "count", 29, actor="civilians", text="29 civilians", span=at(text, "29 civilians"))]
    assert failing(facts, text) == []


def two_tolls(first: str, second: str) -> tuple[list[Fact], str]:
    text = f"{first} 35 people were killed in the attack on 6 May. {second} 52 people were killed in it."
    return [F("f1", "count", 35, period="2023-05-06", span=at(text, "35")),
            F("f2", "count", 52, period="2023-05-06", span=at(text, "52"))], text


@pytest.mark.parametrize("first,second,expected", [
    pytest.param("The army said", "The local council said", ["unverifiable"], id="two-sources-disagree"),
    pytest.param("According to the police,", "Hospital staff told reporters", ["unverifiable"],
                 id="according-to-and-told"),
    pytest.param("The army said", "Later the army said", ["fail"], id="one-source-contradicts-itself"),
    pytest.param("Officials said", "It said", ["fail"], id="an-unnamed-second-source-is-the-same"),
    pytest.param("The ministry's first count said", "Its final figure, presented to parliament, was that",
                 ["unverifiable"], id="a-final-figure-revises-a-first-count"),
    pytest.param("Earlier the ministry had reported that", "The ministry said", ["unverifiable"],
                 id="an-earlier-report-is-revised"),
])
def test_checks_same_figure_from_two_sources(first: str, second: str, expected: list[str]) -> None:
    facts, text = two_tolls(first, second)
    assert statuses(facts, "same_figure", text) == expected


def test_checks_a_pronoun_giving_a_figure_is_the_source_the_sentence_before_opened_with() -> None:
    text = ("The observatory counted 3,664 homicides in 2022. The National Police keep their own count. "
            "They reported 3,397 homicides for 2022.")
    facts = [F("f1", "count", 3664, period="2022", span=at(text, "3,664")),
             F("f2", "count", 3397, period="2022", span=at(text, "3,397"))]
    assert statuses(facts, "same_figure", text) == ["unverifiable"]


def test_checks_a_part_larger_than_another_sources_whole_is_a_dispute() -> None:
    text = "The mayor said 39 students were killed. Local officials now count 37 students among the dead."
    facts = [F("f1", "count", 39, actor="civilians/students", span=at(text, "39")),
             F("f2", "count", 37, actor="civilians", span=at(text, "37"))]
    assert statuses(facts, "part_le_whole", text) == ["unverifiable"]


# ---------------------------------------------------------------------------------------------
# part_le_whole


@pytest.mark.parametrize("facts,expected", [
    ([F("f1", "count", 236, actor="civilians+security"), F("f2", "count", 380)], ["pass"]),
    ([F("f1", "count", 400, actor="civilians"), F("f2", "count", 380)], ["fail"]),
    ([F("f1", "count", 500, region="PK-KP"), F("f2", "count", 380)], ["fail"]),
    ([F("f1", "count", 50, period="2024-05"), F("f2", "count", 40, period="2024")], ["fail"]),
    ([F("f1", "count", 9, region="PK-KP/FATA"), F("f2", "count", 30, region="PK-KP")], ["pass"]),
    # militants killed in operations are often outside a toll of attacks: not compared without evidence
    ([F("f1", "count", 1917, actor="militants"), F("f2", "count", 1723)], []),
    # ... but a share of militants in the total says the total includes them
    ([F("f1", "count", 1917, actor="militants"), F("f2", "count", 1723),
      F("f3", "share", 40, actor="militants", of=ACTOR_OF)], ["fail"]),
    ([F("f1", "share", 104, region="PK-KP", of=REGION_OF)], ["fail"]),
    ([F("f1", "count", 147, actor="civilians"), F("f2", "count", 27)], ["unverifiable"]),
    # two Nigerian zones: a place may contain another, so no sum and no order between them
    ([F("f1", "count", 900, region="NG/North West"), F("f2", "count", 500, region="NG-KD")], []),
])
def test_checks_part_le_whole(facts: list[Fact], expected: list[str]) -> None:
    assert statuses(facts, "part_le_whole") == expected


# ---------------------------------------------------------------------------------------------
# parts_sum_to_whole

INCIDENTS_TEXT = "The country saw 789 terror attacks and counter-terror operations. As many as 586 were attacks."


@pytest.mark.parametrize("facts,text,expected", [
    # incidents said to be attacks and operations: exact, and 586 + 197 falls short of 789
    ([F("f1", "count", 789, metric="incidents", span=at(INCIDENTS_TEXT, "789")),
      F("f2", "count", 586, metric="attacks", approx="up_to", text="as many as 586",
        span=at(INCIDENTS_TEXT, "586")),
      F("f3", "count", 197, metric="operations", approx="up_to", text="as many as 197", span=(0, 1))],
     INCIDENTS_TEXT, ["fail"]),
    # without the sentence, incidents may include more than the two: parts only bound it
    ([F("f1", "count", 789, metric="incidents"), F("f2", "count", 586, metric="attacks"),
      F("f3", "count", 197, metric="operations")], None, ["pass"]),
    ([F("f1", "count", 600, metric="casualties"), F("f2", "count", 380), F("f3", "count", 220, metric="injuries")],
     None, ["pass"]),
    ([F("f1", "count", 610, metric="casualties"), F("f2", "count", 380), F("f3", "count", 220, metric="injuries")],
     None, ["fail"]),
    ([F("f1", "count", 901), F("f2", "count", 638, region="PK-KP"), F("f3", "count", 230, region="PK-BA"),
      F("f4", "count", 33, except_=REST)], None, ["pass"]),
    ([F("f1", "count", 910), F("f2", "count", 638, region="PK-KP"), F("f3", "count", 230, region="PK-BA"),
      F("f4", "count", 33, except_=REST)], None, ["fail"]),
    # regions that do not cover the country: at most the whole
    ([F("f1", "count", 901), F("f2", "count", 638, region="PK-KP"), F("f3", "count", 230, region="PK-BA")],
     None, ["pass"]),
    ([F("f1", "count", 800), F("f2", "count", 638, region="PK-KP"), F("f3", "count", 230, region="PK-BA")],
     None, ["fail"]),
    # parts several times their whole: more likely parts of another measure or period than a misreport
    ([F("f1", "count", 128), F("f2", "count", 173, region="PK-KP"), F("f3", "count", 142, region="PK-BA")],
     None, ["unverifiable"]),
    # months within a year add up to at most the year (running totals get revised)
    ([F("f1", "count", 100, period="2024"), F("f2", "count", 60, period="2024-01"),
      F("f3", "count", 50, period="2024-02")], None, ["fail"]),
    ([F("f1", "count", 130, period="2016/2017"), F("f2", "count", 15, period="2016"),
      F("f3", "count", 40, period="2017")], None, ["pass"]),
    # counts by actor that add up to the total show the split is exhaustive; a fine-typed part
    # (deaths in operations) then splits the same way
    ([F("f1", "count", 198), F("f2", "count", 98, actor="militants"), F("f3", "count", 62, actor="security"),
      F("f4", "count", 38, actor="civilians")], None, ["pass"]),
])
def test_checks_parts_sum_to_whole(facts: list[Fact], text: str | None, expected: list[str]) -> None:
    assert statuses(facts, "parts_sum_to_whole", text) == expected


def test_checks_parts_sum_events_need_the_sentence() -> None:
    """Deaths in attacks and in operations are disjoint, so they add up to at most all deaths;
    only a sentence saying the deaths came from attacks and actions makes the sum exact."""
    text = "Attacks by militants and actions by the security forces left 98 militants dead. 27 died in attacks."
    facts = [F("f1", "count", 98, actor="militants", span=at(text, "98 militants")),
             F("f2", "count", 27, actor="militants", metric="fatalities/attacks", span=at(text, "27")),
             F("f3", "count", 60, actor="militants", metric="fatalities/operations", span=(0, 1))]
    assert statuses(facts, "parts_sum_to_whole", text) == ["fail"]
    assert statuses(facts, "parts_sum_to_whole", None) == ["pass"]
    too_many = [*facts[:2], facts[2].replace(value=72, text="72")]
    assert statuses(too_many, "parts_sum_to_whole", None) == ["fail"]


# ---------------------------------------------------------------------------------------------
# shares_sum


def region_shares(kp: float, ba: float, rest: float | None, **kw) -> list[Fact]:
    out = [F("f1", "share", kp, region="PK-KP", of=REGION_OF, **kw), F("f2", "share", ba, region="PK-BA", of=REGION_OF)]
    if rest is not None:
        out.append(F("f3", "share", rest, except_=REST, of=REGION_OF))
    return out


@pytest.mark.parametrize("facts,expected", [
    (region_shares(67, 25, 8), ["pass"]),
    (region_shares(67, 25, 9.5, text="67%"), ["fail"]),
    (region_shares(67, 25, None), ["pass"]),  # two provinces: at most 100%
    (region_shares(67, 40, None), ["fail"]),
    (region_shares(51, 41, 8, approx="nearly", text="nearly 51%"), ["pass"]),
    ([F("f1", "share", 38, actor="militants", of=ACTOR_OF), F("f2", "share", 32, actor="civilians", of=ACTOR_OF),
      F("f3", "share", 30, actor="security", of=ACTOR_OF)], ["pass"]),
    ([F("f1", "share", 38, actor="militants", of=ACTOR_OF), F("f2", "share", 32, actor="civilians", of=ACTOR_OF),
      F("f3", "share", 35, actor="security", of=ACTOR_OF)], ["fail"]),
    # 67% + 25% against 'nearly 92%' for the two together
    (region_shares(67, 25, None) + [F("f4", "share", 92, region="PK-BA+PK-KP", approx="nearly", of=REGION_OF,
                                      text="nearly 92%")], ["pass"]),
    (region_shares(67, 25, None) + [F("f4", "share", 97, region="PK-BA+PK-KP", of=REGION_OF)], ["fail"]),
    # different metrics are never summed
    ([F("f1", "share", 67, region="PK-KP", of=REGION_OF), F("f2", "share", 60, region="PK-BA", of=REGION_OF,
                                                             metric="attacks")], []),
])
def test_checks_shares_sum(facts: list[Fact], expected: list[str]) -> None:
    assert statuses(facts, "shares_sum") == expected


# ---------------------------------------------------------------------------------------------
# share_vs_count


@pytest.mark.parametrize("facts,expected", [
    ([F("f1", "count", 380), F("f2", "count", 96, region="PK-BA"), F("f3", "share", 25, region="PK-BA", of=REGION_OF)],
     ["pass"]),
    ([F("f1", "count", 380), F("f2", "count", 96, region="PK-BA"), F("f3", "share", 30, region="PK-BA", of=REGION_OF)],
     ["fail"]),
    # 545 militants killed in operations are part of all deaths in operations: at least 35.8%
    ([F("f1", "count", 1524, period="2023"), F("f2", "count", 1000, period="2023", actor="civilians+security",
                                               approx="nearly", text="nearly 1,000"),
      F("f3", "share", 35, period="2023", metric="fatalities/operations", of={"metric": "fatalities"}),
      F("f4", "count", 545, period="2023", metric="fatalities/operations", actor="militants")], ["fail"]),
    ([F("f1", "count", 1524, period="2023"), F("f2", "count", 1000, period="2023", actor="civilians+security",
                                               approx="nearly", text="nearly 1,000"),
      F("f3", "share", 35, period="2023", metric="fatalities/operations", of={"metric": "fatalities"}),
      F("f4", "count", 537, period="2023", metric="fatalities/operations", actor="militants")], ["pass"]),
])
def test_checks_share_vs_count(facts: list[Fact], expected: list[str]) -> None:
    assert statuses(facts, "share_vs_count") == expected


# ---------------------------------------------------------------------------------------------
# change_vs_counts


@pytest.mark.parametrize("facts,expected", [
    ([F("f1", "change", -12, base_period="2024-Q1"), F("f2", "count", 380), F("f3", "count", 432, period="2024-Q1")],
     ["pass"]),
    ([F("f1", "change", -20, base_period="2024-Q1"), F("f2", "count", 380), F("f3", "count", 432, period="2024-Q1")],
     ["fail"]),
    ([F("f1", "change", -46, metric="violence", region="PK-BA", base_period="2024-Q1", base_value=178,
        new_value=96)], ["pass"]),
    ([F("f1", "change", 56, metric="violence", approx="about", base_period="2022", period="2023", base_value=980,
        new_value=1524, text="about 56pc")], ["pass"]),
    ([F("f1", "change", 34, base_period="2024-Q1")], ["unverifiable"]),
    ([F("f1", "count", 31, region="PK-KP", delta=True, base_period="2024-Q1"),
      F("f2", "count", 100, region="PK-KP"), F("f3", "count", 69, region="PK-KP", period="2024-Q1")], ["pass"]),
    ([F("f1", "count", 31, region="PK-KP", delta=True, base_period="2024-Q1"),
      F("f2", "count", 100, region="PK-KP"), F("f3", "count", 80, region="PK-KP", period="2024-Q1")], ["fail"]),
])
def test_checks_change_vs_counts(facts: list[Fact], expected: list[str]) -> None:
    assert statuses(facts, "change_vs_counts") == expected


# ---------------------------------------------------------------------------------------------
# wording


def majority_case(share: float) -> tuple[list[Fact], str]:
    text = f"Outlaws accounted for the majority of fatalities, {share:g}%, followed by civilians."
    return [F("f1", "share", share, actor="militants", of=ACTOR_OF, span=at(text, f"{share:g}%"))], text


def attacks_case(fata: int) -> tuple[list[Fact], str]:
    text = ("The 18 attacks that militants staged in August 2019 left 24 people dead. "
            "The majority of the attacks in August 2019 occurred in erstwhile FATA, with Balochistan coming next. "
            f"In erstwhile FATA, PICSS counted {fata} militant attacks. Balochistan saw five attacks.")
    facts = [F("f1", "count", 18, metric="attacks", period="2019-08", span=at(text, "18 attacks")),
             F("f2", "count", fata, metric="attacks", region="PK-KP/FATA", period="2019-08",
               span=at(text, f"{fata} militant attacks")),
             F("f3", "count", 5, metric="attacks", region="PK-BA", period="2019-08", text="five attacks",
               span=at(text, "five attacks"))]
    return facts, text


def apposed_case(part: int) -> tuple[list[Fact], str]:
    text = (f"The insurgency has claimed 2,838 lives. Deaths in attacks on civilians numbered {part:,}, "
            "the majority of all reported fatalities.")
    return [F("f1", "count", 2838, span=at(text, "2,838")),
            F("f2", "count", part, actor="civilians", span=at(text, f"{part:,}"))], text


def named_after_case(part: int) -> tuple[list[Fact], str]:
    text = (f"There were 605 murders in 2022. Of the 605 murders of 2022, the majority, {part}, were "
            "gang-related.")
    return [F("f1", "count", 605, span=at(text, "605")),
            F("f2", "count", 605, span=(text.rindex("605"), text.rindex("605") + 3)),
            F("f3", "count", part, span=at(text, f"{part},"))], text


def group_majority_case(part: int) -> tuple[list[Fact], str]:
    text = (f"The tally counted 1,761 dead, {part} of them PKK militants. By that count PKK militants made up "
            "the majority of the dead.")
    return [F("f1", "count", 1761, span=at(text, "1,761")),
            F("f2", "count", part, actor="militants", span=at(text, f"{part} of"))], text


def pair_case(words: str, a: int, b: int) -> tuple[list[Fact], str]:
    text = f"Violent attacks {words} from {a} in July to {b} in August."
    return [F("f1", "count", a, metric="attacks", period="2019-07", span=at(text, str(a))),
            F("f2", "count", b, metric="attacks", period="2019-08", span=at(text, f"{b} in"))], text


def worst_hit(name: str) -> tuple[list[Fact], str]:
    text = f"{name} was the worst-hit province. Khyber Pakhtunkhwa saw 638 deaths and Balochistan 230 deaths."
    return [F("f1", "count", 638, region="PK-KP", span=at(text, "638")),
            F("f2", "count", 230, region="PK-BA", span=at(text, "230"))], text


def doubled(text_word: str, approx: str) -> tuple[list[Fact], str]:
    text = f"Terror incidents {text_word} to 614 in 2018 from 342 the year before."
    return [F("f1", "change", 100, metric="incidents", period="2018", base_period="2017", approx=approx,
              text=text_word, span=at(text, text_word)),
            F("f2", "count", 614, metric="incidents", period="2018", span=at(text, "614")),
            F("f3", "count", 342, metric="incidents", period="2017", span=at(text, "342"))], text


@pytest.mark.parametrize("case,expected", [
    (majority_case(38), ["fail"]),
    (majority_case(58), ["pass"]),
    pytest.param(apposed_case(1406), ["fail"], id="majority-after-a-count-under-half-of-its-whole"),
    pytest.param(apposed_case(1500), ["pass"], id="majority-after-a-count-over-half-of-its-whole"),
    pytest.param(named_after_case(245), ["fail"], id="majority-naming-a-count-under-half-of-its-whole"),
    pytest.param(named_after_case(345), ["pass"], id="majority-naming-a-count-over-half-of-its-whole"),
    pytest.param(group_majority_case(653), ["fail"], id="a-group-called-the-majority-with-under-half"),
    pytest.param(group_majority_case(953), ["pass"], id="a-group-called-the-majority-with-over-half"),
    (attacks_case(8), ["fail"]),
    (attacks_case(11), ["pass"]),
    (pair_case("went up", 12, 18), ["pass"]),
    (pair_case("fell", 12, 18), ["fail"]),
    (pair_case("doubled", 12, 25), ["pass"]),
    (pair_case("tripled", 12, 25), ["fail"]),
    (worst_hit("Khyber Pakhtunkhwa"), ["pass"]),
    (worst_hit("Balochistan"), ["fail"]),
    (doubled("almost doubled", "nearly"), ["pass"]),
    (doubled("tripled", "exact"), ["fail"]),
])
def test_checks_wording(case: tuple[list[Fact], str], expected: list[str]) -> None:
    facts, text = case
    assert statuses(facts, "wording", text) == expected


def test_checks_wording_word_in_another_clause_does_not_qualify_a_share() -> None:
    text = "Thousands were hurt, most of them shot by the police, and 12 per cent of those killed were children."
    facts = [F("f1", "share", 12, actor="civilians/children", span=at(text, "12 per cent"))]
    assert statuses(facts, "wording", text) == []


def test_checks_wording_needs_text() -> None:
    facts, _ = majority_case(38)
    assert statuses(facts, "wording", None) == []


def test_checks_wording_sign_against_counts() -> None:
    text = "Violence surged by 12% as fatalities went from 432 in Q1 to 380 in Q2."
    facts = [F("f1", "change", 12, base_period="2024-Q1", text="12%", span=at(text, "12%")),
             F("f2", "count", 432, period="2024-Q1", span=at(text, "432")),
             F("f3", "count", 380, span=at(text, "380"))]
    checks = run_checks(Record(doc_id="t", facts=tuple(facts)), text)
    fails = [c for c in checks if c.status == "fail" and c.rule == "wording"]
    assert fails and "rose" in fails[0].message
    assert fails[0].suggestion and "-12%" in fails[0].suggestion


# ---------------------------------------------------------------------------------------------
# implied, repairs, limits


def by_actor(q1_total: float) -> list[Fact]:
    """The seed report's case: Q2 shares and changes by actor imply the Q1 total."""
    out = [F("f1", "count", 380), F("f2", "count", q1_total, period="2024-Q1")]
    for i, (actor, share, change) in enumerate((("militants", 38, 29), ("civilians", 32, -21),
                                                ("security", 30, -10))):
        out.append(F(f"f{3 + 2 * i}", "share", share, actor=actor, of=ACTOR_OF))
        out.append(F(f"f{4 + 2 * i}", "change", change, actor=actor, base_period="2024-Q1"))
    return out


@pytest.mark.parametrize("q1,expected", [(432, ["fail"]), (392, ["pass"])])
def test_checks_implied(q1: float, expected: list[str]) -> None:
    assert statuses(by_actor(q1), "implied") == expected


def test_checks_implied_reports_a_minimal_set_with_the_range() -> None:
    checks = run_checks(Record(doc_id="t", facts=tuple(by_actor(432))))
    (c,) = [c for c in checks if c.rule == "implied"]
    # two of the three shares imply the third, so a minimal set needs only two
    assert {"f1", "f2", "f4", "f6", "f8"} <= set(c.facts) and len(c.facts) == 7
    lo, hi = c.expected
    assert 380 < lo < hi < 405 and c.observed == 432
    assert "432" in c.message


def test_checks_implied_not_double_reported() -> None:
    facts = [F("f1", "count", 380), F("f2", "count", 390)]
    checks = run_checks(Record(doc_id="t", facts=tuple(facts)))
    assert [c.rule for c in checks if c.status == "fail"] == ["same_figure"]


@pytest.mark.parametrize("facts,needle", [
    # 69 + 234 = 303 against a total of 330: a swap either way
    ([F("f1", "count", 330), F("f2", "count", 69, region="PK-KP"), F("f3", "count", 234, region="PK-BA"),
      F("f4", "count", 0, except_=REST)], "69 were 96"),
    ([F("f1", "change", 12, base_period="2024-Q1"), F("f2", "count", 380), F("f3", "count", 432, period="2024-Q1")],
     "+12% were -12%"),
])
def test_checks_repair_suggestion(facts: list[Fact], needle: str) -> None:
    checks = run_checks(Record(doc_id="t", facts=tuple(facts)))
    suggestions = [c.suggestion or "" for c in checks if c.status == "fail"]
    assert any(needle in s for s in suggestions), suggestions


def test_checks_timeout_is_unverifiable_not_a_hang() -> None:
    checks = run_checks(Record(doc_id="t", facts=tuple(by_actor(432))), timeout_ms=1)
    assert [c.status for c in checks if c.rule == "implied"] == ["unverifiable"]


def test_checks_ids_and_check_record() -> None:
    rec = Record(doc_id="t", facts=tuple(region_shares(67, 25, 8)))
    out = check_record(rec)
    assert [c.id for c in out.checks] == [f"c{i}" for i in range(1, len(out.checks) + 1)]
    assert out.facts == rec.facts and all(c.message.endswith(".") for c in out.checks)
    assert Record.from_dict(out.to_dict()).checks == out.checks


def test_checks_empty_and_odd_records() -> None:
    assert run_checks(Record(doc_id="t")) == ()
    odd = [F("f1", "share", 40, of={"unknown": "x"}), F("f2", "count", 5, per="day"),
           F("f3", "count", 3000, projection=True), F("f4", "share", 30)]
    assert failing(odd) == []


def test_checks_wording_sets_a_part_against_the_mention_of_its_whole_nearest_it() -> None:
    facts, text = named_after_case(245)
    [result] = [c for c in run_checks(Record(doc_id="t", facts=tuple(facts)), text) if c.rule == "wording"]
    assert set(result.facts) == {"f2", "f3"}


def test_checks_a_larger_running_total_from_another_source_is_no_contradiction() -> None:
    text = ("The IACHR says 355 people were killed in the crackdown. By 25 July 2018 the ANPDH had recorded "
            "448 dead.")
    facts = [F("f1", "count", 355, period="2018-04-18/2019-07-31", span=at(text, "355")),
             F("f2", "count", 448, period="2018-04-18/2018-07-25", span=at(text, "448"))]
    results = [c for c in run_checks(Record(doc_id="t", facts=tuple(facts)), text) if c.status == "fail"]
    assert results == []
