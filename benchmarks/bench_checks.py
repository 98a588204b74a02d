"""Time `run_checks` per document, and dump what it reports for a before/after comparison.

A script, not a test. Records come from the extractor (`pipeline.load()`, `check=False`) over the
dev corpus and the samples, or from a frozen file (`--records`), so a comparison does not move
when the extractor changes; `--gold` adds the gold records of the dev corpus.

    python benchmarks/bench_checks.py                              # extract, time, print
    python benchmarks/bench_checks.py --freeze /tmp/recs.jsonl     # also save the extracted records
    python benchmarks/bench_checks.py --records /tmp/recs.jsonl --gold --dump /tmp/after.json
    python benchmarks/bench_checks.py --compare /tmp/before.json /tmp/after.json

Timing is the best of `--repeat` runs per document (default 3), after one warm-up document.
The dump holds, per document, every check's (rule, status, facts) and the suggestions and
messages of failing checks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SOURCES = [SHARED / "corpus" / "dev" / "seed.jsonl", SHARED / "corpus" / "dev" / "dev.jsonl",
           ROOT / "samples" / "samples.jsonl"]


def _docs() -> list[dict]:
    return [json.loads(line) for p in SOURCES if p.exists() for line in p.open(encoding="utf-8") if line.strip()]


def load_records(args: argparse.Namespace) -> list[tuple[str, str, dict]]:
    """(name, text, record dict) for every document."""
    if args.records:
        rows = [json.loads(line) for line in open(args.records, encoding="utf-8") if line.strip()]
        out = [(r["name"], r["text"], r["record"]) for r in rows]
    else:
        import pipeline

        ex = pipeline.load()
        out = []
        for d in _docs():
            rec = ex(d["text"], published=d.get("published"), check=False)
            out.append((d["id"], d["text"], rec.to_dict()))
    if args.freeze:
        with open(args.freeze, "w", encoding="utf-8") as fh:
            for name, text, rec in out:
                fh.write(json.dumps({"name": name, "text": text, "record": rec}) + "\n")
    if args.gold:
        out += [(f"gold:{d['id']}", d["text"], d) for d in _docs() if "facts" in d and "contradictions" in d]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", help="frozen records (from --freeze) instead of extracting")
    ap.add_argument("--freeze", help="save the extracted records here")
    ap.add_argument("--gold", action="store_true", help="also check the gold records of the dev corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dump", help="write every document's checks here (JSON)")
    ap.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two dumps and exit")
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))

    from pipeline.checks import run_checks
    from pipeline.record import Record

    docs = load_records(args)
    run_checks(Record.from_dict(docs[0][2]), docs[0][1])  # warm-up: lexicons, pycountry, z3
    dump: dict[str, list] = {}
    total = 0.0
    worst = ("", 0.0)
    for name, text, rd in docs:
        rec = Record.from_dict(rd)
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            checks = run_checks(rec, text)
            best = min(best, time.perf_counter() - t)
        total += best if not name.startswith("gold:") else 0.0
        if best > worst[1]:
            worst = (name, best)
        fails = sum(c.status == "fail" for c in checks)
        print(f"{name:24s} {best * 1000:7.1f} ms  {len(checks):3d} checks  {fails} fails")
        dump[name] = [{"rule": c.rule, "status": c.status, "facts": list(c.facts),
                       **({"suggestion": c.suggestion, "message": c.message, "expected": c.expected}
                          if c.status != "pass" else {})} for c in checks]
    print(f"total (extracted records) {total * 1000:.1f} ms; slowest {worst[0]} {worst[1] * 1000:.1f} ms")
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump, indent=1), encoding="utf-8")


def compare(before: str, after: str) -> int:
    """Differences between two dumps: check sets (rule, status, facts), then suggestions/messages."""
    a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (before, after))
    bad = 0
    for name in sorted(set(a) | set(b)):
        sa = {(c["rule"], c["status"], tuple(c["facts"])) for c in a.get(name, [])}
        sb = {(c["rule"], c["status"], tuple(c["facts"])) for c in b.get(name, [])}
        if sa != sb:
            bad += 1
            print(f"{name}: only before {sorted(sa - sb)}; only after {sorted(sb - sa)}")
        ka = {(c["rule"], tuple(c["facts"])): c for c in a.get(name, []) if c["status"] != "pass"}
        kb = {(c["rule"], tuple(c["facts"])): c for c in b.get(name, []) if c["status"] != "pass"}
        for k in ka.keys() & kb.keys():
            for fld in ("suggestion", "message", "expected"):
                if ka[k].get(fld) != kb[k].get(fld):
                    print(f"{name} {k[0]} {list(k[1])} {fld}:\n   before {ka[k].get(fld)!r}\n"
                          f"   after  {kb[k].get(fld)!r}")
    fa = sum(c["status"] == "fail" for v in a.values() for c in v)
    fb = sum(c["status"] == "fail" for v in b.values() for c in v)
    print(f"{len(set(a) | set(b))} documents, {bad} with different check sets; fails before {fa}, after {fb}")
    return 1 if bad else 0


if __name__ == "__main__":
    main()
