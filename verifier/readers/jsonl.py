"""JSONL datasets (one record per line) and `.json` files holding a list of records.

`read_jsonl(path)` yields a `Diagram` per record, or a `RecordError` for a record that cannot
be read (bad JSON or encoding, a line over the record limit, unknown shape, malformed graph,
unreadable transcript), so a dataset run reports the line and keeps going. The file is read by
`veridot.verifier.inputs.read_stream`, the reader `veridot check` uses, so both skip the same blank
lines and byte order mark, stop at the same binary data and report bad lines with the same
codes and messages (`bad_json`, `bad_encoding`, `too_large`, `binary_input`). Each Diagram
gets `meta["source_line"]` (JSONL) or `meta["source_index"]` (`.json` list) so reports can
point back into the file; a record without `"id"` is named `<file name>:<line>` or
`<file name>[<index>]`. A file that cannot be opened raises `OSError` on the first `next()`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from veridot.parser.errors import ParseError
from veridot.verifier.diagram import Diagram, DiagramError
from veridot.verifier.inputs import DEFAULT_MAX_RECORD_BYTES, read_stream
from veridot.verifier.readers.errors import RecordError
from veridot.verifier.readers.record import read_record


def read_jsonl(
    path: str | os.PathLike[str], *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
) -> Iterator[Diagram | RecordError]:
    """Each record of a JSONL file (or a `.json` list) as a Diagram or a RecordError."""
    path = Path(path)
    document = path.suffix.lower() == ".json"
    index = 0  # a `.json` list's records, in order
    with path.open("rb") as handle:
        for item in read_stream(
            str(path), handle, document=document, max_record_bytes=max_record_bytes
        ):
            if item.failure is not None:
                failure = item.failure
                line = item.line if failure.line is None else failure.line
                yield RecordError(line, failure.message, code=failure.code)
                continue
            assert item.default_id is not None  # every record read has one
            record = _read_one(item.obj, line=item.line, default_id=item.default_id)
            if document:
                if isinstance(record, RecordError):
                    record.index = index  # the record's position; messages name any step
                else:
                    record.meta["source_index"] = index
                index += 1
            yield record


def _read_one(obj: object, *, line: int | None, default_id: str) -> Diagram | RecordError:
    """One parsed record as a Diagram, any reading error as a RecordError at `line`."""
    try:
        return read_record(obj, line=line, default_id=default_id)
    except RecordError as err:
        return err
    except DiagramError as err:
        return RecordError(line, err.message, index=err.index, code=err.code)
    except ParseError as err:
        return RecordError(line, f"transcript {err}", code=err.code)
    except RecursionError:
        return RecordError(line, "record nested too deeply")
