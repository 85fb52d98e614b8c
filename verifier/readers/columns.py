"""Column mapping: read a dataset whose columns have other names into the known record shapes.

`--map steps=solution --map problem=question` (CLI) or `mapping={"steps": "solution",
"problem": "question"}` (library) renames a record's `solution` field to `steps` and
`question` to `problem` before its shape is detected (`veridot.verifier.readers.read_record`), so a
Hugging Face dataset or a Parquet file with its own column names reads as a chain,
ProcessBench or GSM8K record. Targets are the fields the readers know (`TARGETS`); a source
missing from a record leaves that record as it is (its reader then says which keys it found).
A mapping is applied before a record's cache key is computed, so a changed mapping re-checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Every field a reader looks at (chain, ProcessBench, GSM8K, Natural Program, DoT records).
TARGETS = (
    "id",
    "premises",
    "steps",
    "problem",
    "question",
    "conclusion",
    "answer",
    "label",
    "transcript",
    "parser",
)


class MappingError(ValueError):
    """A `--map` item that is not `TARGET=SOURCE` with a known target (one line for the CLI)."""


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """`["steps=solution", "problem=question"]` -> `{"steps": "solution", ...}`."""
    out: dict[str, str] = {}
    for item in items:
        target, sep, source = item.partition("=")
        target, source = target.strip(), source.strip()
        if not sep or not target or not source:
            raise MappingError(f"--map takes TARGET=COLUMN (such as steps=solution), not {item!r}")
        out[target] = source
    return check_mapping(out)


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """`mapping` as a dict, or MappingError for an unknown target or a target given twice."""
    out = dict(mapping)
    for target, source in out.items():
        if target not in TARGETS:
            raise MappingError(
                f"unknown record field {target!r} in the column mapping; "
                f"map columns to one of {', '.join(TARGETS)}"
            )
        if not isinstance(source, str) or not source:
            raise MappingError(f"the column mapped to {target!r} must be a column name")
    return out


def apply_mapping(obj: Any, mapping: Mapping[str, str]) -> Any:
    """A copy of record `obj` with each mapped column moved to its target field.

    Columns are read from the record as given, so `{"steps": "answer", "answer": "steps"}`
    swaps two fields. A non-dict record is returned unchanged (its reader reports it).
    """
    if not mapping or not isinstance(obj, dict):
        return obj
    sources = {source for source in mapping.values() if source in obj}
    out = {key: value for key, value in obj.items() if key not in sources}
    for target, source in mapping.items():
        if source in obj:
            out[target] = obj[source]
    return out
