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
from .tolerance import Interval, fact_interval, interval_of, point

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


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    return load_json("checks/wording.json")


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
    tag = f.id if is_vague_metric(fields["metric"]) else ""
    return Key(tag=tag, **fields)


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
    """Known disjoint: ISO codes form a tree; a place is only known apart from what its
    parent is apart from (two places in one province may nest: FATA and North Waziristan)."""
    if _within(a, b) or _within(b, a):
        return False
    ia, ib = _iso_anchor(a), _iso_anchor(b)
    if ia is None or ib is None:
        return False
    if (ia != a or ib != b) and (_within(ia, ib) or _within(ib, ia)):
        return False
    return not (_within(ia, ib) or _within(ib, ia))


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
            if not (_codes_disjoint(x, y) or any(_within(y, z) for z in ae) or any(_within(x, z) for z in be)):
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
        return False
    return any(ba in c["parts"] and bb in c["parts"] for c in _metric_parts().values())


def metric_covers(w: str, parts: list[str]) -> bool:
    comp = _metric_parts().get(w)
    return comp is not None and all("/" not in p for p in parts) and sorted(parts) == sorted(comp["parts"])


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

DIMS = ("region", "actor", "metric", "period")


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


def _sentence(text: str | None, f: Fact) -> str:
    if not text or not f.sentence or f.sentence[1] <= f.sentence[0]:
        return ""
    return text[f.sentence[0]:f.sentence[1]]


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
    for t in m.terms.values():
        m.keys.update(t.keys)
    m.relations = _relations(m)
    return m


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


def _actor_evidence(m: Model) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(metric, region) pairs whose 'all' total is shown to (a) be split exhaustively by actor,
    (b) include militants. Shares of the total by actor covering every category show (a) and
    (b); a share of militants of the total, or a count for civilians and security together
    (the rest being militants), show (b). Militant deaths are often reported apart from the
    toll of attacks, so without this a militant count is never compared with a total."""
    covered: dict[tuple[str, str], set[str]] = {}
    militants: set[tuple[str, str]] = set()
    for t in m.terms.values():
        f = m.facts[t.fid]
        part = t.keys[0]
        mk = (part.metric.split("/")[0], part.region + "|" + ",".join(part.except_))
        bases = _actor_bases(part.actor) or frozenset()
        if t.kind == "share" and (f.of or {}).get("actor") == "all" and set(f.of or {}) == {"actor"}:
            covered.setdefault(mk, set()).update(bases)
            if "militants" in bases:
                militants.add(mk)
        if t.kind == "count" and bases == {"civilians", "security"} and "/" not in part.actor:
            militants.add(mk)
    exhaustive = {k for k, v in covered.items() if v >= set(BASES)}
    return exhaustive, militants | exhaustive


def _metric_evidence(m: Model, whole: Key) -> bool:
    """A metric sum (incidents = attacks + operations) is exact when definitional, or when a
    sentence stating the whole names every part."""
    comp = _metric_parts().get(whole.metric)
    if comp is None:
        return False
    if comp.get("definitional"):
        return True
    words = comp.get("words") or {p: [p] for p in comp["parts"]}
    for s in m.stated.get(whole, []):
        sent = _sentence(m.text, m.facts[s.fid])
        if sent and all(_mentions(sent, words[p]) for p in comp["parts"]):
            return True
    return False


def _relations(m: Model) -> list[Relation]:
    exhaustive, with_militants = _actor_evidence(m)
    keys = sorted(k for k in m.keys if not k.tag)

    def mk(k: Key) -> tuple[str, str]:
        return k.metric.split("/")[0], k.region + "|" + ",".join(k.except_)

    def sub(a: Key, b: Key, dim: str) -> bool:
        if not key_subset(a, b, dim):
            return False
        if dim == "actor" and b.actor == "all" and "militants" in (_actor_bases(a.actor) or ()):
            return mk(b) in with_militants
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
    if dim == "metric" and not _metric_evidence(m, whole):
        return []
    if dim == "actor" and whole.actor == "all":
        if (whole.metric.split("/")[0], whole.region + "|" + ",".join(whole.except_)) not in exhaustive:
            return []
    covers_fn = {
        "region": lambda parts: region_covers(whole, parts),
        "actor": lambda parts: actor_covers(whole.actor, [p.actor for p in parts]),
        "metric": lambda parts: metric_covers(whole.metric, [p.metric for p in parts]),
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
            if r.whole in used or any(p in used for p in r.parts):
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
            for role, v, k in (("base", f.base_value, t.keys[1]), ("new", f.new_value, t.keys[0])):
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
        """Unsat core, then a deletion filter: drop each fact whose absence keeps it unsat."""
        r = self.check(fids, deadline)
        if r != "unsat":
            return Outcome(r)
        by_lit = {str(v): k for k, v in self.lits.items()}
        core = [by_lit[str(c)] for c in self.solver.unsat_core()]
        core.sort(key=lambda f: self.m.order[f])
        minimal = True
        for fid in list(core):
            trial = [c for c in core if c != fid]
            r = self.check(trial, deadline)
            if r == "unsat":
                core = [by_lit[str(c)] for c in self.solver.unsat_core()] or trial
                core = [c for c in trial if c in set(core)]
            elif r == "unknown":
                minimal = False
        return Outcome("unsat", tuple(core), minimal)

    def with_value(self, fid: str, iv: Interval) -> list[z3.BoolRef]:
        """Constraints saying fact `fid` with another value (for repairs): its relation, new bound."""
        t = self.m.terms[fid]
        x = self.primary[fid]
        return [*self.rel[fid], *self._in(x, iv)] if t.kind != "count" else self._in(x, iv)

    def implied_range(self, fid: str, others: list[str], deadline: float, steps: int = 24) -> Interval | None:
        """Range of a fact's quantity that the other facts allow (bisection on sat checks)."""
        x = self.primary[fid]
        rel = self.rel[fid]
        if self.check(others, deadline, rel) != "sat":
            return None
        model = self.solver.model() if False else None  # noqa: F841 (model is popped; re-solve below)
        self.solver.push()
        self.solver.add(*rel)
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
            if abs(bad - good) <= 1e-3 * max(1.0, abs(good)):
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


def point_interval(v: float) -> Interval:
    return point(v)
