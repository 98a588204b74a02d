"""`tally`: thin commands over `pipeline.load()`; every error maps to an exit code in `main`.

Commands are plain functions taking parsed arguments, so tests call `main([...])` and read
the exit code. Bad input never shows a traceback: it is one line `tally: <message>` on
stderr and exit 2. The spaCy model is loaded only after every input has been read, so a
typo in a path fails at once.

    tally extract PATH|- [--json | --csv] [--published YYYY-MM-DD] [--model NAME] [--rules-only]
    tally check PATH... [--json]
    tally eval GOLD.jsonl... [--json] [--worst N] [--min-f1 X] [--model NAME] [--rules-only]
    tally --version
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, NoReturn

from .io import InputError, read_document, read_jsonl_rows, write_csv, write_json, write_jsonl
from .record import Check, Fact, Record

EXIT_OK, EXIT_FAILED_CHECKS, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

Extractor = Callable[..., Record]


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors become one line and exit 2 like every other bad input."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see '{self.prog} --help')")


@dataclass(frozen=True)
class _Job:
    """One document to extract: its text plus what the caller knows about it."""

    text: str
    label: str
    source: str | None
    title: str | None
    published: str | None
    doc_id: str | None


# ---------------------------------------------------------------- helpers


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tally")
    except PackageNotFoundError:  # run from a source tree that was never pip-installed
        import tomllib
        from pathlib import Path

        try:
            with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as fh:
                return str(tomllib.load(fh)["project"]["version"]) + " (not installed)"
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown (not installed)"


def _published(value: str | None) -> str | None:
    """--published must be a real calendar date written YYYY-MM-DD."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--published: expected a date as YYYY-MM-DD, got {value!r}") from None
    return value


def _jobs(paths: Sequence[str], published: str | None) -> list[_Job]:
    """Read every input first (fail fast, before the model loads); `.jsonl` files are archives."""
    if list(paths).count("-") > 1:
        raise InputError("stdin ('-') can be read only once")
    jobs: list[_Job] = []
    for path in paths:
        if path.lower().endswith(".jsonl"):
            for n, row in enumerate(read_jsonl_rows(path), start=1):
                jobs.append(_Job(
                    text=row["text"], label=f"{path}#{row.get('id', n)}",
                    source=row.get("source", path), title=row.get("title"),
                    published=row.get("published", published), doc_id=row.get("id"),
                ))
            continue
        doc = read_document(path)
        jobs.append(_Job(doc.text, doc.source or "<stdin>", doc.source, doc.title, published, None))
    return jobs


def make_extractor(model: str | None, rules_only: bool) -> Extractor:
    """The extractor factory (tests replace `pipeline.load`); a model that won't load is bad input."""
    import pipeline

    try:
        return pipeline.load(model, rules_only=rules_only)
    except (OSError, ImportError, ValueError) as e:  # spaCy's E050, or nlp.load_model's ValueError
        if model is None:
            raise
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"--model {model}: {first}") from None


def _records(jobs: Sequence[_Job], args: argparse.Namespace) -> list[Record]:
    ex = make_extractor(args.model, args.rules_only)
    return [
        ex(j.text, published=j.published, source=j.source, doc_id=j.doc_id, title=j.title)
        for j in jobs
    ]


# ---------------------------------------------------------------- table


def _fmt_num(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, (list, tuple)):
        return _fmt_bounds(v)
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.6g}" if abs(v) >= 1000 else f"{v:.6g}"
    return str(v)


def _fmt_bounds(v: Sequence[Any]) -> str:
    """Checks give intervals as [low, high] (None = open) and per-fact tolerances as lists."""
    is_num = all(x is None or (isinstance(x, (int, float)) and not isinstance(x, bool)) for x in v)
    if len(v) == 2 and is_num:
        low, high = v
        if low is None and high is None:
            return "any value"
        if high is None:
            return f"at least {_fmt_num(low)}"
        if low is None:
            return f"at most {_fmt_num(high)}"
        return _fmt_num(low) if low == high else f"{_fmt_num(low)} to {_fmt_num(high)}"
    return "; ".join(_fmt_num(x) for x in v)


def _cell(s: str | None, width: int = 0) -> str:
    s = " ".join(str(s).split()) if s not in (None, "") else "-"
    if width and len(s) > width:
        s = s[: width - 1] + "…"
    return s


def _value(f: Fact) -> str:
    pct = "%" if f.kind in ("share", "change") else ""
    sign = "+" if f.kind == "change" and f.value is not None and f.value > 0 else ""
    return f"{sign}{_fmt_num(f.value)}{pct}"


def _qualifier(f: Fact) -> str:
    q = f.approx or "exact"
    if q == "range" and (f.low is not None or f.high is not None):
        q = f"range {_fmt_num(f.low)}-{_fmt_num(f.high)}"
    extras = []
    if f.per:
        extras.append(f"per {f.per}")
    if f.delta:
        extras.append("delta")
    if f.projection:
        extras.append("projection")
    if f.of:
        extras.append("of " + ",".join(f"{k}={v}" for k, v in f.of.items()))
    if f.base_actor:
        extras.append(f"vs {f.base_actor}")
    return "; ".join([q, *extras])


def _period(f: Fact) -> str:
    p = _cell(f.period)
    if f.base_period:
        p += f" vs {f.base_period}"
    return p


def _region(f: Fact) -> str:
    r = _cell(f.region)
    if f.except_:
        r += " except " + "+".join(f.except_)
    return r


def format_table(rec: Record, label: str | None = None) -> str:
    """Aligned table, one row per fact, under a header line with the document's fields."""
    report = rec.report or {}
    head = "  ".join([
        label or rec.source or "<text>",
        f"doc {rec.doc_id}",
        f"period {_cell(rec.period)}",
        f"country {_cell(rec.country)}",
        f"report {_cell(report.get('publisher'))}",
    ])
    cols = ("id", "figure", "kind", "metric", "actor", "region", "period", "value", "qualifier")
    rows = [
        (f.id, _cell(f.text, 40), f.kind, _cell(f.metric), _cell(f.actor), _region(f), _period(f),
         _value(f), _qualifier(f))
        for f in rec.facts
    ]
    lines = [head]
    if not rows:
        lines.append("(no figures found)")
    else:
        widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
        right = {cols.index("value")}

        def line(cells: Sequence[str]) -> str:
            pairs = enumerate(zip(cells, widths, strict=True))
            out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in pairs]
            return "  ".join(out).rstrip()

        lines.append(line(cols))
        lines.extend(line(r) for r in rows)
    if rec.checks:
        n = {s: sum(c.status == s for c in rec.checks) for s in ("pass", "fail", "unverifiable")}
        tail = "  (run 'tally check' for details)" if n["fail"] else ""
        lines.append(f"checks: {n['pass']} pass, {n['fail']} fail, {n['unverifiable']} unverifiable{tail}")
    return "\n".join(lines)


# ---------------------------------------------------------------- check evidence


def _sentence(text: str, f: Fact, limit: int = 400) -> str:
    start, end = f.sentence
    s = text[start:end] if 0 <= start < end <= len(text) else f.text
    return _cell(s, limit)


def _evidence(rec: Record, text: str, check: Check) -> list[dict[str, Any]]:
    out = []
    for fid in check.facts:
        try:
            f = rec.fact(fid)
        except KeyError:
            out.append({"fact": fid, "text": None, "sentence": None})
            continue
        out.append({"fact": fid, "text": f.text, "span": list(f.span), "sentence": _sentence(text, f)})
    return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _failing(rec: Record) -> list[Check]:
    return [c for c in rec.checks if c.status == "fail"]


def _print_failures(job: _Job, rec: Record, out: IO[str]) -> None:
    failing = _failing(rec)
    if not failing:
        print(f"{job.label}: ok ({_n(len(rec.checks), 'check')}, none failing)", file=out)
        return
    print(f"{job.label}: {_n(len(failing), 'failing check')}", file=out)
    for c in failing:
        print(f"  {c.id} {c.rule}: {c.message}", file=out)
        if c.expected is not None or c.observed is not None:
            tol = f" (tolerance {_fmt_num(c.tolerance)})" if c.tolerance is not None else ""
            print(f"    expected {_fmt_num(c.expected)}, observed {_fmt_num(c.observed)}{tol}", file=out)
        for ev in _evidence(rec, job.text, c):
            if ev["text"] is None:
                print(f"    {ev['fact']}: (no such fact in the record)", file=out)
            else:
                print(f"    {ev['fact']} \"{_cell(ev['text'])}\" in: {ev['sentence']}", file=out)
        if c.suggestion:
            print(f"    suggestion: {c.suggestion}", file=out)


# ---------------------------------------------------------------- commands


def cmd_extract(args: argparse.Namespace) -> int:
    """Print each document's facts as a table, JSON (JSONL for several) or CSV."""
    jobs = _jobs(args.paths, _published(args.published))
    records = _records(jobs, args)
    out = sys.stdout
    if args.json:
        if len(records) == 1:
            write_json(records[0], out)
        else:
            write_jsonl(records, out)
    elif args.csv:
        write_csv(records, out)
    else:
        print("\n\n".join(format_table(r, j.label) for j, r in zip(jobs, records, strict=True)), file=out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Print failing checks with their evidence; exit 1 when any check fails."""
    jobs = _jobs(args.paths, _published(args.published))
    records = _records(jobs, args)
    out = sys.stdout
    if args.json:
        docs = [{
            "doc_id": r.doc_id, "source": r.source,
            "checks": len(r.checks),
            "failed": [{**c.to_dict(), "evidence": _evidence(r, j.text, c)} for c in _failing(r)],
        } for j, r in zip(jobs, records, strict=True)]
        for d in docs:
            json.dump(d, out, ensure_ascii=False, indent=2 if len(docs) == 1 else None, default=str)
            out.write("\n")
    else:
        for j, r in zip(jobs, records, strict=True):
            _print_failures(j, r, out)
        n_fail = sum(len(_failing(r)) for r in records)
        if len(records) > 1:
            print(f"{_n(len(records), 'document')}, {_n(n_fail, 'failing check')}", file=out)
    return EXIT_FAILED_CHECKS if any(_failing(r) for r in records) else EXIT_OK


def _gold_docs(paths: Sequence[str]) -> list[dict[str, Any]]:
    """All gold rows of all files, read before the model loads; ids must not repeat."""
    from .evaluate import read_gold

    docs: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in paths:
        for d in read_gold(path):
            if d["id"] in seen:
                raise InputError(f"{path}: document id {d['id']!r} already used in {seen[d['id']]}")
            seen[d["id"]] = path
            docs.append(d)
    return docs


def _fraction(value: str) -> float:
    """--min-f1 takes a number from 0 to 1."""
    try:
        x = float(value)
    except ValueError:
        x = -1.0
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value!r}")
    return x


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}")
    return int(value)


def cmd_eval(args: argparse.Namespace) -> int:
    """Extract every gold document and score the records against the gold facts.

    A document whose extraction raises scores as an empty record and is counted as an error
    (as the acceptance scorer does), so one bad document does not hide the others' scores.
    """
    from .evaluate import evaluate, format_report

    docs = _gold_docs(args.paths)
    ex = make_extractor(args.model, args.rules_only)
    records: list[Record | dict[str, Any]] = []
    for d in docs:
        try:
            records.append(ex(d["text"], published=d.get("published"), doc_id=d["id"]))
        except Exception as e:  # scored as an empty record, reported per document
            records.append({"doc_id": d["id"], "facts": [], "checks": [], "error": f"{type(e).__name__}: {e}"})
    report = evaluate(docs, records)
    out = sys.stdout
    if args.json:
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(format_report(report, worst=args.worst), file=out)
    if args.min_f1 is not None and report.strict.f1 < args.min_f1:
        print(f"tally: strict F1 {report.strict.f1:.3f} is below --min-f1 {args.min_f1:g}", file=sys.stderr)
        return EXIT_FAILED_CHECKS
    return EXIT_OK


def _add_model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date; anchors relative periods such as 'last November'")
    p.add_argument("--model", metavar="NAME",
                   help="any installed spaCy pipeline (package name or path)")
    p.add_argument("--rules-only", action="store_true",
                   help="run without the statistical NER")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tally", description="Every figure in security-report prose as a checked record.")
    parser.add_argument("--version", action="version", version=f"tally {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="print the facts of one or more documents",
                        description="Extract every figure as a fact. Inputs: .txt, .html, .pdf, "
                                    ".jsonl archives (one {\"text\", \"id\"?, \"published\"?} a line), "
                                    "or - for stdin.")
    ex.add_argument("paths", nargs="+", metavar="PATH")
    fmt = ex.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="the record as JSON (one JSON record a line for several documents)")
    fmt.add_argument("--csv", action="store_true", help="the facts of all documents as CSV")
    _add_model_options(ex)
    ex.set_defaults(func=cmd_extract)

    ck = sub.add_parser("check", help="list failing consistency checks; exit 1 if any fails",
                        description="Extract each document and print the checks that fail, with "
                                    "the figures and sentences involved.")
    ck.add_argument("paths", nargs="+", metavar="PATH")
    ck.add_argument("--json", action="store_true", help="failing checks as JSON")
    _add_model_options(ck)
    ck.set_defaults(func=cmd_check)

    ev = sub.add_parser("eval", help="score extraction against your own gold annotations",
                        description="Extract every document of gold JSONL files (one {\"id\", \"text\", "
                                    "\"published\"?, \"facts\", \"contradictions\"?} a line) and print "
                                    "precision, recall and F1 per kind and per role field, contradictions "
                                    "found and false flags, and the worst documents with their misses.")
    ev.add_argument("paths", nargs="+", metavar="GOLD.jsonl")
    ev.add_argument("--json", action="store_true", help="the whole report as JSON")
    ev.add_argument("--worst", type=_count, default=5, metavar="N",
                    help="show the N documents with the lowest strict F1 (default 5; 0 for none)")
    ev.add_argument("--min-f1", type=_fraction, metavar="X",
                    help="exit 1 when the strict F1 is below X (for CI)")
    ev.add_argument("--model", metavar="NAME", help="any installed spaCy pipeline (package name or path)")
    ev.add_argument("--rules-only", action="store_true", help="run without the statistical NER")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; the only place where errors become exit codes."""
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as e:  # --help and --version
            return e.code if isinstance(e.code, int) else EXIT_OK
        if args.command is None:
            raise InputError("a command is needed: extract, check or eval (see 'tally --help')")
        return args.func(args)
    except InputError as e:
        print(f"tally: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("tally: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `tally extract x | head`: stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
