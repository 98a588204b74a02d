"""The record: plain frozen data, no spaCy.

Everything after the Doc (checks, outputs, batch runs) works on these classes only, so
they must round-trip through JSON exactly as `shared/spec/record.md` defines it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

KINDS = ("count", "share", "change")
APPROX = ("exact", "about", "nearly", "over", "at_least", "up_to", "under", "range")
STATUSES = ("pass", "fail", "unverifiable")

# Optional fact fields written only when set (record.md: "extend, never rename").
_OPTIONAL = (
    "low", "high", "base_period", "base_value", "new_value", "of", "except", "per", "delta",
    "base_actor", "projection",
)


def doc_id_for(text: str) -> str:
    """record.md: sha256 of the text, first 16 hex chars."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _num(v: float | int | None) -> float | int | None:
    """Counts print as integers: 380, not 380.0."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


@dataclass(frozen=True)
class Fact:
    """One reported figure with its roles resolved; `evidence` says what found each role."""

    id: str
    kind: str
    metric: str
    value: float
    span: tuple[int, int]
    text: str
    sentence: tuple[int, int]
    actor: str = "all"
    region: str | None = None
    period: str | None = None
    approx: str = "exact"
    low: float | None = None
    high: float | None = None
    base_period: str | None = None
    base_value: float | None = None
    new_value: float | None = None
    of: dict[str, str] | None = None
    except_: tuple[str, ...] | None = None
    per: str | None = None
    delta: bool | None = None
    base_actor: str | None = None
    projection: bool | None = None
    evidence: dict[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "metric": self.metric,
            "actor": self.actor,
            "region": self.region,
            "period": self.period,
            "value": _num(self.value),
            "approx": self.approx,
        }
        for name in _OPTIONAL:
            v = getattr(self, "except_" if name == "except" else name)
            if v is None:
                continue
            if name == "except":
                v = list(v)
            elif isinstance(v, float):
                v = _num(v)
            d[name] = v
        d["span"] = list(self.span)
        d["text"] = self.text
        d["sentence"] = list(self.sentence)
        if self.evidence:
            d["evidence"] = dict(self.evidence)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fact:
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {}
        for k, v in d.items():
            key = "except_" if k == "except" else k
            if key not in names:
                continue
            if key in ("span", "sentence") and v is not None:
                v = tuple(v)
            if key == "except_" and v is not None:
                v = tuple(v)
            kw[key] = v
        kw.setdefault("span", (0, 0))
        kw.setdefault("sentence", (0, 0))
        kw.setdefault("text", "")
        kw.setdefault("metric", "violence")
        return cls(**kw)

    def replace(self, **changes: Any) -> Fact:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Check:
    """One consistency test; `message` is a sentence a reader understands on its own."""

    id: str
    rule: str
    status: str
    facts: tuple[str, ...]
    message: str
    expected: Any = None
    observed: Any = None
    tolerance: Any = None
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "status": self.status,
            "facts": list(self.facts),
            "expected": self.expected,
            "observed": self.observed,
            "tolerance": self.tolerance,
            "message": self.message,
        }
        if self.suggestion:
            d["suggestion"] = self.suggestion
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Check:
        return cls(
            id=d["id"], rule=d["rule"], status=d["status"], facts=tuple(d.get("facts") or ()),
            message=d.get("message", ""), expected=d.get("expected"), observed=d.get("observed"),
            tolerance=d.get("tolerance"), suggestion=d.get("suggestion"),
        )


@dataclass(frozen=True)
class Record:
    """One document's facts and checks (record.md)."""

    doc_id: str
    facts: tuple[Fact, ...] = ()
    checks: tuple[Check, ...] = ()
    source: str | None = None
    title: str | None = None
    published: str | None = None
    report: dict[str, str] | None = None
    period: str | None = None
    country: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "report": dict(self.report) if self.report else None,
            "period": self.period,
            "country": self.country,
            "facts": [f.to_dict() for f in self.facts],
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.notes:
            d["notes"] = list(self.notes)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(
            doc_id=d.get("doc_id") or d.get("id") or "",
            facts=tuple(Fact.from_dict(f) for f in d.get("facts") or ()),
            checks=tuple(Check.from_dict(c) for c in d.get("checks") or ()),
            source=d.get("source"), title=d.get("title"), published=d.get("published"),
            report=d.get("report"), period=d.get("period"), country=d.get("country"),
            notes=tuple(d.get("notes") or ()),
        )

    def replace(self, **changes: Any) -> Record:
        return dataclasses.replace(self, **changes)

    def fact(self, fid: str) -> Fact:
        for f in self.facts:
            if f.id == fid:
                return f
        raise KeyError(fid)

    def to_frame(self):
        """One row per fact, with the document's fields repeated, for pandas users."""
        import pandas as pd

        cols = [
            "doc_id", "id", "kind", "metric", "actor", "region", "except", "period", "value", "approx",
            "low", "high", "base_period", "base_value", "new_value", "of", "per", "delta", "text",
            "span_start", "span_end",
        ]
        rows = []
        for f in self.facts:
            d = f.to_dict()
            rows.append({
                **{c: d.get(c) for c in cols},
                "doc_id": self.doc_id,
                "except": "+".join(d["except"]) if d.get("except") else None,
                "of": ",".join(f"{k}={v}" for k, v in d["of"].items()) if d.get("of") else None,
                "span_start": f.span[0],
                "span_end": f.span[1],
            })
        return pd.DataFrame(rows, columns=cols)
