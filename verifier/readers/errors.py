"""`RecordError`: one input record that could not be read, with where it was.

A subclass of `DiagramError` (the verifier's one error root) so callers can catch one type.
`read_jsonl` yields (does not raise) these for malformed lines so a dataset run reports the
line and goes on with the next record.
"""

from __future__ import annotations

from veridot.verifier.diagram import DiagramError


class RecordError(DiagramError):
    """A record of the wrong shape, bad JSON, or a record whose diagram is malformed.

    `line` is the 1-based line in the input file (JSONL) when known, `index` the 0-based
    position of the record (a `.json` list) or of the offending item inside it (a step).
    """

    def __init__(
        self,
        line: int | None,
        message: str,
        *,
        index: int | None = None,
        code: str = "bad_record",
    ) -> None:
        super().__init__(message, code=code, line=line, index=index)
