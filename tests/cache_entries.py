"""Shared by the cache tests of the CLI run (tests/verifier) and the service (tests/api): a small
dataset, and the report entries of a cache file read and overwritten directly in SQLite.

Imported by its bare name, as `app_fixtures` is: pytest puts `tests/` on sys.path for the
`conftest.py` there.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from veridot.verifier.cache import REPORT_NAMESPACE

RECORDS: list[dict[str, Any]] = [
    {"id": "ok", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]},
    {"id": "bad", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "Q(a)"}]},
]


def write_dataset(path: Path) -> str:
    """Write `RECORDS` as JSONL to `path`; its name, for a run's inputs."""
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return str(path)


def report_entries(path: Path) -> list[str]:
    """Every report entry stored in the cache file at `path`."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT value FROM kv WHERE namespace = ?", (REPORT_NAMESPACE,))
        return [str(value) for (value,) in rows]


def overwrite_entries(path: Path, value: str) -> None:
    """Replace every report entry in the cache file at `path` with `value`."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE kv SET value = ? WHERE namespace = ?", (value, REPORT_NAMESPACE))


def timeless(data: Any) -> Any:
    """A JSON value without its timings (they differ from run to run)."""
    if isinstance(data, dict):
        return {k: timeless(v) for k, v in data.items() if k != "elapsed_ms"}
    if isinstance(data, list):
        return [timeless(v) for v in data]
    return data
