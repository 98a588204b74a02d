"""The public API: `pipeline.extract` stays the function however often it is called or imported."""

from __future__ import annotations

import pipeline


def test_api_extract_is_callable_after_first_call() -> None:
    first = pipeline.extract("Militants killed 14 soldiers in Kurram in March 2023.", published="2023-04-05")
    from pipeline import extract

    again = extract("Militants killed 14 soldiers in Kurram in March 2023.", published="2023-04-05")
    assert callable(pipeline.extract)
    assert [f.value for f in again.facts] == [f.value for f in first.facts] == [14]
