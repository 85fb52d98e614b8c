"""DoT transcripts (placeholder until the transcript reader lands)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verifier.diagram import Diagram
from verifier.readers.errors import RecordError


def read_transcript(text: str, id: str = "") -> Diagram:
    """A DoT transcript to a Diagram (not yet implemented)."""
    raise RecordError(None, "DoT transcripts are not readable yet")


def read_transcript_record(
    obj: Mapping[str, Any], *, line: int | None = None, default_id: str | None = None
) -> Diagram:
    """A `{"id", "transcript", "parser"?}` record to a Diagram (not yet implemented)."""
    raise RecordError(line, "DoT transcripts are not readable yet")
