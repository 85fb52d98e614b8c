"""Reports as JSON text, at the edges only: `--report json`, the result cache, the REST API.

Inside a process a report travels as a `verifier.report.Report` object (checker, runner,
reporters; pickled as an object between worker processes); it becomes text only where it
leaves veridot. This module is the one writer and reader of that text:
- `dumps(data)`: a report's JSON object (`Report.to_dict()`, the shape declared in
  `verifier.report_json`) as one line: what `--report json` prints (before it appends `meta`
  and `cached`), what the cache stores and what the service answers.
- The cache entry, one format for the CLI's runner and the service's jobs: that same text,
  under namespace `report` and key `verifier.cache.report_key(...)`. `store` writes it when
  the report is decided (`verifier.cache.is_decided`); `load` reads it back as a `Stored`
  (the Report, its JSON object and its text) or None: an entry that is not a report (an old
  header-line entry, a truncated or foreign value) is a miss, checked again and overwritten,
  never an error or a wrong verdict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from verifier.cache import REPORT_NAMESPACE, Cache, is_decided
from verifier.report import Report

if TYPE_CHECKING:
    from verifier.report_json import ReportJSON


class Stored(NamedTuple):
    """A report read back from its JSON text: the object, the JSON object, the text itself
    (copied as is to `--report json`, so a cached run never re-serializes)."""

    report: Report
    data: dict[str, Any]
    text: str


def dumps(data: ReportJSON | Mapping[str, Any]) -> str:
    """The report's JSON text: one line, non-ASCII kept as is."""
    return json.dumps(data, ensure_ascii=False)


def parse(text: str) -> Stored | None:
    """The report a JSON text holds, or None when it holds none (wrong shape, not JSON)."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            return None
        report = Report.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return Stored(report, data, text)


def load(cache: Cache, key: str) -> Stored | None:
    """The report stored under `key`, or None (absent, or not a report: a miss)."""
    text = cache.get(REPORT_NAMESPACE, key)
    return None if text is None else parse(text)


def store(cache: Cache | None, key: str | None, data: ReportJSON | Mapping[str, Any]) -> str:
    """Store a report's JSON object (`Report.to_dict()`) under `key` when it is decided;
    return its text either way."""
    text = dumps(data)
    # Only decided reports: a step left unknown under load is checked again next time.
    if cache is not None and key is not None and is_decided(data):
        cache.put(REPORT_NAMESPACE, key, text)
    return text
