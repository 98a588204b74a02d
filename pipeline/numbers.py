"""Number phrases -> values: "1,204", "1.2 million", "two dozen", "nearly 92%", "between 10 and 15".

A regex proposes, a small function confirms (the Presidio pattern): "2023" is a year, "31" in
"March 31" a day, "$5" money, "five years" a duration, "10th" a rank; none of them is a figure.
Vocabularies (spelled numbers, qualifiers, units, excluding contexts) are data in
`models/rules/numbers.json`. Spelled phrases of several words go to quantulum3.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .resources import load_json

REGEX_TIMEOUT = 2.0  # seconds per search on untrusted text

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)


_PREV_WORD = regex.compile(r"[^\s]+\s*$")
_CLOCK_OR_SLASH = regex.compile(r"\d[:/]$")
_AGE = regex.compile(r"\bage[sd]?\s+(?:of\s+|between\s+)?$", regex.I)
_NEXT_WORD = regex.compile(r"\s?([-\w.']+)")
_DURATION_SUFFIX = regex.compile(r"-(?:year|month|day|week|hour)")
_AND_A_HALF = regex.compile(r"\s+and\s+a\s+half\s+(?:years?|months?|weeks?|days?|hours?|decades?)\b", regex.I)
_ORDINAL = regex.compile(r"^\s?(?:st|nd|rd|th|s)\b")
_TIME_OR_VERSION = regex.compile(r"^(?::\d|/\d|\.\d+\.)")


@dataclass(frozen=True)
class NumberMention:
    """A number phrase in the text: its full extent (qualifier and unit included) and its value."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    text: str
    approx: str = "exact"
    low: float | None = None
    high: float | None = None
    percent: bool = False
    words: bool = False
    multiplier: bool = False
    maybe_year: bool = False
    rule: str = "digits"


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


class NumberFinder:
    """Finds number phrases in a text; built once from the rule data."""

    def __init__(self, data: dict | None = None) -> None:
        d = data or load_json("rules/numbers.json")
        self.ones: dict[str, int] = d["units"]["ones"]
        self.tens: dict[str, int] = d["units"]["tens"]
        self.scales: dict[str, int] = d["scales"]
        self.collective: dict[str, dict] = d["collective"]
        self.multipliers: dict[str, int] = d["multipliers"]
        self.qualifiers = {q.lower(): a for q, a in d["qualifiers"]}
        self.plain = [p.lower() for p in d["plain_prefixes"]]
        self.not_after = {w.lower() for w in d["not_figure_after"]}
        self.not_before = {w.lower() for w in d["not_figure_before"]}
        # "taken one at a time", "every one of the 15": a number word inside an idiom counts nothing
        self.idioms = regex.compile("|".join(f"(?:{p})" for p in d.get("not_figure_idioms", [])) or r"(?!)", regex.I)
        word_scales = [s for s in self.scales if len(s) > 2]
        numword = _alt(list(self.ones) + list(self.tens) + ["hundred", "thousand", "million", "billion"])
        self.digits_re = regex.compile(
            r"(?<![\w])(?<![A-Za-z]-)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
            rf"(?:\s?(?P<scale>{_alt(word_scales)})\b|(?P<sscale>m|mn|bn|k)\b)?"
            r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|per-cent\b|pc\b|pct\b|percentage points?\b))?",
            regex.I,
        )
        self.words_re = regex.compile(
            rf"(?<![\w-])(?P<num>(?:{numword})(?:(?:[\s-]+|(?<=hundred|thousand|million)\s+and\s+)(?:{numword}))*)"
            r"(?P<dozen>\s+dozen)?(?![\w-])"
            r"(?P<pct>\s(?:per\s?cent\b|percent\b|%))?",
            regex.I,
        )
        self.collective_re = regex.compile(rf"(?<![\w-])(?P<num>{_alt(self.collective)})(?![\w-])", regex.I)
        self.mult_re = regex.compile(rf"(?<![\w-])(?P<num>{_alt(self.multipliers)})(?![\w-])", regex.I)
        # "about a quarter of the people kidnapped", "a decline of about a fifth": a fraction as a percent,
        # only where it is a share (of the whole) or the size of a change; "the first half of 2024" is neither
        self.fractions: dict[str, float] = {k.lower(): float(v) for k, v in d.get("fractions", {}).items()}
        self.fraction_re = regex.compile(
            rf"(?<![\w-])(?P<num>{_alt(self.fractions)})(?![\w-])(?=\s+of\s+(?:the|all|its|their|those|these|them)\b)"
            rf"|(?<=\b(?:by|of)\s+(?:(?:about|nearly|almost|roughly|around|some|over|more\s+than|close\s+to)\s+)?)"
            rf"(?P<num2>{_alt(self.fractions)})(?![\w-])"
            # "almost a fifth fewer than the 381 of 2020": a fraction as the size of a comparison
            rf"|(?<![\w-])(?P<num3>{_alt(self.fractions)})(?=\s+(?:fewer|more|less|lower|higher)\s+than\b)",
            regex.I) if self.fractions else None
        # "more than three times the 154 killed in 2022": N times a figure is a change of (N-1) x 100%
        self.times_re = regex.compile(
            r"(?<![\w-])(?P<num>(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+times)"
            r"(?=\s+(?:the|as\s+(?:many|much|high)|higher|more|greater|larger|that|those|its|their)\b)", regex.I)
        self.change_words = regex.compile(
            r"\b(?:decline|declined|drop|dropped|fall|fell|rise|rose|increase|increased|decrease|decreased|cut|"
            r"reduction|jump|jumped|down|up|grew|growth|surge|surged)\s+(?:by|of)\s+\S*\s*\S*\s*$", regex.I)
        # "flare-up to 55" has no qualifier: a hyphen joins "up" to the word before
        self.qual_re = regex.compile(rf"(?:^|(?<=[^\w-]))(?P<q>{_alt(self.qualifiers)})\s+$", regex.I)
        self.plain_re = regex.compile(rf"(?:^|(?<=[^\w]))(?P<q>{_alt(self.plain)})\s+$", regex.I)
        self.date_before = regex.compile(rf"\b(?:{MONTHS})\.?\s+$", regex.I)
        # "23 of February" is a day; "Twenty-three of February's victims" is not
        self.date_after = regex.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{MONTHS})\b(?!['’]s)", regex.I)
        self.range_between = regex.compile(r"between\s+$", regex.I)

    # -- parsing helpers ---------------------------------------------------------------
    def word_value(self, phrase: str) -> float | None:
        """Value of a spelled number; one word from the table, several through quantulum3."""
        toks = [t for t in regex.split(r"[\s-]+", phrase.lower()) if t and t != "and"]
        if len(toks) == 1:
            t = toks[0]
            return float(self.ones.get(t, self.tens.get(t, self.scales.get(t, 0)))) or (0.0 if t == "zero" else None)
        return _quantulum_value(phrase)

    # -- finding -----------------------------------------------------------------------
    def find(self, text: str) -> list[NumberMention]:
        found: list[NumberMention] = []
        # the timeout bounds the regex only: collect the matches before confirming them
        for m in list(self.digits_re.finditer(text, timeout=REGEX_TIMEOUT)):
            nm = self._from_digits(text, m)
            if nm:
                found.append(nm)
        taken = [(n.num_start, n.num_end) for n in found]
        for m in list(self.times_re.finditer(text, timeout=REGEX_TIMEOUT)):
            n = m.group("n").lower()
            k = int(n) if n.isdigit() else self.ones.get(n, self.tens.get(n, 0))
            if k >= 2 and not any(a < m.end() and m.start() < b for a, b in taken):
                start, approx = self._qualify(text, m.start())
                found.append(NumberMention(start, m.end(), m.start(), m.end(), float((k - 1) * 100),
                                           text[start : m.end()], approx=approx, words=not n.isdigit(),
                                           multiplier=True, rule="multiplier"))
                taken.append((m.start(), m.end()))
        if self.fraction_re is not None:
            for m in list(self.fraction_re.finditer(text, timeout=REGEX_TIMEOUT)):
                nm = self._from_fraction(text, m)
                if nm and not any(a < nm.num_end and nm.num_start < b for a, b in taken):
                    found.append(nm)
                    taken.append((nm.num_start, nm.num_end))
        for rx, rule in ((self.words_re, "words"), (self.collective_re, "collective"), (self.mult_re, "multiplier")):
            for m in list(rx.finditer(text, timeout=REGEX_TIMEOUT)):
                if any(a < m.end("num") and m.start("num") < b for a, b in taken):
                    continue
                nm = self._from_words(text, m, rule)
                if nm:
                    found.append(nm)
                    taken.append((nm.num_start, nm.num_end))
        idioms = [m.span() for m in self.idioms.finditer(text, timeout=REGEX_TIMEOUT)]
        if idioms:
            found = [n for n in found if not any(a <= n.num_start and n.num_end <= b for a, b in idioms)]
        found.sort(key=lambda n: n.start)
        found = self._ranges(text, found)
        return self._coordinated_percents(text, found)

    def _qualify(self, text: str, start: int) -> tuple[int, str]:
        """Extend the phrase leftwards over a qualifier ("nearly", "as many as") or "just"/"only"."""
        left = text[max(0, start - 30) : start]
        approx, new_start = "exact", start
        m = self.plain_re.search(left)
        if m:
            new_start = start - (len(left) - m.start("q"))
            left = text[max(0, new_start - 30) : new_start]
        m = self.qual_re.search(left)
        if m:
            q = m.group("q").lower()
            approx = self.qualifiers[q]
            new_start = new_start - (len(left) - m.start("q"))
        return new_start, approx

    def _excluded(self, text: str, s: int, e: int) -> bool:
        before = text[max(0, s - 12) : s]
        after = text[e : e + 24]
        prev_word = _PREV_WORD.findall(before)
        if prev_word and prev_word[0].strip().lower() in self.not_before:
            return True
        if before.rstrip().endswith(("$", "£", "€", "₹", "#")):
            return True
        if _CLOCK_OR_SLASH.search(before) or _AGE.search(before):  # "12:30", "9/11", "aged 25"
            return True
        if self.date_before.search(before) or self.date_after.match(after):
            return True
        if _AND_A_HALF.match(after):
            return True  # "in the nine and a half months since": a duration
        nxt = _NEXT_WORD.match(after)
        if nxt:
            w = nxt.group(1).lower().rstrip(".")
            if (
                w in self.not_after
                or ("-" + w.split("-")[1] if w.startswith("-") and "-" in w[1:] else w) in self.not_after
            ):
                return True
            if _DURATION_SUFFIX.match(w):
                return True
        if _ORDINAL.match(after) or _TIME_OR_VERSION.match(after):  # 10th, 1990s; times, dates, versions
            return True
        return False

    def _from_digits(self, text: str, m) -> NumberMention | None:
        raw = m.group("num")
        s, e = m.start("num"), m.end("num")
        value = float(raw.replace(",", ""))
        pct = bool(m.group("pct"))
        scale = m.group("scale") or m.group("sscale")
        if scale:
            value *= self.scales[scale.lower()]
        end = m.end()
        if text[max(0, s - 4) : s].rstrip().endswith(("$", "£", "€", "₹", "Rs", "Rs.")):
            return None  # money
        if not scale and not pct and self._excluded(text, s, e):
            return None
        if (
            not pct
            and not scale
            and regex.match(r"\s?[A-Za-z]", text[e : e + 2])
            and not regex.match(r"\s", text[e : e + 1])
        ):
            return None  # glued to letters: 3rd, 9mm, F16
        maybe_year = (
            not pct and not scale and "," not in raw and "." not in raw and len(raw) == 4 and 1800 <= value <= 2100
        )
        start, approx = self._qualify(text, s)
        return NumberMention(
            start,
            end,
            s,
            e,
            value,
            text[start:end],
            approx=approx,
            percent=pct,
            maybe_year=maybe_year,
            rule="digits" + ("+percent" if pct else ""),
        )

    def _from_fraction(self, text: str, m) -> NumberMention | None:
        key = "num" if m.group("num") else "num2" if m.group("num2") else "num3"
        s, e = m.start(key), m.end(key)
        if key == "num2" and not self.change_words.search(text[max(0, s - 40) : s]):
            return None  # "by a third" only as the size of a change
        if regex.search(r"\b(?:first|second|the|each)\s+$", text[max(0, s - 8) : s], regex.I) and \
                m.group(key).lower() == "half":
            return None  # "the first half of 2024", "the half of"
        start, approx = self._qualify(text, s)
        return NumberMention(start, e, s, e, self.fractions[m.group(key).lower()], text[start:e], approx=approx,
                             percent=True, words=True, rule="fraction")

    def _from_words(self, text: str, m, rule: str) -> NumberMention | None:
        phrase = m.group("num")
        s = m.start("num")
        low = high = None
        approx_c = "exact"
        multiplier = False
        if rule == "words":
            value = self.word_value(phrase)
            if value is None:
                return None
            if m.group("dozen"):
                value *= 12
            if phrase.lower() in ("hundred", "thousand", "million", "billion"):
                return None
        elif rule == "collective":
            c = self.collective[phrase.lower()]
            value, approx_c, low, high = float(c["value"]), c["approx"], c.get("low"), c.get("high")
        else:
            value, multiplier = float(self.multipliers[phrase.lower()]), True
        end = m.end()
        pct = bool(m.groupdict().get("pct"))
        if not pct and self._excluded(text, s, m.end("num")):
            return None
        start, approx = self._qualify(text, s)
        if approx == "exact":
            approx = approx_c
        return NumberMention(
            start,
            end,
            s,
            end if not pct else m.end("num"),
            value,
            text[start:end],
            approx=approx,
            low=low,
            high=high,
            percent=pct,
            words=True,
            multiplier=multiplier,
            rule=rule,
        )

    def _ranges(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """ "between 10 and 15", "10-15%", "10 to 15" -> one mention with low/high."""
        out: list[NumberMention] = []
        i = 0
        while i < len(found):
            a = found[i]
            b = found[i + 1] if i + 1 < len(found) else None
            if b and not a.multiplier and not b.multiplier and not a.maybe_year and not b.maybe_year:
                gap = text[a.end : b.start]
                between = self.range_between.search(text[max(0, a.start - 10) : a.start])
                dash = regex.fullmatch(r"\s?[-–]\s?|\s+to\s+", gap) and not regex.search(
                    r"\bfrom\s+$", text[max(0, a.start - 8) : a.start], regex.I
                )
                if (
                    ((between and regex.fullmatch(r"\s+and\s+", gap)) or dash)
                    and a.value < b.value
                    and (a.percent == b.percent or not a.percent)
                ):
                    start = a.start - (len(between.group(0)) if between else 0)
                    out.append(
                        NumberMention(
                            start,
                            b.end,
                            a.num_start,
                            b.num_end,
                            (a.value + b.value) / 2,
                            text[start : b.end],
                            approx="range",
                            low=a.value,
                            high=b.value,
                            percent=b.percent,
                            words=a.words,
                            rule="range",
                        )
                    )
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def _coordinated_percents(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """ "by 30 and 42 percent": the unit of the last number distributes over the list."""
        out = list(found)
        for i in range(len(out) - 2, -1, -1):
            a, b = out[i], out[i + 1]
            if (
                not a.percent
                and b.percent
                and not a.maybe_year
                and a.value <= 100  # "1,012 or 33 percent": a count, then its share
                and regex.fullmatch(r"\s*(?:,|and|,\s*and|or)\s*", text[a.end : b.start])
            ):
                out[i] = NumberMention(
                    a.start,
                    a.end,
                    a.num_start,
                    a.num_end,
                    a.value,
                    a.text,
                    a.approx,
                    a.low,
                    a.high,
                    True,
                    a.words,
                    a.multiplier,
                    False,
                    a.rule + "+coordinated-percent",
                )
        return out


@cache
def _quantulum_parser():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    return parser


def _quantulum_value(phrase: str) -> float | None:
    """quantulum3 reads compound spelled numbers ("one hundred and twelve") better than a table."""
    try:
        qs = _quantulum_parser().parse(phrase)
    except Exception:  # quantulum3 raises assorted errors on odd input
        return None
    if len(qs) == 1 and qs[0].span[1] - qs[0].span[0] >= len(phrase.strip()) - 1:
        return float(qs[0].value)
    return None


@cache
def default_finder() -> NumberFinder:
    return NumberFinder()


def find_numbers(text: str) -> list[NumberMention]:
    return default_finder().find(text)
