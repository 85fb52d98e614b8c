"""JSONL datasets (one record per line) and `.json` files holding a list of records.

`read_jsonl(path)` yields a `Diagram` per record, or a `RecordError` for a record that cannot
be read (bad JSON, bad encoding, unknown shape, malformed graph, unreadable transcript), so a
dataset run reports the line and keeps going. Blank lines are skipped. Each Diagram gets
`meta["source_line"]` (JSONL) or `meta["source_index"]` (`.json` list) so reports can point
back into the file; a record without `"id"` is named `<file name>:<line>` or
`<file name>[<index>]`. A file that cannot be opened raises `OSError` on the first `next()`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from parser.errors import ParseError
from verifier.diagram import Diagram, DiagramError
from verifier.readers.errors import RecordError
from verifier.readers.record import read_record


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[Diagram | RecordError]:
    """Each record of a JSONL file (or a `.json` list) as a Diagram or a RecordError."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        yield from _read_json_list(path)
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield RecordError(number, f"not UTF-8 (byte {err.start + 1}): {err.reason}")
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text.rstrip("\r\n"))  # so a cut line's column is its end
            except json.JSONDecodeError as err:
                yield RecordError(number, f"invalid JSON at column {err.pos + 1}: {err.msg}")
                continue
            except RecursionError:
                yield RecordError(number, "invalid JSON: nested too deeply")
                continue
            yield _read_one(obj, line=number, default_id=f"{path.name}:{number}")


def _read_json_list(path: Path) -> Iterator[Diagram | RecordError]:
    """The records of a `.json` file: a list of records, or one record."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        yield RecordError(None, f"{path.name} is not UTF-8 (byte {err.start + 1}): {err.reason}")
        return
    except json.JSONDecodeError as err:
        yield RecordError(err.lineno, f"invalid JSON at column {err.colno}: {err.msg}")
        return
    except RecursionError:
        yield RecordError(None, "invalid JSON: nested too deeply")
        return
    records = data if isinstance(data, list) else [data]
    for index, obj in enumerate(records):
        item = _read_one(obj, line=None, default_id=f"{path.name}[{index}]")
        if isinstance(item, RecordError):
            item.index = index  # the record's position; messages name any step themselves
        else:
            item.meta["source_index"] = index
        yield item


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
