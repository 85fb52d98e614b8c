"""The records of a dataset run, as raw JSON objects with where they came from.

`veridot check` keys its cache by a record's content, so it reads records as plain JSON
objects first and builds a `Diagram` (with `veridot.verifier.readers.read_record`) only for records
the cache does not already hold. Inputs: `.jsonl` / `.ndjson` (one record per line, blank
lines skipped), `.json` (one record or a list of records), `.parquet` / `.pq` (one record
per row, `veridot.verifier.readers.parquet`), `-` (JSONL on stdin), and any
other file by its content: JSON when its first line is a JSON value (a JSONL dataset or a
JSON document saved as `.txt`), else one DoT transcript (`{"id": <file stem>, "transcript":
<text>}`; a text without role tags is an error when it is read). A record without an `"id"`
gets `<file name>:<line>` (JSONL) or `<file name>[<index>]` (a list), as
`veridot.verifier.readers.read_jsonl` names them.

Inputs are read as streams with a per-record limit (`max_record_bytes`, default
`DEFAULT_MAX_RECORD_BYTES`): a JSONL line, a `.json` document or a transcript file longer
than that is one `too_large` failure (a JSONL line is skipped in bounded chunks and the
lines after it are still read), so memory stays bounded whatever the input. A NUL byte
means the input is binary (JSON and DoT are text), so the rest of that input is not read.
Unreadable files and lines become `RecordFailure`s with their line, and an input holding no
record at all is a `no_records` failure saying what was expected, so the run reports them
and goes on.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO

# Shared with the Parquet reader (which this module calls); re-exported for the callers.
from veridot.verifier.raw_records import InputRecord as InputRecord
from veridot.verifier.raw_records import RecordFailure as RecordFailure

DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024
_CHUNK = 1 << 20  # how an oversized line is skipped: memory stays at one chunk
_JSONL = (".jsonl", ".ndjson")
_PARQUET = (".parquet", ".pq")  # veridot.verifier.readers.parquet (pyarrow, the `parquet` extra)
EXPECTED = (
    "expected JSONL records (one JSON object per line, such as "
    '{"premises": [...], "steps": [...]}), a .json record or list, '
    "or a DoT transcript of <problem>, <proposer>, <critic> and <summarizer> blocks"
)


def read_inputs(
    paths: Iterable[str],
    *,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[InputRecord]:
    """Every record of every input, in order (see the module docstring); `mapping` renames
    columns to record fields first (`veridot.verifier.readers.columns`)."""
    limit = max(1, max_record_bytes)
    for path in paths:
        found = False
        for item in _read_input(path, limit):
            found = True
            if mapping and item.obj is not None:
                from veridot.verifier.readers.columns import apply_mapping

                item = replace(item, obj=apply_mapping(item.obj, mapping))
            yield item
        if not found:
            name = "stdin" if path == "-" else Path(path).name
            failure = RecordFailure("no_records", f"{name} holds no record: {EXPECTED}")
            yield InputRecord(path, None, failure=failure)


def read_stream(
    source: str,
    handle: IO[bytes],
    *,
    document: bool = False,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[InputRecord]:
    """The records of an open file: JSONL lines, or with `document` one JSON record or list
    (a `.json` file); records are named after `source`'s file name. The one JSONL reader:
    `read_inputs` and `veridot.verifier.readers.read_jsonl` both read through it."""
    name, limit = Path(source).name, max(1, max_record_bytes)
    yield from (_document if document else _lines)(source, name, handle, limit)


def _read_input(path: str, limit: int) -> Iterator[InputRecord]:
    if path == "-":
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        if stdin is None:
            failure = RecordFailure("unreadable_file", "stdin is closed")
            yield InputRecord(path, None, failure=failure)
            return
        yield from _lines("-", "stdin", stdin, limit)
        return
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _PARQUET:
        from veridot.verifier.readers.parquet import read_parquet

        yield from read_parquet(path, limit)
        return
    try:
        with p.open("rb") as handle:
            if suffix in _JSONL:
                yield from _lines(path, p.name, handle, limit)
            elif suffix == ".json":
                yield from _document(path, p.name, handle, limit)
            else:
                yield from _by_content(path, p, handle, limit)
    except OSError as err:
        yield InputRecord(path, None, failure=RecordFailure("unreadable_file", _message(err)))


def _lines(source: str, name: str, handle: IO[bytes], limit: int) -> Iterator[InputRecord]:
    """JSONL records, one per line, each at most `limit` bytes."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if number == 1:
            raw = raw.removeprefix(_BOM)
        if b"\0" in raw:
            yield _binary(source, number)
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            binary = _skip_line(handle)
            message = f"line {number} is longer than the record limit of {_size(limit)}"
            failure = RecordFailure("too_large", message + _LIMIT_HINT, number)
            yield InputRecord(source, number, failure=failure)
            if binary:
                yield _binary(source, number)
                return
            continue
        yield from _line(source, name, number, raw)


def _line(source: str, name: str, number: int, raw: bytes) -> Iterator[InputRecord]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        failure = RecordFailure("bad_encoding", f"not UTF-8: {_bad_byte(raw, err.start)}", number)
        yield InputRecord(source, number, failure=failure)
        return
    text = text.rstrip("\r\n")
    if not text.strip():
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        failure = RecordFailure("bad_json", _json_error(err, text), number)
        yield InputRecord(source, number, failure=failure)
        return
    except RecursionError:
        failure = RecordFailure("bad_json", "invalid JSON: nested too deeply", number)
        yield InputRecord(source, number, failure=failure)
        return
    yield InputRecord(source, number, obj, default_id=f"{name}:{number}")


def _skip_line(handle: IO[bytes]) -> bool:
    """Read past the rest of an oversized line in bounded chunks; True if it held a NUL."""
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk:
            return False
        if b"\0" in chunk:
            return True
        if chunk.endswith(b"\n"):
            return False


def _document(source: str, name: str, handle: IO[bytes], limit: int) -> Iterator[InputRecord]:
    """A `.json` file: one record or a list of records, the whole file at most `limit` bytes."""
    data = handle.read(limit + 1).removeprefix(_BOM)
    if b"\0" in data:
        yield _binary(source, None)
        return
    if len(data) > limit:
        message = f"{name} is longer than the record limit of {_size(limit)}"
        hint = " (a .json file is read whole; write large datasets as JSONL)"
        failure = RecordFailure("too_large", message + hint + _LIMIT_HINT)
        yield InputRecord(source, None, failure=failure)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        message = f"{name} is not UTF-8: {_bad_byte(data, err.start)}"
        failure = RecordFailure("bad_encoding", message)
        yield InputRecord(source, None, failure=failure)
        return
    yield from _json_text(source, name, text)


def _json_text(source: str, name: str, text: str) -> Iterator[InputRecord]:
    if not text.strip():
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        yield InputRecord(
            source, err.lineno, failure=RecordFailure("bad_json", message, err.lineno)
        )
        return
    except RecursionError:
        yield InputRecord(source, None, failure=RecordFailure("bad_json", "invalid JSON: too deep"))
        return
    items = data if isinstance(data, list) else [data]
    for index, obj in enumerate(items):
        yield InputRecord(source, None, obj, default_id=f"{name}[{index}]")


def _by_content(source: str, path: Path, handle: IO[bytes], limit: int) -> Iterator[InputRecord]:
    """Any other file: JSON if its first line is a JSON value, else one DoT transcript."""
    data = handle.read(limit + 1).removeprefix(_BOM)
    if b"\0" in data:
        yield _binary(source, None)
        return
    first = next((line for line in data.splitlines() if line.strip()), b"")
    if _is_json_line(first):
        if len(data) > limit and handle.seekable():
            handle.seek(0)
            yield from _lines(source, path.name, handle, limit)
        elif len(data) > limit:  # a pipe or device: what was read cannot be read again
            yield _too_large(source, path.name, limit)
        elif _is_json_document(data):
            yield from _document(source, path.name, io.BytesIO(data), limit)
        else:
            yield from _lines(source, path.name, io.BytesIO(data), limit)
        return
    if len(data) > limit:
        yield _too_large(source, path.name, limit)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        message = f"{path.name} is not UTF-8 text ({_bad_byte(data, err.start)}): {EXPECTED}"
        yield InputRecord(source, None, failure=RecordFailure("bad_encoding", message))
        return
    if text.strip():
        yield InputRecord(source, None, {"id": path.stem, "transcript": text})


def _is_json_line(line: bytes) -> bool:
    """True when `line` is a JSON object or list (a JSONL dataset's or a JSON file's start)."""
    stripped = line.strip()
    if stripped[:1] not in (b"{", b"["):
        return False
    if stripped in (b"{", b"["):  # a pretty-printed document opens on a line of its own
        return True
    try:
        return isinstance(json.loads(stripped), dict | list)
    except (ValueError, RecursionError):
        return False


def _is_json_document(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def _too_large(source: str, name: str, limit: int) -> InputRecord:
    message = f"{name} is longer than the record limit of {_size(limit)}"
    return InputRecord(source, None, failure=RecordFailure("too_large", message + _LIMIT_HINT))


# A UTF-8 byte order mark, which Windows editors and PowerShell write at the start of a file:
# it is not part of the first record (json.loads refuses it).
_BOM = b"\xef\xbb\xbf"


def _bad_byte(data: bytes, start: int) -> str:
    """Where the first byte that is not UTF-8 is: everything before it decodes, so lines and
    columns count characters as an editor does."""
    before = data[:start].decode("utf-8")
    line = before.count("\n") + 1
    column = len(before) - before.rfind("\n")  # rfind is -1 on the first line
    where = f"line {line}, column {column}" if line > 1 else f"column {column}"
    return f"byte 0x{data[start]:02X} at {where}"


def _binary(source: str, line: int | None) -> InputRecord:
    where = f" (line {line})" if line is not None else ""
    message = f"binary data{where}: a NUL byte, so the rest is not read; {EXPECTED}"
    return InputRecord(source, line, failure=RecordFailure("binary_input", message, line))


_LIMIT_HINT = "; raise it with --max-record-bytes"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB ({n:,} bytes)" if n >= 1024 * 1024 else f"{n:,} bytes"


def _json_error(err: json.JSONDecodeError, text: str) -> str:
    """Where a JSONL line's JSON breaks: its column, and whether the line just ends early."""
    column = err.pos + 1
    if err.pos >= len(text.rstrip()):
        return f"invalid JSON at column {column}: {err.msg} (the line ends before the record does)"
    return f"invalid JSON at column {column}: {err.msg}"


def _message(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    return str(err)
