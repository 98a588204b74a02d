"""The quantity model of a record, and its joint solve with z3.

Every count a record speaks about, stated or only implied, is one *key* (metric, actor, region,
period). Facts constrain keys: a count bounds one, a share ties a part to its whole, a change
ties a period to its base period. The document's own categories relate keys to each other: a
province is part of its country, civilians are part of everyone, a month is part of its year.
Those relations are only assumed where they are sound (see `models/checks/README.md`,
"Partitions"): disjointness and coverage must be known, not guessed.

The simple rules in `checks.py` read this model with interval arithmetic; the `implied` rule
hands all of it to z3 at once (nonlinear real arithmetic, tracked facts, unsat cores).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import re
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import z3

from .record import Fact, Record
from .resources import load_json
from .tolerance import Interval, fact_interval, interval_of

BASES = ("civilians", "security", "militants")


# --------------------------------------------------------------------------------------------
# Keys and the algebra of each dimension


@dataclass(frozen=True, order=True)
class Key:
    """What one count is of. `tag` isolates keys that must not meet others (vague metrics)."""

    metric: str
    actor: str
    region: str
    except_: tuple[str, ...]
    period: str
    tag: str = ""

    def with_(self, **kw: Any) -> Key:
        return replace(self, **kw)


def _norm_plus(s: str | None) -> str:
    return "+".join(sorted(p.strip() for p in (s or "").split("+") if p.strip()))


_LEXICON_KEYS = {"_doc", "version", "share_words", "superlatives", "ratios", "directions", "metrics",
                 "metric_parts", "event_parts", "vague_metrics"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """models/checks/wording.json, checked on load: an unknown section is an error that names it."""
    data = load_json("checks/wording.json")
    unknown = set(data) - _LEXICON_KEYS
    if unknown:
        raise ValueError(f"wording.json: unknown section(s) {sorted(unknown)}; known: {sorted(_LEXICON_KEYS)}")
    return data


def is_vague_metric(metric: str) -> bool:
    return metric.split("/")[0] in set(lexicon()["vague_metrics"])


def fact_key(f: Fact, **over: Any) -> Key:
    """The key a fact speaks about; `over` replaces fields (for a share's whole, a change's base)."""
    fields = {
        "metric": (f.metric or "").strip(),
        "actor": _norm_plus(f.actor or "all"),
        "region": _norm_plus(f.region),
        "except_": tuple(sorted(f.except_ or ())),
        "period": (f.period or "").strip(),
    }
    for k, v in over.items():
        if k == "actor":
            v = _norm_plus(v or "all")
        elif k == "region":
            v = _norm_plus(v)
        elif k == "except_":
            v = tuple(sorted(v or ()))
        fields[k] = v
    # a vague metric, or a figure whose period or place is unknown, is compared with nothing
    isolated = is_vague_metric(fields["metric"]) or not fields["period"] or not fields["region"]
    return Key(tag=f.id if isolated else "", **fields)


# ---- regions -------------------------------------------------------------------------------

_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


@lru_cache(maxsize=4096)
def _iso_parent(code: str) -> str | None:
    """Parent of an ISO 3166-2 code (pycountry knows multi-level ones), else its country."""
    try:
        import pycountry

        sub = pycountry.subdivisions.get(code=code)
        if sub is not None and getattr(sub, "parent_code", None):
            return sub.parent_code
    except (ImportError, KeyError, LookupError):
        pass
    return code.split("-")[0]


@lru_cache(maxsize=4096)
def region_ancestors(code: str) -> tuple[str, ...]:
    """Strict ancestors of a region code, nearest first ('PK-KP/FATA' -> PK-KP, PK)."""
    out: list[str] = []
    cur = code
    while True:
        if "/" in cur:
            cur = cur.rsplit("/", 1)[0]
        elif _ISO3166_2.match(cur):
            cur = _iso_parent(cur) or ""
        else:
            break
        if not cur or cur in out:
            break
        out.append(cur)
    return tuple(out)


def _within(a: str, b: str) -> bool:
    return a == b or b in region_ancestors(a)


def _iso_anchor(code: str) -> str | None:
    """The nearest ISO code at or above a region code (a place's parent subdivision)."""
    for c in (code, *region_ancestors(code)):
        if _ISO2.match(c) or _ISO3166_2.match(c):
            return c
    return None


def _codes_disjoint(a: str, b: str) -> bool:
    """Known disjoint: ISO codes form a tree, so two codes neither inside the other are apart;
    a place is only known apart from what its ISO parent is apart from (two places in one
    province may nest: FATA and North Waziristan; a Nigerian zone and a state may overlap)."""
    if _within(a, b) or _within(b, a):
        return False
    ia, ib = _iso_anchor(a), _iso_anchor(b)
    return ia is not None and ib is not None and not (_within(ia, ib) or _within(ib, ia))


def _rx(k: Key) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(p for p in k.region.split("+") if p), frozenset(k.except_)


def region_subset(a: Key, b: Key) -> bool:
    """Region of a strictly inside region of b."""
    (ac, ae), (bc, be) = _rx(a), _rx(b)
    if not ac or not bc or (ac, ae) == (bc, be):
        return False
    if not all(any(_within(x, y) for y in bc) for x in ac):
        return False
    for e in be:
        for x in ac:
            if not (_codes_disjoint(x, e) or any(_within(e, z) for z in ae)):
                return False
    return True


def region_disjoint(a: Key, b: Key) -> bool:
    (ac, ae), (bc, be) = _rx(a), _rx(b)
    if not ac or not bc:
        return False
    for x in ac:
        for y in bc:
            apart = _codes_disjoint(x, y) or any(_within(y, z) for z in ae) or any(_within(x, z) for z in be)
            if not apart:
                return False
    return True


def region_covers(w: Key, parts: list[Key]) -> bool:
    """Parts (disjoint, inside w) make up all of w: 'the rest' of w plus what it leaves out, or
    the members of a joined region ('PK-KP+PK-BA' = PK-KP + PK-BA)."""
    wc, we = _rx(w)
    if we:
        return False
    rest = [p for p in parts if _rx(p)[1]]
    plain = [p for p in parts if not _rx(p)[1]]
    comps = [c for p in plain for c in _rx(p)[0]]
    if len(comps) != len(set(comps)):
        return False
    if len(rest) == 1:
        rc, re_ = _rx(rest[0])
        return rc == wc and set(comps) == set(re_)
    if not rest and len(wc) >= 2:
        return set(comps) == set(wc)
    return False


# ---- actors --------------------------------------------------------------------------------


def _actor_bases(actor: str) -> frozenset[str] | None:
    comps = [c for c in actor.split("+") if c]
    if "all" in comps:
        return frozenset(BASES)
    bases = frozenset(c.split("/")[0] for c in comps)
    return bases if bases and bases <= set(BASES) else None


def actor_subset(a: str, b: str) -> bool:
    if a == b or _actor_bases(a) is None or _actor_bases(b) is None:
        return False
    if b == "all":
        return a != "all"
    bcomps = set(b.split("+"))
    return "all" not in a.split("+") and all(c in bcomps or c.split("/")[0] in bcomps for c in a.split("+"))


def actor_disjoint(a: str, b: str) -> bool:
    ba, bb = _actor_bases(a), _actor_bases(b)
    return ba is not None and bb is not None and not (ba & bb)


def actor_covers(w: str, parts: list[str]) -> bool:
    if any("/" in p for p in parts):
        return False
    bases = [_actor_bases(p) for p in parts]
    if any(b is None for b in bases):
        return False
    union = frozenset().union(*bases)  # type: ignore[arg-type]
    return union == _actor_bases(w) and sum(len(b) for b in bases) == len(union)  # type: ignore[arg-type]


# ---- metrics -------------------------------------------------------------------------------


def _metric_parts() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in lexicon()["metric_parts"].items() if not k.startswith("_")}


def _event_parts() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in lexicon()["event_parts"].items() if not k.startswith("_")}


def event_class(metric: str) -> str | None:
    """'fatalities/operations' -> 'operations': the kind of event a fine type names."""
    _, _, fine = metric.partition("/")
    return next((c for c, v in _event_parts().items() if fine and fine in v["fine"]), None)


def metric_subset(a: str, b: str) -> bool:
    if a == b or is_vague_metric(a) or is_vague_metric(b):
        return False
    base = a.split("/")[0]
    if "/" not in b and base == b:
        return True
    comp = _metric_parts().get(b)
    return comp is not None and base in comp["parts"]


def metric_disjoint(a: str, b: str) -> bool:
    ba, bb = a.split("/")[0], b.split("/")[0]
    if ba == bb:
        ea, eb = event_class(a), event_class(b)
        return ea is not None and eb is not None and ea != eb
    return any(ba in c["parts"] and bb in c["parts"] for c in _metric_parts().values())


def metric_covers(w: str, parts: list[str]) -> bool:
    comp = _metric_parts().get(w)
    if comp is not None and all("/" not in p for p in parts) and sorted(parts) == sorted(comp["parts"]):
        return True
    if "/" in w or any(p.split("/")[0] != w for p in parts):
        return False
    classes = [event_class(p) for p in parts]
    return None not in classes and sorted(classes) == sorted(_event_parts())  # type: ignore[type-var]


def _metric_words(whole: str, parts: list[str]) -> dict[str, list[str]] | None:
    """What a sentence must name for `parts` to be all of `whole` (None: nothing needed)."""
    comp = _metric_parts().get(whole)
    if comp is not None and all("/" not in p for p in parts):
        return None if comp.get("definitional") else comp.get("words") or {p: [p] for p in comp["parts"]}
    return {c: v["words"] for c, v in _event_parts().items()}


# ---- periods -------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2})(?:-(\d{2}))?)?")


def _bounds(p: str) -> tuple[dt.date, dt.date] | None:
    m = _PERIOD.fullmatch(p.strip())
    if not m:
        return None
    y, mid, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mid is None:
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if mid[0] == "Q":
            a, b = 3 * int(mid[1]) - 2, 3 * int(mid[1])
        elif mid[0] == "H":
            a, b = 6 * int(mid[1]) - 5, 6 * int(mid[1])
        else:
            a = b = int(mid)
            if d:
                day = dt.date(y, a, int(d))
                return day, day
        return dt.date(y, a, 1), dt.date(y, b, calendar.monthrange(y, b)[1])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def period_span(p: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a period string ('2024-Q2', '2016/2019-11-10'); None if unreadable."""
    if not p:
        return None
    parts = p.split("/")
    if len(parts) == 1:
        return _bounds(parts[0])
    if len(parts) == 2:
        a, b = _bounds(parts[0]), _bounds(parts[1])
        if a and b and a[0] <= b[1]:
            return a[0], b[1]
    return None


def period_subset(a: str, b: str) -> bool:
    sa, sb = period_span(a), period_span(b)
    return bool(sa and sb and sa != sb and sb[0] <= sa[0] and sa[1] <= sb[1])


def period_disjoint(a: str, b: str) -> bool:
    sa, sb = period_span(a), period_span(b)
    return bool(sa and sb and (sa[1] < sb[0] or sb[1] < sa[0]))


def period_covers(w: str, parts: list[str]) -> bool:
    sw = period_span(w)
    spans = sorted(period_span(p) for p in parts)  # type: ignore[type-var]
    if not sw or not spans or any(s is None for s in spans):
        return False
    if spans[0][0] != sw[0] or spans[-1][1] != sw[1]:
        return False
    return all(nxt[0] == cur[1] + dt.timedelta(days=1) for cur, nxt in itertools.pairwise(spans))


# ---- one dimension at a time ---------------------------------------------------------------


def differing_dim(a: Key, b: Key) -> str | None:
    """The single dimension in which two keys differ, or None (same key, or several differ)."""
    if a.tag or b.tag:
        return None
    diff = []
    if a.region != b.region or a.except_ != b.except_:
        diff.append("region")
    for d in ("actor", "metric", "period"):
        if getattr(a, d) != getattr(b, d):
            diff.append(d)
    return diff[0] if len(diff) == 1 else None


def key_subset(a: Key, b: Key, dim: str) -> bool:
    if dim == "region":
        return region_subset(a, b)
    if dim == "actor":
        return actor_subset(a.actor, b.actor)
    if dim == "metric":
        return metric_subset(a.metric, b.metric)
    return period_subset(a.period, b.period)


def key_disjoint(a: Key, b: Key, dim: str) -> bool:
    if dim == "region":
        return region_disjoint(a, b)
    if dim == "actor":
        return actor_disjoint(a.actor, b.actor)
    if dim == "metric":
        return metric_disjoint(a.metric, b.metric)
    return period_disjoint(a.period, b.period)


# --------------------------------------------------------------------------------------------
# The model of a record


@dataclass(frozen=True)
class Stated:
    """A bound on one key from one fact: a count, or the base/new value a change states."""

    fid: str
    interval: Interval
    role: str  # count | base_value | new_value


@dataclass(frozen=True)
class Term:
    """What one fact says, on which keys. kind: count | share | change | delta."""

    fid: str
    kind: str
    keys: tuple[Key, ...]  # count (k,), share (part, whole), change/delta (new, base)
    interval: Interval


@dataclass(frozen=True)
class Relation:
    """parts add up to whole (exact) or to at most whole; one part = part of whole."""

    whole: Key
    parts: tuple[Key, ...]
    exact: bool
    dim: str
    why: str = ""


@dataclass
class Model:
    record: Record
    text: str | None
    facts: dict[str, Fact]
    order: dict[str, int]
    terms: dict[str, Term] = field(default_factory=dict)
    stated: dict[Key, list[Stated]] = field(default_factory=dict)
    keys: set[Key] = field(default_factory=set)
    relations: list[Relation] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def stated_interval(self, key: Key, exclude: str | None = None) -> tuple[Interval, list[str]] | None:
        """Intersection of what the facts state for a key, and which facts; None if nothing."""
        st = [s for s in self.stated.get(key, []) if s.fid != exclude]
        if not st:
            return None
        iv = st[0].interval
        for s in st[1:]:
            iv = iv & s.interval
        return iv, sorted({s.fid for s in st}, key=self.order.__getitem__)


def sentence_bounds(text: str | None, f: Fact) -> tuple[int, int]:
    """The fact's sentence: its own offsets, else found around its span (gold records and
    hand-built ones often leave `sentence` out)."""
    text = text or ""
    if f.sentence and f.sentence[0] < f.sentence[1] <= len(text):
        return f.sentence[0], f.sentence[1]
    if not text or not f.span or f.span[1] <= f.span[0] or f.span[1] > len(text):
        return 0, 0
    return sentence_at(text, f.span[0], f.span[1])


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence around text[start:end] (a full stop, ?, ! or a line break ends one)."""
    starts = [m.end() for m in _SENT_END.finditer(text, 0, start)]
    a = starts[-1] if starts else 0
    m = _SENT_END.search(text, end)
    return a, (m.start() + 1 if m else len(text))


_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*")


def sentence_of(text: str | None, f: Fact) -> str:
    a, b = sentence_bounds(text, f)
    return (text or "")[a:b]


def _mentions(sentence: str, words: list[str]) -> bool:
    return any(re.search(r"(?<![\w])" + re.escape(w), sentence, re.I) for w in words)


def build_model(record: Record, text: str | None = None) -> Model:
    """Keys, fact terms and the structural relations of one record."""
    facts = {f.id: f for f in record.facts}
    m = Model(record, text, facts, {f.id: i for i, f in enumerate(record.facts)})
    for f in record.facts:
        why = _skip_reason(f)
        if why:
            m.skipped[f.id] = why
            continue
        iv = fact_interval(f)
        if f.kind == "count" and f.delta:
            base = fact_key(f, period=f.base_period)
            if not f.base_period or base == fact_key(f):
                m.skipped[f.id] = "a difference without a base period"
                continue
            m.terms[f.id] = Term(f.id, "delta", (fact_key(f), base), iv)
        elif f.kind == "count":
            k = fact_key(f)
            m.terms[f.id] = Term(f.id, "count", (k,), iv)
            m.stated.setdefault(k, []).append(Stated(f.id, iv, "count"))
        elif f.kind == "share":
            over = dict(f.of or {})
            if not set(over) <= {"metric", "actor", "region", "except", "period"}:
                m.skipped[f.id] = "a share of an unknown kind of whole"
                continue
            if "region" in over:
                over.setdefault("except", None)
            over = {("except_" if k == "except" else k): v for k, v in over.items()}
            whole = fact_key(f, **over)
            part = fact_key(f)
            if whole == part:
                m.skipped[f.id] = "a share whose whole is the part itself"
                continue
            m.terms[f.id] = Term(f.id, "share", (part, whole), iv)
        elif f.kind == "change":
            new = fact_key(f)
            over: dict[str, Any] = {}
            if f.base_period:
                over["period"] = f.base_period
            if f.base_actor:
                over["actor"] = f.base_actor
            base = fact_key(f, **over) if over else None
            if base is None or base == new:
                m.skipped[f.id] = "a change with no base period"
                continue
            m.terms[f.id] = Term(f.id, "change", (new, base), iv)
            for role, v, k in (("base_value", f.base_value, base), ("new_value", f.new_value, new)):
                if v is not None:
                    m.stated.setdefault(k, []).append(Stated(f.id, interval_of("count", float(v)), role))
        else:
            m.skipped[f.id] = f"unknown kind {f.kind!r}"
    _split_listed(m)
    for t in m.terms.values():
        m.keys.update(t.keys)
    m.relations = _relations(m)
    return m


def _split_listed(m: Model) -> None:
    """Two counts of one key in one sentence that disagree are listed side by side ('a peace
    committee member and 29 civilians'): each is a sub-group of the key, not the key itself."""
    groups: dict[tuple[Key, tuple[int, int]], list[str]] = {}
    for t in m.terms.values():
        if t.kind == "count" and not t.keys[0].tag:
            groups.setdefault((t.keys[0], sentence_bounds(m.text, m.facts[t.fid])), []).append(t.fid)
    for (k, bounds), fids in groups.items():
        if len(fids) < 2 or bounds == (0, 0):
            continue
        ivs = [m.terms[f].interval for f in fids]
        common = ivs[0]
        for iv in ivs[1:]:
            common = common & iv
        if not common.empty:
            continue
        m.stated[k] = [s for s in m.stated.get(k, []) if s.fid not in fids]
        if not m.stated[k]:
            del m.stated[k]
        for fid in fids:
            bare = "+" not in k.actor and k.actor in BASES
            sub = k.with_(actor=f"{k.actor}/~{fid}") if bare else k.with_(tag=fid)
            m.terms[fid] = replace(m.terms[fid], keys=(sub,))
            m.stated.setdefault(sub, []).append(Stated(fid, m.terms[fid].interval, "count"))


def _skip_reason(f: Fact) -> str | None:
    if f.projection:
        return "a projection, not a record"
    if f.per:
        return "a rate per " + f.per
    if f.kind == "share" and not f.of:
        return "a share with no stated whole"
    if f.value is None or (isinstance(f.value, float) and math.isnan(f.value)):
        return "no value"
    return None


# ---- evidence from the document about its own categories -----------------------------------


def _group(k: Key) -> tuple[str, str]:
    """Evidence about actors is kept per (metric, region): it holds across periods and fine types."""
    return k.metric.split("/")[0], k.region + "|" + ",".join(k.except_)


def _actor_evidence(m: Model) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(metric, region) groups whose 'all' total is shown (a) to be split exhaustively by actor,
    (b) to include militants. Shown by: shares of the total by actor covering every category,
    or counts by actor that cover every category and add up to the stated total (a and b); a
    share of militants in the total, or a count for civilians and security together, the rest
    being militants (b). Militant deaths are often reported apart from the toll of attacks, so
    without (b) a militant count is never compared with a total."""
    covered: dict[tuple[str, str], set[str]] = {}
    militants: set[tuple[str, str]] = set()
    exhaustive: set[tuple[str, str]] = set()
    for t in m.terms.values():
        f = m.facts[t.fid]
        part = t.keys[0]
        bases = _actor_bases(part.actor) or frozenset()
        if t.kind == "share" and (f.of or {}).get("actor") == "all" and set(f.of or {}) == {"actor"}:
            covered.setdefault(_group(part), set()).update(bases)
            if "militants" in bases:
                militants.add(_group(part))
        if t.kind == "count" and bases == {"civilians", "security"} and "/" not in part.actor:
            militants.add(_group(part))
    exhaustive |= {k for k, v in covered.items() if v >= set(BASES)}
    for w in m.stated:
        if w.tag or w.actor != "all" or _group(w) in exhaustive:
            continue
        bw = m.stated_interval(w)
        sibs = [k for k in m.stated if not k.tag and k != w and k.with_(actor="all") == w
                and "/" not in k.actor and _actor_bases(k.actor) is not None]
        for n in range(2, min(len(sibs), 4) + 1):
            for combo in itertools.combinations(sibs, n):
                if not actor_covers("all", [c.actor for c in combo]):
                    continue
                total = Interval(0.0, 0.0)
                for c in combo:
                    total = total + m.stated_interval(c)[0]  # type: ignore[index]
                if bw and total.overlaps(bw[0]):
                    exhaustive.add(_group(w))
    return exhaustive, militants | exhaustive


def _metric_evidence(m: Model, whole: Key, parts: list[Key]) -> bool:
    """A metric sum (incidents = attacks + operations; deaths = deaths in attacks + in
    operations) is exact when definitional, or when a sentence stating this metric for the
    same place and period names every part."""
    words = _metric_words(whole.metric, [p.metric for p in parts])
    if words is None:
        return True
    for k, entries in m.stated.items():
        if (k.metric.split("/")[0] != whole.metric or k.region != whole.region or k.except_ != whole.except_
                or k.period != whole.period or k.tag):
            continue
        for st in entries:
            sent = sentence_of(m.text, m.facts[st.fid])
            if sent and all(_mentions(sent, w) for w in words.values()):
                return True
    return False


def _relations(m: Model) -> list[Relation]:
    """Relations among keys; exact partitions found in a first pass are carried over to the
    keys beside them (a split of deaths into attacks and operations holds for each actor),
    which adds the cells they need, and a second pass relates everything."""
    evidence = _actor_evidence(m)
    first = _relations_among(m, sorted(k for k in m.keys if not k.tag), evidence)
    added: set[Key] = set()
    keys = sorted(k for k in m.keys if not k.tag)
    for r in first:
        if not r.exact:
            continue
        for k in keys:
            d2 = differing_dim(k, r.whole)
            if d2 is None or d2 == r.dim:
                continue
            for p in r.parts:
                q = _set_dim(p, d2, k)
                if q not in m.keys:
                    added.add(q)
        if len(added) > 200:
            break
    if not added:
        return first
    m.keys |= added
    return _relations_among(m, sorted(k for k in m.keys if not k.tag), evidence)


def _set_dim(p: Key, dim: str, src: Key) -> Key:
    if dim == "region":
        return p.with_(region=src.region, except_=src.except_)
    return p.with_(**{dim: getattr(src, dim)})


def _relations_among(m: Model, keys: list[Key],
                     evidence: tuple[set[tuple[str, str]], set[tuple[str, str]]]) -> list[Relation]:
    """Part, partition and disjoint-parts relations among keys that differ in one dimension."""
    exhaustive, with_militants = evidence

    def sub(a: Key, b: Key, dim: str) -> bool:
        if not key_subset(a, b, dim):
            return False
        if dim == "actor" and b.actor == "all" and "militants" in (_actor_bases(a.actor) or ()):
            return _group(b) in with_militants
        return True

    children: dict[tuple[Key, str], list[Key]] = {}
    for a in keys:
        for b in keys:
            dim = differing_dim(a, b)
            if dim and sub(a, b, dim):
                children.setdefault((b, dim), []).append(a)

    def stated_value(k: Key) -> float:
        iv = m.stated_interval(k)
        return iv[0].lo if iv and not iv[0].empty else -1.0

    out: list[Relation] = []
    for (whole, dim), kids in sorted(children.items()):
        # direct children only: a key inside another child relates through it
        direct = [a for a in kids if not any(a != c and key_subset(a, c, dim) for c in kids)]
        for a in direct:
            out.append(Relation(whole, (a,), False, dim, "part"))
        covers = _exact_covers(m, whole, dim, kids, exhaustive)
        for parts in covers:
            out.append(Relation(whole, parts, True, dim, "partition"))
        pool = sorted(direct, key=lambda k: (-stated_value(k), k))
        chosen: list[Key] = []
        for a in pool:
            if all(key_disjoint(a, c, dim) for c in chosen):
                chosen.append(a)
        if len(chosen) >= 2 and not any(set(chosen) <= set(c) for c in covers):
            out.append(Relation(whole, tuple(sorted(chosen)), False, dim, "disjoint parts"))
    return out


def _exact_covers(m: Model, whole: Key, dim: str, kids: list[Key],
                  exhaustive: set[tuple[str, str]], limit: int = 8) -> list[tuple[Key, ...]]:
    """Sets of disjoint children that make up the whole exactly (bounded search)."""
    if not _partition_policy().get(dim, False):
        return []
    if dim == "actor" and whole.actor == "all" and _group(whole) not in exhaustive:
        return []
    covers_fn = {
        "region": lambda parts: region_covers(whole, parts),
        "actor": lambda parts: actor_covers(whole.actor, [p.actor for p in parts]),
        "metric": lambda parts: metric_covers(whole.metric, [p.metric for p in parts])
        and _metric_evidence(m, whole, parts),
        "period": lambda parts: period_covers(whole.period, [p.period for p in parts]),
    }[dim]
    kids = sorted(kids)[:16]
    found: list[tuple[Key, ...]] = []
    budget = [4000]

    def go(i: int, chosen: list[Key]) -> None:
        if len(found) >= limit or budget[0] <= 0:
            return
        budget[0] -= 1
        if len(chosen) >= 2 and covers_fn(chosen):
            found.append(tuple(chosen))
        for j in range(i, len(kids)):
            k = kids[j]
            if all(key_disjoint(k, c, dim) for c in chosen):
                chosen.append(k)
                go(j + 1, chosen)
                chosen.pop()

    go(0, [])
    return found


@lru_cache(maxsize=1)
def _partition_policy() -> dict[str, bool]:
    return dict(load_json("checks/tolerance.json")["partitions"]["exact"])


# --------------------------------------------------------------------------------------------
# z3


@dataclass
class Outcome:
    status: str  # sat | unsat | unknown
    core: tuple[str, ...] = ()
    minimal: bool = True


class System:
    """All constraints of a model, facts tracked by literals, structure untracked."""

    def __init__(self, m: Model, fids: list[str] | None = None) -> None:
        self.m = m
        self.fids = [f for f in (fids if fids is not None else list(m.terms)) if f in m.terms]
        self.vars: dict[Key, z3.ArithRef] = {}
        self.primary: dict[str, z3.ArithRef] = {}
        self.rel: dict[str, list[z3.BoolRef]] = {}
        self.bound: dict[str, list[z3.BoolRef]] = {}
        self.lits: dict[str, z3.BoolRef] = {}
        self.solver = z3.SolverFor("QF_NRA")
        used: set[Key] = set()
        for fid in self.fids:
            self._encode(m.terms[fid])
            used.update(m.terms[fid].keys)
        for r in m.relations:
            if r.whole not in used and not any(p in used for p in r.parts):
                continue
            total = z3.Sum([self.var(p) for p in r.parts]) if len(r.parts) > 1 else self.var(r.parts[0])
            self.solver.add(total == self.var(r.whole) if r.exact else total <= self.var(r.whole))
        for v in self.vars.values():
            self.solver.add(v >= 0)
        for fid in self.fids:
            lit = z3.Bool(f"fact_{fid}")
            self.lits[fid] = lit
            self.solver.add(z3.Implies(lit, z3.And(*self.rel[fid], *self.bound[fid])))

    def var(self, k: Key) -> z3.ArithRef:
        if k not in self.vars:
            self.vars[k] = z3.Real(f"v{len(self.vars)}")
        return self.vars[k]

    @staticmethod
    def _in(x: z3.ArithRef, iv: Interval) -> list[z3.BoolRef]:
        out = []
        if not math.isinf(iv.lo):
            out.append(x >= z3.RealVal(_q(iv.lo)))
        if not math.isinf(iv.hi):
            out.append(x <= z3.RealVal(_q(iv.hi)))
        return out

    def _encode(self, t: Term, iv: Interval | None = None) -> None:
        f = self.m.facts[t.fid]
        iv = iv or t.interval
        rel: list[z3.BoolRef] = []
        bound: list[z3.BoolRef] = []
        if t.kind == "count":
            x = self.var(t.keys[0])
            bound = self._in(x, iv)
        elif t.kind == "share":
            x = z3.Real(f"s_{t.fid}")
            rel = [self.var(t.keys[0]) * 100 == x * self.var(t.keys[1])]
            bound = self._in(x, iv)
        elif t.kind == "change":
            x = z3.Real(f"c_{t.fid}")
            new, base = self.var(t.keys[0]), self.var(t.keys[1])
            rel = [new * 100 == base * (100 + x), base > 0]
            for v, k in ((f.base_value, t.keys[1]), (f.new_value, t.keys[0])):
                if v is not None:
                    rel.append(self.var(k) == z3.RealVal(_q(float(v))))
            bound = self._in(x, iv)
        else:  # delta
            x = z3.Real(f"d_{t.fid}")
            rel = [self.var(t.keys[0]) - self.var(t.keys[1]) == x]
            bound = self._in(x, iv)
        self.primary[t.fid] = x
        self.rel[t.fid] = rel
        self.bound[t.fid] = bound

    def check(self, fids: list[str], deadline: float, extra: list[z3.BoolRef] | None = None) -> str:
        ms = int((deadline - time.perf_counter()) * 1000)
        if ms <= 0:
            return "unknown"
        self.solver.set("timeout", ms)
        if extra:
            self.solver.push()
            self.solver.add(*extra)
        try:
            r = self.solver.check(*[self.lits[f] for f in fids])
        finally:
            if extra:
                self.solver.pop()
        return "sat" if r == z3.sat else "unsat" if r == z3.unsat else "unknown"

    def minimal_core(self, fids: list[str], deadline: float) -> Outcome:
        """Unsat core, then a deletion filter: drop each fact whose absence keeps it unsat. The
        filter runs on a system of the core's facts alone (much faster) when that is unsat too."""
        r = self.check(fids, deadline)
        if r != "unsat":
            return Outcome(r)
        core = self._core(fids)
        sub = System(self.m, core)
        target = sub if sub.check(core, deadline) == "unsat" else self
        minimal = True
        for fid in list(core):
            trial = [c for c in core if c != fid]
            r = target.check(trial, deadline)
            if r == "unsat":
                kept = set(target._core(trial))
                core = [c for c in trial if c in kept] or trial
            elif r == "unknown":
                minimal = False
        return Outcome("unsat", tuple(core), minimal)

    def _core(self, fids: list[str]) -> list[str]:
        by_lit = {str(v): k for k, v in self.lits.items()}
        found = {by_lit[str(c)] for c in self.solver.unsat_core()}
        return [f for f in fids if f in found] or list(fids)

    def implied_range(self, fid: str, others: list[str], deadline: float, steps: int = 24) -> Interval | None:
        """Range of a fact's quantity that the other facts allow (bisection on sat checks)."""
        x = self.primary[fid]
        self.solver.push()
        self.solver.add(*self.rel[fid])
        try:
            self.solver.set("timeout", max(1, int((deadline - time.perf_counter()) * 1000)))
            if self.solver.check(*[self.lits[f] for f in others]) != z3.sat:
                return None
            mid = _num(self.solver.model().eval(x, model_completion=True))
            lo = self._edge(x, others, mid, -1, deadline, steps)
            hi = self._edge(x, others, mid, +1, deadline, steps)
        finally:
            self.solver.pop()
        return Interval(lo, hi)

    def _edge(self, x: z3.ArithRef, others: list[str], mid: float, sign: int, deadline: float,
              steps: int) -> float:
        lits = [self.lits[f] for f in others]

        def feasible(t: float) -> bool:
            if time.perf_counter() >= deadline:
                return False
            self.solver.set("timeout", max(1, int((deadline - time.perf_counter()) * 1000)))
            c = x <= z3.RealVal(_q(t)) if sign < 0 else x >= z3.RealVal(_q(t))
            return self.solver.check(*lits, c) == z3.sat

        span = max(1.0, abs(mid))
        far = mid + sign * span
        n = 0
        while feasible(far) and n < 12:
            span *= 4
            far = mid + sign * span
            n += 1
        if n >= 12:
            return sign * math.inf
        good, bad = mid, far
        for _ in range(steps):
            t = (good + bad) / 2
            if feasible(t):
                good = t
            else:
                bad = t
            if abs(bad - good) <= 2e-3 * max(1.0, abs(good)):
                break
        return good


def _q(v: float) -> str:
    """Exact decimal for z3 (floats like 0.1 would become long binary fractions)."""
    return repr(round(float(v), 9))


def _num(v: z3.ExprRef) -> float:
    if z3.is_rational_value(v):
        return v.numerator_as_long() / v.denominator_as_long()
    if z3.is_algebraic_value(v):
        return float(v.approx(9).as_decimal(9).rstrip("?"))
    return float(str(v))


def components(m: Model) -> list[list[str]]:
    """Groups of facts that bear on each other through shared keys or relations."""
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: Any, b: Any) -> None:
        parent[find(a)] = find(b)

    for t in m.terms.values():
        for k in t.keys:
            union(("f", t.fid), ("k", k))
    for r in m.relations:
        for p in r.parts:
            union(("k", p), ("k", r.whole))
    groups: dict[Any, list[str]] = {}
    for fid in m.terms:
        groups.setdefault(find(("f", fid)), []).append(fid)
    return [sorted(g, key=m.order.__getitem__) for g in groups.values()]

