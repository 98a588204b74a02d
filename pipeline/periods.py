"""Period expressions -> record.md period strings.

"Q2 2024", "the second quarter of this year", "April to June", "H1", "last November",
"since 2010", "between February 24, 2022 and February 5, 2023" ... Found in two steps: the
regexes find a mention and what it says (absolute or relative to the report); `resolve`
turns it into a string once the document's anchor (its own period, else the publication
date) is known, so that "this year" and "last month" mean the report's year and month.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from functools import cache

import regex

REGEX_TIMEOUT = 2.0

MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTH_NAMES.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTH_NAMES["sept"] = 9
FULL_MONTHS = frozenset(m.lower() for m in calendar.month_name if m)  # "May", not "Mar" or "Jan" (names too)
MON = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|" \
      r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4, "closing": 4, "1st": 1, "2nd": 2,
       "3rd": 3, "4th": 4}
WORDN = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
YEAR = r"(?:19|20)\d\d"
DAY = r"(?:[0-3]?\d)(?!\d)(?:st|nd|rd|th)?"
DATE = rf"(?:{MON}\s+{DAY}(?:,?\s+{YEAR})?|(?:the\s+)?{DAY}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?)"
# nouns that name one violent event, for days that date it ("the ambush of 15 March", "the 16 June raid")
EVENT_NOUNS = (r"(?:ambush|attacks?|assault|campaign|strikes?|airstrikes?|massacre|bombings?|blasts?|raids?|"
               r"explosions?|killings|shooting|clashes|protests?|riots?|unrest|violence)")
# nouns that name a report, for the days it came out ("a UN report in January", "its update of 2 July")
REPORT_NOUNS = r"(?:report|update|briefing|bulletin|statement|note|review|communiqu[eé]|gazette|press\s+conference)"
# verbs that tell a figure: a date right before them dates the telling, not what is told
TELLING_VERBS = r"(?:said|says|gave|told|reported|announced|presented|put|raised|lowered|revised|updated|confirmed)"


# periods that run up to the report or compare with a year before, rather than name one period
SPANNING_RULES = ("year_on_year", "same_period_last_year", "last_n_years", "since_year", "since_month", "since_start")


@dataclass(frozen=True)
class Anchor:
    """What relative expressions are resolved against: the report's year/quarter/month and date."""

    year: int | None = None
    quarter: int | None = None
    half: int | None = None
    month: int | None = None
    date: tuple[int, int, int] | None = None  # publication date

    @property
    def ref_year(self) -> int | None:
        return self.year or (self.date[0] if self.date else None)


@dataclass(frozen=True)
class PeriodMention:
    """A period phrase and its meaning; `spec` is resolved by `resolve` against an Anchor."""

    start: int
    end: int
    text: str
    spec: tuple
    base_cue: str | None = None  # "from", "compared", "than", "since", ... just before it
    relative: bool = False
    rule: str = ""
    meta: dict = field(default_factory=dict, compare=False)


# -- period arithmetic ---------------------------------------------------------------------

def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def span_str(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    """Shortest record.md spelling of the day interval [a, b]."""
    (y1, m1, d1), (y2, m2, d2) = a, b
    whole_months = d1 == 1 and d2 == _last_day(y2, m2)
    if whole_months and y1 == y2:
        if m1 == 1 and m2 == 12:
            return f"{y1}"
        if m1 == m2:
            return f"{y1}-{m1:02d}"
        if (m1 - 1) % 3 == 0 and m2 == m1 + 2:
            return f"{y1}-Q{(m1 + 2) // 3}"
        if m1 in (1, 7) and m2 == m1 + 5:
            return f"{y1}-H{1 if m1 == 1 else 2}"
    if whole_months:
        if m1 == 1 and m2 == 12:
            return f"{y1}/{y2}"
        left = f"{y1}" if m1 == 1 and y1 != y2 else f"{y1}-{m1:02d}"
        right = f"{y2}" if m2 == 12 and y1 != y2 else f"{y2}-{m2:02d}"
        return f"{left}/{right}"
    if a == b:
        return f"{y1}-{m1:02d}-{d1:02d}"
    return f"{y1}-{m1:02d}-{d1:02d}/{y2}-{m2:02d}-{d2:02d}"


@cache
def bounds(period: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """First and last day of a period string ('2024-Q2', '2016/2019-11-10'); None if unreadable.

    The one reader of period strings: extraction, the checks and `tally eval` all use it.
    """
    parts = period.strip().split("/")
    if len(parts) == 2:
        a, b = bounds(parts[0]), bounds(parts[1])
        return (a[0], b[1]) if a and b and a[0] <= b[1] else None
    if len(parts) != 1:
        return None
    m = _PERIOD_RX.fullmatch(parts[0])
    if not m:
        return None
    y, mid, d = int(m.group(1)), m.group(2), m.group(3)
    if mid and mid[0] not in "QH" and not 1 <= int(mid) <= 12:
        return None
    if d and not 1 <= int(d) <= _last_day(y, int(mid)):
        return None
    if mid is None:
        return (y, 1, 1), (y, 12, 31)
    if mid[0] == "Q":
        q = int(mid[1])
        return (y, 3 * q - 2, 1), (y, 3 * q, _last_day(y, 3 * q))
    if mid[0] == "H":
        h = int(mid[1])
        return (y, 6 * h - 5, 1), (y, 6 * h, _last_day(y, 6 * h))
    mo = int(mid)
    if d:
        return (y, mo, int(d)), (y, mo, int(d))
    return (y, mo, 1), (y, mo, _last_day(y, mo))


_PERIOD_RX = regex.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2})(?:-(\d{2}))?)?")


def previous(period: str) -> str | None:
    """The period a change is compared against by default: the one before, of the same size."""
    d = regex.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", period)
    if d:

        day = _dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3))) - _dt.timedelta(days=1)
        return day.isoformat()
    m = regex.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?", period)
    if m:
        y, mid = int(m.group(1)), m.group(2)
        if mid is None:
            return str(y - 1)
        if mid[0] == "Q":
            q = int(mid[1])
            return f"{y - 1}-Q4" if q == 1 else f"{y}-Q{q - 1}"
        if mid[0] == "H":
            return f"{y - 1}-{mid}"  # halves compare with the same half a year earlier
        mo = int(mid)
        return f"{y - 1}-12" if mo == 1 else f"{y}-{mo - 1:02d}"
    return shift_year(period, -1)


def shift_year(period: str, n: int) -> str | None:
    b = bounds(period)
    if not b:
        return None
    (y1, m1, d1), (y2, m2, d2) = b
    d2 = min(d2, _last_day(y2 + n, m2))
    return span_str((y1 + n, m1, min(d1, _last_day(y1 + n, m1))), (y2 + n, m2, d2))


def granularity(period: str) -> str:
    if "/" in period:
        return "interval"
    if regex.fullmatch(r"\d{4}", period):
        return "year"
    if "-Q" in period:
        return "quarter"
    if "-H" in period:
        return "half"
    if regex.fullmatch(r"\d{4}-\d{2}", period):
        return "month"
    return "day"


# -- finding -------------------------------------------------------------------------------

def _month(s: str) -> int:
    return MONTH_NAMES[s.lower().rstrip(".")]


def _date_parts(s: str) -> tuple[int | None, int, int]:
    """(year or None, month, day) of a DATE match."""
    y = regex.search(rf"\b({YEAR})\b", s)
    mo = regex.search(MON, s, regex.I)
    d = regex.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", regex.sub(rf"\b{YEAR}\b", "", s))
    return (int(y.group(1)) if y else None, _month(mo.group(0)), int(d.group(1)) if d else 1)


_PATTERNS: list[tuple[str, str]] = [
    # intervals of dates
    ("date_interval", rf"\b(?:between\s+|from\s+(?:the\s+(?:outbreak|start|beginning|onset)\s+of\s+(?:the\s+)?"
                      rf"(?:fighting|war|conflict|violence|unrest|protests|hostilities|crisis)\s+on\s+)?)?(?P<a>{DATE})\s*(?:,\s*(?:the\s+day|when|as|after|before)\s+[^,;.]{{0,80}},\s*)?(?:and|to|until|till|through|-|–)\s+(?P<b>{DATE})"),
    ("ytd_upto", rf"\b(?:so\s+far\s+)?this\s+year\s*(?:,\s*|\(\s*)?(?:up\s+to|until|till|through|as\s+of)\s+(?:the\s+)?(?P<a>{MON}\s+{DAY}|{DAY}\s+(?:of\s+)?{MON})\b\)?"),
    ("relative_to_date", rf"\b(?:relative\s+to|compared\s+(?:to|with))\s+(?:the\s+)?(?P<a>{DATE})(?:\s+(?:figures?|update|data|tally|toll))?"),
    # "in the four weeks after they began on 18 June": a span counted from a dated event
    ("span_after_date", rf"\b(?:in|during|over|within)\s+the\s+(?:first\s+)?(?P<n>\d{{1,2}}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<u>days|weeks|months)\s+(?:after|since|following)\b[^.;]{{0,60}}?\b(?:on\s+)?(?P<a>{DATE})"),
    ("days_of_year", rf"\b(?:the\s+)?(?P<o>first|opening)\s+(?P<n>\d{{1,3}}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+days\s+of\s+(?P<y>{YEAR})\b"),
    ("weeks_of_month", rf"\b(?:the\s+)?(?P<o>first|last)\s+(?P<n>two|three|\d)\s+weeks\s+of\s+(?:the\s+month|(?P<m>{MON})(?:,?\s+(?P<y>{YEAR}))?)\b"),
    ("days_of_month", rf"\b(?:the\s+)?(?:(?P<o>first|opening|last|final)\s+)?(?P<n>\d{{1,2}}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+days\s+of\s+(?P<m>{MON})(?:,?\s+(?P<y>{YEAR}))?"),
    ("before_update", r"\b(?P<n>one|a|two|three|four|\d)\s+(?P<u>weeks?|months?|days?)\s+(?:before|earlier|previously|prior)\b"),
    ("day_range", rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MON})|(?P<m2>{MON})\s+(?P<e1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<e2>[0-3]?\d)(?:st|nd|rd|th)?)\b(?:,?\s+(?P<y>{YEAR}))?"),
    ("since_day", rf"\bsince\s+(?:the\s+)?(?P<a>{MON}\s+{DAY}|{DAY}\s+(?:of\s+)?{MON})\b(?!,?\s+(?:19|20)\d\d)"),
    ("upto_weekday", r"\b(?:as\s+of|as\s+on|until|till|through|up\s+to)\s+(?:last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("last_weekday", r"\blast\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("on_weekday", r"(?<!(?:said|says|reported|announced|published|released|issued|stated|told|public|unveiled)\s)\b(?-i:[Oo]n)\s+(?:last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!\s*,?\s+(?:the\s+)?(?:[0-3]?\d|{MON}))".replace("{MON}", MON)),
    ("since_month", rf"\bsince\s+(?P<m>{MON})\s+(?P<y>{YEAR})\b"),
    ("since_start", rf"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:(?P<y>{YEAR})|the\s+year)\b"),
    ("since_month_start", rf"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?P<m>{MON})\b(?:,?\s+(?P<y>{YEAR}))?"),
    ("upto_date", rf"\b(?:up\s+to|until|till|as\s+of|as\s+on|through|by|runs?\s+to|running\s+to|updated\s+to|dated)\s+(?:and\s+including\s+)?(?:the\s+)?(?P<a>{DATE})"),
    # "by January 2013", "by the end of October", "at the end of June 2019": what had been counted by then
    ("upto_month", rf"\b(?:(?P<hard>by|until|till|through|up\s+to)\s+(?:the\s+end\s+of\s+)?|(?P<soft>at\s+the\s+end\s+of)\s+)(?P<m>{MON})\b(?:,?\s+(?P<y>{YEAR}))?"),
    ("date", rf"\b(?P<a>{MON}\s+{DAY},?\s+{YEAR}|{DAY}\s+(?:of\s+)?{MON},?\s+{YEAR})\b"),
    ("date_noyear", rf"(?<!(?:said|reported|announced|published|released|issued|stated)\s)\b(?-i:[Oo]n)\s+(?:the\s+)?(?P<a>{MON}\s+{DAY}|{DAY}\s+(?:of\s+)?{MON})\b(?!,?\s+(?:19|20)\d\d)"),
    # "the ambush of 15 March", "the air campaign of 23 September": the day of a named event
    ("event_date_noyear", rf"(?<=\b(?:{EVENT_NOUNS}|morning|afternoon|evening|night)\s+of\s+(?:the\s+)?)"
                          rf"(?P<a>{MON}\s+{DAY}|{DAY}\s+(?:of\s+)?{MON})\b(?!,?\s+(?:19|20)\d\d)"),
    # "after the 16 June raid": a day that names an event
    ("event_day_attr", rf"(?<=\bthe\s+)(?P<a>{MON}\s+{DAY}|{DAY}\s+{MON})(?=\s+{EVENT_NOUNS}\b)"),
    # "the death toll from Thursday's attack": the weekday of the event
    ("weekday_event", rf"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)['’]s"
                      rf"(?=\s+(?:[a-z-]+\s+)?{EVENT_NOUNS}\b)"),
    # "its report of 1 July": what a report dated that day had counted, up to that day
    ("report_date_noyear", rf"(?<=\b(?:{REPORT_NOUNS}|count|tally)\s+of\s+(?:the\s+)?)"
                           rf"(?P<a>{MON}\s+{DAY}|{DAY}\s+(?:of\s+)?{MON})\b(?!,?\s+(?:19|20)\d\d)"),
    ("month_range", rf"\b(?:between\s+|from\s+)?(?P<a>{MON})(?:\s+(?P<ya>{YEAR}))?\s*(?:-|–|to|and|through|until)\s*(?:-\s*)?(?:the\s+end\s+of\s+|mid-?\s*)?(?P<b>{MON})(?:,?\s+(?P<y>{YEAR}))?(?:\s+period)?\b"),
    ("quarter", rf"\b(?:the\s+)?Q(?P<q>[1-4])(?:[\s,]+(?:of\s+)?(?P<y>{YEAR})|\s*(?P<y2>{YEAR})?)\b"),
    ("quarter_words", rf"\b(?:the\s+)?(?:year's\s+|year’s\s+)?(?P<o>first|second|third|fourth|final|last|closing|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+(?:the\s+)?(?:(?P<y>{YEAR})|(?P<rel>this|last|current|previous)\s+year|year\b))?(?:,?\s+(?P<y3>{YEAR}))?"),
    ("rel_quarter", r"\b(?P<rel>this|last|previous|preceding|current|the\s+previous|the\s+preceding)\s+quarter\b"),
    ("prev_three_months", r"\b(?:the\s+)?(?:previous|preceding|prior)\s+three\s+months\b"),
    ("same_period_anaphor", r"\b(?:over|during|in|for|across|within)\s+the\s+same\s+(?:period|time|timeframe|stretch|months)\b(?!\s+(?:of\s+|in\s+)?(?:last|the\s+previous|previous|a\s+year|(?:19|20)\d\d))"),
    ("the_quarter", r"\b(?:during|in|over|for|across|through)\s+the\s+(?:whole\s+|entire\s+)?quarter\b"),
    ("half", rf"\b(?:the\s+)?(?P<o>first|second)\s+half\s+of\s+(?:(?P<y>{YEAR})|(?:the\s+)?(?P<rel>this|last|current)\s+year|the\s+year)"),
    ("half_code", rf"\bH(?P<h>[12])(?:[\s,]+(?P<y>{YEAR}))?\b"),
    ("mid_year", r"\bmid-year\b"),
    ("month_year", rf"\b(?:the\s+)?(?:month\s+of\s+)?(?P<m>{MON})(?:,?\s+(?P<y>{YEAR}))\b"),
    ("rel_month", r"\b(?P<rel>last|this|previous|past|current|the\s+previous|the\s+past)\s+month\b"),
    # "in the previous day's unrest", "the day before": the day before the one the sentence names
    ("rel_day", r"\b(?:the\s+)?(?:previous|preceding)\s+day(?:['’]s)?|\bthe\s+day\s+before\b(?!\s+(?:the|a|an|that|\d))"),
    ("last_named_month", rf"\b(?P<rel>last|this|previous)\s+(?P<m>{MON})\b"),
    ("month", r"\b(?:(?:in|during|of|for|since|from|to|than|and|by|till|until)\s+(?:the\s+month\s+of\s+|early\s+|mid-|late\s+)?|month\s+of\s+)(?P<m>january|february|march|april|june|july|august|september|october|november|december|may(?=\s*[,.;:)]|\s+(?:and|to|was|were|saw|when|compared|against|with)\b))\b"),
    ("month_lead", r"(?:(?<=^)|(?<=\n)|(?<=[.!?:;,]\s))(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)(?=,\s|\s+(?:ended|saw|was|brought|began|closed|recorded|registered|witnessed|alone)\b)"),
    ("month_poss", r"\b(?P<m>january|february|march|april|june|july|august|september|october|november|december)'s\b"),
    ("first_months", rf"\b(?:the\s+)?(?P<o>first|last|final)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months\s+of\s+(?:(?P<y>{YEAR})|(?P<rel>this|last|the)\s+year)"),
    ("since_year", rf"\bsince\s+(?:(?P<part>early|mid|late)[\s-]+)?(?P<y>{YEAR})\b"),
    ("year_range", rf"\b(?:between\s+|from\s+)?(?P<a>{YEAR})\s*(?:and|to|-|–|through)\s*(?P<b>{YEAR})\b"),
    ("last_n_years", r"\b(?:over\s+|in\s+|during\s+)?(?:the\s+)?(?:last|past|previous|preceding)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+years\b"),
    ("same_period_last_year", r"\b(?:the\s+)?(?:same|corresponding)\s+(?:period|time|quarter|month|stretch|fortnight|week|half|"
                              r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+)?(?:months|weeks|days))\s+"
                              r"(?:of\s+|in\s+)?(?:(?P<rel>last|the\s+previous|previous|the\s+preceding|the\s+prior)\s+year|"
                              r"(?P<rel2>a\s+year\s+(?:earlier|before|ago)|the\s+year\s+before)|(?P<y>(?:19|20)\d\d))"),
    ("year_on_year", r"\byear[- ]on[- ]year\b"),
    ("year_before", r"\b(?:the\s+year\s+before|a\s+year\s+(?:earlier|before|ago)|the\s+year\s+earlier|the\s+prior\s+year)\b"),
    ("rel_year", r"\b(?P<rel>this|last|previous|current|the\s+previous|the\s+preceding|preceding|past)\s+year\b|\bthe\s+year\b(?!\s*\d)"),
    ("year", rf"(?<![\w,.])(?P<y>{YEAR})(?![\w%]|\.\d|,\d)"),
]
_COMPILED = [(name, regex.compile(p, regex.I)) for name, p in _PATTERNS]
_BASE_CUE = regex.compile(
    r"\b(?P<cue>from|compared\s+(?:to|with)|compared|against|than(?:\s+in)?|as\s+in|versus|vs\.?|over|on|since|"
    r"relative\s+to|"
    r"above|below)"
    r"\s+(?:a\s+peak\s+of\s+\S+\s+in\s+|(?:the\s+)?(?:levels?\s+(?:of|in)\s+)?)?$", regex.I)


# nouns that a year before them names as an event ("the 2016 peace agreement", "the 2014 elections")
_EVENT_AFTER = regex.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:agreement|accord|deal|coup|elections?|uprising|revolution|invasion|constitution|"
    r"census|earthquake|floods?|ceasefire|truce|referendum|protests?|crackdown|offensive|law|act|treaty)\b")
_NAMED_BEFORE = regex.compile(
    r"\b(?-i:Bill|Act|Law|Budget|Vision|Agenda|Plan|Strategy|Index|Cup|Games|Census|Accord|Agreement)\s+$")
# "41 shootings this year against 22 last year": the year of a count set against another
_BASE_COUNT_CUE = regex.compile(r"\b(?P<cue>against|compared\s+(?:to|with)|versus|vs\.?)\s+\d[\d,]*\s+$", regex.I)
# "a UN report in January counted ...", "its report of 1 July", "the briefing last September": when a report
# came out, which dates a figure only when nothing else in its sentence does
_REPORT_DATED = regex.compile(
    rf"\b{REPORT_NOUNS}\s+(?:(?:published|released|issued|dated|made|given)\s+)?(?:in|of|on|from)?\s*$", regex.I)
_TOLD = regex.compile(rf",?\s+[^.;\d]{{0,60}}?\b{TELLING_VERBS}\b", regex.I)  # "In mid-March, the prosecutor gave"
_TOLD_NEXT = regex.compile(rf",?\s+(?:{TELLING_VERBS}|released|published)\b", regex.I)  # "on Thursday lowered"
_REPORTED = regex.compile(r"[^.;]{0,80}?\b(?:said|says|reported|announced|published|released|stated|told)\b", regex.I)


def find_periods(text: str) -> list[PeriodMention]:
    """All period phrases, longest first where they overlap."""
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for name, rx in _COMPILED:
        for m in list(rx.finditer(text, timeout=REGEX_TIMEOUT)):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            spec = _spec(name, m)
            if spec is None:
                continue
            if name == "year" and _NAMED_BEFORE.search(text[max(0, s - 12) : s], timeout=REGEX_TIMEOUT):
                continue  # "the Finance Bill 2024", "Vision 2030": a year inside a name
            if name in ("year", "month_year") and _EVENT_AFTER.match(text, e, timeout=REGEX_TIMEOUT) and regex.search(
                    r"\bthe\s+$", text[max(0, s - 5) : s]) and not regex.search(r"\bsince\s+the\s+$", text[max(0, s - 11) : s]):
                continue  # "the 2016 peace agreement": the year names an event, not the period counted
            if name == "rel_year" and regex.search(r"(?:19|20)\d\d,\s*$", text[max(0, s - 8) : s]):
                continue  # "In 2006, the year Calderon took office": an apposition, not another period
            if spec[0] in ("day", "year", "month", "month_noyear") and regex.search(
                    r"\bsince\b[^.;,]{0,80}$", text[max(0, s - 90) : s], regex.I):
                # "since fighting broke out on 15 April 2023", "since documentation began in 2009",
                # "since fighting escalated in early July"
                if spec[0] == "month_noyear":
                    spec = ("since_noyear", spec[1])
                else:
                    start = spec[1] if spec[0] == "day" else (spec[1], spec[2] if spec[0] == "month" else 1, 1)
                    spec = ("since", start)
            elif spec[0] == "dates" and name == "date_noyear" and regex.search(
                    r"\bsince\b[^.;,]{0,80}$", text[max(0, s - 90) : s], regex.I):
                spec = ("since_day_noyear", spec[1][1], spec[1][2])  # "since a state of emergency ... on 4 August"
            if spec[0] == "month_noyear" and (m.group(0).lower().startswith("since") or regex.search(
                    r"\bsince\s+$", text[max(0, s - 8) : s], regex.I)):
                spec = ("since_noyear", spec[1])  # "Since January, SOHR has recorded 3,857 deaths"
            if spec[0] == "since_noyear" and "mid-" in m.group(0).lower():
                spec = ("since_noyear", spec[1], 15)  # "since mid-April": from the middle of the month
            if name in ("date_noyear", "on_weekday") and m.group(0)[:1] == "O" and _REPORTED.match(
                    text, e, timeout=REGEX_TIMEOUT):
                continue  # "On 30 July the agency said ...": when it was said, not what it counts
            if name in ("date_noyear", "on_weekday", "date") and _TOLD_NEXT.match(text, e, timeout=REGEX_TIMEOUT):
                continue  # "Sri Lanka on Thursday lowered the death toll to 253": when it was told
            if name == "month" and m.group(0)[:2] == "In" and _TOLD.match(text, e, timeout=REGEX_TIMEOUT):
                continue  # "In mid-March, the prosecutor gave parliament a toll of 230": when it was told
            cue = _BASE_CUE.search(text[max(0, s - 40):s]) or (
                _BASE_COUNT_CUE.search(text[max(0, s - 40):s]) if spec[0] == "rel_year" else None)
            if cue and cue.group("cue").lower() == "from" and regex.search(
                    r"\b(?:toll|tally|count|casualties|deaths|injuries)\s+from\s+(?:the\s+)?$", text[max(0, s - 40):s]):
                cue = None  # "the death toll from last Friday's massacre": whose toll, not a comparison
            if cue and cue.group("cue").lower() == "on" and spec[0] in ("day", "dates"):
                cue = None  # "On 17 February 2016 a car bomb ...": a day, not a base ("up 30% on 2021")
            found.append(PeriodMention(s, e, text[s:e], spec, cue.group("cue").lower() if cue else None,
                                       relative=spec[0].startswith("rel") or spec[0] in ("quarter_noyear", "month_noyear",
                                                                                         "half_noyear", "before_update"),
                                       rule=name))
            if _REPORT_DATED.search(text[max(0, s - 45):s], timeout=REGEX_TIMEOUT):
                found[-1].meta["report_date"] = True
            taken.append((s, e))
    found.sort(key=lambda p: p.start)
    for i in range(1, len(found)):
        p, q = found[i - 1], found[i]
        if p.base_cue and p.base_cue != "since" and not q.base_cue and regex.fullmatch(
                r"\s*(?:,|—|–|\()\s*", text[p.end : q.start]):
            # "Against the previous quarter, April to June 2024, ...": the apposition is the base too
            found[i] = dataclasses.replace(q, base_cue=p.base_cue)
    return found


def _spec(name: str, m) -> tuple | None:
    g = m.groupdict()
    if name == "date_interval":
        return ("dates", _date_parts(g["a"]), _date_parts(g["b"]))
    if name == "since_month":
        return ("since", (int(g["y"]), _month(g["m"]), 1))
    if name == "since_day":
        _, mo, d = _date_parts(g["a"])
        return ("since_day_noyear", mo, d)
    if name == "upto_weekday":
        return ("upto_weekday", WEEKDAYS.index(g["wd"].lower()))
    if name == "last_weekday":
        return ("weekday", WEEKDAYS.index(g["wd"].lower()), True)
    if name in ("on_weekday", "weekday_event"):
        return ("weekday", WEEKDAYS.index(g["wd"].lower()))
    if name == "day_range":
        m = _month(g.get("m") or g["m2"])
        d1, d2 = int(g.get("d1") or g["e1"]), int(g.get("d2") or g["e2"])
        if not (1 <= d1 < d2 <= 31):
            return None
        y = int(g["y"]) if g.get("y") else None
        return ("dates", (y, m, d1), (y, m, d2))
    if name == "ytd_upto":
        return ("ytd_upto", _date_parts(g["a"]))
    if name == "relative_to_date":
        return ("after", _date_parts(g["a"]))
    if name == "days_of_year":
        n = g["n"]
        n = int(n) if n.isdigit() else WORDN[n.lower()]
        end = _dt.date(int(g["y"]), 1, 1) + _dt.timedelta(days=n - 1)
        if end.year != int(g["y"]):
            return None
        return ("dates", (int(g["y"]), 1, 1), (end.year, end.month, end.day))
    if name == "span_after_date":
        n = g["n"]
        n = int(n) if n.isdigit() else WORDN[n.lower()]
        return ("span_after", _date_parts(g["a"]), n, g["u"].lower())
    if name == "weeks_of_month":
        n = g["n"]
        n = int(n) if n.isdigit() else WORDN[n.lower()]
        mo = _month(g["m"]) if g.get("m") else None
        return ("days_of_month", int(g["y"]) if g.get("y") else None, mo, 7 * n, g["o"].lower() == "last")
    if name == "days_of_month":
        n = g["n"]
        n = int(n) if n.isdigit() else WORDN[n.lower()]
        last = (g.get("o") or "").lower() in ("last", "final")
        return ("days_of_month", int(g["y"]) if g.get("y") else None, _month(g["m"]), n, last)
    if name == "before_update":
        n = g["n"].lower()
        n = 1 if n in ("one", "a") else int(n) if n.isdigit() else WORDN[n]
        unit = g["u"].lower().rstrip("s")
        return ("before_update", n * {"day": 1, "week": 7, "month": 30}[unit])
    if name == "since_month_start":
        if g.get("y"):
            return ("since", (int(g["y"]), _month(g["m"]), 1))
        return ("since_noyear", _month(g["m"]))
    if name == "since_start":
        return ("since", (int(g["y"]), 1, 1)) if g.get("y") else ("since_year_start",)
    if name in ("upto_date", "report_date_noyear"):
        return ("upto", _date_parts(g["a"]))
    if name == "upto_month":
        return ("upto_month", int(g["y"]) if g.get("y") else None, _month(g["m"]), bool(g.get("hard")))
    if name == "date":
        return ("day", _date_parts(g["a"]))
    if name in ("date_noyear", "event_date_noyear", "event_day_attr"):
        return ("dates", _date_parts(g["a"]), _date_parts(g["a"]))
    if name == "month_range":
        a, b = _month(g["a"]), _month(g["b"])
        if a == b:
            return None
        y = g.get("y") or g.get("ya")
        return ("months", int(y) if y else None, a, b, int(g["ya"]) if g.get("ya") else None)
    if name == "quarter":
        y = g.get("y") or g.get("y2")
        return ("quarter", int(y), int(g["q"])) if y else ("quarter_noyear", int(g["q"]))
    if name == "quarter_words":
        q = ORD[g["o"].lower()]
        y = g.get("y") or g.get("y3")
        if g["o"].lower() == "last" and not y and not g.get("rel"):
            return None  # "last quarter": the one before, not Q4
        if y:
            return ("quarter", int(y), q)
        if g.get("rel"):
            return ("rel_quarter_in_year", g["rel"].lower(), q)
        return ("quarter_noyear", q)
    if name == "prev_three_months":
        return ("rel_quarter", -1)
    if name == "same_period_anaphor":
        return ("same_as_before",)  # "over the same period": the period the text just reported; set by the extractor
    if name == "the_quarter":
        return ("rel_quarter", 0)
    if name == "rel_quarter":
        rel = g["rel"].lower().split()[-1]
        return ("rel_quarter", 0 if rel in ("this", "current") else -1)
    if name == "half":
        h = 1 if g["o"].lower() == "first" else 2
        if g.get("y"):
            return ("half", int(g["y"]), h)
        rel = (g.get("rel") or "this").lower()
        return ("rel_half", -1 if rel == "last" else 0, h)
    if name == "half_code":
        return ("half", int(g["y"]), int(g["h"])) if g.get("y") else ("half_noyear", int(g["h"]))
    if name == "mid_year":
        return ("half_noyear", 1)
    if name == "month_year":
        return ("month", int(g["y"]), _month(g["m"]))
    if name == "rel_day":
        return ("rel_day", -1)
    if name == "rel_month":
        rel = g["rel"].lower().split()[-1]
        return ("rel_month", 0 if rel in ("this", "current") else -1)
    if name == "last_named_month":
        return ("rel_named_month", g["rel"].lower(), _month(g["m"]))
    if name in ("month", "month_poss", "month_lead"):
        return ("month_noyear", _month(g["m"]))
    if name == "first_months":
        n = g["n"]
        n = int(n) if n.isdigit() else WORDN[n.lower()]
        if n > 12:
            return None
        last = g["o"].lower() != "first"  # "the last four months of the year": September to December
        a, b = (13 - n, 12) if last else (1, n)
        if g.get("y"):
            return ("months", int(g["y"]), a, b, None)
        return ("rel_first_months", -1 if (g.get("rel") or "").lower() == "last" else 0, a, b)
    if name == "since_year":
        # "since late 2016": from the last quarter; "since mid-2019": from July
        month = {"early": 1, "mid": 7, "late": 10}.get((g.get("part") or "early").lower(), 1)
        return ("since", (int(g["y"]), month, 1))
    if name == "year_range":
        a, b = int(g["a"]), int(g["b"])
        return ("years", a, b) if a < b else None
    if name == "last_n_years":
        n = g["n"]
        return ("rel_last_years", int(n) if n.isdigit() else WORDN[n.lower()])
    if name == "same_period_last_year":
        return ("rel_same_period_year", int(g["y"]) if g.get("y") else None)
    if name == "year_on_year":
        return ("rel_same_period_year", None)
    if name == "year_before":
        return ("rel_year_before",)
    if name == "rel_year":
        rel = (g.get("rel") or "this").lower().split()[-1]
        return ("rel_year", 0 if rel in ("this", "current") else -1)
    if name == "year":
        return ("year", int(g["y"]))
    return None


def _weekday_before(pub: tuple[int, int, int], weekday: int, strictly: bool = False) -> _dt.date:
    """The latest such weekday not after the publication date (before it, when `strictly`)."""
    day = _dt.date(*pub)
    return day - _dt.timedelta(days=(day.weekday() - weekday) % 7 or (7 if strictly else 0))


def _latest_year(month: int, day: int, end_ref: tuple[int, int, int] | None, y: int | None) -> int | None:
    """A month or day named without a year: its latest occurrence not after the report's end."""
    if end_ref is None:
        return y
    return end_ref[0] if (month, day) <= (end_ref[1], end_ref[2]) else end_ref[0] - 1


def resolve(pm: PeriodMention, anchor: Anchor, doc_period: str | None = None,
            year_hint: int | None = None) -> str | None:
    """The period string of a mention, given the report's anchor (None when it cannot be known).

    `year_hint` is the year written just before in the same sentence ("in 2019, up to 10 November";
    "817 in April 2022, then 544 in May"): it beats the anchor for a month or day named without one.
    """
    sp = pm.spec
    kind = sp[0]
    y = anchor.ref_year
    pub = anchor.date
    end_ref = _end_ref(anchor, doc_period)
    named_ref = pub or end_ref  # where a month or day named without a year is looked for, backwards
    if pub is None and end_ref and doc_period and granularity(doc_period) in ("month", "day"):
        # an undated story of one event goes on to its aftermath: "in mid-March", after "the violence of
        # January 2022", is March 2022
        named_ref = (end_ref[0], 12, 31)
    if kind == "dates":
        (ya, ma, da), (yb, mb, db) = sp[1], sp[2]
        # a day named without a year: its latest occurrence before the report was published, else before
        # the report's end ("on 9 January" in a 2023 review published in January 2024 is January 2024)
        yb = yb or ya or year_hint or _latest_year(mb, db, named_ref, y)
        ya = ya or yb
        if yb is None:
            return None
        if (ya, ma, da) > (yb, mb, db) and sp[1][0] is None:
            ya -= 1
        elif (ya, ma, da) > (yb, mb, db) and sp[2][0] is None:
            yb += 1  # "from 15 April 2023 to 12 January": the next January
        return span_str((ya, ma, da), (yb, mb, db))
    if kind == "upto":
        (yb, mb, db) = sp[1]
        yb = yb or year_hint or y
        if yb is None:
            return None
        start = (yb, 1, 1)
        if doc_period and granularity(doc_period) == "interval":
            b = bounds(doc_period)
            if b and b[0] < (yb, mb, db):
                start = b[0]  # "(some 25,170 as of June 30)" in a running-total report: the same start
        return span_str(start, (yb, mb, db))
    if kind == "upto_month":
        _, yb, mb, hard = sp
        yb = yb or year_hint or _latest_year(mb, 1, named_ref, y)
        if yb is None:
            return None
        running = doc_period and granularity(doc_period) == "interval"
        if not hard and not running:
            return f"{yb}-{mb:02d}"  # "at the end of June" in a report of one month or year: that month
        last = (yb, mb, _last_day(yb, mb))
        start = (yb, 1, 1)
        if running:
            b = bounds(doc_period)
            if b and b[0] < last:
                start = b[0]
        return span_str(start, last)
    if kind == "span_after":
        # "in the four weeks after they began on 18 June": from that day to the day four weeks later
        (ya, ma, da), n, unit = sp[1], sp[2], sp[3]
        ya = ya or year_hint or _latest_year(ma, da, named_ref, y)
        if ya is None:
            return None
        first = _dt.date(ya, ma, da)
        if unit == "months":
            mm = ma - 1 + n
            last = _dt.date(ya + mm // 12, mm % 12 + 1, min(da, _last_day(ya + mm // 12, mm % 12 + 1)))
        else:
            last = first + _dt.timedelta(days=n * (7 if unit == "weeks" else 1))
        return span_str((first.year, first.month, first.day), (last.year, last.month, last.day))
    if kind == "ytd_upto":
        # "so far this year (up to November 30)": the report's year to that day
        yb = sp[1][0] or (pub[0] if pub else y)
        return span_str((yb, 1, 1), (yb, sp[1][1], sp[1][2])) if yb else None
    if kind == "after":
        # "relative to June 30, the toll grew by ...": what was added after that day, up to the report's end
        (ya, ma, da) = sp[1]
        ya = ya or year_hint or _latest_year(ma, da, end_ref, y)
        if ya is None or end_ref is None:
            return None
        start = _dt.date(ya, ma, da) + _dt.timedelta(days=1)
        first = (start.year, start.month, start.day)
        return span_str(first, end_ref) if first <= end_ref else None
    if kind == "days_of_month":
        _, yy, mo, n, last = sp
        if mo is None:
            # "the first two weeks of the month": the month the report is about, else the one it was written in
            ref = bounds(doc_period)[1] if doc_period and granularity(doc_period) == "month" else pub or end_ref
            if ref is None:
                return None
            yy, mo = ref[0], ref[1]
        yy = yy or year_hint or _latest_year(mo, 1, end_ref, y)
        ld = _last_day(yy, mo) if yy else 0
        if yy is None or n > ld:
            return None
        return span_str((yy, mo, ld - n + 1), (yy, mo, ld)) if last else span_str((yy, mo, 1), (yy, mo, n))
    if kind == "before_update":
        # "(some 18,657 one week before)" in a running-total report: the same start, an earlier end
        if not doc_period or granularity(doc_period) != "interval":
            return None
        b = bounds(doc_period)
        if not b:
            return None
        end = _dt.date(*b[1]) - _dt.timedelta(days=sp[1])
        last_day = (end.year, end.month, end.day)
        return span_str(b[0], last_day) if b[0] <= last_day else None
    if kind == "since_day_noyear":
        # "since 3 May" in a report of 15 September: this year's 3 May to the report's end
        if end_ref is None:
            return None
        yy = _latest_year(sp[1], sp[2], end_ref, y)
        return span_str((yy, sp[1], sp[2]), end_ref) if yy else None
    if kind == "weekday":
        # "on Saturday" in a Wednesday paper; "last Friday" in a Friday paper is a week before
        if not pub:
            return None
        day = _weekday_before(pub, sp[1], strictly=len(sp) > 2)
        return span_str((day.year, day.month, day.day), (day.year, day.month, day.day))
    if kind == "upto_weekday":
        # "as of Thursday" in a Friday paper: the latest such weekday not after the publication date
        if not pub:
            return None
        day = _weekday_before(pub, sp[1])
        start = (day.year, 1, 1)
        if doc_period and granularity(doc_period) == "interval":
            b = bounds(doc_period)
            if b and b[0] < (day.year, day.month, day.day):
                start = b[0]
        return span_str(start, (day.year, day.month, day.day))
    if kind == "since_year_start":
        # "since the start of the year": from 1 January of the year the report ends in
        return span_str((end_ref[0], 1, 1), end_ref) if end_ref else None
    if kind == "since_noyear":
        if end_ref is None:
            return None
        day = sp[2] if len(sp) > 2 else 1
        yy = _latest_year(sp[1], day, end_ref, y)
        return span_str((yy, sp[1], day), end_ref) if yy else None
    if kind == "since":
        if end_ref is None:
            return None
        return span_str(sp[1], end_ref) if sp[1] <= end_ref else None
    if kind == "months":
        yy = sp[1] or year_hint or y
        if yy is None:
            return None
        if not sp[1] and anchor.year and bounds_month_end(anchor) and sp[3] > bounds_month_end(anchor):
            yy -= 1  # "the October-December period" in a Q1 report: the year before
        ya = sp[4] or (yy if sp[2] <= sp[3] else yy - 1)
        return span_str((ya, sp[2], 1), (yy, sp[3], _last_day(yy, sp[3])))
    if kind == "day":
        return span_str(sp[1], sp[1]) if sp[1][0] else None
    if kind == "quarter":
        return f"{sp[1]}-Q{sp[2]}"
    if kind == "quarter_noyear":
        return f"{y}-Q{sp[1]}" if y else None
    if kind == "rel_quarter_in_year":
        if y is None:
            return None
        return f"{y - (1 if sp[1] in ('last', 'previous') else 0)}-Q{sp[2]}"
    if kind == "rel_quarter":
        base = doc_period if doc_period and granularity(doc_period) == "quarter" else None
        if base is None and pub:
            base = f"{pub[0]}-Q{(pub[1] - 1) // 3 + 1}"
            return previous(base) if sp[1] == -1 else base
        if base is None:
            return None
        return previous(base) if sp[1] == -1 and not _doc_is_this(anchor) else base
    if kind == "half":
        return f"{sp[1]}-H{sp[2]}"
    if kind == "half_noyear":
        return f"{y}-H{sp[1]}" if y else None
    if kind == "rel_half":
        return f"{y + sp[1]}-H{sp[2]}" if y else None
    if kind == "month":
        return f"{sp[1]}-{sp[2]:02d}"
    if kind == "month_noyear":
        yy = year_hint or _latest_year(sp[1], 1, end_ref if pub else named_ref, y)
        return f"{yy}-{sp[1]:02d}" if yy else None
    if kind == "rel_month":
        if pub:
            yy, mm = pub[0], pub[1]
        elif anchor.year and anchor.month:
            return f"{anchor.year}-{anchor.month:02d}" if sp[1] == -1 else None
        else:
            return None
        if sp[1] == -1:
            yy, mm = (yy - 1, 12) if mm == 1 else (yy, mm - 1)
        return f"{yy}-{mm:02d}"
    if kind == "rel_named_month":
        if pub:
            yy = pub[0] if sp[2] < pub[1] else pub[0] - 1
        elif y:
            yy = y  # no date: the named month of the text's own year
        else:
            return None
        return f"{yy}-{sp[2]:02d}"
    if kind == "years":
        return f"{sp[1]}/{sp[2]}"
    if kind == "rel_last_years":
        ey = end_ref[0] if end_ref else y
        if ey is None:
            return None
        if doc_period and granularity(doc_period) == "year":
            ey = int(doc_period)
        elif pub and not doc_period:
            ey = pub[0] - 1
        return f"{ey - sp[1] + 1}/{ey}"
    if kind == "rel_same_period_year":
        if sp[1] and doc_period:
            b = bounds(doc_period)
            if b:
                return shift_year(doc_period, sp[1] - b[0][0])
        return shift_year(doc_period, -1) if doc_period else (str(y - 1) if y else None)
    if kind == "rel_first_months":
        yy = y + sp[1] if y else None
        return span_str((yy, sp[2], 1), (yy, sp[3], _last_day(yy, sp[3]))) if yy else None
    if kind == "rel_year_before":
        b = bounds(doc_period) if doc_period and granularity(doc_period) == "interval" else None
        if b and (_dt.date(*b[1]) - _dt.date(*b[0])).days > 366:
            # "191,369 killed since March 2011, twice the 92,901 of a year earlier": the running total a year ago
            (y2, m2, d2) = b[1]
            end = (y2 - 1, m2, min(d2, _last_day(y2 - 1, m2)))
            return span_str(b[0], end) if b[0] < end else None
        if doc_period and granularity(doc_period) in ("quarter", "month", "half", "interval"):
            # "a rise of 15.5% on a year earlier" in a quarterly report: the same quarter a year before
            return shift_year(doc_period, -1)
        return str(y - 1) if y else None  # "the year before": before the year reported on
    if kind == "rel_year":
        b = bounds(doc_period) if doc_period and granularity(doc_period) == "interval" else None
        if b and b[0][1:] == (1, 1) and b[0][0] == b[1][0] and b[1][1:] != (12, 31) and (
                y is None or y == b[0][0]) and (sp[1] == 0 or pm.base_cue):
            # a report on the year so far: "this year" is that span; "22 last year" compared with it is the
            # same span a year earlier
            return doc_period if sp[1] == 0 else shift_year(doc_period, -1)
        if sp[1] == -1 and pub:
            return str(pub[0] - 1)  # "last year" is the year before the one it was written in
        return str(y + sp[1]) if y else None
    if kind == "year":
        return str(sp[1])
    return None


def bounds_month_end(anchor: Anchor) -> int | None:
    if anchor.month:
        return anchor.month
    if anchor.quarter:
        return anchor.quarter * 3
    return None


def _doc_is_this(anchor: Anchor) -> bool:
    return False


def _end_ref(anchor: Anchor, doc_period: str | None) -> tuple[int, int, int] | None:
    """Where a cumulative figure ("since 2010") ends: the report's period, else its date."""
    if doc_period:
        b = bounds(doc_period)
        if b:
            return b[1]
    if anchor.date:
        return anchor.date
    if anchor.year:
        return (anchor.year, 12, 31)
    return None


def parse_date(s: str | None) -> tuple[int, int, int] | None:
    if not s:
        return None
    m = regex.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s.strip())
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def anchor_for(doc_period: str | None, published: str | None) -> Anchor:
    date = parse_date(published)
    if doc_period:
        b = bounds(doc_period)
        if b:
            (y1, m1, _), (y2, m2, _) = b
            q = (m1 - 1) // 3 + 1 if granularity(doc_period) == "quarter" else None
            return Anchor(year=y2, quarter=q, month=m2 if granularity(doc_period) == "month" else None, date=date)
    return Anchor(year=None, date=date)
