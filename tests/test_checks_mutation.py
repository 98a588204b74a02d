"""Mutation tests: move one figure of a consistent record and the checks must name it.

For each sample in samples/*.expected.json (and the seed gold record of the corpus), every figure
is moved by 5% and at least 2 units. When the move leaves the figures unable to hold together
(the solver says so on the mutated record), a failing check must list that figure; when it does
not, no numeric check may fail. The unchanged record gives no failure beyond its known
contradictions, and records with known contradictions are mutated on their other figures.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.checks import run_checks
from pipeline.record import Record
from pipeline.solver import System, build_model, components
from pipeline.tolerance import policy

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "seed.jsonl"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted((ROOT / "samples").glob("*.expected.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        txt = path.with_name(path.name.replace(".expected.json", ".txt"))
        d["text"] = d.get("text") or (txt.read_text(encoding="utf-8") if txt.is_file() else None)
        out.append((path.name.removesuffix(".expected.json"), d))
    if SEED.is_file():
        out.append(("seed", json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])))
    return out


CASES = _cases()


@pytest.fixture(autouse=True)
def _no_repairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Repair search is not under test here and is the slow part of a failing record."""
    monkeypatch.setitem(policy().solver, "repair_ms", 0)


def _moved(rec: Record, fid: str, sign: int) -> Record | None:
    f = rec.fact(fid)
    v = f.value + sign * max(0.05 * abs(f.value), 2.0)
    v = float(round(v)) if f.kind == "count" else round(v, 1)
    if v < 0 and f.kind in ("count", "share"):
        return None
    return rec.replace(facts=tuple(g.replace(value=v, low=None, high=None) if g.id == fid else g
                                   for g in rec.facts))


def _infeasible(rec: Record, text: str | None, fid: str) -> bool | None:
    """True/False: the figure's group can/cannot hold together; None: the figure stands alone."""
    m = build_model(rec, text)
    comp = next((c for c in components(m) if fid in c), [])
    if len(comp) < 2:
        return None
    verdict = System(m, comp).check(comp, time.perf_counter() + 10)
    return None if verdict == "unknown" else verdict == "unsat"


@pytest.mark.skipif(not CASES, reason="no samples and no seed record")
@pytest.mark.parametrize("name,doc", CASES, ids=[c[0] for c in CASES])
def test_checks_mutation(name: str, doc: dict[str, Any]) -> None:
    rec = Record.from_dict(doc)
    text = doc.get("text")
    contra = doc.get("contradictions") or []
    base = run_checks(rec, text)
    fails = [c for c in base if c.status == "fail"]
    assert all(any(set(c.facts) & set(g["facts"]) for g in contra) for c in fails), [c.message for c in fails]
    if not contra:
        assert fails == []
    # set aside the figures of known conflicts; what is left must be consistent
    bad = {f for c in fails if c.rule != "wording" for f in c.facts}
    rec = rec.replace(facts=tuple(f for f in rec.facts if f.id not in bad))
    assert not [c for c in run_checks(rec, text) if c.status == "fail" and c.rule != "wording"]

    tried = detected = 0
    for i, f in enumerate(rec.facts):
        # one direction per figure (alternating) keeps the run short; the seed gets both
        for sign in ((1, -1) if name == "seed" else ((1,) if i % 2 else (-1,))):
            moved = _moved(rec, f.id, sign)
            verdict = _infeasible(moved, text, f.id) if moved is not None else None
            if verdict is None:
                continue
            tried += 1
            checks = run_checks(moved, text)
            numeric_fails = [c for c in checks if c.status == "fail" and c.rule != "wording"]
            if verdict:
                detected += 1
                assert any(f.id in c.facts for c in checks if c.status == "fail"), \
                    f"{name}: moving {f.text!r} ({f.id}) by {sign:+d} was not flagged"
            else:
                assert not numeric_fails, f"{name}: moving {f.text!r} was flagged though consistent: " + \
                    "; ".join(c.message for c in numeric_fails)
    if tried >= 10:
        # the test must bite: most figures of a checked report take part in some constraint
        assert detected >= tried // 4, (name, tried, detected)


def test_checks_mutation_seed_figures_bite() -> None:
    """The seed's totals and regional shares are pinned by the other figures."""
    if not SEED.is_file():
        pytest.skip("no seed record")
    doc = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    rec = Record.from_dict(doc)
    for fid in ("f2", "f11", "f12", "f13", "f17"):  # 380, 67%, 25%, 8%, 96
        moved = _moved(rec, fid, 1)
        assert moved is not None
        assert any(fid in c.facts for c in run_checks(moved, doc["text"]) if c.status == "fail"), fid
