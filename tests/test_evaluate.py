"""`tally eval` and `pipeline.evaluate`: the matching rules of the acceptance scorer, on hand-built tables.

Most tests build gold and predicted facts by hand (no spaCy). The last ones check that the
numbers agree with `shared/tools/score.py` itself, run as a subprocess on the same records:
on the dev corpus with the rules-only extractor, and on seeded perturbations of the gold
facts that exercise every normalisation; they skip when ../shared is absent.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pipeline
from pipeline import cli
from pipeline.evaluate import Report, evaluate, fact_line, format_report, norm_period, read_gold
from pipeline.io import InputError
from pipeline.record import Check, Fact, Record

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORE = SHARED / "tools" / "score.py"
DEV = sorted((SHARED / "corpus" / "dev").glob("*.jsonl"))
needs_shared = pytest.mark.skipif(not (SCORE.exists() and DEV), reason="../shared (score.py, dev corpus) absent")


def g(kind: str = "count", value: float = 380, **kw: Any) -> dict[str, Any]:
    """A gold fact (dict form) with the seed report's defaults."""
    return {"kind": kind, "metric": "fatalities", "actor": "all", "region": "PK", "period": "2024-Q2",
            "value": value, "approx": "exact", **kw}


def doc(facts: list[dict[str, Any]], contradictions: list[dict[str, Any]] | None = None,
        id: str = "d1") -> dict[str, Any]:
    facts = [{"id": f"f{i}", **f} for i, f in enumerate(facts, start=1)]
    return {"id": id, "text": "...", "facts": facts, "contradictions": contradictions or []}


def rec(facts: list[dict[str, Any]], checks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"doc_id": "d1", "facts": [{"id": f"p{i}", **f} for i, f in enumerate(facts, start=1)],
            "checks": checks or []}


def one(gold: dict[str, Any], pred: dict[str, Any]) -> Report:
    return evaluate([doc([gold])], [rec([pred])])


# ---------------------------------------------------------------- strict and figure matches


def test_evaluate_identical_fact_is_a_strict_match():
    r = one(g(), g())
    assert (r.strict.tp, r.strict.pred, r.strict.gold) == (1, 1, 1)
    assert r.strict.f1 == 1.0 and r.figure.f1 == 1.0


def test_evaluate_wrong_role_is_a_figure_match_only_and_lowers_that_field():
    r = one(g(actor="civilians"), g(actor="all"))
    assert r.strict.tp == 0 and r.figure.tp == 1
    assert r.fields["actor"].correct == 0 and r.fields["actor"].total == 1
    assert r.fields["metric"].accuracy == 1.0 and r.fields["period"].accuracy == 1.0
    (row,) = r.docs
    assert len(row.misses) == 1 and len(row.spurious) == 1
    assert row.wrong == [{"gold": 0, "pred": 0, "fields": ["actor"]}]


@pytest.mark.parametrize(("gold", "pred", "figure"), [
    (g(value=33.33), g(value=33.34), True),     # within 0.011
    (g(value=33.33), g(value=33.35), False),
    (g(value=380), g(value=380.0), True),
    (g(), g("share"), False),                   # kind is part of the figure
    (g(value=12), g(value="twelve"), False),    # not a number never matches
])
def test_evaluate_figure_match_is_kind_and_value(gold, pred, figure):
    r = one(gold, pred)
    assert r.figure.tp == int(figure) and r.strict.tp == int(figure)


def test_evaluate_approx_is_reported_but_not_part_of_the_strict_match():
    r = one(g(approx="nearly"), g(approx="exact"))
    assert r.strict.tp == 1
    assert r.fields["approx"].correct == 0 and r.fields["approx"].total == 1
    assert one(g(approx=None), g(approx="exact")).fields["approx"].correct == 1


# ---------------------------------------------------------------- normalisation and alt values


@pytest.mark.parametrize(("a", "b"), [
    ("2024-Q2", "2024-04/2024-06"),
    ("2024-Q2", "2024-04-01/2024-06-30"),
    ("2024-H1", "2024-01/2024-06"),
    ("2024", "2024-01-01/2024-12-31"),
    ("2024-02", "2024-02-01/2024-02-29"),
    ("2024-05-14", "2024-05-14/2024-05-14"),
])
def test_evaluate_equal_periods_match(a, b):
    assert norm_period(a) == norm_period(b)
    assert one(g(period=a), g(period=b)).strict.tp == 1


@pytest.mark.parametrize(("a", "b"), [
    ("2024-Q2", "2024-Q3"), ("2024-05", "2024-05-14"), ("2024", "2024-H1"), ("2024-Q2", None),
    ("2016/2019", "2019"), ("since 2001", "2001"),
])
def test_evaluate_different_periods_do_not_match(a, b):
    assert one(g(period=a), g(period=b)).strict.tp == 0


def test_evaluate_base_period_counts_for_changes_only():
    change = g("change", -12, base_period="2024-Q1")
    assert one(change, {**change, "base_period": "2024-01/2024-03"}).strict.tp == 1
    r = one(change, {**change, "base_period": "2023-Q4"})
    assert r.strict.tp == 0 and r.fields["base_period"].correct == 0
    r = one(g(base_period="2024-Q1"), g())  # a count: base_period is not compared or reported
    assert r.strict.tp == 1 and r.fields["base_period"].total == 0


@pytest.mark.parametrize(("gold", "pred", "strict"), [
    ({"actor": "civilians+security"}, {"actor": "security/police+civilians"}, True),
    ({"actor": "all"}, {"actor": None}, True),
    ({"actor": "militants"}, {"actor": "militants/insurgents"}, True),
    ({"actor": "civilians"}, {"actor": "civilians+security"}, False),
    ({"region": "PK-KP+PK-BA"}, {"region": "PK-BA+PK-KP"}, True),
    ({"region": "PK", "except": ["PK-KP", "PK-BA"]}, {"region": "PK", "except": ["PK-BA", "PK-KP"]}, True),
    ({"region": "PK", "except": ["PK-KP"]}, {"region": "PK"}, False),
    ({"region": "PK-KP/Bannu"}, {"region": "PK-KP"}, False),
    ({"metric": "attacks"}, {"metric": "attacks/suicide"}, True),
    ({"metric": "attacks"}, {"metric": "incidents"}, False),
])
def test_evaluate_actor_region_metric_normalisation(gold, pred, strict):
    assert one(g(**gold), g(**pred)).strict.tp == int(strict)


@pytest.mark.parametrize(("alt", "pred"), [
    ({"metric": ["fatalities/attacks", "casualties"]}, {"metric": "casualties"}),
    ({"period": ["2024-H1"]}, {"period": "2024-01/2024-06"}),
    ({"actor": ["security/police+civilians"]}, {"actor": "civilians+security"}),
    ({"region": ["PK-KP+PK-BA"]}, {"region": "PK-BA+PK-KP"}),
])
def test_evaluate_alt_values_are_accepted(alt, pred):
    assert one(g(alt=alt), g(**pred)).strict.tp == 1
    assert one(g(), g(**pred)).strict.tp == 0


# ---------------------------------------------------------------- pairing and per-kind counts


def test_evaluate_pairs_one_to_one_preferring_overlapping_spans():
    gold = [g(span=[0, 3], actor="civilians"), g(span=[50, 53])]
    pred = [g(span=[50, 53]), g(span=[0, 3], actor="civilians")]
    r = evaluate([doc(gold)], [rec(pred)])
    assert r.strict.tp == 2
    r = evaluate([doc(gold)], [rec(pred[:1])])  # one prediction can match one gold fact only
    assert r.strict.tp == 1 and r.figure.tp == 1


def test_evaluate_per_kind_scores_add_up_to_the_totals():
    gold = [g(), g(value=220, metric="injuries"), g("share", 67), g("change", -12, base_period="2024-Q1")]
    pred = [g(), g("share", 67, region="PK-KP"), g("share", 25), g("change", -12, base_period="2024-Q1")]
    r = evaluate([doc(gold)], [rec(pred)])
    assert list(r.kinds) == ["count", "share", "change"]
    c, s, ch = (r.kinds[k]["strict"] for k in ("count", "share", "change"))
    assert (c.tp, c.pred, c.gold) == (1, 1, 2)
    assert (s.tp, s.pred, s.gold) == (0, 2, 1) and r.kinds["share"]["figure"].tp == 1
    assert (ch.tp, ch.pred, ch.gold) == (1, 1, 1)
    for attr in ("tp", "pred", "gold"):
        assert sum(getattr(v["strict"], attr) for v in r.kinds.values()) == getattr(r.strict, attr)


def test_evaluate_accepts_record_objects_and_rejects_misaligned_input():
    fact = Fact(id="f1", kind="count", metric="fatalities", value=380, span=(0, 3), text="380", sentence=(0, 3),
                region="PK", period="2024-Q2")
    r = evaluate([doc([g()])], [Record(doc_id="d1", facts=(fact,))])
    assert r.strict.tp == 1
    with pytest.raises(ValueError, match="1 gold documents but 0 records"):
        evaluate([doc([g()])], [])


# ---------------------------------------------------------------- contradictions


def _fail(cid: str, facts: list[str], rule: str = "implied", status: str = "fail") -> dict[str, Any]:
    return {"id": cid, "rule": rule, "status": status, "facts": facts, "message": "Does not add up."}


def test_evaluate_contradiction_found_through_figure_matched_facts():
    gold = doc([g(), g(value=432, period="2024-Q1"), g("share", 38)],
               [{"rule": "implied", "facts": ["f1", "f2"]}, {"rule": "wording", "facts": ["f3"]}])
    # roles wrong (period), figures right: the figure match still maps p1 -> f1, p2 -> f2
    pred = rec([g(period="2024"), g(value=432, period="2024"), g("share", 38)],
               [_fail("c1", ["p2", "p1"]), _fail("c2", ["p3"], "wording"), _fail("c3", ["p1", "p3"], status="pass")])
    r = evaluate([gold], [pred])
    assert r.contradictions.to_dict() == {"gold": 2, "found": 2, "failing": 2, "false_flags": 0}


def test_evaluate_check_touching_one_fact_of_a_pair_is_neither_found_nor_false():
    gold = doc([g(), g(value=432, period="2024-Q1")], [{"rule": "implied", "facts": ["f1", "f2"]}])
    r = evaluate([gold], [rec([g(), g(value=432, period="2024-Q1")], [_fail("c1", ["p1"])])])
    assert r.contradictions.to_dict() == {"gold": 1, "found": 0, "failing": 1, "false_flags": 0}
    assert r.docs[0].missed_contradictions == [{"rule": "implied", "facts": ["f1", "f2"]}]


def test_evaluate_failing_check_on_no_gold_contradiction_is_a_false_flag():
    gold = doc([g(), g(value=220, metric="injuries"), g(value=99)], [{"rule": "implied", "facts": ["f1", "f2"]}])
    pred = rec([g(), g(value=220, metric="injuries"), g(value=99), g(value=7)],
               [_fail("c1", ["p3"], "same_figure"), _fail("c2", ["p4"]), _fail("c3", ["p1", "p2"])])
    r = evaluate([gold], [pred])
    assert r.contradictions.to_dict() == {"gold": 1, "found": 1, "failing": 3, "false_flags": 2}
    assert [c["id"] for c in r.docs[0].false_flags] == ["c1", "c2"]


# ---------------------------------------------------------------- text and JSON


def test_fact_line_is_the_record_md_one_line_form():
    assert fact_line(g(actor="civilians", region="PK-KP")) == "count fatalities civilians PK-KP 2024-Q2 380"
    line = fact_line({**g("share", 8.0), "except": ["PK-KP", "PK-BA"], "id": "f9", "text": "8 percent"})
    assert line == 'f9 share fatalities all PK except [PK-KP, PK-BA] 2024-Q2 8  "8 percent"'
    assert fact_line(g("change", -12, base_period="2024-Q1", approx="about")) == (
        "change fatalities all PK 2024-Q2 -12 base_period 2024-Q1 (about)")


def _two_docs() -> Report:
    good = doc([g()], id="good")
    bad = doc([g(actor="civilians", text="380 civilians"), g(value=220, metric="injuries")],
              [{"rule": "wording", "facts": ["f1"]}], id="bad")
    return evaluate([good, bad], [rec([g()]), rec([g(), g(value=5)], [_fail("c1", ["p2"])])])


def test_format_report_has_totals_tables_contradictions_and_worst_documents():
    text = format_report(_two_docs(), worst=5)
    assert text.startswith("documents 2  errors 0  gold facts 3  predicted 3")
    assert re.search(r"^strict  P 0\.333  R 0\.333  F1 0\.333   \(tp 1, pred 3, gold 3\)$", text, re.M)
    assert re.search(r"^kind\s+gold\s+pred\s+strict P\s+R\s+F1\s+figure P\s+R\s+F1$", text, re.M)
    assert re.search(r"^count\s+3\s+3\s+0\.333", text, re.M)
    assert re.search(r"^actor\s+0\.500\s+1/2$", text, re.M)
    assert "contradictions: found 0 of 1  failing checks 1  false flags 1" in text
    worst = text[text.index("worst 1 documents"):]
    assert "good" not in worst
    assert "bad  gold 2  pred 2  strict P 0.00 R 0.00 F1 0.00" in worst
    assert 'wrong     f1 count fatalities civilians PK 2024-Q2 380  "380 civilians"  <- got actor all (p1)' in worst
    assert "missed    f2 count injuries all PK 2024-Q2 220" in worst
    assert "spurious  p2 count fatalities all PK 2024-Q2 5" in worst
    assert "contradiction missed: wording f1" in worst
    assert "false flag: c1 implied p2: Does not add up." in worst


def test_format_report_worst_zero_and_perfect_runs():
    assert "worst" not in format_report(_two_docs(), worst=0)
    perfect = evaluate([doc([g()])], [rec([g()])])
    assert format_report(perfect).endswith("no document with misses, spurious facts or contradiction errors")


def test_report_to_dict_is_json_with_the_scores():
    d = json.loads(json.dumps(_two_docs().to_dict()))
    assert d["documents"] == 2 and d["strict"] == {"tp": 1, "pred": 3, "gold": 3, "precision": 0.3333,
                                                   "recall": 0.3333, "f1": 0.3333}
    assert set(d["kinds"]) == {"count"} and set(d["kinds"]["count"]) == {"strict", "figure"}
    assert set(d["fields"]) == {"metric", "actor", "region", "period", "base_period", "approx"}
    assert d["fields"]["base_period"]["accuracy"] is None
    assert d["contradictions"] == {"gold": 1, "found": 0, "failing": 1, "false_flags": 1}
    assert [r["id"] for r in d["docs"]] == ["good", "bad"] and d["docs"][1]["misses"][1]["value"] == 220


# ---------------------------------------------------------------- read_gold


def _write(tmp_path: Path, *lines: str) -> str:
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(p)


def test_read_gold_reads_rows_skips_blank_lines_and_numbers_rows_without_id(tmp_path):
    path = _write(tmp_path, json.dumps(doc([g()], id="a")), "", json.dumps({"text": "x", "published": None}))
    docs = read_gold(path)
    assert [d["id"] for d in docs] == ["a", "3"] and docs[1]["facts"] == []


@pytest.mark.parametrize(("row", "message"), [
    ("{not json", "line 2: not valid JSON"),
    ("[1, 2]", "line 2: expected a JSON object, got list"),
    (json.dumps({"id": "b", "facts": []}), 'line 2: no "text" string'),
    (json.dumps({"text": "x", "facts": [g("rate")]}), "line 2: fact 1: kind 'rate' is not one of count, share, change"),
    (json.dumps({"text": "x", "facts": [g(value="380")]}), "line 2: fact 1: value '380' is not a number"),
    (json.dumps({"text": "x", "facts": [g(alt={"period": "2024"})]}), '"alt" must map a field to a list'),
    (json.dumps(doc([g()], [{"rule": "implied", "facts": ["f1", "f9"]}])),
     "line 2: contradiction implied names unknown facts f9"),
])
def test_read_gold_bad_line_raises_input_error_with_its_number(tmp_path, row, message):
    path = _write(tmp_path, json.dumps(doc([g()])), row)
    with pytest.raises(InputError, match=re.escape(message)):
        read_gold(path)


def test_read_gold_empty_or_missing_file(tmp_path):
    with pytest.raises(InputError, match="no gold documents"):
        read_gold(_write(tmp_path, ""))
    with pytest.raises(InputError, match="no such file"):
        read_gold(str(tmp_path / "nope.jsonl"))


# ---------------------------------------------------------------- the command


class TableExtractor:
    """Stands in for `pipeline.load()`: returns the record listed for each text."""

    def __init__(self, by_text: dict[str, Record | None]) -> None:
        self.by_text = by_text
        self.calls: list[dict[str, Any]] = []
        self.loads: list[tuple[str | None, bool]] = []

    def __call__(self, text: str, published: str | None = None, doc_id: str | None = None, **kw: Any) -> Record:
        self.calls.append({"text": text, "published": published, "doc_id": doc_id})
        r = self.by_text[text]
        if r is None:
            raise RuntimeError("boom")
        return r


def _fact(fid: str, value: float, **kw: Any) -> Fact:
    return Fact(id=fid, kind="count", metric="fatalities", value=value, span=(0, 1), text=str(value),
                sentence=(0, 1), region="PK", period="2024-Q2", **kw)


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> TableExtractor:
    ex = TableExtractor({
        "A: 380 dead.": Record(doc_id="a", facts=(_fact("f1", 380),), checks=(
            Check(id="c1", rule="same_figure", status="fail", facts=("f1",), message="Two values."),)),
        "B: 220 dead, 5 wounded.": Record(doc_id="b", facts=(_fact("f1", 220, actor="civilians"),)),
    })

    def load(model=None, *, rules_only=False):
        ex.loads.append((model, rules_only))
        return ex

    monkeypatch.setattr(pipeline, "load", load)
    return ex


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "published": "2024-07-01", "text": "A: 380 dead.", "facts": [{**g(), "id": "f1"}]},
        {"id": "b", "text": "B: 220 dead, 5 wounded.",
         "facts": [{**g(value=220), "id": "f1"}, {**g(value=5, metric="injuries"), "id": "f2"}]},
    ]
    p = tmp_path / "gold.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: Any) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_eval_prints_the_report_and_exits_0(capsys, table, gold_file):
    code, out, err = run(capsys, "eval", gold_file, "--rules-only", "--model", "xx_model")
    assert code == 0 and err == ""
    assert out.startswith("documents 2  errors 0  gold facts 3  predicted 2")
    assert "strict  P 0.500  R 0.333  F1 0.400   (tp 1, pred 2, gold 3)" in out
    assert "b  gold 2  pred 1  strict P 0.00 R 0.00 F1 0.00" in out
    assert "<- got actor civilians (f1)" in out and "missed    f2 count injuries all PK 2024-Q2 5" in out
    assert "contradictions: found 0 of 0  failing checks 1  false flags 1" in out
    assert "false flag: c1 same_figure f1: Two values." in out
    assert table.loads == [("xx_model", True)]
    assert table.calls == [{"text": "A: 380 dead.", "published": "2024-07-01", "doc_id": "a"},
                           {"text": "B: 220 dead, 5 wounded.", "published": None, "doc_id": "b"}]


def test_cli_eval_json_and_worst(capsys, table, gold_file):
    code, out, _ = run(capsys, "eval", gold_file, "--json")
    assert code == 0
    d = json.loads(out)
    assert d["strict"]["tp"] == 1 and d["figure"]["tp"] == 2 and [r["id"] for r in d["docs"]] == ["a", "b"]
    code, out, _ = run(capsys, "eval", gold_file, "--worst", "0")
    assert code == 0 and "worst" not in out


def test_cli_eval_min_f1_exits_1_below_the_floor(capsys, table, gold_file):
    code, _, err = run(capsys, "eval", gold_file, "--min-f1", "0.5")
    assert code == 1 and err.strip() == "tally: strict F1 0.400 is below --min-f1 0.5"
    assert run(capsys, "eval", gold_file, "--min-f1", "0.4")[0] == 0


@pytest.mark.parametrize("argv", [["--min-f1", "2"], ["--min-f1", "x"], ["--worst", "-1"], []])
def test_cli_eval_bad_options_exit_2_with_one_line(capsys, table, gold_file, argv):
    code, _, err = run(capsys, "eval", *([gold_file] if argv else []), *argv)
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("tally: ")
    assert table.loads == []


def test_cli_eval_bad_gold_line_exits_2_before_the_model_loads(capsys, table, tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "x", "facts": []}) + "\n{oops\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", p)
    assert code == 2 and out == ""
    assert err.startswith(f"tally: {p} line 2: not valid JSON") and len(err.splitlines()) == 1
    assert table.loads == []


def test_cli_eval_repeated_document_id_exits_2(capsys, table, gold_file):
    code, _, err = run(capsys, "eval", gold_file, gold_file)
    assert code == 2 and "document id 'a' already used" in err


def test_cli_eval_extraction_failure_scores_as_an_empty_record(capsys, table, gold_file):
    table.by_text["B: 220 dead, 5 wounded."] = None
    code, out, _ = run(capsys, "eval", gold_file)
    assert code == 0
    assert out.startswith("documents 2  errors 1  gold facts 3  predicted 1")
    assert "ERROR RuntimeError: boom" in out


# ---------------------------------------------------------------- agreement with shared/tools/score.py


def _score_py(gold_paths: list[Path], records: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    """Run the acceptance scorer on `records` (via --pred) and parse its numbers."""
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SCORE), *map(str, gold_paths), "--pred", str(pred)],
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    parsed: dict[str, Any] = {"docs": {}}
    for m in re.finditer(r"^\s*(\S+)  gold\s+(\d+)  pred\s+(\d+)  strict P (\S+) R (\S+) F1 (\S+)$", out, re.M):
        parsed["docs"][m.group(1)] = m.groups()[1:]
    for m in re.finditer(r"^\s*(strict|figure): .*\(tp (\d+), pred (\d+), gold (\d+)\)$", out, re.M):
        parsed[m.group(1)] = tuple(int(x) for x in m.groups()[1:])
    roles = re.search(r"^role accuracy on figure-matched facts: (.*)$", out, re.M)
    parsed["roles"] = dict(re.findall(r"(\w+) (\d\.\d\d)", roles.group(1))) if roles else {}
    c = re.search(r"^contradictions: found (\d+) of (\d+)  failing checks (\d+)  false flags (\d+)$", out, re.M)
    assert c, out
    parsed["contradictions"] = {"found": int(c[1]), "gold": int(c[2]), "failing": int(c[3]), "false_flags": int(c[4])}
    return parsed


def _assert_agrees(report: Report, scored: dict[str, Any]) -> None:
    assert (report.strict.tp, report.strict.pred, report.strict.gold) == scored["strict"]
    assert (report.figure.tp, report.figure.pred, report.figure.gold) == scored["figure"]
    assert report.contradictions.to_dict() == scored["contradictions"]
    assert {n: f"{fs.accuracy:.2f}" for n, fs in report.fields.items() if fs.total} == scored["roles"]
    mine = {d.id: (str(d.strict.gold), str(d.strict.pred), f"{d.strict.precision:.2f}", f"{d.strict.recall:.2f}",
                   f"{d.strict.f1:.2f}") for d in report.docs}
    assert mine == scored["docs"]


@needs_shared
def test_evaluate_agrees_with_score_py_on_the_dev_corpus(extractor, tmp_path):
    docs = [d for p in DEV for d in read_gold(str(p))]
    records = [extractor(d["text"], published=d.get("published"), doc_id=d["id"]).to_dict() for d in docs]
    report = evaluate(docs, records)
    assert report.strict.gold == sum(len(d["facts"]) for d in docs) and report.contradictions.gold > 0
    _assert_agrees(report, _score_py(DEV, records, tmp_path))


_EQUIVALENT_PERIOD = {"2024-Q2": "2024-04/2024-06", "2024-Q1": "2024-01-01/2024-03-31", "2023": "2023-01/2023-12"}


def _perturb(rng: random.Random, f: dict[str, Any]) -> list[dict[str, Any]]:
    """A predicted fact made from a gold one: often right, sometimes respelled, wrong, or doubled."""
    p = {k: v for k, v in f.items() if k not in ("alt", "id")}
    roll = rng.random()
    if roll < 0.08:
        return []
    if roll < 0.14:
        p["value"] = p["value"] + rng.choice([0.005, -0.009, 0.02, 1])
    elif roll < 0.2:
        p["kind"] = rng.choice(["count", "share", "change"])
    elif roll < 0.3 and f.get("alt"):
        name, vals = rng.choice(sorted(f["alt"].items()))
        p[name] = rng.choice(vals)
    elif roll < 0.38:
        p["period"] = _EQUIVALENT_PERIOD.get(p.get("period"), rng.choice(["2024", "2019-Q3", None]))
    elif roll < 0.44:
        p["actor"] = rng.choice(["+".join(reversed((p.get("actor") or "all").split("+"))),
                                 (p.get("actor") or "all") + "/finer", None, "militants"])
    elif roll < 0.5:
        p["region"] = rng.choice(["+".join(reversed(str(p.get("region")).split("+"))), "PK-KP", None])
        if rng.random() < 0.5:
            p.pop("except", None)
        elif p.get("except"):
            p["except"] = list(reversed(p["except"]))
    elif roll < 0.55:
        p["base_period"] = rng.choice([None, "2024-01/2024-03", "2023"])
    elif roll < 0.6:
        p["metric"] = rng.choice([str(p.get("metric")).split("/")[0] + "/finer", "incidents"])
    elif roll < 0.65:
        p["approx"] = rng.choice(["about", None, "over"])
    if p.get("except") and rng.random() < 0.4:  # "the remaining regions": order is free, dropping is not
        p["except"] = list(reversed(p["except"])) if rng.random() < 0.5 else None
    if rng.random() < 0.15:
        p["span"] = None if rng.random() < 0.5 else [p["span"][0] + 1000, p["span"][1] + 1000]
    extra = [{**p, "span": [0, 1]}] if rng.random() < 0.05 else []
    return [p, *extra]


@needs_shared
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_evaluate_agrees_with_score_py_on_perturbed_gold(tmp_path, seed):
    rng = random.Random(seed)
    docs = [d for p in DEV for d in read_gold(str(p))]
    records = []
    for d in docs:
        facts: list[dict[str, Any]] = []
        origin: dict[str, dict[str, Any]] = {}  # gold id -> the prediction made from it
        for f in d["facts"]:
            for p in _perturb(rng, f):
                facts.append(p)
                origin.setdefault(f["id"], p)
        rng.shuffle(facts)
        for i, p in enumerate(facts, start=1):
            p["id"] = f"p{i}"
        ids = [p["id"] for p in facts]
        checks = []
        for c in d.get("contradictions") or []:  # failing checks over some of the contradiction's facts
            touched = [origin[x]["id"] for x in c["facts"] if x in origin and rng.random() < 0.7]
            checks.append({"id": f"c{len(checks) + 1}", "rule": c["rule"], "status": "fail", "facts": touched})
        for _ in range(rng.randrange(3)):  # and some about anything
            checks.append({"id": f"c{len(checks) + 1}", "rule": "implied", "status": rng.choice(["fail", "pass"]),
                           "facts": rng.sample(ids, min(len(ids), rng.randrange(1, 4)))})
        records.append({"doc_id": d["id"], "facts": facts, "checks": checks})
    report = evaluate(docs, records)
    assert 0 < report.strict.tp < report.figure.tp
    _assert_agrees(report, _score_py(DEV, records, tmp_path))
