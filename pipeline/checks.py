"""Consistency checks over a record's facts: one function per rule, then `run_checks`.

The rules read the quantity model of `solver.py` (keys, what facts state about them, and the
document's partitions) with interval arithmetic; each interval comes from the tolerance policy
(`models/checks/tolerance.json`). `implied` then solves everything at once with z3 and reports
only contradictions that no simpler rule already explains. A failing set gets a repair
suggestion when one typo-sized edit of one figure makes the figures agree.

Conservative by design: a rule that cannot tell (a figure missing, a partition not shown to be
exhaustive, a solver timeout) says `unverifiable` or stays silent, never `fail`.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .periods import FULL_MONTHS
from .record import Check, Fact, Record
from .resources import load_jsonl, models_dir
from .solver import (
    Choice,
    Key,
    Model,
    System,
    build_model,
    components,
    event_class,
    fact_key,
    joint,
    lexicon,
    period_span,
    region_ancestors,
    region_disjoint,
    region_subset,
    sentence_at,
    sentence_bounds,
)
from .tolerance import Interval, fact_interval, interval_of, policy, tolerance_note

NUMERIC_RULES = ("same_figure", "part_le_whole", "parts_sum_to_whole", "shares_sum", "share_vs_count",
                 "change_vs_counts")
RULE_ORDER = (*NUMERIC_RULES, "wording", "implied")


@dataclass
class Result:
    """A check before it gets its id. `blame`: the fact set aside when looking for further
    conflicts (set on fails, and on pairs judged too far apart to be one figure); `numeric`:
    whether the solver's constraints contain this rule."""

    rule: str
    status: str
    facts: list[str]
    message: str
    expected: Any = None
    observed: Any = None
    tolerance: Any = None
    suggestion: str | None = None
    blame: str | None = None
    numeric: bool = True


# --------------------------------------------------------------------------------------------
# Names and numbers for messages


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[str]]:
    """Region aliases from models/gazetteers/regions.jsonl (optional; '//' lines are comments)."""
    out: dict[str, list[str]] = {}
    path = models_dir() / "gazetteers" / "regions.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and row.get("code"):
            out.setdefault(row["code"], []).extend(a for a in row.get("aliases") or [] if isinstance(a, str))
    return out


@lru_cache(maxsize=2048)
def region_name(code: str) -> str:
    """A reader's name for a region code: ISO names, the place after '/', else the code."""
    if "/" in code:
        return code.rsplit("/", 1)[1]
    try:
        import pycountry

        if len(code) == 2:
            c = pycountry.countries.get(alpha_2=code)
            if c is not None:
                return getattr(c, "common_name", None) or c.name
        else:
            s = pycountry.subdivisions.get(code=code)
            if s is not None:
                return s.name
    except (ImportError, KeyError, LookupError):
        pass
    names = _gazetteer().get(code)
    return max(names, key=len) if names else code


def _region_desc(k: Key) -> str:
    comps = [region_name(c) for c in k.region.split("+") if c] or ["an unnamed place"]
    s = _join(comps)
    if k.except_:
        s += " outside " + _join([region_name(c) for c in k.except_])
    return s


_ACTOR_NAMES = {"civilians": "civilians", "security": "security forces", "militants": "militants"}


def _actor_desc(actor: str) -> str:
    if actor in ("", "all"):
        return ""
    out = []
    for c in actor.split("+"):
        base, _, fine = c.partition("/")
        name = _ACTOR_NAMES.get(base, base)
        out.append(f"{name} ({fine.replace('_', ' ').replace('-', ' ')})" if fine else name)
    return _join(out)


def _metric_desc(metric: str) -> str:
    """'fatalities in operations' for an event type, 'fatalities (IED)' for another fine type."""
    base, _, fine = metric.partition("/")
    if not fine:
        return base
    if event_class(metric):
        return f"{base} in {fine.replace('_', ' ')}"
    return f"{base} ({fine.replace('_', ' ').replace('-', ' ')})"


def _period_desc(p: str) -> str:
    if "/" in p:
        a, b = p.split("/", 1)
        return f"from {a} to {b}"
    return f"in {p}" if p else "in an unstated period"


def key_desc(k: Key, skip: str = "") -> str:
    """'fatalities among civilians in Pakistan in 2024-Q2' (leaving out dimension `skip`)."""
    s = _metric_desc(k.metric)
    actor = _actor_desc(k.actor)
    if actor and skip != "actor":
        s += f" among {actor}"
    if skip != "region":
        s += f" in {_region_desc(k)}"
    if skip != "period":
        s += " " + _period_desc(k.period)
    return s


def _label(k: Key, dim: str) -> str:
    """How one part of a partition is named: by the dimension the parts differ in."""
    if dim == "region":
        if k.except_:
            return "the rest of " + _join([region_name(c) for c in k.region.split("+") if c])
        return _region_desc(k)
    if dim == "actor":
        return _actor_desc(k.actor) or "everyone"
    if dim == "metric":
        fine = k.metric.partition("/")[2]
        return f"in {fine.replace('_', ' ')}" if event_class(k.metric) else _metric_desc(k.metric)
    return f"in {k.period}" if "/" not in k.period else _period_desc(k.period)


_DIM_WORD = {"region": "region", "actor": "group", "metric": "kind", "period": "period"}


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fmt(v: float, kind: str = "count") -> str:
    """380 -> '380', 1524 -> '1,524', 35.76 -> '35.8'; shares get '%', changes a sign too."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "?"
    if math.isinf(v):
        return "no limit"
    r = round(v, 1)
    s = f"{r:,.0f}" if abs(r - round(r)) < 1e-9 else f"{r:,.1f}"
    if kind == "share":
        return s + "%"
    if kind == "change":
        return ("+" if v > 0 else "") + s + "%"
    return s


def fmt_iv(iv: Interval, kind: str = "count") -> str:
    if iv.empty:
        return "nothing"
    if math.isinf(iv.hi) and math.isinf(iv.lo):
        return "any value"
    if math.isinf(iv.hi):
        return f"at least {fmt(iv.lo, kind)}"
    if math.isinf(iv.lo):
        return f"at most {fmt(iv.hi, kind)}"
    if round(iv.lo, 1) == round(iv.hi, 1):
        return fmt(iv.lo, kind)
    return f"{fmt(iv.lo, kind)} to {fmt(iv.hi, kind)}"


def _jv(v: float) -> float | None:
    return None if v is None or math.isinf(v) else round(v, 2)


def _jiv(iv: Interval) -> Any:
    """Interval for JSON: a number when it is a point, else [lo, hi] with null for an open end."""
    if not iv.empty and abs(iv.hi - iv.lo) < 1e-9:
        return _jv(iv.lo)
    return iv.as_list()


# --------------------------------------------------------------------------------------------
# What the facts state, with the fact that sets each bound


_APPROX_WORD = {"about": "about ", "nearly": "nearly ", "over": "more than ", "at_least": "at least ",
                "up_to": "up to ", "under": "under "}


def figure(f: Fact) -> str:
    """A fact's figure as a reader would say it: 'nearly 92%', 'up to 586', '-12%', 'doubled'."""
    unit = f.kind if f.kind in ("share", "change") else "count"
    if f.kind == "change" and f.text and not any(ch.isdigit() for ch in f.text):
        return f.text.strip()
    if f.low is not None and f.high is not None:
        return f"{fmt(f.low, unit)} to {fmt(f.high, unit)}"
    return _APPROX_WORD.get(f.approx or "exact", "") + fmt(f.value, unit)


def _entry_text(m: Model, fid: str, role: str) -> str:
    f = m.facts[fid]
    if role == "base_value":
        return fmt(f.base_value)
    if role == "new_value":
        return fmt(f.new_value)
    return figure(f)


@dataclass(frozen=True)
class Bound:
    """An interval, the facts that set its low and high ends (for minimal fact sets), and how
    the text states it."""

    iv: Interval
    lo_by: tuple[str, ...]
    hi_by: tuple[str, ...]
    text: str = ""
    value: float = math.nan

    def ids(self, side: str) -> list[str]:
        return list(self.lo_by if side == "lo" else self.hi_by if side == "hi" else {*self.lo_by, *self.hi_by})


def _bound(entries: list[tuple[str, Interval, str, float]], kind: str = "count") -> Bound | None:
    if not entries:
        return None
    lo_f, lo, _, _ = max(entries, key=lambda e: e[1].lo)
    hi_f, hi, _, _ = min(entries, key=lambda e: e[1].hi)
    iv = Interval(lo.lo, hi.hi)
    texts = {e[2] for e in entries}
    return Bound(iv, (lo_f,), (hi_f,), texts.pop() if len(texts) == 1 else fmt_iv(iv, kind), entries[0][3])


def _entry_value(m: Model, fid: str, role: str) -> float:
    f = m.facts[fid]
    return float(f.base_value if role == "base_value" else f.new_value if role == "new_value" else f.value)


def stated(m: Model, k: Key, exclude: str | None = None) -> Bound | None:
    """What the facts state for a key, as a Bound (remembered per model: every rule asks)."""
    memo = m.cache.setdefault("stated", {})
    if (k, exclude) not in memo:
        memo[(k, exclude)] = _bound([(s.fid, s.interval, _entry_text(m, s.fid, s.role),
                                      _entry_value(m, s.fid, s.role))
                                     for s in m.stated.get(k, []) if s.fid != exclude])
    return memo[(k, exclude)]


def _sum(bounds: list[Bound], kind: str = "count") -> Bound:
    """Sum of bounds; said as the sum of the stated figures, 'at most' or 'at least' when every
    part is open on the same side, else as the interval."""
    iv = Interval(0.0, 0.0)
    lo_by: list[str] = []
    hi_by: list[str] = []
    for b in bounds:
        iv = iv + b.iv
        lo_by += b.lo_by
        hi_by += b.hi_by
    value = sum(b.value for b in bounds)
    if iv.width < 1e-9:
        text = fmt(iv.lo, kind)
    elif abs(iv.hi - value) < 1e-9 and iv.lo < value:
        text = f"at most {fmt(value, kind)}"
    elif abs(iv.lo - value) < 1e-9 and iv.hi > value:
        text = f"at least {fmt(value, kind)}"
    else:
        text = fmt_iv(iv, kind)
    return Bound(iv, tuple(lo_by), tuple(hi_by), text, value)


def _share_bounds(m: Model) -> dict[tuple[Key, Key], Bound]:
    groups: dict[tuple[Key, Key], list[tuple[str, Interval, str, float]]] = {}
    for t in m.terms.values():
        if t.kind == "share":
            f = m.facts[t.fid]
            groups.setdefault((t.keys[0], t.keys[1]), []).append((t.fid, t.interval, figure(f), float(f.value)))
    return {k: b for k, v in groups.items() if (b := _bound(v, "share")) is not None}


def _first(m: Model, b: Bound) -> int:
    return min(m.order[f] for f in (*b.lo_by, *b.hi_by)) if (b.lo_by or b.hi_by) else 0


def share_desc(part: Key, whole: Key) -> str:
    """'the share of militants in fatalities in Pakistan in 2024-Q2'."""
    labels = []
    for dim in ("metric", "actor", "region", "period"):
        if dim == "region" and (part.region, part.except_) != (whole.region, whole.except_):
            labels.append(_label(part, "region"))
        elif dim != "region" and getattr(part, dim) != getattr(whole, dim):
            labels.append(_metric_desc(part.metric) if dim == "metric" else _label(part, dim))
    return f"the share of {' '.join(labels) or 'the part'} in {key_desc(whole)}"


def _order(m: Model, ids: list[str]) -> list[str]:
    return sorted(set(ids), key=m.order.__getitem__)


# --------------------------------------------------------------------------------------------
# Rules


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def rule_same_figure(m: Model) -> list[Result]:
    """One key given two values that cannot both hold ('more than 1,500' and '1,524' can)."""
    groups: dict[tuple[str, Any], list[tuple[str, Interval, str, str]]] = {}
    for k, entries in m.stated.items():
        if not k.tag:
            for st in entries:
                groups.setdefault(("count", k), []).append(
                    (st.fid, st.interval, _entry_text(m, st.fid, st.role), st.role))
    for t in m.terms.values():
        if t.kind in ("share", "change", "delta"):
            groups.setdefault((t.kind, t.keys), []).append((t.fid, t.interval, figure(m.facts[t.fid]), t.kind))
    out = []
    for (kind, key), entries in groups.items():
        if len({e[0] for e in entries}) < 2:
            continue
        unit = kind if kind in ("share", "change") else "count"
        b = _bound([(e[0], e[1], e[2], math.nan) for e in entries], unit)
        assert b is not None
        what = _what(kind, key)
        if not b.iv.empty:
            own = [e for e in entries if e[3] not in ("base_value", "new_value")]
            if len({e[0] for e in own}) < 2:
                continue  # a change quoting the count it sits beside: one figure, not two
            vals = _join(list(dict.fromkeys(e[2] for e in own)))
            out.append(Result("same_figure", "pass", _order(m, [e[0] for e in own]),
                              f"{_cap(what)} is stated {len(own)} times ({vals}), and the values agree.",
                              expected=_jiv(b.iv), observed=_jiv(b.iv), tolerance="the stated intervals overlap"))
            continue
        a, z = b.lo_by[0], b.hi_by[0]
        ea = next(e for e in entries if e[0] == a and e[1].lo == b.iv.lo)
        ez = next(e for e in entries if e[0] == z and e[1].hi == b.iv.hi)
        # a count stated as itself names the figure better than a change's base value of the same size
        ea = next((e for e in entries if e[3] == "count" and e[1] == ea[1]), ea)
        ez = next((e for e in entries if e[3] == "count" and e[1] == ez[1]), ez)
        a, z = ea[0], ez[0]
        status, said = "fail", f"{_cap(what)} is given as {ez[2]} in one place and {ea[2]} in another"
        apart = _reported_apart(m, a, z)
        if apart:
            status, said = "unverifiable", f"{said}; {apart}"
        elif _implausible(ea[1].lo, ez[1].hi, kind):
            status, said = "unverifiable", f"{said}; so far apart, they are more likely two different figures " \
                                           f"than one misreported."
        else:
            said += "; both cannot be true."
        out.append(Result(
            "same_figure", status, _order(m, [a, z]), said,
            expected=_jiv(ez[1]), observed=_jiv(ea[1]),
            tolerance=[tolerance_note(m.facts[a]), tolerance_note(m.facts[z])],
            blame=max(a, z, key=m.order.__getitem__)))
    return out


@lru_cache(maxsize=1)
def _attribution_re() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in lexicon()["sources"]["verbs"])
    return re.compile(
        r"\baccording\s+to\s+(?P<a>[^,;.()]{2,80})"
        rf"|(?P<b>\b[\w'’.-]+(?:\s+[\w'’.-]+){{0,6}}?)\s+(?:{verbs})\b"
        r"|\b(?:published|issued|compiled|released|kept)\s+by\s+(?P<c>[^,;.()]{2,60}?)"
        r"(?=\s+(?:on|in|names|lists|says)\b|[,;.]|$)",
        re.I)


_CLAUSE_LEAD = re.compile(r"^.*\b(?:while|whereas|but|and|that|which|when|as)\s+", re.I)
_NOT_SOURCE = {"the", "a", "an", "its", "it", "they", "he", "she", "which", "that", "who", "also", "had", "has", "have",
               "later", "first", "then", "in", "on", "of", "for", "this", "these", "those", "his", "her", "their"}


def source_of(text: str | None, f: Fact) -> str | None:
    """Who gives a figure ('according to the police', 'chief adviser Muhammad Yunus said'): the attribution
    closest before it in its sentence, else the one after it; None when the text names nobody."""
    if not text:
        return None
    a, b = sentence_at(text, f.span[0], f.span[1])
    before, after = None, None
    nouns = set(lexicon()["sources"]["nouns"])
    for mt in _attribution_re().finditer(text, a, b):
        who = next(g for g in (mt.group("a"), mt.group("b"), mt.group("c")) if g)
        who = _CLAUSE_LEAD.sub("", who) if mt.group("b") else who
        words = [w for w in re.findall(r"[\w'’.-]+", who) if w.lower() not in _NOT_SOURCE
                 and not re.search(r"\d", w) and w.lower() not in FULL_MONTHS]
        if not any(w[:1].isupper() or w.lower() in nouns for w in words):
            continue  # "on 15 January names": no one named
        if mt.start() <= f.span[0]:
            before = " ".join(words)
        elif after is None:
            after = " ".join(words)
    return before or after or _pronoun_source(text, a, b, nouns)


@lru_cache(maxsize=1)
def _source_verbs() -> frozenset[str]:
    return frozenset(v.lower() for v in lexicon()["sources"]["verbs"])


_PRONOUN_SAYS = re.compile(r"\s*(?:They|It|He|She)\s+(?:also\s+)?(?:had\s+|has\s+|have\s+)?\w+", re.I)


def _pronoun_source(text: str, a: int, b: int, nouns: set[str]) -> str | None:
    """ "The National Police keep their own count. They reported 3,397 homicides": a pronoun that opens
    the sentence and gives a figure stands for the subject the sentence before opens with."""
    mt = _PRONOUN_SAYS.match(text, a, b)
    if not mt or mt.group(0).split()[-1].lower() not in _source_verbs():
        return None
    if a == 0:
        return None
    pa, _ = sentence_at(text, a - 2, a - 1)
    lead = re.findall(r"[\w'’.-]+", text[pa:a])[:6]
    words = []
    for w in lead:
        if w.lower() in _NOT_SOURCE:
            if words:
                break
            continue
        if not (w[:1].isupper() or w.lower() in nouns):
            break
        words.append(w)
    return " ".join(words) or None


def _reported_apart(m: Model, a: str, z: str) -> str | None:
    """Why two figures that disagree are not the text contradicting itself: each is given by a different
    named source, or the text says one count replaced the other. None when neither holds."""
    sa, sz = source_of(m.text, m.facts[a]), source_of(m.text, m.facts[z])
    if sa and sz and not (set(sa.lower().split()) & set(sz.lower().split())):
        return (f"one is given by {sa} and the other by {sz}: two sources disagree, and the text reports both "
                f"rather than contradicting itself.")
    if _revised(m.text, m.facts[a]) or _revised(m.text, m.facts[z]):
        return "the text says one count replaced the other: a revised figure, not a contradiction."
    return None


@lru_cache(maxsize=1)
def _revision_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lexicon()["sources"]["revisions"])
    return re.compile(rf"\b(?:{words})\b", re.I)


def _revised(text: str | None, f: Fact) -> bool:
    """ "The final figure ... was 238", "earlier the ministry had reported 36": the figure's sentence says
    one count replaced another."""
    if not text:
        return False
    a, b = sentence_at(text, f.span[0], f.span[1])
    return _revision_re().search(text, a, b) is not None


def _implausible(big: float, small: float, kind: str) -> bool:
    """Counts or shares this far apart are more likely two different figures read as one (a
    misread role) than one figure misreported (tolerance.json, 'plausibility'). Changes are judged
    by their size only: a dropped minus sign is a typo worth reporting."""
    if kind in ("change", "delta"):
        # a dropped minus sign keeps the size ("-43%" for "43%"); sizes this far apart are two figures
        big, small = sorted((abs(big), abs(small)), reverse=True)
        return 0 < small < big and big / small > policy().max_ratio
    return kind in ("count", "share") and 0 < small < big and big / small > policy().max_ratio


def _what(kind: str, key: Any) -> str:
    if kind == "count":
        return "the number of " + key_desc(key)
    if kind == "share":
        return share_desc(*key)
    new, base = key
    if new.period != base.period:
        noun = "change" if kind == "change" else "difference"
        return f"the {noun} in {key_desc(new, 'period')} from {base.period} to {new.period}"
    return f"the difference between {key_desc(new)} and {_actor_desc(base.actor) or 'everyone'}"


def rule_part_le_whole(m: Model) -> list[Result]:
    """A part is no larger than its whole (civilians within all, a province within its country,
    a month within its year); a share is at most 100%."""
    out = []
    shares = _share_bounds(m)
    shares_of: dict[Key, list[tuple[Key, Bound]]] = {}
    for (p0, w0), sb in shares.items():
        shares_of.setdefault(p0, []).append((w0, sb))
    for r in m.relations:
        if len(r.parts) != 1:
            continue
        part = r.parts[0]
        bp, bw = stated(m, part), stated(m, r.whole)
        if bp and bw and not bp.iv.empty and not bw.iv.empty:
            ok = bp.iv.lo <= bw.iv.hi + 1e-9
            if not ok and _implausible(bp.iv.lo, bw.iv.hi, "count"):
                out.append(Result("part_le_whole", "unverifiable", _order(m, bp.ids("lo") + bw.ids("hi")),
                                  f"The {bp.text} {key_desc(part)} would be more than the {bw.text} "
                                  f"{key_desc(r.whole)}; so far apart, one of them is more likely about "
                                  f"something else.", expected=f"at most {fmt(bw.iv.hi)}", observed=_jiv(bp.iv),
                                  tolerance="at most", blame=bp.lo_by[0]))
                continue
            status = "pass" if ok else "fail"
            if ok:
                msg = f"The {bp.text} {key_desc(part)} are within the {bw.text} {key_desc(r.whole)}."
            else:
                msg = (f"The {bp.text} {key_desc(part)} are more than the {bw.text} {key_desc(r.whole)}, "
                       f"which include them.")
                apart = _reported_apart(m, bp.lo_by[0], bw.hi_by[0])
                if apart:
                    status, msg = "unverifiable", f"{msg[:-1]}; {apart}"
            out.append(Result("part_le_whole", status, _order(m, bp.ids("lo") + bw.ids("hi")),
                              msg, expected=f"at most {fmt(bw.iv.hi)}", observed=_jiv(bp.iv), tolerance="at most",
                              blame=bp.lo_by[0]))
        for w0, sb in shares_of.get(part, ()):
            sw = shares.get((r.whole, w0))
            if sw is None:
                continue
            ok = sb.iv.lo <= sw.iv.hi + 1e-9
            msg = (f"The {sb.text} of {key_desc(w0)} for {_label(part, r.dim)} is "
                   f"{'within' if ok else 'more than'} the {sw.text} for {_label(r.whole, r.dim)}, which includes it.")
            out.append(Result("part_le_whole", "pass" if ok else "fail", _order(m, sb.ids("lo") + sw.ids("hi")),
                              msg, expected=f"at most {fmt(sw.iv.hi, 'share')}", observed=_jiv(sb.iv),
                              tolerance="at most", blame=sb.lo_by[0]))
    for t in m.terms.values():
        if t.kind == "share" and t.interval.lo > 100 + 1e-9:
            f = m.facts[t.fid]
            out.append(Result("part_le_whole", "fail", [t.fid],
                              f"A share cannot exceed 100%, but {share_desc(*t.keys)} is given as {figure(f)}.",
                              expected="at most 100%", observed=_jv(f.value), tolerance=tolerance_note(f),
                              blame=t.fid))
    return out


def _half_width(*ivs: Interval) -> float | None:
    """The slack of a two-sided comparison: half the widths of both sides (None if open)."""
    w = sum(iv.width for iv in ivs) / 2
    return None if math.isinf(w) else round(w, 2)


def _parts_text(m: Model, parts: list[tuple[Key, Bound]], dim: str) -> str:
    ordered = sorted(parts, key=lambda kb: _first(m, kb[1]))
    return ", ".join(f"{_label(k, dim)} {b.text}" for k, b in ordered)


def rule_parts_sum_to_whole(m: Model) -> list[Result]:
    """Disjoint parts add up to the whole when they cover it, and to no more than it otherwise
    (586 attacks + 197 operations against 789 incidents said to be made of them)."""
    out = []
    seen: set[tuple[Key, tuple[Key, ...], bool]] = set()
    for r in m.relations:
        if len(r.parts) < 2:
            continue
        bw = stated(m, r.whole)
        known = [(p, b) for p in r.parts if (b := stated(m, p)) is not None and not b.iv.empty]
        if bw is None or bw.iv.empty or len(known) < 2:
            continue
        exact = r.exact and len(known) == len(r.parts)
        sig = (r.whole, tuple(p for p, _ in known), exact)
        if sig in seen:
            continue
        seen.add(sig)
        total = _sum([b for _, b in known])
        short = exact and total.iv.hi < bw.iv.lo
        ok = total.iv.overlaps(bw.iv) if exact else total.iv.lo <= bw.iv.hi + 1e-9
        facts = total.ids("hi") + bw.ids("lo") if short else total.ids("lo") + bw.ids("hi")
        head = f"The {key_desc(r.whole)} by {_DIM_WORD[r.dim]} ({_parts_text(m, known, r.dim)})"
        if ok:
            msg = f"{head} add up to {total.text}, {'matching' if exact else 'within'} the stated {bw.text}."
        elif exact:
            msg = (f"{head} add up to {total.text}, {'short of' if short else 'more than'} the stated total of "
                   f"{bw.text} that they make up.")
        else:
            msg = f"{head} add up to {total.text}, more than the stated total of {bw.text}."
        status = "pass" if ok else "fail"
        if not ok and not short and _implausible(total.iv.lo, bw.iv.hi, "count"):
            status = "unverifiable"  # parts this far above their whole are more likely of another measure
            msg = (f"{head} would add up to {total.text}, far more than the stated {bw.text}; so far apart, "
                   f"the parts are more likely of something else than the whole.")
        out.append(Result("parts_sum_to_whole", status, _order(m, facts), msg,
                          expected=_jiv(bw.iv), observed=_jiv(total.iv),
                          tolerance=_half_width(total.iv, bw.iv) if exact else "at most",
                          blame=(bw.lo_by if short else bw.hi_by)[0]))
    return out


def rule_shares_sum(m: Model) -> list[Result]:
    """Shares of one whole over a real partition add up to 100% (or to the share of what they
    make up: 67% + 25% against 'nearly 92%' for both); over disjoint parts, to at most that."""
    shares = _share_bounds(m)
    by_part: dict[Key, dict[Key, Bound]] = {}
    for (p, w), b in shares.items():
        by_part.setdefault(p, {})[w] = b
    out = []
    seen: set[tuple[Any, ...]] = set()
    for r in m.relations:
        if len(r.parts) < 2:
            continue
        wholes = {w for p in r.parts for w in by_part.get(p, {})}
        for w0 in sorted(wholes):
            known = [(p, by_part[p][w0]) for p in r.parts if w0 in by_part.get(p, {})]
            if len(known) < 2:
                continue
            if r.whole == w0:
                target = Bound(Interval(100.0, 100.0), (), (), "100%")
            elif (r.whole, w0) in shares:
                target = shares[(r.whole, w0)]
            else:
                continue
            exact = r.exact and len(known) == len(r.parts)
            sig = (w0, r.whole, tuple(p for p, _ in known), exact)
            if sig in seen:
                continue
            seen.add(sig)
            total = _sum([b for _, b in known], "share")
            short = exact and total.iv.hi < target.iv.lo
            ok = total.iv.overlaps(target.iv) if exact else total.iv.lo <= target.iv.hi + 1e-9
            facts = total.ids("hi") + target.ids("lo") if short else total.ids("lo") + target.ids("hi")
            point_sum = sum(m.facts[b.lo_by[0]].value for _, b in known)
            parts_txt = _parts_text(m, known, r.dim)
            tol = _half_width(total.iv, target.iv) if exact else "at most"
            if r.whole == w0:
                head = f"The shares of {key_desc(w0)} by {_DIM_WORD[r.dim]} ({parts_txt})"
                want = "100%" if exact else "no more than 100%"
            else:
                head = f"The shares of {key_desc(w0)} for {_join([_label(p, r.dim) for p, _ in known])} ({parts_txt})"
                want = f"the {target.text} stated for {_label(r.whole, r.dim)}" + ("" if exact else " or less")
            if ok:
                msg = f"{head} add up to {fmt(point_sum, 'share')}, in line with {want}."
            else:
                msg = f"{head} add up to {fmt(point_sum, 'share')}, not {want}."
            blame = (target.lo_by or target.hi_by or (max((b.lo_by[0] for _, b in known), key=m.order.__getitem__),))
            out.append(Result("shares_sum", "pass" if ok else "fail", _order(m, facts), msg,
                              expected=_jiv(target.iv), observed=_jv(point_sum), tolerance=tol, blame=blame[0]))
    return out


def _part_bound(m: Model, k: Key) -> Bound | None:
    """What the counts say about a key: stated, else bounds from the stated parts inside it."""
    b = stated(m, k)
    if b is not None:
        return b
    best: Bound | None = None
    for r in m.relations:
        if r.whole != k:
            continue
        known = [sb for p in r.parts if (sb := stated(m, p)) is not None and not sb.iv.empty]
        if not known:
            continue
        s = _sum(known)
        cand = s if r.exact and len(known) == len(r.parts) else \
            Bound(Interval(s.iv.lo, math.inf), s.lo_by, (), f"at least {fmt(s.iv.lo)}", s.value)
        if best is None or cand.iv.lo > best.iv.lo or cand.iv.width < best.iv.width:
            best = cand
    return best


def rule_share_vs_count(m: Model) -> list[Result]:
    """A share agrees with the counts of its part and whole (96 of 380 is 25.3%, fine for 25%)."""
    out = []
    for t in m.terms.values():
        if t.kind != "share":
            continue
        part, whole = t.keys
        bw = stated(m, whole)
        bp = _part_bound(m, part)
        if bw is None or bp is None or bw.iv.empty or bp.iv.empty or bw.iv.hi <= 0:
            continue
        lo = 100 * bp.iv.lo / bw.iv.hi if not math.isinf(bw.iv.hi) else 0.0
        hi = 100 * bp.iv.hi / bw.iv.lo if bw.iv.lo > 0 else math.inf
        ratio = Interval(lo, hi)
        ok = ratio.overlaps(t.interval)
        f = m.facts[t.fid]
        high = ratio.lo > t.interval.hi
        facts = [t.fid] + (bp.ids("lo") + bw.ids("hi") if high else bp.ids("hi") + bw.ids("lo"))
        got = fmt_iv(Interval(-math.inf if math.isinf(bw.iv.hi) else lo, hi), "share")
        counts = f"{bp.text} of {bw.text}"
        if ok:
            msg = f"{_cap(share_desc(part, whole))}, {figure(f)}, agrees with the counts ({counts} is {got})."
        else:
            msg = (f"{_cap(share_desc(part, whole))} is given as {figure(f)}, but the counts ({counts}) "
                   f"make it {got}.")
        out.append(Result("share_vs_count", "pass" if ok else "fail", _order(m, facts), msg,
                          expected=_jiv(ratio), observed=_jv(f.value), tolerance=t.interval.as_list(), blame=t.fid))
    return out


def _direction_word(m: Model, f: Fact) -> int:
    """+1/-1 when the words at a change figure say rise/fall, else 0."""
    a, b = sentence_bounds(m.text, f)
    if b <= a:
        return 0
    text = m.text or ""
    found = _directions_in(text[max(a, f.span[0] - 25):min(b, f.span[1] + 25)])
    return found.pop() if len(found) == 1 else 0


def rule_change_vs_counts(m: Model) -> list[Result]:
    """A stated change agrees with the two counts it compares (stated base/new values, or the
    counts of the same key in the period and the base period). A change put in words
    ('almost doubled') is reported under `wording`."""
    out = []
    for t in m.terms.values():
        if t.kind not in ("change", "delta"):
            continue
        f = m.facts[t.fid]
        new, base = t.keys
        bn, bb = stated(m, new), stated(m, base)
        words = t.kind == "change" and f.text and not any(ch.isdigit() for ch in f.text)
        rule = "wording" if words else "change_vs_counts"
        what = f"the {figure(f)} {_what(t.kind, t.keys)[4:]}"
        if bn is None or bb is None or bn.iv.empty or bb.iv.empty:
            missing = [p for p, b in ((base.period, bb), (new.period, bn)) if b is None]
            why = ("the text names no measure for it and gives no counts" if new.tag else
                   f"no count for {' or '.join(missing)} is stated" if missing else "its counts disagree")
            out.append(Result(rule, "unverifiable", [t.fid], f"{_cap(what)} cannot be checked: {why}.",
                              observed=_jv(f.value), tolerance=tolerance_note(f)))
            continue
        if t.kind == "change":
            if bb.iv.hi <= 0:
                continue
            exp = Interval(100 * (bn.iv.lo - bb.iv.hi) / bb.iv.hi,
                           100 * (bn.iv.hi - bb.iv.lo) / bb.iv.lo if bb.iv.lo > 0 else math.inf)
            unit = "change"
        else:
            exp = Interval(bn.iv.lo - bb.iv.hi, bn.iv.hi - bb.iv.lo)
            unit = "count"
        ok = exp.overlaps(t.interval)
        below = exp.hi < t.interval.lo
        facts = [t.fid] + (bn.ids("hi") + bb.ids("lo") if below else bn.ids("lo") + bb.ids("hi"))
        counts = (f"{bb.text} in {base.period} and {bn.text} in {new.period}" if base.period != new.period
                  else f"{bb.text} against {bn.text}")
        d = _direction_word(m, f) if not ok and (exp.hi < 0 < t.interval.lo or t.interval.hi < 0 < exp.lo) else 0
        if ok:
            msg = f"{_cap(what)} agrees with the counts ({counts}: {fmt_iv(exp, unit)})."
        elif d:
            rule = "wording"
            msg = (f"The text says {key_desc(new, 'period')} {'rose' if d > 0 else 'fell'} ({figure(f)}), but the "
                   f"counts went {'down' if d > 0 else 'up'} ({counts}: {fmt_iv(exp, unit)}).")
        else:
            msg = f"{_cap(what)} does not match the counts ({counts}), which give {fmt_iv(exp, unit)}."
        out.append(Result(rule, "pass" if ok else "fail", _order(m, facts), msg, expected=_jiv(exp),
                          observed=_jv(f.value), tolerance=t.interval.as_list(), blame=t.fid))
    return out


# --------------------------------------------------------------------------------------------
# Wording: what words claim about the figures


@lru_cache(maxsize=1)
def _direction_res() -> tuple[tuple[re.Pattern[str], int], ...]:
    d = lexicon()["directions"]
    return tuple((re.compile(r"(?<![\w-])" + re.escape(w).replace(r"\ ", r"\s+"), re.I), sign)
                 for name, sign in (("up", 1), ("down", -1)) for w in d[name])


def _directions_in(s: str) -> set[int]:
    return {sign for rx, sign in _direction_res() if rx.search(s)}


def _phrase_re(words: list[str], case: bool = False) -> re.Pattern[str]:
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])", 0 if case else re.I)


def _region_aliases(m: Model) -> list[tuple[re.Pattern[str], str]]:
    """Surface names of the regions this record's facts use (gazetteer, ISO names, place names)."""
    codes: set[str] = set()
    for f in m.record.facts:
        codes.update(c for c in (f.region or "").split("+") if c)
        codes.update(f.except_ or ())
    out = []
    for c in sorted(codes):
        names = {n for n in {*_gazetteer().get(c, []), region_name(c)} if n and n != c and len(n) >= 2}
        if names:
            out.append((_phrase_re(sorted(names), case=True), c))
    return out


_CLAUSE_END = re.compile(r"[,;:.]|\s(?:while|whereas|but|with)\s")


def _named_regions(m: Model, s: str, start: int) -> list[str]:
    """Regions named in the clause after `start` (else in the clause before it)."""
    hits = sorted((mt.start(), mt.end(), code) for rx, code in _region_aliases(m) for mt in rx.finditer(s))
    hits = [h for h in hits if not any(o != h and o[0] <= h[0] and h[1] <= o[1] for o in hits)]
    after = [h for h in hits if h[0] >= start]
    if after:
        stop = _CLAUSE_END.search(s, after[0][1])
        end = stop.start() if stop else len(s)
        return list(dict.fromkeys(h[2] for h in after if h[0] < end))
    cut = max((x.end() for x in _CLAUSE_END.finditer(s, 0, start)), default=0)
    return list(dict.fromkeys(h[2] for h in hits if h[1] <= start and h[0] >= cut))


def _wording_majority(m: Model) -> list[Result]:
    """'the majority of fatalities, 38%': a share word against the figure it qualifies, or, with
    no figure, against the counts of the places it names."""
    cfg = lexicon()["share_words"]
    words = {k: v for k, v in cfg["words"].items() if not k.startswith("_")}
    rx = _phrase_re(list(words))
    window = int(cfg["window"])
    text = m.text or ""
    out: list[Result] = []
    for mt in rx.finditer(text):
        claim = words.get(re.sub(r"\s+", " ", mt.group(0).lower()))
        if claim is None:
            continue
        a, b = sentence_at(text, mt.start(), mt.end())
        facts = sorted((f for f in m.record.facts if a <= f.span[0] < b), key=lambda f: f.span[0])
        pos = mt.end()
        # "most of them shot by the police, and 12-13 per cent of those killed were children": a share in the
        # next clause is not the one the word qualifies
        share = next((f for f in facts if f.kind == "share" and pos <= f.span[0] <= pos + window
                      and not re.search(r"[;.]|,\s*(?:and|but|while|whereas)\b", text[pos:f.span[0]])), None)
        part = next((f for f in reversed(facts) if f.kind == "count" and f.span[1] <= mt.start()
                     and re.fullmatch(r"[\s,(—–-]*(?:or|the|which\s+is|which\s+was|some|about)?\s*",
                                      text[f.span[1]:mt.start()])), None)
        named = next((f for f in facts if f.kind == "count" and f.span[0] >= mt.end()
                      and re.fullmatch(r"\s*[,(—–-]\s*", text[mt.end():f.span[0]])), None)
        if share is not None:
            out.append(_share_word_check(m, share, mt.group(0), claim))
        elif named is not None:
            # "Of the 605 murders of 2022, the majority, 245, were gang-related": the count the word names
            r = _apposed_count_check(m, named, mt.group(0), claim)
            if r is not None:
                out.append(r)
        elif part is not None and re.match(r"\s+(?:of\s+)?(?:all|the\s+total|the)\b", text[mt.end():mt.end() + 12]):
            r = _apposed_count_check(m, part, mt.group(0), claim)
            if r is not None:
                out.append(r)
        elif not any(pos <= f.span[0] <= pos + 12 for f in facts):
            r = _count_word_check(m, text[a:b], mt.end() - a, mt.group(0), claim, a)
            if r is not None:
                out.append(r)
    return out


def _apposed_count_check(m: Model, part: Fact, word: str, claim: dict[str, float]) -> Result | None:
    """'Deaths in attacks on civilians numbered 1,406, the majority of all fatalities': the count against
    the one larger count of its measure, place and period; silent when there is none or several."""
    k = fact_key(part)
    if k.tag:
        return None
    keys = [w for w in m.stated if not w.tag and w.metric.split("/")[0] == k.metric.split("/")[0]
            and w.period == k.period and w.actor == "all" and (w.region == k.region or region_subset(k, w))]
    pv = fact_interval(part)
    wholes = {st.fid: st.interval for w in keys for st in m.stated[w]
              if st.fid != part.id and st.role not in ("base_value", "new_value") and st.interval.lo > pv.hi}
    if len({(iv.lo, iv.hi) for iv in wholes.values()}) != 1:
        return None
    fid, wv = next(iter(wholes.items()))
    # the same whole stated twice ("605 murders" in the opening and again beside the part): the mention
    # nearest the part is the one the sentence sets it against
    w0 = m.facts[fid]
    twins = [f for f in m.record.facts if f.kind == "count" and f.value == w0.value and f.period == w0.period
             and f.region == w0.region and (f.metric or "").split("/")[0] == (w0.metric or "").split("/")[0]]
    fid = min(twins, key=lambda f: abs(f.span[0] - part.span[0])).id
    if wv.lo <= 0:
        return None
    ratio = Interval(100 * pv.lo / wv.hi, 100 * pv.hi / wv.lo)
    ok = _claim_ok(claim, ratio)
    whole = m.facts[fid]
    said = f"The text calls {figure(part)} '{word}' of {figure(whole)} {_metric_desc(whole.metric)}"
    counts = f"{fmt_iv(ratio, 'share')}"
    msg = (f"{said}, but that is {counts}, and '{word}' means {_claim_text(claim)}." if ok is False
           else f"{said}; that is {counts}, which fits.")
    return Result("wording", "fail" if ok is False else "pass", _order(m, [part.id, fid]), msg,
                  expected=_claim_text(claim), observed=_jiv(ratio), numeric=False)


def _claim_ok(claim: dict[str, float], iv: Interval) -> bool | None:
    """True if the interval satisfies the claim, False if it cannot, None if it may or may not."""
    if "above" in claim:
        if iv.lo > claim["above"]:
            return True
        return False if iv.hi <= claim["above"] + 1e-9 else None
    if iv.hi < claim["below"]:
        return True
    return False if iv.lo >= claim["below"] - 1e-9 else None


def _claim_text(claim: dict[str, float]) -> str:
    side = "more" if "above" in claim else "less"
    return f"{side} than {fmt(claim.get('above', claim.get('below', 50)), 'share')}"


def _share_word_check(m: Model, f: Fact, word: str, claim: dict[str, float]) -> Result:
    iv = fact_interval(f)
    t = m.terms.get(f.id)
    subject = share_desc(*t.keys) if t is not None and t.kind == "share" else f"the share of {key_desc(fact_key(f))}"
    said = f"The text calls {subject} ({figure(f)}) '{word}'"
    # "the majority, with 3,065 cases, or 44% of the total": the count the share restates is evidence too
    text = m.text or ""
    ids = [g.id for g in m.record.facts if g.kind == "count" and g.span[1] <= f.span[0]
           and re.fullmatch(r"\s*(?:\w+\s*)?(?:,\s*or|\(|,)\s*", text[g.span[1]:f.span[0]])][-1:] + [f.id]
    if _claim_ok(claim, iv) is False:
        return Result("wording", "fail", ids, f"{said}, but '{word}' means {_claim_text(claim)}.",
                      expected=_claim_text(claim), observed=_jv(f.value), tolerance=iv.as_list(), numeric=False)
    return Result("wording", "pass", ids, f"{said}, which fits.",
                  expected=_claim_text(claim), observed=_jv(f.value), tolerance=iv.as_list(), numeric=False)


@lru_cache(maxsize=1)
def _metric_word_res() -> tuple[tuple[re.Pattern[str], str], ...]:
    d = {k: v for k, v in lexicon()["metrics"].items() if not k.startswith("_")}
    return tuple((_phrase_re(v), k) for k, v in d.items())


@lru_cache(maxsize=1)
def _actor_word_res() -> list[tuple[re.Pattern[str], str]]:
    """Actor words from the actor lexicon (models/gazetteers/actors.jsonl), top category only."""
    by_id: dict[str, list[str]] = {}
    for row in load_jsonl("gazetteers/actors.jsonl"):
        top = row["id"].split("/")[0]
        if row.get("label") == "ACTOR" and top not in ("all",) and "+" not in top:
            by_id.setdefault(top, []).append(row["pattern"])
    return [(_phrase_re(sorted(set(v))), k) for k, v in sorted(by_id.items())]


def _actor_word_check(m: Model, s: str, start: int, end: int, word: str, claim: dict[str, float],
                      metrics: list[str], base: int = 0) -> Result | None:
    """'PKK militants made up the majority of the dead' against the militants' and everyone's counts;
    silent unless one group is named before the word in its clause and one period has both counts."""
    cut = max((x.end() for x in _CLAUSE_END.finditer(s, 0, start)), default=0)
    named = {k for rx, k in _actor_word_res() if rx.search(s[cut:start])}
    if len(named) != 1:
        return None
    actor = named.pop()
    for metric in metrics:
        pairs = []
        for period in sorted({k.period for k in m.stated if not k.tag and k.metric == metric and k.actor == actor}):
            parts = [k for k in m.stated
                     if not k.tag and k.metric == metric and k.actor == actor and k.period == period]
            wholes = [k for k in m.stated if k.metric == metric and k.actor == "all"
                      and k.period == period and all(k.region == p.region for p in parts)]
            sized = [(b.iv.hi, k) for k in wholes if (b := stated(m, k)) is not None and not b.iv.empty]
            if len(parts) == 1 and sized:
                # "the majority of the dead": of the total, the largest count of everyone that period
                pairs.append((parts[0], max(sized, key=lambda vk: vk[0])[1]))
        if len(pairs) > 1:
            # "By that count PKK militants made up the majority": the period whose count of the group came last
            def last_before(pw: tuple[Key, Key]) -> int:
                spans = [m.facts[st.fid].span[0] for st in m.stated[pw[0]] if m.facts[st.fid].span[0] < base + start]
                return max(spans, default=-1)
            pairs = [max(pairs, key=last_before)]
        if len(pairs) != 1:
            continue
        part, whole = pairs[0]
        bp, bw = stated(m, part), stated(m, whole)
        if bp is None or bw is None or bp.iv.empty or bw.iv.empty or bw.iv.lo <= 0:
            continue
        ratio = Interval(100 * bp.iv.lo / bw.iv.hi, 100 * bp.iv.hi / bw.iv.lo)
        ok = _claim_ok(claim, ratio)
        said = f"The text says {_label(part, 'actor')} were '{word}' of the {_metric_desc(metric)} " \
               f"{_period_desc(whole.period)}"
        share = f"at most {fmt(ratio.hi, 'share')}" if ratio.lo <= 0 < ratio.hi else fmt_iv(ratio, 'share')
        counts = f"{bp.text} of {bw.text}, {share}"
        msg = f"{said}, but the counts give {counts}." if ok is False else f"{said}; the counts agree ({counts})."
        return Result("wording", "fail" if ok is False else "pass", _order(m, bp.ids("both") + bw.ids("both")),
                      msg, expected=_claim_text(claim), observed=_jiv(ratio), numeric=False)
    return None


def _count_word_check(m: Model, s: str, end: int, word: str, claim: dict[str, float],
                      base: int = 0) -> Result | None:
    """'The majority of the attacks occurred in erstwhile FATA' against FATA's and the country's
    counts; silent unless exactly one period has both."""
    head = s[end:end + 60]
    stop = _CLAUSE_END.search(head)
    metrics = [k for rx, k in _metric_word_res() if rx.search(head[:stop.start()] if stop else head)]
    regions = _named_regions(m, s, end)
    if metrics and not regions:
        return _actor_word_check(m, s, end - len(word), end, word, claim, metrics, base)
    if not metrics or not regions:
        return None
    for metric in metrics:
        cands = []
        for period in sorted({k.period for k in m.stated if not k.tag and k.metric == metric and k.region in regions}):
            parts = [Key(metric, "all", r, (), period) for r in regions]
            bparts = [stated(m, p) for p in parts]
            if any(b is None or b.iv.empty for b in bparts):
                continue
            if any(not region_disjoint(x, y) for i, x in enumerate(parts) for y in parts[i + 1:]):
                continue
            wholes = [k for k in m.stated if not k.tag and k.metric == metric and k.actor == "all"
                      and k.period == period and all(region_subset(p, k) for p in parts)]
            wholes = [w for w in wholes if not any(w2 != w and region_subset(w2, w) for w2 in wholes)]
            if len(wholes) == 1:
                cands.append((parts, bparts, wholes[0]))
        if len(cands) != 1:
            continue
        parts, bparts, whole = cands[0]
        bw = stated(m, whole)
        total = _sum(bparts)  # type: ignore[arg-type]
        if bw is None or bw.iv.empty or bw.iv.lo <= 0:
            continue
        ratio = Interval(100 * total.iv.lo / bw.iv.hi, 100 * total.iv.hi / bw.iv.lo)
        ok = _claim_ok(claim, ratio)
        names = _join([_region_desc(p) for p in parts])
        said = f"The text says '{word}' of the {_metric_desc(metric)} {_period_desc(whole.period)} were in {names}"
        counts = f"{total.text} of {bw.text}, {fmt_iv(ratio, 'share')}"
        msg = f"{said}, but the counts give {counts}." if ok is False else f"{said}; the counts agree ({counts})."
        facts = total.ids("both") + [st.fid for st in m.stated.get(whole, [])]
        return Result("wording", "fail" if ok is False else "pass", _order(m, facts), msg,
                      expected=_claim_text(claim), observed=_jiv(ratio), numeric=False)
    return None


def _wording_superlative(m: Model) -> list[Result]:
    """'KP was the worst-hit province': the place named must lead its neighbours on some count."""
    rx = _phrase_re(lexicon()["superlatives"]["words"])
    text = m.text or ""
    out = []
    for mt in rx.finditer(text):
        a, b = sentence_at(text, mt.start(), mt.end())
        s = text[a:b]
        before = _named_regions(m, s[:mt.start() - a], mt.start() - a)
        named = before if len(before) == 1 else _named_regions(m, s, mt.end() - a)
        if len(named) == 1:
            r = _superlative_check(m, named[0], mt.group(0))
            if r is not None:
                out.append(r)
    return out


def _superlative_check(m: Model, code: str, word: str) -> Result | None:
    parent = region_ancestors(code)[:1]
    beaten = []
    for k in m.stated:
        if k.tag or k.region != code or k.except_:
            continue
        sibs = [x for x in m.stated if not x.tag and x != k and x.with_(region=code, except_=()) == k
                and not x.except_ and "+" not in x.region and region_ancestors(x.region)[:1] == parent
                and region_disjoint(x, k)]
        if not sibs:
            continue
        bk = stated(m, k)
        top = max(sibs, key=lambda x: stated(m, x).iv.lo)  # type: ignore[union-attr]
        bt = stated(m, top)
        if bk is None or bt is None:
            continue
        if bt.iv.lo <= bk.iv.hi:
            return Result("wording", "pass", _order(m, bk.ids("both")),
                          f"The text calls {region_name(code)} '{word}', and it leads on "
                          f"{key_desc(k, 'region')} ({bk.text}).", numeric=False)
        beaten.append((k, bk, top, bt))
    if not beaten:
        return None
    k, bk, top, bt = beaten[0]
    return Result("wording", "fail", _order(m, bk.ids("hi") + bt.ids("lo")),
                  f"The text calls {region_name(code)} '{word}', but {_region_desc(top)} had more "
                  f"{key_desc(k, 'region')} ({bt.text} against {bk.text}).",
                  expected=f"the most {_metric_desc(k.metric)}", observed=_jiv(bk.iv), numeric=False)


def _wording_pairs(m: Model) -> list[Result]:
    """'attacks went up from 12 to 18', 'doubled from 342 to 614': a direction or ratio word
    against two counts of one key in one sentence (with no change figure beside them)."""
    text = m.text or ""
    by_sent: dict[tuple[int, int], list[Fact]] = {}
    for f in m.record.facts:
        by_sent.setdefault(sentence_bounds(text, f), []).append(f)
    out = []
    for (a, _b), facts in by_sent.items():
        counts = [f for f in facts if f.id in m.terms and m.terms[f.id].kind == "count"]
        pairs: dict[tuple[Any, ...], list[Fact]] = {}
        for f in counts:
            k = m.terms[f.id].keys[0]
            if not k.tag and period_span(k.period):
                pairs.setdefault((k.metric, k.actor, k.region, k.except_), []).append(f)
        for group in pairs.values():
            if len(group) != 2 or group[0].period == group[1].period:
                continue
            x, y = sorted(group, key=lambda f: period_span(f.period or ""))  # type: ignore[arg-type,return-value]
            lo_pos, hi_pos = min(x.span[0], y.span[0]), max(x.span[1], y.span[1])
            if any(f.kind == "change" and lo_pos - 40 <= f.span[0] <= hi_pos for f in facts):
                continue
            if sum(1 for f in counts if lo_pos <= f.span[0] <= hi_pos) != 2:
                continue
            seg = text[max(a, lo_pos - 40):hi_pos]
            r = _pair_direction(m, x, y, seg)
            if r is not None:
                out.append(r)
            r = _pair_ratio(m, x, y, seg)
            if r is not None:
                out.append(r)
    return out


def _pair_direction(m: Model, x: Fact, y: Fact, seg: str) -> Result | None:
    dirs = _directions_in(seg)
    bx, by = fact_interval(x), fact_interval(y)
    went = 1 if by.lo > bx.hi else -1 if by.hi < bx.lo else 0
    if len(dirs) != 1 or not went:
        return None
    d = dirs.pop()
    ok = went == d
    said = f"The text says {key_desc(m.terms[y.id].keys[0], 'period')} went {'up' if d > 0 else 'down'}"
    counts = f"{figure(x)} in {x.period}, {figure(y)} in {y.period}"
    msg = f"{said}, and the counts agree ({counts})." if ok else \
        f"{said}, but the counts went the other way ({counts})."
    return Result("wording", "pass" if ok else "fail", _order(m, [x.id, y.id]), msg,
                  expected="a rise" if d > 0 else "a fall", observed=[_jv(x.value), _jv(y.value)], numeric=False)


def _pair_ratio(m: Model, x: Fact, y: Fact, seg: str) -> Result | None:
    pol = policy()
    found = next(((mt, r) for rx, r in pol.ratios for mt in [rx.search(seg)] if mt), None)
    bx, by = fact_interval(x), fact_interval(y)
    if found is None or bx.lo <= 0:
        return None
    mt, r = found
    pre = seg[max(0, mt.start() - 20):mt.start()].lower()
    approx = ("nearly" if re.search(r"\b(?:almost|nearly|close to)\s*$", pre) else
              "over" if re.search(r"\b(?:more than|over)\s*$", pre) else "exact")
    want = interval_of("change", (r - 1) * 100, approx, mt.group(0))
    got = Interval(100 * (by.lo - bx.hi) / bx.hi, 100 * (by.hi - bx.lo) / bx.lo)
    ok = want.overlaps(got)
    said = f"The text says '{mt.group(0)}' for {key_desc(m.terms[y.id].keys[0], 'period')}"
    ratio = f"{figure(y)} against {figure(x)} is {fmt(by.lo / bx.lo)} times"
    msg = f"{said}, and the counts agree ({ratio})." if ok else f"{said}, but {ratio}."
    return Result("wording", "pass" if ok else "fail", _order(m, [x.id, y.id]), msg,
                  expected=[_jv(1 + want.lo / 100), _jv(1 + want.hi / 100)], observed=_jv(by.lo / bx.lo),
                  numeric=False)


def rule_wording(m: Model) -> list[Result]:
    """Words that carry numbers: majority, most affected, rose/fell, doubled/halved."""
    if not m.text:
        return []
    return [*_wording_majority(m), *_wording_superlative(m), *_wording_pairs(m)]


# --------------------------------------------------------------------------------------------
# implied: everything at once


def _same_statement(m: Model, fid: str) -> set[str]:
    """Facts that state the same figure as `fid`: same key and kind, or a change quoting it."""
    t = m.terms[fid]
    out = {g for g, u in m.terms.items() if u.kind == t.kind and u.keys == t.keys}
    if t.kind == "count":
        out |= {st.fid for st in m.stated.get(t.keys[0], [])}
    return out


def _explained(core: set[str], fails: list[Result], m: Model) -> Result | None:
    for r in fails:
        ids = {f for f in r.facts if f in m.terms}
        cover = set().union(*(_same_statement(m, f) for f in ids)) if ids else set()
        if core <= cover:
            return r
    return None


def _describe_core(m: Model, core: list[str], observed: str) -> str:
    names = {"share": ("the share", "the shares"), "change": ("the change", "the changes"),
             "count": ("the count", "the counts"), "delta": ("the difference", "the differences")}
    groups: dict[str, list[str]] = {}
    for fid in core:
        if fid != observed:
            groups.setdefault(m.terms[fid].kind, []).append(figure(m.facts[fid]))
    return _join([f"{names[k][len(v) > 1]} {_join(v)}" for k, v in groups.items()])


def rule_implied(m: Model, fails: list[Result], deadline: float) -> list[Result]:
    """Solve all facts together; report minimal infeasible sets no simpler failing rule explains."""
    pol = policy().solver
    comps = [c for c in components(m) if len(c) >= 2]
    if not comps:
        return []
    # conflicts a simpler check already reports, or already set aside as implausible pairings
    known = [r for r in fails if r.numeric and r.blame and r.status in ("fail", "unverifiable")]
    # what simpler checks blame is set aside first: the solver looks for what is left
    aside = {f for r in known for f in (r.blame, *_quoting(m, r.blame or ""))}
    out: list[Result] = []
    timed_out: list[str] = []
    # one solver serves every group (System); groups share no key, so when all of them hold
    # at once, one check says so for each
    sys_ = joint(m)
    all_hold = sys_.check([f for c in comps for f in c if f not in aside], deadline) == "sat"
    for comp in [] if all_hold else comps:
        active = [f for f in comp if f not in aside]
        for _ in range(3 * int(pol["max_conflicts"])):
            res = sys_.minimal_core(active, deadline)
            if res.status != "unsat":
                if res.status == "unknown":
                    timed_out += comp
                break
            core = list(res.core)
            why = _explained(set(core), known + out, m)
            if why is None:
                culprit = _culprit(m, sys_, core, active, deadline)
                out.append(_implied_fail(m, core, culprit, active, deadline, res.minimal))
                why = out[-1]
            blame = why.blame if why.blame in m.terms else core[-1]
            # set the blamed figure aside with every restatement of it, so the same conflict
            # is not found again through a duplicate
            active = [f for f in active if f not in _same_statement(m, blame)]
            if len(out) >= int(pol["max_conflicts"]):
                break
    if timed_out:
        out.append(Result("implied", "unverifiable", _order(m, timed_out),
                          f"The solver ran out of time before it could tell whether these {len(set(timed_out))} "
                          f"figures can all hold together.", numeric=False))
    elif not out:
        involved = [f for c in comps for f in c]
        out.append(Result("implied", "pass", _order(m, involved),
                          f"All {len(involved)} figures that bear on each other can hold together.", numeric=False))
    return out


def _culprit(m: Model, sys_: System, core: list[str], active: list[str], deadline: float) -> str:
    """The figure of a conflict whose removal alone lets its whole group hold (counts first,
    latest first): one misread figure then makes one report, and the message names it."""
    order = sorted(core, key=lambda f: (m.terms[f].kind != "count", -m.order[f]))
    for fid in order:
        out = {fid, *_quoting(m, fid)}
        if sys_.check([f for f in active if f not in out], deadline) == "sat":
            return fid
    return order[0]


def _implied_fail(m: Model, core: list[str], observed: str, active: list[str], deadline: float,
                  minimal: bool) -> Result:
    """The failing set, and what the rest of the group implies for its blamed figure.

    `expected` is the range that all the other figures of the group allow (all but the
    blamed one and the changes that quote it): as tight as the report makes it, which is
    what the record format asks of it ('the figure the other facts imply'; the seed's Q1
    total near 392). The set itself is the minimal one, which alone implies a looser range;
    when the rest of the group does not exclude the stated figure (the conflict lies in a
    change quoting it), the set's own range is given instead."""
    steps = int(policy().solver["range_steps"])
    sys_ = joint(m)
    f = m.facts[observed]
    t = m.terms[observed]
    stated_iv = t.interval
    rest = [g for g in active if g != observed and g not in _quoting(m, observed)]
    rng = sys_.implied_range(observed, rest, deadline, steps)
    whole_group = rng is not None and not rng.overlaps(stated_iv)
    if not whole_group:
        rng = sys_.implied_range(observed, [g for g in core if g != observed], deadline, steps)
    unit = t.kind if t.kind in ("share", "change") else "count"
    subject = _what(t.kind, t.keys[0] if t.kind == "count" else t.keys)
    given = _describe_core(m, core, observed)
    if rng is not None and whole_group:
        verb = "rules" if len([g for g in core if g != observed]) == 1 else "rule"
        msg = (f"Taken together, {given} {verb} out the {figure(f)} stated for {subject}: the report's other "
               f"figures imply {fmt_iv(rng, unit)}.")
    elif rng is not None:
        msg = f"Taken together, {given} imply {fmt_iv(rng, unit)} for {subject}, but the text states {figure(f)}."
    else:
        msg = f"Taken together, {given} and {figure(f)} for {subject} cannot all be true."
    if not minimal:
        msg += " (The solver had no time to shrink this set further.)"
    status = "fail"
    if len(core) == 2:
        # "the IACHR now says 355 ... the ANPDH had recorded 448": two sources, or a revised count
        apart = _reported_apart(m, core[0], core[1])
        if apart:
            status, msg = "unverifiable", f"{msg[:-1]}; {apart}"
    return Result("implied", status, _order(m, core), msg, expected=_jiv(rng) if rng else None,
                  observed=_jv(f.value), tolerance=tolerance_note(f), blame=observed)


# --------------------------------------------------------------------------------------------
# Repairs


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def edits(f: Fact) -> list[float]:
    """Typo-sized edits of a stated figure, nearest first: one digit changed, two neighbouring
    digits swapped, a minus sign dropped."""
    mt = next((x for x in _DIGITS.finditer(f.text or "")
               if math.isclose(float(x.group(0).replace(",", "")), abs(f.value), rel_tol=1e-9)), None)
    raw = mt.group(0).replace(",", "") if mt else repr(abs(float(f.value))).removesuffix(".0")
    if not re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return []
    sign = -1.0 if f.value < 0 else 1.0
    pos = [i for i, ch in enumerate(raw) if ch.isdigit()]
    out: set[float] = set()
    variants = [raw[:i] + d + raw[i + 1:] for i in pos for d in "0123456789" if d != raw[i]]
    variants += [raw[:i] + raw[j] + raw[i] + raw[j + 1:] for i, j in zip(pos, pos[1:], strict=False)
                 if j == i + 1 and raw[i] != raw[j]]
    for v in variants:
        if not (v[0] == "0" and len(v.split(".")[0]) > 1):
            out.add(sign * float(v))
    if f.kind == "change" or (f.kind == "count" and f.delta):
        out.add(-float(f.value))
    out.discard(float(f.value))
    return sorted(out, key=lambda v: (abs(v - f.value), v))


def _quoting(m: Model, fid: str) -> list[str]:
    """Changes that quote this count as their base or new value (one figure, two facts)."""
    t = m.terms.get(fid)
    if t is None or t.kind != "count":
        return []
    return [st.fid for st in m.stated.get(t.keys[0], []) if st.role in ("base_value", "new_value")
            and st.interval.overlaps(t.interval)]


def _candidates(m: Model, sys_: System, fid: str, values: list[float]) -> Choice:
    """'Fact fid has one of these values' as literals to assume (`Choice.upto(k)`: one of the
    first k), with the changes that quote it following along (their own figure kept, their
    value for this count let go)."""
    f = m.facts[fid]
    t = m.terms[fid]
    ivs = [interval_of(f.kind, v, f.approx or "exact", f.text or "") for v in values]
    also = [sys_.holds(q, unpin=t.keys[0]) for q in _quoting(m, fid) if q in sys_.fids]
    return sys_.choice(fid, ivs, also)


def _smallest_fix(m: Model, sys_: System, fids: list[str], fid: str, values: list[float],
                  deadline: float) -> float | None:
    """The nearest value among `values` (sorted nearest first) that makes the facts feasible:
    one check on them all, then bisection on prefixes (each prefix one literal, `Choice`).
    First, whether the facts hold without this one at all: if not, no value of it helps (a
    question the joint solve has often answered already, see `_Solver.check`)."""
    keep = [x for x in fids if x != fid and x not in _quoting(m, fid)]
    if not values or sys_.check(keep, deadline) != "sat":
        return None
    choice = _candidates(m, sys_, fid, values)
    if sys_.check(keep, deadline, assume=choice.upto(len(values))) != "sat":
        return None
    lo, hi = 0, len(values)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if sys_.check(keep, deadline, assume=choice.upto(mid)) == "sat":
            hi = mid
        else:
            lo = mid
    return values[hi - 1]


def suggest(m: Model, r: Result, others: set[str], deadline: float) -> str | None:
    """The smallest typo-sized edit of one figure of a failing set after which every figure of
    its group agrees (figures caught up in other, unrelated failures are left out).

    Each figure's edits are searched on the group at once. (Searching the failing set alone
    first gave a lower bound when a small nonlinear system was much cheaper to solve than the
    group; on one linear solver both cost the same, and the detour only added checks whenever
    the set's nearest fix failed the group. The answer is the same: the nearest edit that the
    whole group allows.)"""
    core = [f for f in r.facts if f in m.terms]
    comp = next((c for c in components(m) if set(core) & set(c)), [])
    scope = [f for f in comp if f not in others or f in core]
    group = System(m, scope)
    fixes: list[tuple[float, str, float]] = []
    for fid in core:
        f = m.facts[fid]
        v = _smallest_fix(m, group, scope, fid, edits(f), deadline)
        if v is not None:
            fixes.append((abs(v - f.value) / max(abs(f.value), 1.0), fid, v))
    if not fixes:
        return None
    fixes.sort()
    said = [f"{figure(m.facts[fid])} were {fmt(v, _unit(m, fid))}" for _, fid, v in fixes[:3]]
    more = f" (or if {' or if '.join(said[1:])})" if len(said) > 1 else ""
    return f"If {said[0]}{more}, every check would pass."


def _unit(m: Model, fid: str) -> str:
    f = m.facts[fid]
    return f.kind if f.kind in ("share", "change") else "count"


# --------------------------------------------------------------------------------------------
# Entry points


def run_checks(record: Record, text: str | None = None, *, timeout_ms: int = 2000) -> tuple[Check, ...]:
    """Every rule that applies to the record, as checks c1, c2, ... (pass, fail or unverifiable).

    `text` is the document: the wording rule reads it, and it shows which sums a sentence
    states. Every solve shares one deadline of `timeout_ms`; past it the `implied` check says
    `unverifiable` and repairs are skipped, so a call never hangs.
    """
    deadline = time.perf_counter() + max(timeout_ms, 1) / 1000.0
    m = build_model(record, text)
    simple: list[Result] = []
    for rule in (rule_same_figure, rule_part_le_whole, rule_parts_sum_to_whole, rule_shares_sum,
                 rule_share_vs_count, rule_change_vs_counts, rule_wording):
        simple += rule(m)
    results = _dedupe(simple)
    results += rule_implied(m, results, deadline)
    failing = [r for r in results if r.status == "fail" and (r.numeric or r.rule == "implied")]
    repair_deadline = min(deadline, time.perf_counter() + policy().solver["repair_ms"] / 1000.0)
    for r in failing:
        others = {f for o in failing if o is not r and not set(o.facts) & set(r.facts) for f in o.facts}
        r.suggestion = suggest(m, r, others, repair_deadline)
    results.sort(key=lambda r: (RULE_ORDER.index(r.rule), min((m.order[f] for f in r.facts), default=0)))
    return tuple(Check(id=f"c{i}", rule=r.rule, status=r.status, facts=tuple(r.facts), message=r.message,
                       expected=r.expected, observed=r.observed, tolerance=r.tolerance, suggestion=r.suggestion)
                 for i, r in enumerate(results, 1))


def _dedupe(results: list[Result]) -> list[Result]:
    """One check per rule and fact set: overlapping relations can describe one test twice."""
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    out = []
    for r in results:
        sig = (r.rule, r.status, tuple(r.facts))
        if sig not in seen:
            seen.add(sig)
            out.append(r)
    return out


def check_record(record: Record, text: str | None = None) -> Record:
    """The record with its checks filled in."""
    return record.replace(checks=run_checks(record, text))
