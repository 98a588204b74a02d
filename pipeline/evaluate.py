"""Score records against hand-made gold records: `tally eval`, in the spirit of `spacy evaluate`.

The matching rules are those of the acceptance scorer (`shared/tools/score.py`), re-stated here
so the package does not depend on a file outside it; `tests/test_evaluate.py` checks that both
give the same numbers on the dev corpus. In short:

- strict match: same kind, value within 0.011, and the same metric (part before '/'), actor
  (parts before '/', '+'-joined sorted), region (+except), period and, for a change,
  base_period (periods compared as day bounds: '2024-Q2' == '2024-04/2024-06'); a gold fact's
  `alt` lists other acceptable values of a field;
- figure match: same kind and value (the figure was found and typed);
- gold and predicted facts are paired greedily one to one, preferring overlapping spans;
- a gold contradiction is found when one failing check touches at least two of its facts (one
  for a single-fact rule); a failing check that touches no gold contradiction is a false flag.

Everything here is plain data (no spaCy): gold rows are dicts as read by `read_gold`, records
are `Record`s or their `to_dict()` form.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .io import InputError, json_lines
from .record import KINDS, Record

__all__ = ["FIELDS", "Report", "evaluate", "format_report", "read_gold"]

FIELDS = ("metric", "actor", "region", "period", "base_period")   # compared by the strict match
ROLE_FIELDS = (*FIELDS, "approx")                                  # reported on figure matches
_SHOWN = ("id", "kind", "metric", "actor", "region", "except", "period", "base_period", "value",
          "approx", "text", "span")

Fact = dict[str, Any]
Pairs = list[tuple[int, int]]


# ---------------------------------------------------------------- normalisation (as score.py)


def norm_actor(actor: Any) -> str:
    """'security/police+civilians' -> 'civilians+security': scoring ignores the finer type."""
    if not actor:
        return "all"
    return "+".join(sorted(p.split("/")[0].strip() for p in str(actor).split("+")))


def norm_region(f: Mapping[str, Any]) -> str:
    """Region parts in sorted order, then the excepted regions: 'PK-(PK-BA,PK-KP)'."""
    parts = "+".join(sorted(p.strip() for p in str(f.get("region") or "").split("+")))
    exc = f.get("except") or []
    return parts + ("-(" + ",".join(sorted(exc)) + ")" if exc else "")


_PERIOD = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2})(?:-(\d{2}))?)?")
Day = tuple[int, int, int]


def _bounds(p: str) -> tuple[Day, Day] | None:
    """'2024' / '2024-Q2' / '2024-H1' / '2024-05' / '2024-05-14' -> (first day, last day)."""
    m = _PERIOD.fullmatch(p.strip())
    if not m:
        return None
    y, mid, d = int(m.group(1)), m.group(2), m.group(3)
    if mid is None:
        return (y, 1, 1), (y, 12, 31)
    if mid[0] == "Q":
        a, b = 3 * int(mid[1]) - 2, 3 * int(mid[1])
    elif mid[0] == "H":
        a, b = 6 * int(mid[1]) - 5, 6 * int(mid[1])
    else:
        a = b = int(mid)
        if d:
            return (y, a, int(d)), (y, a, int(d))
    if not 1 <= b <= 12:  # '2024-13': not a period; compared as written (score.py would crash)
        return None
    return (y, a, 1), (y, b, calendar.monthrange(y, b)[1])


def norm_period(p: Any) -> Any:
    """Spellings of one period compare equal: '2024-Q2' == '2024-04/2024-06' == '2024-04-01/2024-06-30'."""
    if not p:
        return p
    parts = str(p).split("/")
    b: tuple[Day, Day] | None = None
    if len(parts) == 1:
        b = _bounds(parts[0])
    elif len(parts) == 2:
        first, last = _bounds(parts[0]), _bounds(parts[1])
        b = (first[0], last[1]) if first and last else None
    return b if b else str(p)


def field_value(f: Mapping[str, Any], name: str) -> Any:
    """The comparable form of one role field; base_period only counts for a change."""
    if name == "actor":
        return norm_actor(f.get("actor"))
    if name == "region":
        return norm_region(f)
    if name == "metric":
        return (f.get("metric") or "").split("/")[0]
    if name == "base_period":
        return norm_period(f.get("base_period")) if f.get("kind") == "change" else None
    if name == "period":
        return norm_period(f.get("period"))
    return f.get(name)


def _norm_alt(name: str, value: Any) -> Any:
    if name == "actor":
        return norm_actor(value)
    if name == "region":
        return norm_region({"region": value})
    if name == "metric":
        return value.split("/")[0]
    if name in ("period", "base_period"):
        return norm_period(value)
    return value


def field_ok(g: Mapping[str, Any], p: Mapping[str, Any], name: str) -> bool:
    """Does the prediction's field equal the gold's, or one of the gold's `alt` values?"""
    pv = field_value(p, name)
    if pv == field_value(g, name):
        return True
    alts = (g.get("alt") or {}).get(name) or []
    return pv in [_norm_alt(name, a) for a in alts]


def same_value(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    """Values agree within 0.011 (a share of 33.33 vs 33.3 is the same figure)."""
    try:
        gv, pv = float(g.get("value")), float(p.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(gv - pv) <= max(0.011, 1e-6 * abs(gv))


def figure_match(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    """The figure was found and typed: kind and value."""
    return g.get("kind") == p.get("kind") and same_value(g, p)


def strict_match(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    """Figure match plus every role field in FIELDS."""
    return figure_match(g, p) and all(field_ok(g, p, n) for n in FIELDS)


def match(gold: Sequence[Fact], pred: Sequence[Fact], same: Callable[[Fact, Fact], bool]) -> Pairs:
    """Greedy one-to-one (gold index, pred index) pairs, in gold order; overlapping spans first."""
    used: set[int] = set()
    pairs: Pairs = []
    for gi, g in enumerate(gold):
        best = None
        for pi, p in enumerate(pred):
            if pi in used or not same(g, p):
                continue
            gs, ps = g.get("span"), p.get("span")
            overlap = bool(gs and ps and gs[0] < ps[1] and ps[0] < gs[1])
            if best is None or overlap:
                best = pi
                if overlap:
                    break
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


# ---------------------------------------------------------------- the report


@dataclass
class Score:
    """Counts behind one precision/recall/F1 (kept as counts so documents and kinds add up)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class FieldScore:
    """How often one role field is right on figure-matched pairs."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        acc = self.accuracy
        return {"correct": self.correct, "total": self.total, "accuracy": None if acc is None else round(acc, 4)}


@dataclass
class Contradictions:
    """Gold contradictions found by a failing check, and failing checks that match none."""

    gold: int = 0
    found: int = 0
    failing: int = 0
    false_flags: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"gold": self.gold, "found": self.found, "failing": self.failing, "false_flags": self.false_flags}


@dataclass
class DocRow:
    """One document's score and what went wrong in it, for the 'worst documents' list.

    `wrong` pairs a miss with a spurious prediction of the same figure (kind and value):
    {"gold": index into misses, "pred": index into spurious, "fields": the role fields that differ}.
    """

    id: str
    strict: Score
    figure: Score
    misses: list[Fact] = field(default_factory=list)
    spurious: list[Fact] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    contradictions: Contradictions = field(default_factory=Contradictions)
    missed_contradictions: list[dict[str, Any]] = field(default_factory=list)
    false_flags: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    @property
    def gold(self) -> int:
        return self.strict.gold

    @property
    def pred(self) -> int:
        return self.strict.pred

    @property
    def problems(self) -> int:
        return (len(self.misses) + len(self.spurious) + len(self.missed_contradictions)
                + len(self.false_flags) + bool(self.error))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "gold": self.gold, "pred": self.pred,
            "strict": self.strict.to_dict(), "figure": self.figure.to_dict(),
            "misses": self.misses, "spurious": self.spurious, "wrong": self.wrong,
            "contradictions": self.contradictions.to_dict(),
            "missed_contradictions": self.missed_contradictions, "false_flags": self.false_flags,
            "error": self.error,
        }


@dataclass
class Report:
    """Totals, per-kind and per-field scores, contradictions and one row per document."""

    strict: Score = field(default_factory=Score)
    figure: Score = field(default_factory=Score)
    kinds: dict[str, dict[str, Score]] = field(default_factory=dict)
    fields: dict[str, FieldScore] = field(default_factory=lambda: {n: FieldScore() for n in ROLE_FIELDS})
    contradictions: Contradictions = field(default_factory=Contradictions)
    docs: list[DocRow] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.docs if d.error)

    def worst(self, n: int) -> list[DocRow]:
        """The n documents with the lowest strict F1 that have anything to show."""
        bad = [d for d in self.docs if d.problems]
        bad.sort(key=lambda d: (d.strict.f1, -d.problems, d.id))
        return bad[:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.docs), "errors": self.errors,
            "strict": self.strict.to_dict(), "figure": self.figure.to_dict(),
            "kinds": {k: {m: s.to_dict() for m, s in v.items()} for k, v in self.kinds.items()},
            "fields": {n: s.to_dict() for n, s in self.fields.items()},
            "contradictions": self.contradictions.to_dict(),
            "docs": [d.to_dict() for d in self.docs],
        }


def _as_dict(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _shown(f: Fact) -> Fact:
    return {k: f[k] for k in _SHOWN if f.get(k) is not None}


def _kind_order(kinds: set[str]) -> list[str]:
    return [k for k in KINDS if k in kinds] + sorted(k for k in kinds if k not in KINDS)


def _score_doc(doc: Mapping[str, Any], rec: Mapping[str, Any], report: Report) -> DocRow:
    gold: list[Fact] = list(doc.get("facts") or [])
    pred: list[Fact] = [_as_dict(f) for f in rec.get("facts") or []]
    strict = match(gold, pred, strict_match)
    fpairs = match(gold, pred, figure_match)
    row = DocRow(id=str(doc.get("id")), strict=Score(len(strict), len(pred), len(gold)),
                 figure=Score(len(fpairs), len(pred), len(gold)), error=rec.get("error"))

    for kind in _kind_order({str(f.get("kind")) for f in gold + pred}):
        per = report.kinds.setdefault(kind, {"strict": Score(), "figure": Score()})
        n_pred = sum(str(f.get("kind")) == kind for f in pred)
        n_gold = sum(str(f.get("kind")) == kind for f in gold)
        for name, pairs in (("strict", strict), ("figure", fpairs)):
            per[name].add(sum(str(gold[gi].get("kind")) == kind for gi, _ in pairs), n_pred, n_gold)

    for gi, pi in fpairs:
        g, p = gold[gi], pred[pi]
        for name, fs in report.fields.items():
            if name == "base_period" and g.get("kind") != "change":
                continue
            if name == "approx":
                fs.correct += (g.get("approx") or "exact") == (p.get("approx") or "exact")
            else:
                fs.correct += field_ok(g, p, name)
            fs.total += 1

    hit_g, hit_p = {gi for gi, _ in strict}, {pi for _, pi in strict}
    misses = [g for gi, g in enumerate(gold) if gi not in hit_g]
    spurious = [p for pi, p in enumerate(pred) if pi not in hit_p]
    row.misses, row.spurious = [_shown(f) for f in misses], [_shown(f) for f in spurious]
    row.wrong = [{"gold": gi, "pred": pi, "fields": [n for n in FIELDS if not field_ok(misses[gi], spurious[pi], n)]}
                 for gi, pi in match(misses, spurious, figure_match)]

    to_gold = {pred[pi].get("id"): gold[gi].get("id") for gi, pi in fpairs}
    failing = [c for c in (_as_dict(c) for c in rec.get("checks") or []) if c.get("status") == "fail"]
    touched = [{to_gold.get(x) for x in c.get("facts") or []} - {None} for c in failing]
    contra = list(doc.get("contradictions") or [])
    row.contradictions = Contradictions(gold=len(contra), failing=len(failing))
    for g in contra:
        need = 1 if len(g["facts"]) == 1 else 2
        if any(len(fs & set(g["facts"])) >= need for fs in touched):
            row.contradictions.found += 1
        else:
            row.missed_contradictions.append({k: g[k] for k in ("rule", "facts", "note") if k in g})
    for c, fs in zip(failing, touched, strict=True):
        if not any(fs & set(g["facts"]) for g in contra):
            row.contradictions.false_flags += 1
            row.false_flags.append({k: c.get(k) for k in ("id", "rule", "facts", "message")})
    return row


def evaluate(gold_docs: Sequence[Mapping[str, Any]], records: Sequence[Record | Mapping[str, Any]]) -> Report:
    """Score `records[i]` against `gold_docs[i]` (rows as `read_gold` gives them).

    A record may be a `Record` or its dict form; a dict with an "error" scores as the facts it
    holds (usually none) and is counted as an error, as the acceptance scorer does.
    """
    if len(gold_docs) != len(records):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(records)} records")
    report = Report()
    for doc, rec in zip(gold_docs, records, strict=True):
        row = _score_doc(doc, _as_dict(rec), report)
        report.docs.append(row)
        report.strict.add(row.strict.tp, row.strict.pred, row.strict.gold)
        report.figure.add(row.figure.tp, row.figure.pred, row.figure.gold)
        c, rc = report.contradictions, row.contradictions
        c.gold, c.found, c.failing, c.false_flags = (
            c.gold + rc.gold, c.found + rc.found, c.failing + rc.failing, c.false_flags + rc.false_flags)
    report.kinds = {k: report.kinds[k] for k in _kind_order(set(report.kinds))}
    return report


# ---------------------------------------------------------------- reading gold


def _check_fact(f: Any, i: int) -> str | None:
    """The problem with gold fact number i, or None."""
    if not isinstance(f, dict):
        return f"fact {i} is not a JSON object"
    name = f"fact {f.get('id', i)!s}"
    if f.get("kind") not in KINDS:
        return f"{name}: kind {f.get('kind')!r} is not one of {', '.join(KINDS)}"
    v = f.get("value")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return f"{name}: value {v!r} is not a number"
    span = f.get("span")
    if span is not None and not (isinstance(span, list) and len(span) == 2
                                 and all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
        return f"{name}: span {span!r} is not [start, end]"
    exc = f.get("except")
    if exc is not None and not (isinstance(exc, list) and all(isinstance(x, str) for x in exc)):
        return f'{name}: "except" must be a list of regions'
    alt = f.get("alt")
    if alt is not None and not (isinstance(alt, dict) and all(
            isinstance(a, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in a)
            for a in alt.values())):
        return f'{name}: "alt" must map a field to a list of values'
    return None


def _check_row(obj: Any) -> str | None:
    """The problem with one gold row, or None; contradictions must name facts of the row."""
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {type(obj).__name__}"
    if not isinstance(obj.get("text"), str):
        return 'no "text" string in the row'
    if obj.get("published") is not None and not isinstance(obj["published"], str):
        return '"published" must be a date as YYYY-MM-DD or null'
    facts = obj.get("facts", [])
    if not isinstance(facts, list):
        return '"facts" must be a list'
    for i, f in enumerate(facts, start=1):
        if problem := _check_fact(f, i):
            return problem
    ids = {f.get("id") for f in facts}
    contra = obj.get("contradictions") or []
    if not isinstance(contra, list):
        return '"contradictions" must be a list'
    for c in contra:
        if not (isinstance(c, dict) and isinstance(c.get("facts"), list) and c["facts"]
                and all(isinstance(x, str) for x in c["facts"])):
            return 'each contradiction needs "facts": [gold fact ids]'
        unknown = [x for x in c["facts"] if x not in ids]
        if unknown:
            return f"contradiction {c.get('rule', '?')!s} names unknown facts {', '.join(map(str, unknown))}"
    return None


def read_gold(path: str) -> list[dict[str, Any]]:
    """Gold documents, one JSON object a line (the dev corpus format); bad lines name their number.

    A row without an "id" gets its line number, so a report can still point at it.
    """
    label = "<stdin>" if path == "-" else path
    docs: list[dict[str, Any]] = []
    for n, where, obj in json_lines(path):
        if problem := _check_row(obj):
            raise InputError(f"{where}: {problem}")
        obj["id"] = str(obj["id"]) if obj.get("id") is not None else str(n)
        obj.setdefault("facts", [])
        docs.append(obj)
    if not docs:
        raise InputError(f"{label}: no gold documents to read")
    return docs


# ---------------------------------------------------------------- text


def _num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v) if v is not None else "-"


def fact_line(f: Mapping[str, Any]) -> str:
    """A fact in one line, as record.md writes them: 'count fatalities civilians PK-KP 2024-Q2 380'."""
    region = str(f.get("region") or "-")
    if f.get("except"):
        region += " except [" + ", ".join(f["except"]) + "]"
    parts = [str(f.get("kind")), str(f.get("metric") or "-"), str(f.get("actor") or "all"), region,
             str(f.get("period") or "-"), _num(f.get("value"))]
    if f.get("base_period"):
        parts.append(f"base_period {f['base_period']}")
    if (f.get("approx") or "exact") != "exact":
        parts.append(f"({f['approx']})")
    text = " ".join(str(f.get("text") or "").split())
    head = f"{f['id']} " if f.get("id") else ""
    return head + " ".join(parts) + (f'  "{text}"' if text else "")


def _p(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in [header, *rows]]


def _prf(s: Score) -> list[str]:
    return [_p(s.precision), _p(s.recall), _p(s.f1)]


def _role(f: Mapping[str, Any], name: str) -> str:
    if name == "region" and f.get("except"):
        return f"{f.get('region') or '-'} except [{', '.join(f['except'])}]"
    return str(f.get(name) or ("all" if name == "actor" else "(none)"))


def _doc_lines(d: DocRow) -> list[str]:
    s = d.strict
    lines = [f"{d.id}  gold {s.gold}  pred {s.pred}  strict P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f}"
             + (f"  ERROR {d.error[:80]}" if d.error else "")]
    paired_g, paired_p = {w["gold"] for w in d.wrong}, {w["pred"] for w in d.wrong}
    for w in d.wrong:
        p = d.spurious[w["pred"]]
        got = ", ".join(f"{n} {_role(p, n)}" for n in w["fields"])
        lines.append(f"  wrong     {fact_line(d.misses[w['gold']])}  <- got {got} ({p.get('id', '?')})")
    lines += [f"  missed    {fact_line(f)}" for i, f in enumerate(d.misses) if i not in paired_g]
    lines += [f"  spurious  {fact_line(f)}" for i, f in enumerate(d.spurious) if i not in paired_p]
    lines += [f"  contradiction missed: {c.get('rule', '?')} {','.join(c['facts'])}" for c in d.missed_contradictions]
    lines += [f"  false flag: {c.get('id')} {c.get('rule')} {','.join(c.get('facts') or [])}: {c.get('message') or ''}"
              for c in d.false_flags]
    return lines


def format_report(report: Report, worst: int = 5) -> str:
    """Totals, a per-kind table, a per-field table, contradictions, then the worst documents."""
    s, f = report.strict, report.figure
    out = [f"documents {len(report.docs)}  errors {report.errors}  gold facts {s.gold}  predicted {s.pred}", ""]
    for name, sc in (("strict", s), ("figure", f)):
        out.append(f"{name:>6}  P {sc.precision:.3f}  R {sc.recall:.3f}  F1 {sc.f1:.3f}"
                   f"   (tp {sc.tp}, pred {sc.pred}, gold {sc.gold})")
    out.append("")
    rows = [[k, str(v["strict"].gold), str(v["strict"].pred), *_prf(v["strict"]), *_prf(v["figure"])]
            for k, v in report.kinds.items()]
    rows.append(["all", str(s.gold), str(s.pred), *_prf(s), *_prf(f)])
    out += _table(["kind", "gold", "pred", "strict P", "R", "F1", "figure P", "R", "F1"], rows)
    out.append("")
    n_pairs = f.tp
    rows = [[n, _p(fs.accuracy), f"{fs.correct}/{fs.total}"] for n, fs in report.fields.items()]
    out += _table(["field", "accuracy", "right"], rows)
    out.append(f"(role fields on the {n_pairs} figure-matched facts; base_period on changes only)")
    out.append("")
    c = report.contradictions
    out.append(f"contradictions: found {c.found} of {c.gold}  failing checks {c.failing}  false flags {c.false_flags}")
    bad = report.worst(worst) if worst > 0 else []
    if worst > 0:
        out.append("")
        if not bad:
            out.append("no document with misses, spurious facts or contradiction errors")
        else:
            out.append(f"worst {len(bad)} documents by strict F1:")
            for d in bad:
                out += _doc_lines(d)
    return "\n".join(out)
