"""What a stated figure allows: the interval of true values it stands for.

The policy (rounding, qualifiers, vague words, ratio words) is data in
`models/checks/tolerance.json`, documented in `models/checks/README.md`, so a user changes the
policy without touching code. Everything here is plain arithmetic on Fact fields.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .record import APPROX, Fact
from .resources import load_json

INF = math.inf
_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")
_UNIT_WORD = re.compile(r"\s*([A-Za-z]+)")


@dataclass(frozen=True)
class Interval:
    """A closed interval of reals; either end may be infinite."""

    lo: float
    hi: float

    @property
    def empty(self) -> bool:
        return self.lo > self.hi

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def overlaps(self, other: Interval, eps: float = 1e-9) -> bool:
        return self.lo <= other.hi + eps and other.lo <= self.hi + eps

    def __and__(self, other: Interval) -> Interval:
        return Interval(max(self.lo, other.lo), min(self.hi, other.hi))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def scale(self, k: float) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def as_list(self, digits: int = 2) -> list[float | None]:
        """JSON-friendly [lo, hi]; an open end is null."""
        return [None if math.isinf(v) else round(v, digits) for v in (self.lo, self.hi)]


@dataclass(frozen=True)
class Policy:
    """The tolerance policy, parsed once from tolerance.json (and the ratio words of wording.json)."""

    percent_half_unit: float
    count_half_unit: float
    scaled_count_half_unit: float
    scales: dict[str, float]
    qualifiers: dict[str, tuple[float | None, float | None]]
    vague: tuple[tuple[re.Pattern[str], tuple[float, float]], ...]
    ratio_slack: float
    ratios: tuple[tuple[re.Pattern[str], float], ...]
    max_ratio: float
    solver: dict[str, Any]


def _word_re(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![\w-])", re.I)


_POLICY_KEYS = {"_doc", "version", "rounding", "scales", "qualifiers", "vague_quantities", "ratio_words",
                "partitions", "plausibility", "solver"}


@lru_cache(maxsize=1)
def policy() -> Policy:
    """Load and validate the policy; an unknown qualifier key is an error that names it."""
    data = load_json("checks/tolerance.json")
    unknown = set(data) - _POLICY_KEYS
    if unknown:
        raise ValueError(f"tolerance.json: unknown section(s) {sorted(unknown)}; known: {sorted(_POLICY_KEYS)}")
    words = load_json("checks/wording.json")

    quals = {}
    for name, spec in data["qualifiers"].items():
        if name.startswith("_"):
            continue
        if name not in APPROX:
            raise ValueError(f"tolerance.json: unknown qualifier {name!r} (known: {', '.join(APPROX)})")
        quals[name] = (spec.get("below"), spec.get("above"))
    missing = set(APPROX) - set(quals)
    if missing:
        raise ValueError(f"tolerance.json: qualifiers missing: {sorted(missing)}")
    vague = sorted(((k, tuple(v)) for k, v in data["vague_quantities"].items() if not k.startswith("_")),
                   key=lambda kv: -len(kv[0]))
    ratios = sorted(((k, float(v)) for k, v in words["ratios"].items() if not k.startswith("_")),
                    key=lambda kv: -len(kv[0]))
    rnd = data["rounding"]
    return Policy(
        percent_half_unit=float(rnd["percent_half_unit"]),
        count_half_unit=float(rnd["count_half_unit"]),
        scaled_count_half_unit=float(rnd["scaled_count_half_unit"]),
        scales={k.lower(): float(v) for k, v in data["scales"].items()},
        qualifiers=quals,
        vague=tuple((_word_re(k), (float(a), float(b))) for k, (a, b) in vague),
        ratio_slack=float(data["ratio_words"]["slack"]),
        ratios=tuple((_word_re(k), r) for k, r in ratios),
        max_ratio=float(data["plausibility"]["max_ratio"]),
        solver={k: v for k, v in data["solver"].items() if not k.startswith("_")},
    )


def _numeral(text: str, value: float, pol: Policy) -> tuple[int, float] | None:
    """(decimals, scale) of the numeral in `text` that states `value`; None when no digits."""
    best = None
    for m in _NUMERAL.finditer(text or ""):
        raw = m.group(0).rstrip(",.")
        num = float(raw.replace(",", "")) if raw.replace(",", "").replace(".", "").isdigit() else None
        if num is None:
            continue
        after = _UNIT_WORD.match(text, m.end())
        scale = pol.scales.get(after.group(1).lower(), 1.0) if after else 1.0
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        cand = (decimals, scale)
        if math.isclose(num * scale, abs(value), rel_tol=1e-6) or math.isclose(num, abs(value), rel_tol=1e-6):
            return cand
        best = best or cand
    return best


def half_unit(kind: str, value: float, text: str, pol: Policy | None = None) -> float:
    """Rounding slack of a stated figure: half a unit of its last stated digit."""
    pol = pol or policy()
    num = _numeral(text, value, pol)
    decimals, scale = num if num else (0, 1.0)
    if kind in ("share", "change"):
        return pol.percent_half_unit * 10.0 ** -decimals
    if scale != 1.0:
        return pol.scaled_count_half_unit * 10.0 ** -decimals * scale
    return pol.count_half_unit


def ratio_word(text: str, pol: Policy | None = None) -> float | None:
    """The ratio a change stated in words claims ('doubled' -> 2), when its text has no digits."""
    pol = pol or policy()
    if not text or any(ch.isdigit() for ch in text):
        return None
    for rx, r in pol.ratios:
        if rx.search(text):
            return r
    return None


def _qualify(mag: Interval, approx: str, pol: Policy) -> Interval:
    below, above = pol.qualifiers.get(approx, (0.0, 0.0))
    lo = -INF if below is None else mag.lo * (1.0 - below)
    hi = INF if above is None else mag.hi * (1.0 + above)
    return Interval(lo, hi)


_INTERVALS: dict[tuple[Any, ...], Interval] = {}
_INTERVALS_POLICY: list[Policy] = []


def interval_of(kind: str, value: float, approx: str = "exact", text: str = "", *,
                low: float | None = None, high: float | None = None, pol: Policy | None = None) -> Interval:
    """The true values a figure stands for, from its kind, qualifier, wording and rounding.
    Remembered per figure under the loaded policy: the checks ask for the same figures, and
    for every typo-sized edit of them, many times over."""
    if pol is not None:
        return _interval_of(kind, value, approx, text, low, high, pol)
    pol = policy()
    if not _INTERVALS_POLICY or _INTERVALS_POLICY[0] is not pol or len(_INTERVALS) > 65536:
        _INTERVALS.clear()
        _INTERVALS_POLICY[:] = [pol]
    key = (kind, value, approx, text, low, high)
    iv = _INTERVALS.get(key)
    if iv is None:
        iv = _INTERVALS[key] = _interval_of(kind, value, approx, text, low, high, pol)
    return iv


def _interval_of(kind: str, value: float, approx: str, text: str, low: float | None, high: float | None,
                 pol: Policy) -> Interval:
    sign = -1.0 if value < 0 else 1.0
    ratio = ratio_word(text, pol) if kind == "change" else None
    if ratio is not None:
        # 'doubled' is a claim about new/base; slack and qualifier act on the ratio.
        s = pol.ratio_slack
        base = Interval(ratio * (1 - s), ratio * (1 + s))
        if approx == "nearly":
            base = Interval(ratio * (1 - s), ratio)
        elif approx in ("over", "at_least"):
            base = Interval(ratio, INF)
        elif approx in ("under", "up_to"):
            base = Interval(0.0, ratio)
        return Interval((base.lo - 1) * 100, (base.hi - 1) * 100 if not math.isinf(base.hi) else INF)
    r = half_unit(kind, value, text, pol)
    if low is not None and high is not None:
        out = Interval(min(low, high) - r, max(low, high) + r)
    else:
        vague = next((span for rx, span in pol.vague if rx.search(text or "")), None)
        if vague is not None and kind == "count":
            out = Interval(vague[0], vague[1])
        else:
            mag = abs(float(value))
            q = _qualify(Interval(mag, mag), approx or "exact", pol)
            q = Interval(q.lo - r, q.hi + r)
            out = q if sign > 0 else Interval(-q.hi, -q.lo)
    if kind == "count":
        out = Interval(max(out.lo, 0.0), out.hi)
    elif kind == "share":
        out = Interval(max(out.lo, 0.0), min(out.hi, 100.0) if approx not in ("exact", "range") else out.hi)
    elif kind == "change":
        out = Interval(max(out.lo, -100.0), out.hi)
    return out


def fact_interval(f: Fact, pol: Policy | None = None) -> Interval:
    """Interval of a Fact's value (see interval_of)."""
    approx = f.approx or "exact"
    return interval_of(f.kind, float(f.value), approx, f.text or "", low=f.low, high=f.high, pol=pol)


def tolerance_note(f: Fact, pol: Policy | None = None) -> str:
    """A short phrase saying why the interval is what it is ('rounding to 0.5', 'nearly: up to 10% below')."""
    pol = pol or policy()
    if f.kind == "change" and ratio_word(f.text, pol) is not None:
        return f"a ratio word, read with {pol.ratio_slack:.0%} slack"
    r = half_unit(f.kind, float(f.value), f.text, pol)
    parts = [f"rounding \u00b1{r:g}"] if r else []
    approx = f.approx or "exact"
    if approx != "exact":
        parts.append(f"'{approx}'")
    return ", ".join(parts) or "exact"
