"""The joint solve (pipeline/solver.py): the linear encoding against the nonlinear one it
replaces, the deletion filter's fixed order, exact ranges, and the deadline.

The nonlinear reference below is the model as written in models/checks/README.md section 6
before the speed-up: a share or change is its own variable, `part * 100 = s * whole` and
`new * 100 = base * (100 + c)`, and every relation of the model is asserted as built (no
presolve). The linear system must give the same answer on every record.
"""

from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path

import pytest
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checks import run_checks
from pipeline.record import Fact, Record
from pipeline.solver import _WATCHDOG, System, build_model, components, joint

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "seed.jsonl"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "samples.jsonl"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACTORS = ("civilians", "security", "militants")


def fact(fid: str, kind: str, value: float, **kw) -> Fact:
    text = f"{abs(value):g}" + ("%" if kind in ("share", "change") else "")
    base = {"metric": "fatalities", "actor": "all", "region": "PK", "period": "2024-Q2"}
    return Fact(id=fid, kind=kind, value=value, span=(0, 0), text=text, sentence=(0, 0), **{**base, **kw})


def nonlinear_verdict(rec: Record) -> str:
    """sat/unsat of all the facts of a record in the nonlinear reference model."""
    m = build_model(rec)
    s = z3.SolverFor("QF_NRA")
    keys: dict = {}

    def var(k):
        if k not in keys:
            keys[k] = z3.Real(f"v{len(keys)}")
            s.add(keys[k] >= 0)
        return keys[k]

    def within(x, iv):
        return [c for c in ((x >= iv.lo) if not math.isinf(iv.lo) else None,
                            (x <= iv.hi) if not math.isinf(iv.hi) else None) if c is not None]

    for t in m.terms.values():
        f = m.facts[t.fid]
        if t.kind == "count":
            s.add(*within(var(t.keys[0]), t.interval))
        elif t.kind == "share":
            x = z3.Real(f"s_{t.fid}")
            s.add(var(t.keys[0]) * 100 == x * var(t.keys[1]), *within(x, t.interval))
        elif t.kind == "change":
            x = z3.Real(f"c_{t.fid}")
            new, base = var(t.keys[0]), var(t.keys[1])
            s.add(new * 100 == base * (100 + x), base > 0, *within(x, t.interval))
            for v, k in ((f.base_value, t.keys[1]), (f.new_value, t.keys[0])):
                if v is not None:
                    s.add(var(k) == z3.RealVal(repr(float(v))))
        else:
            x = z3.Real(f"d_{t.fid}")
            s.add(var(t.keys[0]) - var(t.keys[1]) == x, *within(x, t.interval))
    for r in m.relations:
        total = z3.Sum([var(p) for p in r.parts]) if len(r.parts) > 1 else var(r.parts[0])
        s.add(total == var(r.whole) if r.exact else total <= var(r.whole))
    s.set("timeout", 20000)
    r = s.check()
    return "sat" if r == z3.sat else "unsat" if r == z3.unsat else "unknown"


def linear_verdict(rec: Record) -> str:
    m = build_model(rec)
    if not m.terms:
        return "sat"
    sys_ = System(m)
    return sys_.check(list(m.terms), time.perf_counter() + 20)


@st.composite
def actor_records(draw: st.DrawFn) -> Record:
    """Totals, counts, shares and changes by actor over two quarters, each figure either true to
    a hidden split or moved: a mix of consistent and contradictory records."""
    q1 = draw(st.lists(st.integers(1, 300), min_size=3, max_size=3))
    q2 = draw(st.lists(st.integers(1, 300), min_size=3, max_size=3))
    facts: list[Fact] = []
    n = 0

    def add(kind: str, value: float, **kw) -> None:
        nonlocal n
        n += 1
        nudge = draw(st.sampled_from([0, 0, 0, 1, -1, 3]))
        facts.append(fact(f"f{n}", kind, max(value + nudge, 0) if kind != "change" else value + nudge, **kw))

    if draw(st.booleans()):
        add("count", sum(q2))
    if draw(st.booleans()):
        add("count", sum(q1), period="2024-Q1")
    for i, actor in enumerate(ACTORS):
        what = draw(st.sets(st.sampled_from(["q1", "q2", "share", "change"])))
        if "q1" in what:
            add("count", q1[i], actor=actor, period="2024-Q1")
        if "q2" in what:
            add("count", q2[i], actor=actor)
        if "share" in what:
            add("share", round(100 * q2[i] / sum(q2)), actor=actor, of={"actor": "all"})
        if "change" in what:
            add("change", round(100 * (q2[i] - q1[i]) / q1[i]), actor=actor, base_period="2024-Q1")
    if draw(st.booleans()):
        add("change", round(100 * (sum(q2) - sum(q1)) / sum(q1)), base_period="2024-Q1")
    return Record(doc_id="p", facts=tuple(facts))


@SETTINGS
@given(actor_records())
def test_checks_solver_linear_matches_nonlinear(rec: Record) -> None:
    """Eliminating each share's and change's own variable loses nothing, and so does the
    presolve of relations: the same verdict on every record."""
    expected = nonlinear_verdict(rec)
    if expected != "unknown":
        assert linear_verdict(rec) == expected


def _corpus_records() -> list[tuple[str, Record, str]]:
    out = []
    for path in (SEED, SAMPLES):
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    if "facts" in d:
                        out.append((d["id"], Record.from_dict(d), d["text"]))
    return out


@pytest.mark.parametrize("name,rec,text", _corpus_records(), ids=[r[0] for r in _corpus_records()])
def test_checks_solver_groups_match_nonlinear(name: str, rec: Record, text: str) -> None:
    """Every group of the gold records, with and without each of its figures: the linear
    solver and the nonlinear reference agree."""
    m = build_model(rec, text)
    sys_ = joint(m)
    for comp in components(m):
        if len(comp) < 2:
            continue
        for drop in [None, *comp[:6]]:
            fids = [f for f in comp if f != drop]
            sub = rec.replace(facts=tuple(f for f in rec.facts if f.id in fids or f.id not in m.terms))
            reference = nonlinear_verdict(sub.replace(facts=tuple(f for f in sub.facts if f.id in fids)))
            if reference == "unknown":
                continue
            assert sys_.check(fids, time.perf_counter() + 20) == reference, (name, drop)


def test_checks_solver_minimal_set_does_not_depend_on_listing_order() -> None:
    """The deletion filter tries facts in a fixed order of the record, so the set reported is the
    same however the search is asked."""
    facts = [fact("f1", "count", 380), fact("f2", "count", 432, period="2024-Q1")]
    for i, (actor, share, change) in enumerate((("militants", 38, 29), ("civilians", 32, -21),
                                                ("security", 30, -10))):
        facts.append(fact(f"f{3 + 2 * i}", "share", share, actor=actor, of={"actor": "all"}))
        facts.append(fact(f"f{4 + 2 * i}", "change", change, actor=actor, base_period="2024-Q1"))
    m = build_model(Record(doc_id="t", facts=tuple(facts)))
    fids = list(m.terms)
    cores = {frozenset(System(m).minimal_core(order, time.perf_counter() + 5).core)
             for order in (fids, fids[::-1], sorted(fids, key=lambda f: f[-1]))}
    assert len(cores) == 1
    (core,) = cores
    # the shares of civilians and security forces are kept, the militants' (implied) dropped
    assert set(core) == {"f1", "f2", "f4", "f5", "f6", "f7", "f8"}


def test_checks_solver_count_range_is_exact() -> None:
    """A count's range is solved, not bisected: 330 in all, 69 and 234 in two provinces leave
    exactly 27 for the rest of the country."""
    facts = [fact("f1", "count", 330), fact("f2", "count", 69, region="PK-KP"),
             fact("f3", "count", 234, region="PK-BA"), fact("f4", "count", 50, except_=("PK-BA", "PK-KP"))]
    m = build_model(Record(doc_id="t", facts=tuple(facts)))
    rng = joint(m).implied_range("f4", ["f1", "f2", "f3"], time.perf_counter() + 5)
    assert rng is not None and rng.lo == rng.hi == 27


def test_checks_solver_share_range_by_bisection() -> None:
    """A share's range comes from linear checks on 100*part against v*whole: 96 of 380 is 25.3%."""
    facts = [fact("f1", "count", 380), fact("f2", "count", 96, region="PK-BA"),
             fact("f3", "share", 25, region="PK-BA", of={"region": "PK"})]
    m = build_model(Record(doc_id="t", facts=tuple(facts)))
    rng = joint(m).implied_range("f3", ["f1", "f2"], time.perf_counter() + 5)
    assert rng is not None and abs(rng.lo - 100 * 96 / 380) < 0.1 and abs(rng.hi - 100 * 96 / 380) < 0.1


def test_checks_solver_watchdog_interrupts_a_call_at_its_deadline() -> None:
    """A z3 call still running at its deadline is interrupted (here a pigeonhole problem that
    would run for seconds), and the watchdog keeps serving later calls."""
    n = 12
    s = z3.SolverFor("QF_LIA")
    x = [[z3.Int(f"wd{i}_{j}") for j in range(n - 1)] for i in range(n)]
    for i in range(n):
        s.add(z3.Or([x[i][j] == 1 for j in range(n - 1)]))
        for j in range(n - 1):
            s.add(z3.Or(x[i][j] == 0, x[i][j] == 1))
    for j in range(n - 1):
        s.add(z3.Sum([x[i][j] for i in range(n)]) <= 1)
    for _ in range(2):
        t = time.perf_counter()
        token = _WATCHDOG.start(s, t + 0.05)
        try:
            r = s.check()
        finally:
            _WATCHDOG.done(token)
        assert r == z3.unknown and time.perf_counter() - t < 1.0
    assert any(th.name == "tally-z3-watchdog" for th in threading.enumerate())


def test_checks_solver_seed_is_fast() -> None:
    """The seed report, whose joint solve and repairs took most of a second with the nonlinear
    model, stays well inside a tenth of that (a generous bound for slow machines)."""
    if not SEED.is_file():
        pytest.skip("no seed record")
    d = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    rec = Record.from_dict(d)
    run_checks(rec, d["text"])
    t = time.perf_counter()
    checks = run_checks(rec, d["text"])
    assert time.perf_counter() - t < 0.3
    assert [c.status for c in checks if c.rule == "implied"] == ["fail"]
