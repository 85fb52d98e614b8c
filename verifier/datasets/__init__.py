"""Benchmark problems (premises, conclusion, gold answer) read from FOLIO, Logic-LM and LINC files.

Every loader returns `Problem`s in one shape so that `veridot.verifier.evaluate` scores them the
same way. A problem may carry formal samples (FOL text, one per LLM sample: one for FOLIO gold and
Logic-LM programs, ten for LINC) and a natural-language view (sentences for a semantic parser
such as the controlled-English one). Loaders only read and split text; translating it into
formulas is the evaluator's job, so a formula that does not parse becomes an `untranslated`
outcome there, never a loader error. A file that cannot be read at all raises `DatasetError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from veridot.verifier.datasets.base import (
    LABELS,
    DatasetError,
    Label,
    Problem,
    Sample,
    normalize_label,
)

FORMATS = ("folio", "logic-llm", "linc")
Format = Literal["folio", "logic-llm", "linc"]

__all__ = [
    "FORMATS",
    "LABELS",
    "DatasetError",
    "Format",
    "Label",
    "Problem",
    "Sample",
    "load_problems",
    "normalize_label",
]


def load_problems(
    path: str | Path, fmt: str, *, references: str | Path | None = None
) -> list[Problem]:
    """Read every problem of `path` in format `fmt` (`folio`, `logic-llm` or `linc`).

    `references` is only used by `linc`: the gold-label file; by default the
    `*_references.json` next to the raw generations file.
    """
    path = Path(path)
    if fmt == "folio":
        from veridot.verifier.datasets.folio import load_folio

        return load_folio(path)
    if fmt == "logic-llm":
        from veridot.verifier.datasets.logic_llm import load_logic_llm

        return load_logic_llm(path)
    if fmt == "linc":
        from veridot.verifier.datasets.linc import load_linc

        return load_linc(path, references=Path(references) if references else None)
    raise DatasetError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
