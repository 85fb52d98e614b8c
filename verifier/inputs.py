"""The records of a dataset run, as raw JSON objects with where they came from.

`veridot check` keys its cache by a record's content, so it reads records as plain JSON
objects first and builds a `Diagram` (with `verifier.readers.read_record`) only for records
the cache does not already hold. Inputs: `.jsonl` / `.ndjson` (one record per line, blank
lines skipped), `.json` (one record or a list of records), `-` (JSONL on stdin), and any
other file as one DoT transcript (`{"id": <file stem>, "transcript": <text>}`). A record
without an `"id"` gets `<file name>:<line>` (JSONL) or `<file name>[<index>]` (a list), as
`verifier.readers.read_jsonl` names them. Unreadable files and lines become `RecordFailure`s
with their line, so the run reports them and goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
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
class RawRecord:
    """One record of an input: its JSON object (or why there is none) and its position."""

    source: str
    line: int | None
    obj: Any = None
    default_id: str | None = None
    failure: RecordFailure | None = None


def read_inputs(paths: Iterable[str]) -> Iterator[RawRecord]:
    """Every record of every input, in order (see the module docstring)."""
    for path in paths:
        if path == "-":
            yield from _lines("-", "stdin", (line.encode() for line in sys.stdin))
            continue
        p = Path(path)
        suffix = p.suffix.lower()
        try:
            if suffix in (".jsonl", ".ndjson"):
                with p.open("rb") as handle:
                    yield from _lines(path, p.name, handle)
            elif suffix == ".json":
                yield from _json_file(path, p)
            else:
                text = p.read_text(encoding="utf-8")
                yield RawRecord(path, None, {"id": p.stem, "transcript": text})
        except (OSError, UnicodeDecodeError) as err:
            yield RawRecord(path, None, failure=RecordFailure("unreadable_file", _message(err)))


def _lines(source: str, name: str, lines: Iterable[bytes]) -> Iterator[RawRecord]:
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            failure = RecordFailure("bad_encoding", f"not UTF-8 (byte {err.start + 1})", number)
            yield RawRecord(source, number, failure=failure)
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            message = f"invalid JSON at column {err.colno}: {err.msg}"
            yield RawRecord(source, number, failure=RecordFailure("bad_json", message, number))
            continue
        except RecursionError:
            failure = RecordFailure("bad_json", "invalid JSON: nested too deeply", number)
            yield RawRecord(source, number, failure=failure)
            continue
        yield RawRecord(source, number, obj, default_id=f"{name}:{number}")


def _json_file(source: str, path: Path) -> Iterator[RawRecord]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, RecursionError) as err:
        message = f"invalid JSON: {getattr(err, 'msg', err)}"
        line = getattr(err, "lineno", None)
        yield RawRecord(source, line, failure=RecordFailure("bad_json", message, line))
        return
    items = data if isinstance(data, list) else [data]
    for index, obj in enumerate(items):
        yield RawRecord(source, None, obj, default_id=f"{path.name}[{index}]")


def _message(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    return str(err)
