"""The shared shape of benchmark problems: `Problem`, `Sample`, gold labels, `DatasetError`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Label = Literal["True", "False", "Uncertain"]
LABELS: tuple[Label, ...] = ("True", "False", "Uncertain")

# Datasets spell "neither provable nor refutable" differently (FOLIO train and ProofWriter say
# Unknown, FOLIO validation says Uncertain); the evaluator compares one spelling.
_LABEL_SPELLINGS: dict[str, Label] = {
    "true": "True",
    "false": "False",
    "uncertain": "Uncertain",
    "unknown": "Uncertain",
}


class DatasetError(Exception):
    """A benchmark file that cannot be read: missing, not JSON, or not the expected shape."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One rendering of a problem as texts for a semantic parser.

    `premises` and `conclusion` are the texts to translate (FOL source or sentences). When
    `premises` is empty and `context` is set, the premises are the sentences of `context`
    (split by the evaluator with the English sentence splitter, so loading stays light).
    `error` is set when the sample could not even be cut into premises and conclusion (an
    LLM output without a conclusion line): such a sample is untranslated.
    """

    premises: tuple[str, ...]
    conclusion: str
    context: str = ""
    error: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """A benchmark item: gold `label` and its formal `samples` and/or natural-language `text`.

    `samples` holds FOL renderings (several when an LLM was sampled several times: the
    evaluator takes a majority vote); `text` is the natural-language rendering, or None.
    """

    id: str
    label: Label
    samples: tuple[Sample, ...] = ()
    text: Sample | None = None


def normalize_label(raw: object, *, where: str) -> Label:
    """`True` / `False` / `Uncertain` from any of the datasets' spellings."""
    label = _LABEL_SPELLINGS.get(str(raw).strip().lower())
    if label is None:
        raise DatasetError(f"{where}: unknown label {raw!r} (expected True, False or Uncertain)")
    return label


def read_json(path: Path) -> object:
    """Parse a JSON file, turning I/O and syntax problems into `DatasetError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def read_jsonl(path: Path) -> list[tuple[int, object]]:
    """Parse a JSON-lines file into `(line number, object)` pairs, skipping blank lines.

    Read by `veridot.verifier.inputs.read_stream`, the JSONL reader `veridot check` uses (the same
    byte order mark, record limit and messages), but strict: the first bad line is a DatasetError.
    """
    from veridot.verifier.inputs import read_stream  # only the JSONL formats need it

    rows: list[tuple[int, object]] = []
    try:
        with path.open("rb") as handle:
            for item in read_stream(str(path), handle):
                if item.failure is not None:
                    where = f"line {item.line}: " if item.line is not None else ""
                    raise DatasetError(f"{path}: {where}{item.failure.message}")
                assert item.line is not None  # JSONL records always have their line
                rows.append((item.line, item.obj))
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror or exc}") from None
    return rows


def expect_str(obj: dict[str, object], key: str, *, where: str) -> str:
    """`obj[key]` as a string, or a `DatasetError` naming the record."""
    value = obj.get(key)
    if not isinstance(value, str):
        raise DatasetError(f"{where}: field {key!r} missing or not a string")
    return value


def expect_str_list(obj: dict[str, object], key: str, *, where: str) -> list[str]:
    """`obj[key]` as a list of strings, or a `DatasetError` naming the record."""
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DatasetError(f"{where}: field {key!r} missing or not a list of strings")
    return list(value)
