"""LINC outputs: `*_generations_raw.json` (k samples per item) plus `*_references.json` (gold).

A neurosymbolic sample is a run of `TEXT:\t<sentence>` / `FOL:\t<formula>` lines in NLTK
syntax; the last FOL line is the conclusion, the others are premises. The evaluator decides
each sample and takes a majority vote over the translatable ones. The English view is the
`TEXT:` lines the model echoed in its first sample that has any.
"""

from __future__ import annotations

from pathlib import Path

from veridot.verifier.datasets.base import DatasetError, Problem, Sample, normalize_label, read_json

_RAW_SUFFIX = "_generations_raw.json"
_REFERENCES_SUFFIX = "_references.json"


def references_path(raw: Path) -> Path:
    """The `_references.json` that sits next to a `_generations_raw.json` (same prefix)."""
    if not raw.name.endswith(_RAW_SUFFIX):
        raise DatasetError(
            f"{raw}: a LINC generations file ends in {_RAW_SUFFIX!r}; "
            "pass the gold labels with --references"
        )
    return raw.with_name(raw.name[: -len(_RAW_SUFFIX)] + _REFERENCES_SUFFIX)


def _tagged_lines(sample: str, tag: str) -> list[str]:
    prefix = tag + ":"
    return [
        line[len(prefix) :].strip()
        for line in sample.splitlines()
        if line.startswith(prefix) and line[len(prefix) :].strip()
    ]


def split_sample(sample: str) -> Sample:
    """Premise and conclusion FOL texts of one LINC sample."""
    formulas = _tagged_lines(sample, "FOL")
    if not formulas:
        return Sample((), "", error="no 'FOL:' line in the sample")
    return Sample(tuple(formulas[:-1]), formulas[-1])


def _text_view(samples: list[str]) -> Sample | None:
    for sample in samples:
        sentences = _tagged_lines(sample, "TEXT")
        if len(sentences) >= 2:
            return Sample(tuple(sentences[:-1]), sentences[-1])
    return None


def load_linc(path: Path, *, references: Path | None = None) -> list[Problem]:
    """The problems of a LINC raw generations file, labelled from its references file."""
    references = references or references_path(path)
    if not references.exists():
        raise DatasetError(
            f"gold labels not found: {references} does not exist (pass --references PATH)"
        )
    raw = read_json(path)
    gold = read_json(references)
    if not isinstance(raw, list) or not all(
        isinstance(item, list) and all(isinstance(s, str) for s in item) for item in raw
    ):
        raise DatasetError(f"{path}: expected a JSON list of lists of strings (samples per item)")
    if not isinstance(gold, list):
        raise DatasetError(f"{references}: expected a JSON list of labels")
    if len(gold) != len(raw):
        raise DatasetError(f"{references} has {len(gold)} labels but {path} has {len(raw)} items")
    problems: list[Problem] = []
    for index, (item, label) in enumerate(zip(raw, gold, strict=True)):
        where = f"{references}: item {index}"
        samples = tuple(split_sample(sample) for sample in item) or (
            Sample((), "", error="no sample generated"),
        )
        problems.append(
            Problem(
                id=str(index),
                label=normalize_label(label, where=where),
                samples=samples,
                text=_text_view(item),
            )
        )
    return problems
