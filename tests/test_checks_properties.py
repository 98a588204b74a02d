"""Properties: records made consistent by construction (rounded shares of a partition, rounded
changes between counts) get no failing check; one figure moved beyond rounding is flagged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checks import run_checks
from pipeline.record import Fact, Record

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROVINCES = ("PK-KP", "PK-BA", "PK-SD", "PK-PB")
ACTORS = ("civilians", "security", "militants")


def fact(fid: str, kind: str, value: float, **kw) -> Fact:
    text = f"{abs(value):g}" + ("%" if kind in ("share", "change") else "")
    base = {"metric": "fatalities", "actor": "all", "region": "PK", "period": "2024-Q2"}
    return Fact(id=fid, kind=kind, value=value, span=(0, 0), text=text, sentence=(0, 0), **{**base, **kw})


def fails(facts: list[Fact]) -> list[set[str]]:
    return [set(c.facts) for c in run_checks(Record(doc_id="p", facts=tuple(facts))) if c.status == "fail"]


@st.composite
def region_partition(draw: st.DrawFn) -> list[Fact]:
    """A national total, some provinces and 'the rest': counts for all, rounded shares for all."""
    k = draw(st.integers(1, len(PROVINCES)))
    parts = draw(st.lists(st.integers(1, 900), min_size=k + 1, max_size=k + 1))
    total = sum(parts)
    regions = list(PROVINCES[:k])
    facts = [fact("f1", "count", total)]
    for i, (n, r) in enumerate(zip(parts, [*regions, None], strict=True)):
        where = {"region": r} if r else {"region": "PK", "except_": tuple(sorted(regions))}
        facts.append(fact(f"f{2 * i + 2}", "count", n, **where))
        facts.append(fact(f"f{2 * i + 3}", "share", round(100 * n / total), of={"region": "PK"}, **where))
    return facts


@st.composite
def actor_changes(draw: st.DrawFn) -> list[Fact]:
    """Counts by actor in two quarters, their total in each, and the rounded change of each."""
    before = draw(st.lists(st.integers(5, 500), min_size=3, max_size=3))
    after = draw(st.lists(st.integers(5, 500), min_size=3, max_size=3))
    facts = [fact("f1", "count", sum(after)), fact("f2", "count", sum(before), period="2024-Q1")]
    for i, (a, b, actor) in enumerate(zip(after, before, ACTORS, strict=True)):
        facts.append(fact(f"f{3 + 3 * i}", "count", a, actor=actor))
        facts.append(fact(f"f{4 + 3 * i}", "count", b, actor=actor, period="2024-Q1"))
        facts.append(fact(f"f{5 + 3 * i}", "change", round(100 * (a - b) / b), actor=actor, base_period="2024-Q1"))
    facts.append(fact("f12", "change", round(100 * (sum(after) - sum(before)) / sum(before)), base_period="2024-Q1"))
    return facts


@SETTINGS
@given(region_partition())
def test_checks_properties_partition_consistent(facts: list[Fact]) -> None:
    assert fails(facts) == []


@SETTINGS
@given(actor_changes())
def test_checks_properties_changes_consistent(facts: list[Fact]) -> None:
    assert fails(facts) == []


def _move(facts: list[Fact], i: int, by: float) -> tuple[list[Fact], str]:
    f = facts[i]
    moved = f.replace(value=f.value + by, text=f"{abs(f.value + by):g}" + ("%" if f.kind != "count" else ""))
    return [moved if g.id == f.id else g for g in facts], f.id


@SETTINGS
@given(region_partition(), st.data())
def test_checks_properties_partition_moved_share_flagged(facts: list[Fact], data: st.DataObject) -> None:
    shares = [i for i, f in enumerate(facts) if f.kind == "share"]
    i = data.draw(st.sampled_from(shares))
    # beyond the rounding of every share together, and beyond the share's own count
    by = data.draw(st.sampled_from([-1, 1])) * (len(shares) * 0.5 + 1.5)
    if facts[i].value + by < 0:
        by = -by
    moved, fid = _move(facts, i, by)
    assert any(fid in s for s in fails(moved))


@SETTINGS
@given(actor_changes(), st.data())
def test_checks_properties_moved_figure_flagged(facts: list[Fact], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(facts) - 1))
    f = facts[i]
    if f.kind == "change":
        by = data.draw(st.sampled_from([-3.0, 3.0]))
    else:
        by = data.draw(st.sampled_from([-1, 1])) * max(2.0, round(0.05 * f.value))
        if f.value + by <= 0:
            by = abs(by)
    moved, fid = _move(facts, i, by)
    assert any(fid in s for s in fails(moved))
