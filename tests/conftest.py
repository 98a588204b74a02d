"""Shared fixtures: the rules-only spaCy pipeline and a rules-only extractor.

Nothing here loads a statistical model (en_core_web_sm): tests build docs with
`pipeline.nlp.rules_pipeline()` and extract with `pipeline.load(rules_only=True)`.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def rules_nlp():
    """The tokenizer + sentences + lexicon + gazetteer pipeline (cached by the package)."""
    from pipeline.nlp import rules_pipeline

    return rules_pipeline()


@pytest.fixture(scope="module")
def extractor():
    """A rules-only extractor, built once per test module."""
    import pipeline

    ex = pipeline.load(rules_only=True)
    assert ex.ner is None, "tests must not load a statistical NER model"
    return ex
