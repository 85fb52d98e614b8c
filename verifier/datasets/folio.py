"""FOLIO JSON-lines files: gold FOL (`premises-FOL`, `conclusion-FOL`) and the English text.

Validation lines carry `premises`, `premises-FOL`, `conclusion`, `conclusion-FOL`, `label`;
training lines have ids (`example_id`) but no `conclusion-FOL`, so they only offer the text.
"""

from __future__ import annotations

from pathlib import Path

from veridot.verifier.datasets.base import (
    DatasetError,
    Problem,
    Sample,
    expect_str,
    expect_str_list,
    normalize_label,
    read_jsonl,
)


def load_folio(path: Path) -> list[Problem]:
    """Every line of a FOLIO jsonl file as a `Problem` (id: `example_id`, else its index)."""
    problems: list[Problem] = []
    for index, (line, obj) in enumerate(read_jsonl(path)):
        where = f"{path}: line {line}"
        if not isinstance(obj, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        label = normalize_label(obj.get("label"), where=where)
        raw_id = obj.get("example_id", obj.get("id"))
        problem_id = str(raw_id) if raw_id is not None else str(index)
        samples: tuple[Sample, ...] = ()
        if "premises-FOL" in obj and "conclusion-FOL" in obj:
            samples = (
                Sample(
                    premises=tuple(expect_str_list(obj, "premises-FOL", where=where)),
                    conclusion=expect_str(obj, "conclusion-FOL", where=where),
                ),
            )
        text: Sample | None = None
        if "premises" in obj and "conclusion" in obj:
            text = Sample(
                premises=tuple(p.strip() for p in expect_str_list(obj, "premises", where=where)),
                conclusion=expect_str(obj, "conclusion", where=where).strip(),
            )
        if not samples and text is None:
            raise DatasetError(f"{where}: neither FOL nor text premises and conclusion")
        problems.append(Problem(id=problem_id, label=label, samples=samples, text=text))
    return problems
