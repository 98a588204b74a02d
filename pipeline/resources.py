"""Where the data files live: one place, so code never builds paths from `__file__` itself.

In a source checkout the models sit beside the package (`models/`); in an installed wheel they
are packed inside it as `pipeline/_models` (see pyproject's force-include).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any


def models_dir() -> Path:
    """The `models` folder of a checkout, else the copy packed into the wheel."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "models"
    return checkout if checkout.is_dir() else here / "_models"


@lru_cache(maxsize=64)
def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_json(relpath: str) -> Any:
    """Parse a JSON file under models/ (cached: data files are read once per process).

    The result is shared between callers: treat it as read-only.
    """
    return _load(str(models_dir() / relpath))


def load_jsonl(relpath: str, *, required: tuple[str, ...] = (), allowed: tuple[str, ...] = ()) -> list[dict]:
    """Read a JSONL rule file (`//` lines are comments); an unknown or missing key is an error
    that names the file, line and key, so a bad data change fails at load, not in a result."""
    rows = []
    path = models_dir() / relpath
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            row = json.loads(line)
            for k in required:
                if k not in row:
                    raise ValueError(f"{path.name}:{n}: missing key {k!r}")
            extra = set(row) - set(allowed) if allowed else set()
            if extra:
                raise ValueError(f"{path.name}:{n}: unknown key {sorted(extra)[0]!r}")
            rows.append(row)
    return rows
