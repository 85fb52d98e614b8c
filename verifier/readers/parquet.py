"""Parquet datasets: each row is one record, read in batches (memory stays bounded).

A row becomes the JSON object it would be in a JSONL file: list columns become lists,
struct columns objects, missing values null; bytes are decoded as UTF-8 and timestamps
written as ISO 8601 text, so every record has a JSON form for the cache key. Rows are
numbered from 1 and that number stands for the line in reports (`file.parquet:3`); a row
without an `"id"` gets `<file name>:<row>`, as a JSONL record does.

Reading Parquet needs pyarrow (`pip install 'veridot[parquet]'`); without it, or for a file
pyarrow cannot read, the input is one `unreadable_file` failure that says so. A row whose
JSON form is longer than the record limit is a `too_large` failure, and the next rows are
still read.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from veridot.verifier.raw_records import InputRecord, RecordFailure

SUFFIXES = (".parquet", ".pq")
_BATCH_ROWS = 256
INSTALL_HINT = "reading Parquet needs pyarrow: pip install 'veridot[parquet]'"


def read_parquet(source: str, limit: int) -> Iterator[InputRecord]:
    """Every row of the Parquet file `source` as a InputRecord (see the module docstring)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield InputRecord(source, None, failure=RecordFailure("unreadable_file", INSTALL_HINT))
        return
    name = Path(source).name
    try:
        handle = pq.ParquetFile(source)
    except (OSError, pa.ArrowException) as err:  # not Parquet, truncated, unreadable
        message = f"{name} is not a readable Parquet file: {_first_line(err)}"
        yield InputRecord(source, None, failure=RecordFailure("unreadable_file", message))
        return
    row = 0
    try:
        for batch in handle.iter_batches(batch_size=_BATCH_ROWS):
            for obj in batch.to_pylist():
                row += 1
                yield _record(source, name, row, obj, limit)
    except (OSError, pa.ArrowException) as err:
        message = f"{name}: cannot read past row {row}: {_first_line(err)}"
        yield InputRecord(source, row + 1, failure=RecordFailure("unreadable_file", message, row))
    finally:
        handle.close()


def _record(source: str, name: str, row: int, obj: dict[str, Any], limit: int) -> InputRecord:
    text = json.dumps(obj, ensure_ascii=False, default=_plain)
    if len(text.encode("utf-8")) > limit:
        message = (
            f"row {row} is longer than the record limit of {limit:,} bytes as JSON; "
            "raise it with --max-record-bytes"
        )
        return InputRecord(source, row, failure=RecordFailure("too_large", message, row))
    return InputRecord(source, row, json.loads(text), default_id=f"{name}:{row}")


def _plain(value: object) -> object:
    """A JSON value for what pyarrow gives beyond JSON's types."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
