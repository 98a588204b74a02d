"""Build samples/samples.jsonl from the sample reports and their hand-made gold.

Each `NAME.txt` in this folder has a `NAME.expected.json` (id, published, period, country,
report, facts, contradictions). The output has one line per sample in the format of
`shared/corpus/dev/dev.jsonl`: {"id", "published", "text", "facts", "contradictions"}, so that
`python ../shared/tools/score.py samples/samples.jsonl` scores the pipeline on it.

The gold is checked on the way: every span must cut its own `text` out of the document, fact
ids must run f1, f2, ... in document order, and contradictions may only name existing facts.

    python samples/build_jsonl.py            # writes samples/samples.jsonl
    python samples/build_jsonl.py --check    # validate only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KINDS = {"count", "share", "change"}
APPROX = {"exact", "about", "nearly", "over", "at_least", "up_to", "under", "range"}
REQUIRED = ("id", "kind", "metric", "actor", "region", "period", "value", "approx", "text", "span")


def validate(name: str, text: str, gold: dict[str, Any]) -> list[str]:
    """Return the problems found in one sample's gold (an empty list when it is clean)."""
    errors: list[str] = []
    if gold.get("id") != name:
        errors.append(f"id {gold.get('id')!r} does not match the file name")
    facts = gold.get("facts") or []
    last_start = -1
    for i, fact in enumerate(facts, 1):
        fid = fact.get("id")
        missing = [k for k in REQUIRED if k not in fact]
        if missing:
            errors.append(f"{fid}: missing {', '.join(missing)}")
            continue
        if fid != f"f{i}":
            errors.append(f"{fid}: expected id f{i}")
        if fact["kind"] not in KINDS:
            errors.append(f"{fid}: unknown kind {fact['kind']!r}")
        if fact["approx"] not in APPROX:
            errors.append(f"{fid}: unknown approx {fact['approx']!r}")
        if fact["approx"] == "range" and not ("low" in fact and "high" in fact):
            errors.append(f"{fid}: a range needs low and high")
        if fact["kind"] == "change" and "base_period" not in fact:
            errors.append(f"{fid}: a change needs base_period")
        start, end = fact["span"]
        if text[start:end] != fact["text"]:
            errors.append(f"{fid}: span {start}-{end} reads {text[start:end]!r}, not {fact['text']!r}")
        if start < last_start:
            errors.append(f"{fid}: not in document order")
        last_start = start
    ids = {f.get("id") for f in facts}
    for c in gold.get("contradictions") or []:
        unknown = [x for x in c.get("facts", []) if x not in ids]
        if unknown or not c.get("rule"):
            errors.append(f"contradiction {c.get('rule')!r}: bad rule or unknown facts {unknown}")
    return errors


def build(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Read every NAME.txt + NAME.expected.json pair in `folder`; return the records and all problems."""
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for txt in sorted(folder.glob("*.txt")):
        name = txt.stem
        gold_path = folder / f"{name}.expected.json"
        if not gold_path.exists():
            problems.append(f"{name}: no {gold_path.name}")
            continue
        text = txt.read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        problems += [f"{name}: {e}" for e in validate(name, text, gold)]
        records.append(
            {
                "id": name,
                "published": gold.get("published"),
                "text": text,
                "facts": gold.get("facts") or [],
                "contradictions": gold.get("contradictions") or [],
            }
        )
    return records, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build samples/samples.jsonl from the sample gold.")
    ap.add_argument("--out", type=Path, default=HERE / "samples.jsonl")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = ap.parse_args(argv)
    records, problems = build(HERE)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    if not args.check:
        with args.out.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(
        f"{len(records)} samples, {sum(len(r['facts']) for r in records)} facts"
        + ("" if args.check else f" -> {args.out}")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
