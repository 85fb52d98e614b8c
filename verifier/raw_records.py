"""One record of a dataset run before it is read: its raw JSON object, or why there is none.

`veridot.verifier.inputs` and the Parquet reader (`veridot.verifier.readers.parquet`, which
`veridot.verifier.inputs` calls) both make these, so they live here, below both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RecordFailure:
    """Why a record could not be checked: stable `code`, message, where."""

    code: str
    message: str
    line: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "line": self.line}


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One record of an input: its JSON object (or why there is none) and its position."""

    source: str
    line: int | None
    obj: Any = None
    default_id: str | None = None
    failure: RecordFailure | None = None
