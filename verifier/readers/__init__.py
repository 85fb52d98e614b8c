"""Readers: every input format veridot accepts, each producing the same `Diagram`.

- `read_record(obj)`: one JSON record, shape detected from its keys: `"transcript"` → DoT
  transcript (`veridot.verifier.readers.dot`); `"steps"` with `"problem"` and `"label"` (and no
  `"premises"`) → ProcessBench; other `"steps"` → plain chain; an `"answer"` with `#k.`
  steps → Natural Program; a `"question"` with an `"answer"` ending in `#### <answer>` →
  GSM8K (`veridot.verifier.readers.gsm8k`).
- `read_transcript(text)`: a DoT transcript, v1 role tags or v2 typed records.
- `read_jsonl(path)`: a JSONL dataset (or a `.json` list), yielding a `Diagram` or a
  `RecordError` per record so one bad line does not stop a run.

Errors: a record of the wrong shape or with a malformed graph raises `RecordError` (a
`DiagramError`); a transcript whose block structure cannot be read raises
`veridot.parser.errors.ParseError` with line and column. Protocol violations inside a readable
transcript are not exceptions: they are the Diagram's `structural_errors`.
"""

from __future__ import annotations

from veridot.verifier.readers.dot import read_transcript
from veridot.verifier.readers.errors import RecordError
from veridot.verifier.readers.jsonl import read_jsonl
from veridot.verifier.readers.record import detect_format, read_record

__all__ = ["RecordError", "detect_format", "read_jsonl", "read_record", "read_transcript"]
