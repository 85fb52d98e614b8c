"""What an evaluation produces and how it is scored: outcomes, per-sample and per-problem
results, the majority vote over samples, and `EvalSummary` (the `veridot eval --json` object).

A prover verdict stands for an outcome: entailed -> True, contradicted -> False, unsupported
-> Uncertain. `inconsistent`, `unknown` and `untranslated` are outcomes of their own: they are
never turned into an answer (soundness over coverage) and always count as wrong. With several
samples (LINC), the answer is the majority over the translatable samples, ties going to the
outcome seen first (as `collections.Counter.most_common` does in LINC); a problem with no
translatable sample is untranslated. Deciding the problems is `veridot.verifier.evaluate`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from veridot.provers.base import Verdict
from veridot.verifier.datasets import LABELS, Label
from veridot.verifier.readings import CLASSICAL, Reading

# A sample's or problem's answer (the JSON keeps its old word: `outcome`, `outcomes`).
Answer = Literal["True", "False", "Uncertain", "inconsistent", "unknown", "untranslated"]
ANSWERS: tuple[Answer, ...] = (
    "True",
    "False",
    "Uncertain",
    "inconsistent",
    "unknown",
    "untranslated",
)

_ANSWER_OF: dict[Verdict, Answer] = {
    Verdict.ENTAILED: "True",
    Verdict.CONTRADICTED: "False",
    Verdict.UNSUPPORTED: "Uncertain",
    Verdict.INCONSISTENT: "inconsistent",
    Verdict.UNKNOWN: "unknown",
}


def answer_of(verdict: Verdict) -> Answer:
    """The problem-level outcome a prover verdict stands for."""
    return _ANSWER_OF[verdict]


@dataclass(frozen=True, slots=True)
class SampleResult:
    """The outcome of one sample, with the reason for untranslated / unknown ones."""

    outcome: Answer
    reason: str = ""
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "reason": self.reason,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


@dataclass(frozen=True, slots=True)
class ProblemResult:
    """A problem's gold label, the answer given (`predicted`) and the per-sample outcomes."""

    id: str
    gold: Label
    predicted: Answer
    samples: tuple[SampleResult, ...]
    elapsed_ms: float = 0.0

    @property
    def correct(self) -> bool:
        return self.predicted == self.gold

    @property
    def reason(self) -> str:
        """Why the answer is not a label: the first sample's reason, if any."""
        return next((s.reason for s in self.samples if s.reason), "")

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "reason": self.reason,
            "samples": [s.to_dict() for s in self.samples],
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


@dataclass(frozen=True)
class EvalSummary:
    """Scores over a set of problems; `to_dict()` is the `veridot eval --json` object."""

    results: tuple[ProblemResult, ...]
    elapsed_s: float
    parser: str = ""
    prover: str = ""
    reading: Reading = CLASSICAL

    @property
    def n(self) -> int:
        return len(self.results)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def accuracy(self) -> float:
        """Right answers over all problems (untranslated and unknown count as wrong)."""
        return self.correct / self.n if self.n else 0.0

    def count(self, outcome: Answer) -> int:
        return sum(r.predicted == outcome for r in self.results)

    @property
    def untranslated(self) -> int:
        return self.count("untranslated")

    def by_label(self) -> dict[str, dict[str, object]]:
        """Per gold label: how many problems, how many right, and the accuracy."""
        table: dict[str, dict[str, object]] = {}
        for label in LABELS:
            rows = [r for r in self.results if r.gold == label]
            right = sum(r.correct for r in rows)
            table[label] = {
                "n": len(rows),
                "correct": right,
                "accuracy": right / len(rows) if rows else 0.0,
            }
        return table

    def confusion_counts(self) -> dict[str, dict[str, int]]:
        """Gold label -> predicted outcome -> count (every outcome listed, zeros included)."""
        table: dict[str, dict[str, int]] = {label: dict.fromkeys(ANSWERS, 0) for label in LABELS}
        for r in self.results:
            table[r.gold][r.predicted] += 1
        return table

    def to_dict(self, *, problems: bool = False) -> dict[str, object]:
        """The summary as JSON-ready data; `problems=True` adds every problem's result."""
        translated = self.n - self.untranslated
        data: dict[str, object] = {
            "n": self.n,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "untranslated": self.untranslated,
            "accuracy_translated": self.correct / translated if translated else 0.0,
            "by_label": self.by_label(),
            "outcomes": {outcome: self.count(outcome) for outcome in ANSWERS},
            "confusion": self.confusion_counts(),
            "samples": sum(len(r.samples) for r in self.results),
            "samples_untranslated": sum(
                s.outcome == "untranslated" for r in self.results for s in r.samples
            ),
            "parser": self.parser,
            "prover": self.prover,
            "semantics": self.reading.semantics,
            "free_variables": self.reading.free_variables,
            "elapsed_s": round(self.elapsed_s, 4),
        }
        if problems:
            data["problems"] = [r.to_dict() for r in self.results]
        return data


def majority(outcomes: Iterable[Answer]) -> Answer:
    """The most frequent translatable outcome; ties go to the one seen first."""
    counts: dict[Answer, int] = {}
    for outcome in outcomes:
        if outcome != "untranslated":
            counts[outcome] = counts.get(outcome, 0) + 1
    if not counts:
        return "untranslated"
    best = max(counts.values())
    return next(outcome for outcome, count in counts.items() if count == best)
