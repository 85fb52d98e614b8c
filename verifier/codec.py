"""Reports as JSON text, at the edges only: `--report json`, the result cache, the REST API.

Inside a process a report travels as a `veridot.verifier.report.Report` object (checker, runner,
reporters; pickled as an object between worker processes); it becomes text only where it
leaves veridot. This module is the one writer and reader of that text:
- `dumps(data)`: a report's JSON object (`Report.to_dict(prose)`, the shape declared in
  `veridot.verifier.report_json`) as one line: what `--report json` prints (before it appends `meta`
  and `cached`), what the cache stores and what the service answers. The report holds data
  only; its `message` keys are written then, by the output path's `veridot.verifier.prose.Prose`.
- The cache entry, one format for the CLI's runner and the service's jobs (`entry`, `store`,
  `load`), also what a runner's worker process sends back:
  a header line `{"verdict": ..., "counts": {...}}` (what a dataset run counts), then that
  same text, under namespace `report` and key `veridot.verifier.cache.report_key(...)`, written only
  for a decided report (`veridot.verifier.cache.is_decided`). A hit is read without parsing its
  report: `--report json` copies the text, the service parses it as JSON, and the Report
  object is built only when a reporter reads it (`Stored.report`). A value without that header
  (the service's old header-less entries, junk) is a miss, checked again and overwritten,
  never an error or a wrong verdict.
The entry keeps the `message` keys (it is the text `--report json` prints): a hit is served
by copying it, with neither a parse nor a rendering, which is what makes a hit cheap. Stored
words are never stale: they are a function of the findings and of veridot's source, and the
key holds a fingerprint of that source (`veridot.verifier.cache.code_fingerprint`), so a
changed wording is a new key and an older entry is never read. Reading an entry back
(`Report.from_dict`) ignores its words; a reporter renders them again from the data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from veridot.verifier.cache import REPORT_NAMESPACE, Cache, is_decided
from veridot.verifier.report import RecordVerdict, Report

if TYPE_CHECKING:
    from veridot.verifier.report_json import ReportJSON


class Stored(NamedTuple):
    """A cache entry: the report's verdict and node counts, read from the header line, and
    the report's JSON text, not parsed until asked (`data`, `report`)."""

    verdict: str
    counts: dict[str, int]
    text: str

    def data(self) -> dict[str, Any] | None:
        """The report's JSON object, or None when the text holds no report (checked as
        `parse` does: the service answers with it as it stands)."""
        try:
            data = json.loads(self.text)
            Report.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None
        return data if isinstance(data, dict) else None

    def report(self) -> Report | None:
        """The Report the text holds, or None when it holds none (see `parse`)."""
        return parse(self.text)


def dumps(data: ReportJSON | Mapping[str, Any]) -> str:
    """The report's JSON text: one line, non-ASCII kept as is."""
    return json.dumps(data, ensure_ascii=False)


def parse(text: str) -> Report | None:
    """The report a JSON text holds, or None when it holds none (wrong shape, not JSON)."""
    try:
        return Report.from_dict(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


_VERDICTS = frozenset(v.value for v in RecordVerdict)


def read_entry(value: str) -> Stored | None:
    """A cache value as an entry, or None when it is not one (a miss)."""
    header, newline, text = value.partition("\n")
    try:
        head = json.loads(header)
    except (ValueError, RecursionError):
        return None
    if not newline or not isinstance(head, dict) or set(head) != {"verdict", "counts"}:
        return None
    verdict, counts = head["verdict"], head["counts"]
    if verdict not in _VERDICTS or not isinstance(counts, dict):
        return None
    if not all(isinstance(n, int) for n in counts.values()):
        return None
    if not (text.startswith('{"id": ') and text.endswith("}")):  # cut short, or no report
        return None
    return Stored(verdict, counts, text)


def load(cache: Cache, key: str) -> Stored | None:
    """The entry stored under `key`, or None (absent, or not an entry: a miss)."""
    value = cache.get(REPORT_NAMESPACE, key)
    return None if value is None else read_entry(value)


def entry(data: ReportJSON | Mapping[str, Any]) -> str:
    """The cache entry of a report's JSON object: the header line, then its text."""
    counts: dict[str, int] = {}
    for node in data["nodes"]:
        counts[node["status"]] = counts.get(node["status"], 0) + 1
    return json.dumps({"verdict": data["verdict"], "counts": counts}) + "\n" + dumps(data)


def store(cache: Cache | None, key: str | None, data: ReportJSON | Mapping[str, Any]) -> str:
    """Store a report's JSON object (`Report.to_dict()`) under `key` when it is decided;
    return its text either way."""
    # Only decided reports: a step left unknown under load is checked again next time.
    if cache is not None and key is not None and is_decided(data):
        value = entry(data)
        cache.put(REPORT_NAMESPACE, key, value)
        return value.partition("\n")[2]
    return dumps(data)
