"""Tables pinning `pipeline.periods`: phrase -> period string, and the period arithmetic."""

from __future__ import annotations

import pytest

from pipeline.periods import (
    Anchor,
    anchor_for,
    bounds,
    find_periods,
    granularity,
    previous,
    resolve,
    shift_year,
    span_str,
)


def _one(text: str):
    found = find_periods(text)
    assert len(found) == 1, f"expected one period phrase in {text!r}, got {[p.text for p in found]}"
    return found[0]


def _resolve(text: str, doc_period: str | None, published: str | None) -> str | None:
    pm = _one(text)
    return resolve(pm, anchor_for(doc_period, published), doc_period)


# --- phrase -> period string ----------------------------------------------------------------

PHRASES = [
    # text, doc_period, published, expected
    ("Q2 2024", None, None, "2024-Q2"),
    ("Q3, 2022", None, None, "2022-Q3"),
    ("the second quarter of 2024", None, None, "2024-Q2"),
    ("in 2nd quarter 2024", None, None, "2024-Q2"),
    ("the last quarter of 2023", None, None, "2023-Q4"),
    ("the second quarter of this year", None, "2024-07-01", "2024-Q2"),
    ("the fourth quarter of last year", None, "2024-07-01", "2023-Q4"),
    ("the third quarter", None, "2024-11-01", "2024-Q3"),
    ("the first quarter", "2024-Q2", None, "2024-Q1"),
    ("Q1", "2024-Q2", None, "2024-Q1"),
    ("April to June", None, "2024-07-01", "2024-Q2"),
    ("April to June", "2024-Q2", None, "2024-Q2"),
    ("July-September 2022", None, None, "2022-Q3"),
    ("January-June 2024", None, None, "2024-H1"),
    ("first half of 2014", None, None, "2014-H1"),
    ("H1 2024", None, None, "2024-H1"),
    ("H2", "2023", None, "2023-H2"),
    ("the first half of the year", "2024-H1", None, "2024-H1"),
    ("the second half of last year", None, "2024-07-01", "2023-H2"),
    ("mid-year", "2024", None, "2024-H1"),
    ("June 2019", None, None, "2019-06"),
    ("in March", None, "2024-07-01", "2024-03"),
    ("in August", None, "2024-07-01", "2023-08"),
    ("last month", None, "2023-12-03", "2023-11"),
    ("this month", None, "2024-07-15", "2024-07"),
    ("last November", None, "2024-07-01", "2023-11"),
    ("last January", None, "2024-01-15", "2023-01"),
    ("this year", None, "2024-07-01", "2024"),
    ("last year", None, "2024-07-01", "2023"),
    ("in 2023", None, None, "2023"),
    ("since 2010", "2018", None, "2010/2018"),
    ("since 2010", None, "2018-05-10", "2010-01-01/2018-05-10"),
    ("since the start of 2023", None, "2023-06-15", "2023-01-01/2023-06-15"),
    ("between 2010 and 2018", None, None, "2010/2018"),
    ("from 2015 to 2019", None, None, "2015/2019"),
    ("2015-2019", None, None, "2015/2019"),
    ("2019 and 2020", None, None, "2019/2020"),
    ("January to September 2021", None, None, "2021-01/2021-09"),
    ("December 2023 to February 2024", None, None, "2023-12/2024-02"),
    ("Between January 1 and June 20", "2014", None, "2014-01-01/2014-06-20"),
    ("Between January 1 and June 20", None, "2014-07-01", "2014-01-01/2014-06-20"),
    ("between February 24, 2022 and February 5, 2023", None, None, "2022-02-24/2023-02-05"),
    ("From 24 February 2022 to 12 March 2023", None, None, "2022-02-24/2023-03-12"),
    ("up to November 10, 2019", None, None, "2019-01-01/2019-11-10"),
    ("up to 10 November", "2019", None, "2019-01-01/2019-11-10"),
    ("March 31, 2024", None, None, "2024-03-31"),
    ("31 July 2023", None, None, "2023-07-31"),
    ("the October-December period", "2024-Q1", None, "2023-Q4"),
    ("the first six months of 2024", None, None, "2024-H1"),
    ("the first nine months of 2023", None, None, "2023-01/2023-09"),
    ("the past five years", "2023", None, "2019/2023"),
    ("the last 3 years", None, "2024-07-01", "2021/2023"),
    ("the same period last year", "2024-Q2", None, "2023-Q2"),
    ("year-on-year", "2024-Q2", None, "2023-Q2"),
    ("the same fortnight a year earlier", "2024-01-10/2024-01-24", None, "2023-01-10/2023-01-24"),
    ("from the outbreak of fighting on 15 April 2023 to 12 January", None, "2024-01-19", "2023-04-15/2024-01-12"),
    ("since mid-April", None, "2024-01-19", "2023-04-15/2024-01-19"),
    ("the same period the year before", "2024-Q3", None, "2023-Q3"),
    ("the corresponding six weeks of 2022", "2024-01-01/2024-02-11", None, "2022-01-01/2022-02-11"),
    ("this quarter", "2024-Q2", None, "2024-Q2"),
    ("the previous quarter", "2024-Q2", None, "2024-Q1"),
    pytest.param(
        "compared to last quarter", "2024-Q2", None, "2024-Q1",
        id="last-quarter-is-previous",
    ),
    pytest.param(
        "Q4 of 2022", None, None, "2022-Q4",
        id="q4-of-2022",
    ),
    pytest.param("the first 16 days of July", "2022-02-24/2023-07-16", None, "2023-07-01/2023-07-16",
                 id="first-days-of-a-month"),
    pytest.param("for ten days of March", None, "2024-03-12", "2024-03-01/2024-03-10", id="days-of-a-month"),
    pytest.param("the last five days of February 2024", None, None, "2024-02-25/2024-02-29",
                 id="last-days-of-a-month"),
    pytest.param("so far this year (up to November 30)", None, "2022-12-24", "2022-01/2022-11",
                 id="year-to-date-up-to-a-day"),
    pytest.param("Relative to the January 29 figures", "2022-02-24/2023-02-05", None, "2023-01-30/2023-02-05",
                 id="relative-to-a-day-is-what-came-after"),
    pytest.param("two weeks before", "2022-02-24/2023-02-05", None, "2022-02-24/2023-01-22",
                 id="an-earlier-update-of-a-running-total"),
    pytest.param("the last four months of the year", "2022", None, "2022-09/2022-12", id="last-months-of-the-year"),
    pytest.param("the last three months of 2021", None, None, "2021-Q4", id="last-months-of-a-year"),
    pytest.param("30 to 31 May", "2021-01/2021-09", None, "2021-05-30/2021-05-31", id="day-range-in-a-month"),
    pytest.param("May 3-5, 2024", None, None, "2024-05-03/2024-05-05", id="month-then-day-range"),
    pytest.param("the same nine months of 2020", "2021-01/2021-09", None, "2020-01/2020-09",
                 id="same-months-of-an-earlier-year"),
    pytest.param("during the quarter", "2022-Q3", None, "2022-Q3", id="the-quarter-is-the-reports"),
    pytest.param("Since January", None, "2023-11-02", "2023-01-01/2023-11-02", id="since-a-month-without-year"),
    pytest.param("since the start of the year", "2024-Q1", None, "2024-Q1", id="since-the-start-of-the-year"),
    pytest.param("in the previous three months", "2024-Q1", None, "2023-Q4", id="previous-three-months"),
    pytest.param("On 6 November, gunmen", None, "2023-12-12", "2023-11-06", id="sentence-initial-on-a-day"),
    pytest.param("on 9 January", "2023", "2024-01-16", "2024-01-09", id="a-day-after-the-period-before-publication"),
    pytest.param("since 3 May", None, "2023-09-15", "2023-05-03/2023-09-15", id="since-a-day-without-year"),
    pytest.param("As of Thursday", None, "2023-09-15", "2023-01-01/2023-09-14", id="as-of-a-weekday"),
    pytest.param("on Saturday", None, "2023-05-10", "2023-05-06", id="a-weekday-is-the-last-one-before-publication"),
    pytest.param("last Friday", None, "2023-04-21", "2023-04-14", id="last-friday-in-a-friday-paper-is-a-week-back"),
    pytest.param("since the start of December", None, "2023-04-19", "2022-12-01/2023-04-19",
                 id="since-the-start-of-a-month-without-year"),
    pytest.param("between March 2011 and the end of April 2014", None, None, "2011-03/2014-04",
                 id="month-range-to-the-end-of-a-month"),
    pytest.param("by January 2013", "2011-03/2014-04", None, "2011-03/2013-01", id="by-a-month-in-a-running-total"),
    pytest.param("by the end of October", None, "2021-11-05", "2021-01/2021-10", id="by-the-end-of-a-month-is-to-date"),
    pytest.param("At the end of June 2019", "2016-07-01/2021-10-31", None, "2016-07/2019-06",
                 id="at-the-end-of-a-month-in-a-running-total-is-to-date"),
    pytest.param("at the end of June", "2019", None, "2019-06",
                 id="at-the-end-of-a-month-in-a-yearly-report-is-the-month"),
    pytest.param("which run to 31 October 2021", "2016-07-01/2021-10-31", None, "2016-07/2021-10",
                 id="figures-that-run-to-a-day"),
    pytest.param("a year earlier", "2011-03/2014-04", None, "2011-03/2013-04",
                 id="a-year-earlier-in-a-running-total-keeps-its-start"),
    pytest.param("a year earlier", "2023-Q2", None, "2022-Q2",
                 id="a-year-earlier-in-a-quarterly-report-is-that-quarter"),
    pytest.param("a year earlier", "2023", None, "2022", id="a-year-earlier-in-a-yearly-report"),
    pytest.param("in the four weeks after they began on 18 June", None, "2024-07-20", "2024-06-18/2024-07-16",
                 id="weeks-after-a-dated-event"),
    pytest.param("in the first 18 days of 2024", None, "2024-02-02", "2024-01-01/2024-01-18",
                 id="first-days-of-a-year"),
    pytest.param("in the first two weeks of the month", None, "2023-04-19", "2023-04-01/2023-04-14",
                 id="first-weeks-of-the-month"),
    pytest.param("since late 2016", None, "2022-10-26", "2016-10-01/2022-10-26", id="since-late-in-a-year"),
    pytest.param("since mid-2019", None, "2020-01-10", "2019-07-01/2020-01-10", id="since-mid-year"),
    pytest.param("from October 2023 to mid-September 2024", None, "2024-12-04", "2023-10/2024-09",
                 id="month-range-to-the-middle-of-a-month"),
    pytest.param("By 5 October", "2023-10-08/2024-12-04", None, "2023-10-08/2024-10-05",
                 id="by-a-day-in-a-running-total"),
    pytest.param("so far this year", "2024-01/2024-08", "2024-09-02", "2024-01/2024-08",
                 id="this-year-in-a-year-to-date-report-is-its-span"),
    pytest.param("against 22 last year", "2024-01/2024-08", "2024-09-02", "2023-01/2023-08",
                 id="last-year-compared-in-a-year-to-date-report-is-the-same-span"),
    pytest.param("last year", "2024-01/2024-08", "2024-09-02", "2023", id="last-year-alone-is-the-whole-year"),
    pytest.param("on Wednesday", None, "2023-05-10", "2023-05-10", id="a-weekday-can-be-the-publication-day"),
    pytest.param("since the fighting escalated in early July", None, "2023-08-29", "2023-07-01/2023-08-29",
                 id="since-an-event-in-a-month"),
]


@pytest.mark.parametrize("text,doc_period,published,expected", PHRASES)
def test_periods_phrase_resolves(text, doc_period, published, expected):
    assert _resolve(text, doc_period, published) == expected


def test_periods_year_inside_a_name_is_not_a_period():
    assert [p.text for p in find_periods("Protests against the Finance Bill 2024 left 50 dead in June.")] == ["in June"]


def test_periods_apposition_of_a_base_period_is_a_base_too():
    ps = find_periods("Against the previous quarter, April to June 2024, incidents dropped 35 per cent.")
    assert [(p.text, p.base_cue) for p in ps] == [("the previous quarter", "against"),
                                                   ("April to June 2024", "against")]


def test_periods_year_naming_an_event_is_not_a_period():
    assert [p.text for p in find_periods("48 signatories of the 2016 peace agreement were killed in 2021.")] == ["2021"]
    assert [p.text for p in find_periods("Deaths since the 2021 coup reached 5,982.")] != []


def test_periods_weekday_of_a_statement_is_not_a_period():
    assert [p.text for p in find_periods("The group said on Monday that 19 soldiers were killed in May.")] == ["in May"]
    assert [p.text for p in find_periods("On Tuesday the army said 14 fighters died in Borno.")] == []


def test_periods_date_of_a_report_is_marked_as_such():
    ps = find_periods("A UN report in January counted 4,789 homicides in 2023; its update of 2 July counted more.")
    assert [(p.text, bool(p.meta.get("report_date"))) for p in ps] == [
        ("in January", True), ("2023", False), ("2 July", True)]


def test_periods_on_before_a_day_is_not_a_base_cue():
    ps = find_periods("On 17 February 2016 a car bomb killed 29; deaths were up 30% on 2015.")
    assert [(p.text, p.base_cue) for p in ps] == [("17 February 2016", None), ("2015", "on")]


def test_periods_day_of_a_named_event():
    assert [p.text for p in find_periods("It came after the ambush of 15 March near Banibangou.")] == ["15 March"]


def test_periods_reporting_date_is_not_a_period():
    assert find_periods("On 30 July the statistics agency said 26,037 homicides were registered in 2012.")[0].text \
        == "2012"


UNRESOLVABLE = [
    # relative phrases without any anchor resolve to None, never to a guess
    "a week earlier",  # an earlier update only has a meaning in a running-total report
    "the second quarter of this year",
    "last month",
    "last November",
    "this year",
    "Q1",
    "since 2010",
    "the previous quarter",
]


@pytest.mark.parametrize("text", UNRESOLVABLE)
def test_periods_relative_without_anchor_is_none(text):
    pm = _one(text)
    assert pm.relative or pm.spec[0] == "since"
    assert resolve(pm, Anchor(), None) is None


MENTIONS = [
    # text, mention text, rule, relative
    ("the October-December period", "October-December period", "month_range", False),
    ("in 2023", "2023", "year", False),
    ("the second quarter of this year", "the second quarter of this year", "quarter_words", True),
    ("last November", "last November", "last_named_month", True),
    ("since 2010", "since 2010", "since_year", False),
    ("the same period last year", "the same period last year", "same_period_last_year", True),
    ("Between January 1 and June 20", "Between January 1 and June 20", "date_interval", False),
]


@pytest.mark.parametrize("text,surface,rule,relative", MENTIONS)
def test_periods_mention_fields(text, surface, rule, relative):
    pm = _one(text)
    assert (pm.text, pm.rule, pm.relative) == (surface, rule, relative)
    assert text[pm.start : pm.end] == surface


BASE_CUES = [
    ("a 20% decline compared to Q1", "compared to"),
    ("380, against 432 in Q1", None),  # the cue must touch the period
    ("up from Q1", "from"),
    ("more than in 2022", "than in"),
    ("a rise over the previous quarter", "over"),
    ("since 2010", None),
    ("in Q2 2024", None),
]


@pytest.mark.parametrize("text,cue", BASE_CUES)
def test_periods_base_cue(text, cue):
    assert find_periods(text)[-1].base_cue == cue


def test_periods_several_in_document_order():
    found = find_periods("Fatalities fell from 432 in Q1 2024 to 380 in Q2 2024, lower than in 2023.")
    assert [p.text for p in found] == ["Q1 2024", "Q2 2024", "2023"]
    assert [p.spec for p in found] == [("quarter", 2024, 1), ("quarter", 2024, 2), ("year", 2023)]


NOT_PERIODS = ["1,204 people were killed", "26.7 per cent", "FY2023", "in the 1990s", "2023%"]


@pytest.mark.parametrize("text", NOT_PERIODS)
def test_periods_not_periods(text):
    assert find_periods(text) == []


# --- arithmetic ---------------------------------------------------------------------------

PREVIOUS = [
    ("2024-Q1", "2023-Q4"),
    ("2024-Q3", "2024-Q2"),
    ("2023", "2022"),
    ("2024-01", "2023-12"),
    ("2024-12", "2024-11"),
    ("2024-H1", "2023-H1"),  # halves compare with the same half a year earlier
    ("2024-H2", "2023-H2"),
    ("2016/2019", "2015/2018"),
    pytest.param(
        "2024-05-14", "2024-05-13",
        id="previous-day",
    ),
]


@pytest.mark.parametrize("period,expected", PREVIOUS)
def test_periods_previous(period, expected):
    assert previous(period) == expected


SHIFT_YEAR = [
    ("2024-Q2", -1, "2023-Q2"),
    ("2024", -1, "2023"),
    ("2024-02", -1, "2023-02"),
    ("2020-02-29", -1, "2019-02-28"),
    ("2021-01/2021-09", -1, "2020-01/2020-09"),
    ("2023-H1", 1, "2024-H1"),
    ("bogus", -1, None),
]


@pytest.mark.parametrize("period,n,expected", SHIFT_YEAR)
def test_periods_shift_year(period, n, expected):
    assert shift_year(period, n) == expected


SPAN_STR = [
    ((2024, 1, 1), (2024, 12, 31), "2024"),
    ((2024, 4, 1), (2024, 6, 30), "2024-Q2"),
    ((2024, 7, 1), (2024, 12, 31), "2024-H2"),
    ((2024, 5, 1), (2024, 5, 31), "2024-05"),
    ((2024, 2, 1), (2024, 2, 29), "2024-02"),
    ((2024, 5, 14), (2024, 5, 14), "2024-05-14"),
    ((2016, 1, 1), (2019, 12, 31), "2016/2019"),
    ((2024, 4, 1), (2024, 5, 15), "2024-04-01/2024-05-15"),
    ((2021, 1, 1), (2021, 9, 30), "2021-01/2021-09"),
    ((2024, 2, 1), (2024, 3, 31), "2024-02/2024-03"),
    pytest.param(
        (1990, 1, 1), (2017, 3, 31), "1990/2017-03",
        id="year-to-month-interval",
    ),
]


@pytest.mark.parametrize("a,b,expected", SPAN_STR)
def test_periods_span_str(a, b, expected):
    assert span_str(a, b) == expected


BOUNDS = [
    ("2024", ((2024, 1, 1), (2024, 12, 31))),
    ("2024-Q1", ((2024, 1, 1), (2024, 3, 31))),
    ("2024-H2", ((2024, 7, 1), (2024, 12, 31))),
    ("2024-02", ((2024, 2, 1), (2024, 2, 29))),
    ("2023-02", ((2023, 2, 1), (2023, 2, 28))),
    ("2024-05-14", ((2024, 5, 14), (2024, 5, 14))),
    ("2016/2019", ((2016, 1, 1), (2019, 12, 31))),
    ("2024-04-01/2024-05-15", ((2024, 4, 1), (2024, 5, 15))),
    ("junk", None),
    ("2024-Q5", None),
]


@pytest.mark.parametrize("period,expected", BOUNDS)
def test_periods_bounds(period, expected):
    assert bounds(period) == expected


@pytest.mark.parametrize("period", ["2024", "2024-Q2", "2024-H1", "2024-05", "2024-05-14", "2016/2019"])
def test_periods_span_str_round_trips_bounds(period):
    assert span_str(*bounds(period)) == period


GRANULARITY = [
    ("2024", "year"),
    ("2024-Q1", "quarter"),
    ("2024-H2", "half"),
    ("2024-02", "month"),
    ("2024-05-14", "day"),
    ("2016/2019", "interval"),
]


@pytest.mark.parametrize("period,expected", GRANULARITY)
def test_periods_granularity(period, expected):
    assert granularity(period) == expected


ANCHORS = [
    ("2024-Q2", "2024-07-01", Anchor(year=2024, quarter=2, date=(2024, 7, 1))),
    ("2024-05", None, Anchor(year=2024, month=5)),
    ("2023", None, Anchor(year=2023)),
    ("2024-H1", None, Anchor(year=2024)),
    (None, "2024-07-01", Anchor(date=(2024, 7, 1))),
    (None, None, Anchor()),
    (None, "July 2024", Anchor()),  # only ISO dates are read
]


@pytest.mark.parametrize("doc_period,published,expected", ANCHORS)
def test_periods_anchor_for(doc_period, published, expected):
    a = anchor_for(doc_period, published)
    assert a == expected
    assert a.ref_year == (expected.year or (expected.date[0] if expected.date else None))
