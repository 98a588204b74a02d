"""The quantity model of a record, and its joint solve with z3.

Every count a record speaks about, stated or only implied, is one *key* (metric, actor, region,
period). Facts constrain keys: a count bounds one, a share ties a part to its whole, a change
ties a period to its base period. The document's own categories relate keys to each other: a
province is part of its country, civilians are part of everyone, a month is part of its year.
Those relations are only assumed where they are sound (see `models/checks/README.md`,
"Partitions"): disjointness and coverage must be known, not guessed.

The simple rules in `checks.py` read this model with interval arithmetic; the `implied` rule
hands all of it to z3 at once (linear real arithmetic, exact for this model; facts tracked by
literals on one incremental solver; see the z3 section below for why it is fast).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

import z3

from .periods import bounds as period_bounds
from .record import Fact, Record
from .resources import load_json
from .tolerance import Interval, fact_interval, interval_of

BASES = ("civilians", "security", "militants")


# --------------------------------------------------------------------------------------------
# Keys and the algebra of each dimension


class Key(NamedTuple):
    """What one count is of. `tag` isolates keys that must not meet others (vague metrics).
    A named tuple: keys are hashed, compared and sorted at every turn (relations, stated
    figures, solver names), which a tuple does in C; they order field by field as before."""

    metric: str
    actor: str
    region: str
    except_: tuple[str, ...]
    period: str
    tag: str = ""

    def with_(self, **kw: Any) -> Key:
        return self._replace(**kw)


def _norm_plus(s: str | None) -> str:
    return "+".join(sorted(p.strip() for p in (s or "").split("+") if p.strip()))


_LEXICON_KEYS = {"_doc", "version", "share_words", "superlatives", "ratios", "directions", "metrics",
                 "metric_parts", "event_parts", "vague_metrics", "sources"}


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
    return _rx2(k.region, k.except_)


@lru_cache(maxsize=8192)
def _rx2(region: str, except_: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(p for p in region.split("+") if p), frozenset(except_)


def region_subset(a: Key, b: Key) -> bool:
    """Region of a strictly inside region of b."""
    return _region_subset(a.region, a.except_, b.region, b.except_)


@lru_cache(maxsize=65536)
def _region_subset(ar: str, ae_: tuple[str, ...], br: str, be_: tuple[str, ...]) -> bool:
    (ac, ae), (bc, be) = _rx2(ar, ae_), _rx2(br, be_)
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
    return _region_disjoint(a.region, a.except_, b.region, b.except_)


@lru_cache(maxsize=65536)
def _region_disjoint(ar: str, ae_: tuple[str, ...], br: str, be_: tuple[str, ...]) -> bool:
    (ac, ae), (bc, be) = _rx2(ar, ae_), _rx2(br, be_)
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
#
# The predicates of each dimension are cached: pure functions of their strings (and of the
# lexicon, read once per process), asked for every pair of keys of a record.


@lru_cache(maxsize=65536)
def _actor_bases(actor: str) -> frozenset[str] | None:
    comps = [c for c in actor.split("+") if c]
    if "all" in comps:
        return frozenset(BASES)
    bases = frozenset(c.split("/")[0] for c in comps)
    return bases if bases and bases <= set(BASES) else None


@lru_cache(maxsize=65536)
def actor_subset(a: str, b: str) -> bool:
    if a == b or _actor_bases(a) is None or _actor_bases(b) is None:
        return False
    if b == "all":
        return a != "all"
    bcomps = set(b.split("+"))
    return "all" not in a.split("+") and all(c in bcomps or c.split("/")[0] in bcomps for c in a.split("+"))


@lru_cache(maxsize=65536)
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


@lru_cache(maxsize=65536)
def event_class(metric: str) -> str | None:
    """'fatalities/operations' -> 'operations': the kind of event a fine type names."""
    _, _, fine = metric.partition("/")
    return next((c for c, v in _event_parts().items() if fine and fine in v["fine"]), None)


@lru_cache(maxsize=65536)
def metric_subset(a: str, b: str) -> bool:
    if a == b or is_vague_metric(a) or is_vague_metric(b):
        return False
    base = a.split("/")[0]
    if "/" not in b and base == b:
        return True
    comp = _metric_parts().get(b)
    return comp is not None and base in comp["parts"]


@lru_cache(maxsize=65536)
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

def _bounds(p: str) -> tuple[dt.date, dt.date] | None:
    b = period_bounds(p)
    return (dt.date(*b[0]), dt.date(*b[1])) if b else None


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


@lru_cache(maxsize=65536)
def period_subset(a: str, b: str) -> bool:
    sa, sb = period_span(a), period_span(b)
    return bool(sa and sb and sa != sb and sb[0] <= sa[0] and sa[1] <= sb[1])


@lru_cache(maxsize=65536)
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
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # solvers, components

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


_FEWER = re.compile(r"^[^.;:]{0,60}?\b(?:fewer|less|more)\b", re.I)


def _fewer(text: str | None, f: Fact) -> bool:
    """A difference stated as fewer ("147 fewer", "13 and 31 fewer deaths"): the text says which way."""
    if not text:
        return False
    window = re.sub(r"^(?:more|fewer|less)\s+than\s+", "", text[f.span[0]:f.span[1] + 40], flags=re.I)
    m = _FEWER.match(window)
    return bool(m) and m.group(0).lower().rstrip().endswith(("fewer", "less"))


def build_model(record: Record, text: str | None = None) -> Model:
    """Keys, fact terms and the structural relations of one record."""
    facts = {f.id: f for f in record.facts}
    m = Model(record, text, facts, {f.id: i for i, f in enumerate(record.facts)})
    # the counts a change may quote, by value and key, so that each quote keeps its own qualifier
    counts_by_value = {(g.value, fact_key(g)): g for g in reversed(record.facts)
                       if g.kind == "count" and not g.delta and not _skip_reason(g)}
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
            if _fewer(text, f):
                iv = Interval(-iv.hi, -iv.lo)  # "147 fewer victims than ...": new - base is -147
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
                    # the count the change quotes keeps its own qualifier ("more than 2,500")
                    quoted = counts_by_value.get((v, k))
                    iv_v = fact_interval(quoted) if quoted else interval_of("count", float(v))
                    m.stated.setdefault(k, []).append(Stated(f.id, iv_v, role))
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
        w_rest = (w.metric, w.region, w.except_, w.period)  # k with actor 'all' is w
        sibs = [k for k in m.stated if not k.tag and k != w and (k.metric, k.region, k.except_, k.period) == w_rest
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
        return Key(p.metric, p.actor, src.region, src.except_, p.period, p.tag)
    if dim == "actor":
        return Key(p.metric, src.actor, p.region, p.except_, p.period, p.tag)
    if dim == "metric":
        return Key(src.metric, p.actor, p.region, p.except_, p.period, p.tag)
    return Key(p.metric, p.actor, p.region, p.except_, src.period, p.tag)


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

    # keys that differ in one dimension only: equal in the other three (grouped, not all pairs)
    children: dict[tuple[Key, str], list[Key]] = {}
    for dim, rest in _OTHER_DIMS.items():
        groups: dict[tuple[Any, ...], list[Key]] = {}
        for k in keys:
            if not k.tag:
                groups.setdefault(rest(k), []).append(k)
        for group in groups.values():
            if len(group) < 2:
                continue
            for b in group:
                for a in group:
                    if a != b and sub(a, b, dim):
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


_OTHER_DIMS = {
    "region": lambda k: (k.actor, k.metric, k.period),
    "actor": lambda k: (k.region, k.except_, k.metric, k.period),
    "metric": lambda k: (k.region, k.except_, k.actor, k.period),
    "period": lambda k: (k.region, k.except_, k.actor, k.metric),
}


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
    apart: dict[tuple[int, int], bool] = {}  # pairs asked once: the search asks each many times

    def disjoint(i: int, j: int) -> bool:
        if (i, j) not in apart:
            apart[(i, j)] = key_disjoint(kids[i], kids[j], dim)
        return apart[(i, j)]

    found: list[tuple[Key, ...]] = []
    budget = [4000]

    def go(i: int, chosen: list[int]) -> None:
        if len(found) >= limit or budget[0] <= 0:
            return
        budget[0] -= 1
        if len(chosen) >= 2 and covers_fn([kids[c] for c in chosen]):
            found.append(tuple(kids[c] for c in chosen))
        for j in range(i, len(kids)):
            if all(disjoint(j, c) for c in chosen):
                chosen.append(j)
                go(j + 1, chosen)
                chosen.pop()

    go(0, [])
    return found


@lru_cache(maxsize=1)
def _partition_policy() -> dict[str, bool]:
    return dict(load_json("checks/tolerance.json")["partitions"]["exact"])


# --------------------------------------------------------------------------------------------
# z3
#
# The encoding is linear, and exact. What a fact says about its keys:
#
#   count   k in [lo, hi]
#   share   part*100 = s*whole, s in [lo, hi]: with whole >= 0 this is exactly
#           lo*whole <= 100*part <= hi*whole, and part = 0 when whole = 0 (which the upper side
#           already says when hi is finite)
#   change  new*100 = base*(100 + c), base > 0, c in [lo, hi]: exactly
#           base*(100 + lo) <= 100*new <= base*(100 + hi), base > 0 (and its stated values)
#   delta   new - base in [lo, hi]
#
# A nonlinear model would give each share and change its own variable s or c. Each such
# variable occurs in its own fact and nowhere else, so eliminating it (the lines above) loses
# nothing: the linear system has the same solutions on every key, hence the same sat/unsat
# answers, and z3 decides it with the simplex (QF_LRA) in a tenth of a millisecond where nlsat
# took about 8 ms. Were a share or change variable ever shared by several constraints, the
# elimination would only be a relaxation (sound for reporting a conflict, not for passing one);
# the model never shares them, so no nonlinear fallback is needed. The quantity of a share or
# change (the ratio 100*part/whole, 100*new/base - 100) is still what `implied_range` reports.
#
# Constraints are written as SMT-LIB text once per model and parsed by z3 in one call: building
# them through z3's Python API cost more than solving them.


@dataclass
class Outcome:
    status: str  # sat | unsat | unknown
    core: tuple[str, ...] = ()
    minimal: bool = True


def _dec(v: float) -> str:
    """A finite float as an exact SMT-LIB decimal, rounded to 9 places ('0.1', not a binary
    fraction; '(- 12.5)' for a negative)."""
    r = round(float(v), 9)
    s = f"{abs(r):.9f}".rstrip("0")
    s = s + "0" if s.endswith(".") else s
    return f"(- {s})" if r < 0 else s


def _conj(atoms: list[str]) -> str:
    return "true" if not atoms else atoms[0] if len(atoms) == 1 else f"(and {' '.join(atoms)})"


class _Encoding:
    """SMT-LIB text of a model's facts and relations, made once per model: a name per key (`k3`)
    and per fact literal (`t3`), each fact as `(=> t3 ...)`, each relation as its sum."""

    def __init__(self, m: Model) -> None:
        self.m = m
        self.names: dict[Key, str] = {}
        self.lit_names = {fid: f"t{i}" for i, fid in enumerate(m.terms)}
        self.facts = {fid: f"(assert (=> {self.lit_names[fid]} {self.holds(fid)}))" for fid in m.terms}
        self.fact_keys = {k for t in m.terms.values() for k in t.keys}
        self.systems: dict[tuple[int, ...], _Solver] = {}

    def relations(self, rels: tuple[int, ...], protected: set[Key]) -> list[str]:
        """The relations `rels` as assertions, presolved (`_presolve`) around the keys `protected`."""
        out = []
        for parts, whole, exact in _presolve([self.m.relations[i] for i in rels], protected):
            total = f"(+ {' '.join(self.name(p) for p in parts)})" if len(parts) > 1 else self.name(parts[0])
            out.append(f"(assert ({'=' if exact else '<='} {total} {self.name(whole)}))")
        return out

    def name(self, k: Key) -> str:
        if k not in self.names:
            self.names[k] = f"k{len(self.names)}"
        return self.names[k]

    def figure(self, t: Term, iv: Interval) -> str:
        """The fact's figure in the interval iv, on its keys."""
        if iv.lo > iv.hi:
            return "false"
        v = [self.name(k) for k in t.keys]
        lo, hi = (None if math.isinf(iv.lo) else iv.lo), (None if math.isinf(iv.hi) else iv.hi)
        atoms = []
        if t.kind in ("count", "delta"):
            x = v[0] if t.kind == "count" else f"(- {v[0]} {v[1]})"
            if lo is not None and lo == hi:
                return f"(= {x} {_dec(lo)})"
            if lo is not None:
                atoms.append(f"(>= {x} {_dec(lo)})")
            if hi is not None:
                atoms.append(f"(<= {x} {_dec(hi)})")
        elif t.kind == "share":
            p, w = v
            if lo is not None:
                atoms.append(f"(<= (* {_dec(lo)} {w}) (* 100.0 {p}))")
            if hi is not None:
                atoms.append(f"(<= (* 100.0 {p}) (* {_dec(hi)} {w}))")
        else:  # change
            n, b = v
            if lo is not None:
                atoms.append(f"(<= (* {_dec(100 + lo)} {b}) (* 100.0 {n}))")
            if hi is not None:
                atoms.append(f"(<= (* 100.0 {n}) (* {_dec(100 + hi)} {b}))")
        return _conj(atoms)

    def setting(self, fid: str, unpin: Key | None = None) -> list[str]:
        """What a fact says apart from its figure: a share's part is 0 when its whole is, a
        change's base is above 0, and the base and new values it states (but not the value of
        `unpin`, a count being edited that the change quotes)."""
        t = self.m.terms[fid]
        f = self.m.facts[fid]
        if t.kind == "share":
            p, w = (self.name(k) for k in t.keys)
            return [f"(or (> {w} 0.0) (= {p} 0.0))"]
        if t.kind != "change":
            return []
        out = [f"(> {self.name(t.keys[1])} 0.0)"]
        for v, k in ((f.base_value, t.keys[1]), (f.new_value, t.keys[0])):
            if v is not None and k != unpin:
                out.append(f"(= {self.name(k)} {_dec(float(v))})")
        return out

    def holds(self, fid: str, ivs: list[Interval] | None = None, unpin: Key | None = None) -> str:
        """The fact, with its figure in one of `ivs` (default: its own interval)."""
        t = self.m.terms[fid]
        figs = [self.figure(t, iv) for iv in (ivs if ivs is not None else [t.interval])]
        fig = figs[0] if len(figs) == 1 else f"(or {' '.join(figs)})"
        return _conj([*self.setting(fid, unpin), fig] if fig != "true" else self.setting(fid, unpin))

    def quantity_le(self, fid: str, v: float, sign: int) -> str:
        """The fact's quantity (count, share, change or difference) at most v (sign -1) or at
        least v (sign +1), on its keys: 'share <= v' is 100*part <= v*whole."""
        t = self.m.terms[fid]
        k = [self.name(x) for x in t.keys]
        op = "<=" if sign < 0 else ">="
        if t.kind == "count":
            return f"({op} {k[0]} {_dec(v)})"
        if t.kind == "delta":
            return f"({op} (- {k[0]} {k[1]}) {_dec(v)})"
        if t.kind == "share":
            return f"({op} (* 100.0 {k[0]}) (* {_dec(v)} {k[1]}))"
        return f"({op} (* 100.0 {k[0]}) (* {_dec(100 + v)} {k[1]}))"

    def solver(self, rels: tuple[int, ...]) -> _Solver:
        if rels not in self.systems:
            self.systems[rels] = _Solver(self, rels)
        return self.systems[rels]


def _presolve(relations: list[Relation], protected: set[Key]) -> list[tuple[tuple[Key, ...], Key, bool]]:
    """The relations without what changes no answer about the keys `protected` (those some
    constraint other than a relation names). Keys are at least 0, so:

    - a single part within a whole is implied by a sum of parts containing it: dropped;
    - a key found in one relation only, and not protected, is free: as the whole of a sum it
      can always be made large enough (the relation goes), as a part it can be 0 (it leaves
      the sum, and an exact sum becomes 'at most': others + free part = whole says no more);
    - repeated until nothing changes; identical relations are kept once.

    Each step keeps the set of solutions on the protected keys exactly, so every answer, core
    and range is the one of the full system; the solver carries half as many rows (on the dev
    corpus, 853 relations become 407)."""
    multi: dict[Key, set[Key]] = {}
    for r in relations:
        if len(r.parts) > 1:
            multi.setdefault(r.whole, set()).update(r.parts)
    rels: list[list[Any]] = []
    seen: set[tuple[tuple[Key, ...], Key, bool]] = set()
    for r in relations:
        sig = (r.parts, r.whole, r.exact)
        if (len(r.parts) == 1 and r.parts[0] in multi.get(r.whole, ())) or sig in seen:
            continue
        seen.add(sig)
        rels.append([list(r.parts), r.whole, r.exact])
    occ: dict[Key, int] = {}
    for parts, whole, _ in rels:
        for k in (*parts, whole):
            occ[k] = occ.get(k, 0) + 1
    alive = [True] * len(rels)
    changed = True
    while changed:
        changed = False
        for i, rel in enumerate(rels):
            if not alive[i]:
                continue
            parts, whole, exact = rel
            if whole not in protected and occ[whole] == 1:
                alive[i] = False
                for k in (*parts, whole):
                    occ[k] -= 1
                changed = True
                continue
            keep = [p for p in parts if p in protected or occ[p] > 1]
            if len(keep) < len(parts):
                for p in parts:
                    if p not in keep:
                        occ[p] -= 1
                changed = True
                if not keep:
                    alive[i] = False
                    occ[whole] -= 1
                    continue
                rel[0], rel[2] = keep, False
    return [(tuple(r[0]), r[1], r[2]) for i, r in enumerate(rels) if alive[i]]


def _encoding(m: Model) -> _Encoding:
    enc = m.cache.get("smt")
    if enc is None:
        enc = m.cache["smt"] = _Encoding(m)
    return enc


_KEY_NAME = re.compile(r"\bk\d+\b")


def _bool(name: str) -> z3.BoolRef:
    """z3.Bool(name) without the wrapper's checks (a third of the time; hundreds per record)."""
    ctx = z3.main_ctx()
    return z3.BoolRef(z3.Z3_mk_const(ctx.ref(), z3.to_symbol(name, ctx), z3.Z3_mk_bool_sort(ctx.ref())), ctx)


class _Watchdog:
    """One thread for the process that interrupts a z3 call still running at its deadline.

    z3's own `timeout` parameter starts a timer thread for every call: about 0.2 ms, as much as
    a typical check itself, paid a hundred times over by a record with a conflict to shrink and
    repair. Here a call costs a lock and a notify. A call is registered before it starts and
    interrupted again every few milliseconds until it returns, so one that starts just after
    its deadline passed is stopped too. `Solver.interrupt` acts on the running call only."""

    def __init__(self) -> None:
        self.cv = threading.Condition()
        self.running: dict[int, tuple[float, z3.Solver]] = {}
        self.count = 0
        self.wake_at = math.inf
        self.thread: threading.Thread | None = None

    def start(self, solver: z3.Solver, deadline: float) -> int:
        with self.cv:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="tally-z3-watchdog", daemon=True)
                self.thread.start()
            self.count += 1
            self.running[self.count] = (deadline, solver)
            if deadline < self.wake_at:  # else the thread sleeps on, no switch to it
                self.cv.notify()
            return self.count

    def done(self, token: int) -> None:
        with self.cv:
            self.running.pop(token, None)

    def _run(self) -> None:
        with self.cv:
            while True:
                now = time.perf_counter()
                late = [sv for d, sv in self.running.values() if d <= now]
                for sv in late:
                    sv.interrupt()
                # sleep to the earliest deadline of the calls running now; a call registered
                # later with a later deadline is seen on waking (calls end before they are due)
                nxt = min((d for d, _ in self.running.values()), default=math.inf)
                self.wake_at = now + 0.005 if late else nxt
                self.cv.wait(timeout=None if math.isinf(self.wake_at) else max(self.wake_at - now, 0.001))


_WATCHDOG = _Watchdog()


def _warm_up() -> None:
    """z3 builds its context on first use (about 8 ms): done once when the module loads, so
    that no document pays for it."""
    s = z3.SolverFor("QF_LRA")
    s.from_string("(declare-const x Real)(assert (>= x 1.0))")
    s.check()


_warm_up()


class _Solver:
    """One z3 solver: a set of relations, and the facts of the model, each under its literal
    (added the first time a check names it: facts of lone figures never reach the solver).
    Further formulas are added under literals of their own (`guard`, `one_of`) and switched on
    by assumption, so a search asks many questions of one solver without rebuilding anything.
    Answers are cached per question: the searches ask the same one often."""

    def __init__(self, enc: _Encoding, rels: tuple[int, ...]) -> None:
        self.enc = enc
        self.rels = rels
        body = enc.relations(rels, enc.fact_keys)
        names = sorted(set(_KEY_NAME.findall(" ".join(body))), key=lambda s: int(s[1:]))
        self.declared = set(names)
        self.solver = z3.SolverFor("QF_LRA")
        self.ctx_ref = self.solver.ctx.ref()
        self.solver.from_string("\n".join([*(f"(declare-const {n} Real)(assert (>= {n} 0.0))" for n in names),
                                           *body]))
        self.lits: dict[str, z3.BoolRef] = {}
        self.guards: dict[str, str] = {}
        self.glits: dict[str, z3.BoolRef | None] = {}  # literal names, made into z3 terms when assumed
        self.choices: dict[tuple[str, ...], list[str]] = {}
        self.results: dict[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], str] = {}
        self.cores: list[frozenset[str]] = []  # sets of facts found unsolvable (z3's cores)
        self.sats: list[frozenset[str]] = []  # sets of facts found solvable
        self.last_model: z3.ModelRef | None = None

    def _facts(self, fids: list[str]) -> list[z3.BoolRef]:
        """The literals of `fids`, adding the facts the solver does not have yet."""
        new = [f for f in dict.fromkeys(fids) if f not in self.lits]
        if new:
            names = [self.enc.lit_names[f] for f in new]
            self._add([], [f"(declare-const {n} Bool)" for n in names] + [self.enc.facts[f] for f in new])
            for f, n in zip(new, names, strict=True):
                self.lits[f] = _bool(n)
        return [self.lits[f] for f in fids]

    def _core(self) -> frozenset[str]:
        """The facts of z3's unsat core of the last check (read through the C API: the Python
        wrapper builds an object per literal)."""
        ctx = self.ctx_ref
        vec = z3.Z3_solver_get_unsat_core(ctx, self.solver.solver)
        z3.Z3_ast_vector_inc_ref(ctx, vec)
        try:
            ids = {z3.Z3_get_ast_id(ctx, z3.Z3_ast_vector_get(ctx, vec, i))
                   for i in range(z3.Z3_ast_vector_size(ctx, vec))}
        finally:
            z3.Z3_ast_vector_dec_ref(ctx, vec)
        return frozenset(f for f, lit in self.lits.items() if lit.get_id() in ids)

    def _add(self, decls: list[str], asserts: list[str], keys_of: tuple[str, ...] = ()) -> None:
        """Declare the boolean literals `decls` and any key of `asserts` (or `keys_of`) not yet
        declared (each at least 0), then assert."""
        keys = sorted(set(_KEY_NAME.findall(" ".join([*asserts, *keys_of]))) - self.declared)
        self.declared.update(keys)
        self.solver.from_string("".join([*(f"(declare-const {k} Real)(assert (>= {k} 0.0))" for k in keys),
                                         *(f"(declare-const {d} Bool)" for d in decls), *asserts]))
        for d in decls:
            self.glits[d] = None

    def _glit(self, name: str) -> z3.BoolRef:
        lit = self.glits[name]
        if lit is None:
            lit = self.glits[name] = _bool(name)
        return lit

    def guard(self, formula: str) -> str:
        """A literal that switches `formula` on when assumed."""
        if formula not in self.guards:
            name = f"g{len(self.glits)}"
            self._add([name], [f"(assert (=> {name} {formula}))"])
            self.guards[formula] = name
        return self.guards[formula]

    def one_of(self, formulas: list[str]) -> list[str]:
        """Literals u1..un: assuming uk says that one of the first k formulas holds (a chain,
        uk => fk or u(k-1), so every prefix costs one literal, not one disjunction)."""
        key = tuple(formulas)
        if key not in self.choices:
            base = len(self.glits)
            u = [f"g{base + i}" for i in range(len(formulas))]
            asserts = [f"(assert (=> {u[0]} {formulas[0]}))"] if formulas else []
            asserts += [f"(assert (=> {u[i]} (or {formulas[i]} {u[i - 1]})))" for i in range(1, len(formulas))]
            self._add(u, asserts)
            self.choices[key] = u
        return self.choices[key]

    def check(self, fids: list[str], deadline: float, extra: tuple[str, ...] = (), model: bool = False,
              assume: tuple[str, ...] = ()) -> str:
        """`extra`: formulas added for this question only; `assume`: literals of `guard` and
        `one_of`; `model`: ask z3 even when the answer is known, to keep its model in
        `last_model`."""
        key = (frozenset(fids), extra, assume)
        if key in self.results and not model:
            return self.results[key]
        plain = not extra and not assume
        if plain and not model:
            # facts only: a set holding an unsolvable one is unsolvable, a part of a
            # solvable one is solvable (the searches of rule_implied ask little else)
            if any(c <= key[0] for c in self.cores):
                return "unsat"
            if any(key[0] <= s for s in self.sats):
                return "sat"
        if deadline - time.perf_counter() < 1e-3:
            return "unknown"
        # facts and declarations are added for good, before a push (a pop would take them)
        lits = [*self._facts(fids), *(self._glit(a) for a in assume)]
        if extra:
            if set(_KEY_NAME.findall(" ".join(extra))) - self.declared:
                self._add([], [], keys_of=extra)
            self.solver.push()
            self.solver.from_string("".join(f"(assert {e})" for e in extra))
        # z3's Solver.check re-checks the sort of every assumption in Python (more than the
        # check of a small system takes): the literals are Booleans by construction
        arr = (z3.Ast * len(lits))(*(x.as_ast() for x in lits))
        token = _WATCHDOG.start(self.solver, deadline)
        try:
            r = z3.Z3_solver_check_assumptions(self.ctx_ref, self.solver.solver, len(lits), arr)
            out = "sat" if r == z3.Z3_L_TRUE else "unsat" if r == z3.Z3_L_FALSE else "unknown"
            model = self.solver.model() if model and out == "sat" else None
            if plain and out == "unsat":
                self.cores.append(self._core())
            elif plain and out == "sat":
                self.sats.append(key[0])
        finally:
            _WATCHDOG.done(token)
            if extra:
                self.solver.pop()
        if out != "unknown":
            self.results[key] = out
        self.last_model = model
        return out


def _relation_scope(m: Model, fids: list[str]) -> tuple[int, ...]:
    """The relations of a system over `fids`: those that touch the keys of `fids`. Components
    (`components`) share no key and no relation, and relations alone always hold (every key
    0), so the relations of components that `fids` does not reach change no answer about
    `fids`: those of the groups of two facts or more are added too, which makes every union
    of whole groups one scope, and one solver serves them all (`joint`)."""
    comps = components(m)
    comp_of = m.cache.get("comp_of")
    if comp_of is None:
        comp_of = m.cache["comp_of"] = {f: i for i, c in enumerate(comps) for f in c}
    reached = {comp_of[f] for f in fids}
    keys = {k for f in fids for k in m.terms[f].keys}
    keys |= {k for i, c in enumerate(comps) if i not in reached and len(c) >= 2 for f in c for k in m.terms[f].keys}
    return tuple(i for i, r in enumerate(m.relations) if r.whole in keys or any(p in keys for p in r.parts))


@dataclass(frozen=True)
class Choice:
    """Literals saying that a fact holds with one of several figures (`System.choice`)."""

    setting: str
    prefixes: list[str]

    def upto(self, k: int) -> tuple[str, ...]:
        return (self.setting, self.prefixes[k - 1])


class System:
    """The constraints of a model, as a system over the facts `fids`: every fact tracked by a
    literal, and the relations that touch the keys of `fids` (untracked background; see
    `_relation_scope`). Systems with the same relations share one z3 solver, cached on the
    model, so making one is cheap; `check` takes any subset of the model's facts."""

    def __init__(self, m: Model, fids: list[str] | None = None) -> None:
        self.m = m
        self.fids = [f for f in (fids if fids is not None else list(m.terms)) if f in m.terms]
        self.enc = _encoding(m)
        self._s = self.enc.solver(_relation_scope(m, self.fids))

    def holds(self, fid: str, ivs: list[Interval] | None = None, unpin: Key | None = None) -> str:
        """SMT-LIB text of fact `fid` with its figure in one of `ivs` (for `check(extra=...)`)."""
        return self.enc.holds(fid, ivs, unpin)

    def check(self, fids: list[str], deadline: float, extra: list[str] | None = None,
              assume: tuple[str, ...] = ()) -> str:
        """sat | unsat | unknown for the facts `fids` (and the SMT-LIB formulas `extra`, and
        the literals `assume` of `choice`), with the time left before `deadline`; 'unknown' at
        once when none is left."""
        return self._s.check(fids, deadline, tuple(extra or ()), assume=assume)

    def choice(self, fid: str, ivs: list[Interval], also: list[str] = ()) -> Choice:
        """'Fact `fid` has its figure in one of `ivs`' (with the formulas `also`), as literals
        to assume: `upto(k)` for one of the first k intervals."""
        t = self.m.terms[fid]
        setting = self._s.guard(_conj([*self.enc.setting(fid), *also]))
        return Choice(setting, self._s.one_of([self.enc.figure(t, iv) for iv in ivs]))

    def _drop_order(self, fid: str) -> tuple[bool, int]:
        t = self.m.terms[fid]
        return (True, -self.m.order[fid]) if t.kind == "count" else (False, self.m.order[fid])

    def minimal_core(self, fids: list[str], deadline: float) -> Outcome:
        """A minimal set of facts that cannot all hold, by a deletion filter over `fids`: drop
        each fact whose absence keeps the rest unsolvable.

        Facts are tried in a fixed order, so the set reported depends on the figures alone,
        not on the solver's internals (its unsat cores change with the encoding and the
        version): first shares, changes and differences, earliest first, then counts, latest
        first. Counts are kept over the figures derived from them, and of a count stated
        twice its first statement; of shares or changes that say the same thing, the later
        ones, which in reports break a figure down (by group, place or kind), are kept (of the
        seed report's three shares by actor, the civilians' and security forces', which with
        the total imply the militants'). Every trial is one check of linear arithmetic on one
        solver (about 0.1 ms), and most need none: a set holding an unsolvable one found
        before is unsolvable (`_Solver.check`)."""
        r = self.check(fids, deadline)
        if r != "unsat":
            return Outcome(r)
        core = list(fids)
        minimal = True
        for fid in sorted(fids, key=self._drop_order):
            trial = [c for c in core if c != fid]
            r = self.check(trial, deadline)
            if r == "unsat":
                core = trial
            elif r == "unknown":
                minimal = False
        return Outcome("unsat", tuple(core), minimal)

    def implied_range(self, fid: str, others: list[str], deadline: float, steps: int = 24) -> Interval | None:
        """Range of a fact's quantity that the other facts allow; None if they cannot hold even
        without it. A count or a difference is linear in the keys: its range is solved exactly
        (z3's optimizer, both ends at once). A share or change is a ratio of two keys: its ends
        are found by bisection on linear checks ('share <= v' is 100*part <= v*whole)."""
        setting = tuple(self.enc.setting(fid))
        t = self.m.terms[fid]
        linear = t.kind in ("count", "delta")
        if self._s.check(others, deadline, setting) != "sat":
            return None
        if linear:
            exact = self._optimize(fid, others, deadline)
            if exact is not None:
                return exact
        if self._s.check(others, deadline, setting, model=True) != "sat":  # a start for bisection
            return None
        mid = self._model_quantity(t)
        lo = self._edge(fid, others, mid, -1, deadline, steps)
        hi = self._edge(fid, others, mid, +1, deadline, steps)
        return Interval(lo, hi)

    def _model_quantity(self, t: Term) -> float:
        """The fact's quantity in the model of the last satisfiable check (0 for an undefined ratio)."""
        model = self._s.last_model
        val = [_num(model.eval(z3.Real(self.enc.name(k)), model_completion=True)) for k in t.keys]
        if t.kind == "count":
            return val[0]
        if t.kind == "delta":
            return val[0] - val[1]
        if val[1] <= 0:
            return 0.0
        return 100 * val[0] / val[1] - (100.0 if t.kind == "change" else 0.0)

    def _optimize(self, fid: str, others: list[str], deadline: float) -> Interval | None:
        ms = int((deadline - time.perf_counter()) * 1000)
        if ms <= 0:
            return None
        t = self.m.terms[fid]
        k = [self.enc.name(x) for x in t.keys]
        expr = k[0] if t.kind == "count" else f"(- {k[0]} {k[1]})"
        # a plain LP: the facts of `others` unguarded, and the relations presolved around
        # their keys (those of facts left out are free here)
        protected = {x for f in [*others, fid] for x in self.m.terms[f].keys}
        body = [*(f"(assert {self.enc.holds(f)})" for f in others), *self.enc.relations(self._s.rels, protected),
                *(f"(assert {c})" for c in self.enc.setting(fid)), f"(assert (= quantity {expr}))"]
        names = sorted(set(_KEY_NAME.findall(" ".join(body))), key=lambda n: int(n[1:]))
        opt = z3.Optimize()
        opt.set("timeout", ms)
        opt.set(priority="box")
        opt.from_string("\n".join([*(f"(declare-const {n} Real)(assert (>= {n} 0.0))" for n in names),
                                   "(declare-const quantity Real)", *body]))
        q = z3.Real("quantity")
        lo_h, hi_h = opt.minimize(q), opt.maximize(q)
        if opt.check() != z3.sat:
            return None

        def end(vals: z3.AstVector, sign: int) -> float:
            inf, val = _num(vals[0]), _num(vals[1])
            return sign * math.inf if inf != 0 else val

        return Interval(end(lo_h.lower_values(), -1), end(hi_h.upper_values(), +1))

    def _edge(self, fid: str, others: list[str], mid: float, sign: int, deadline: float, steps: int) -> float:
        setting = tuple(self.enc.setting(fid))

        def feasible(t: float) -> bool:
            return self._s.check(others, deadline, (*setting, self.enc.quantity_le(fid, t, sign))) == "sat"

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


def _num(v: z3.ExprRef) -> float:
    if z3.is_rational_value(v):
        return v.numerator_as_long() / v.denominator_as_long()
    if z3.is_algebraic_value(v):
        return float(v.approx(9).as_decimal(9).rstrip("?"))
    return float(str(v))


def joint(m: Model) -> System:
    """The system of every group of two facts or more (`components`), on one solver: the
    joint solve, its searches and the ranges it states all ask this one."""
    return System(m, [f for c in components(m) if len(c) >= 2 for f in c])


def components(m: Model) -> list[list[str]]:
    """Groups of facts that bear on each other through shared keys or relations (computed once
    per model; do not change the lists)."""
    if "components" not in m.cache:
        m.cache["components"] = _components(m)
    return m.cache["components"]


def _components(m: Model) -> list[list[str]]:
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

