"""One JSON record to a `Diagram`: its shape detected from its keys, then read by its reader.

The dispatcher behind `veridot.verifier.readers.read_record` (see that package's docstring for the
shapes), in a module of its own so that the JSONL reader can use it without importing the
package that imports the JSONL reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from veridot.verifier.diagram import Diagram
from veridot.verifier.readers.chain import read_chain
from veridot.verifier.readers.common import kind
from veridot.verifier.readers.dot import read_transcript_record
from veridot.verifier.readers.errors import RecordError
from veridot.verifier.readers.gsm8k import is_gsm8k, read_gsm8k
from veridot.verifier.readers.natural_program import is_natural_program, read_natural_program
from veridot.verifier.readers.processbench import is_processbench, read_processbench


def detect_format(obj: Mapping[str, Any]) -> str | None:
    """`dot`, `processbench`, `chain`, `natural_program` or `gsm8k` by the record's keys,
    else None."""
    if "transcript" in obj:
        return "dot"
    if "steps" in obj:
        return "processbench" if is_processbench(obj) else "chain"
    if is_natural_program(obj):
        return "natural_program"
    if is_gsm8k(obj):
        return "gsm8k"
    return None


def read_record(obj: object, *, line: int | None = None, default_id: str | None = None) -> Diagram:
    """The Diagram of one JSON record (format detected from its keys, see
    `veridot.verifier.readers`).

    `line` (the record's line in its file) goes into error messages and `meta["source_line"]`;
    `default_id` names a record without an `"id"` (else `line-N`). Raises `RecordError` for a
    record of unknown or wrong shape, `ParseError` for an unreadable transcript.
    """
    if not isinstance(obj, dict):
        raise RecordError(line, f"a record must be a JSON object, not {kind(obj)}")
    fmt = detect_format(obj)
    match fmt:
        case "dot":
            diagram = read_transcript_record(obj, line=line, default_id=default_id)
        case "processbench":
            diagram = read_processbench(obj, line=line, default_id=default_id)
        case "chain":
            diagram = read_chain(obj, line=line, default_id=default_id)
        case "natural_program":
            diagram = read_natural_program(obj, line=line, default_id=default_id)
        case "gsm8k":
            diagram = read_gsm8k(obj, line=line, default_id=default_id)
        case _:
            keys = ", ".join(sorted(map(str, obj))) or "none"
            raise RecordError(
                line,
                "unknown record shape: expected a 'transcript', a 'steps' list, a Natural "
                "Program 'answer' with '#1.' steps, or a GSM8K 'question' and 'answer' "
                f"ending in '#### <answer>' (keys found: {keys})",
            )
    if line is not None:
        diagram.meta["source_line"] = line
    return diagram
