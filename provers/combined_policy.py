"""The `both` and `portfolio` policies as pure functions (no solver, no process).

Kept apart from `veridot.provers.combined` so the verifier can recognise a disagreement without
importing anything optional. The policy, for `both`:

- the two backends give the same verdict: that verdict, with the first backend's evidence
  (z3's unsat core or models);
- one gives a definite verdict (entailed, contradicted, unsupported, inconsistent) and the
  other gives up (`unknown`): the definite verdict, the other's reason noted in `reason`;
- they give *different* definite verdicts: `unknown` with the reason
  `prover_disagreement: z3=entailed, cvc5=unsupported` (never either verdict), the cause
  `Cause.DISAGREEMENT` and both verdicts in `verdicts`; the verifier reports it as a
  `prover_disagreement` finding with both verdicts (`disagreement` gives them);
- both give up: `unknown`, with both reasons (the cause is the first backend's).

For `portfolio`: the first definite answer wins; `unknown` only if both give up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from veridot.provers.base import Cause, ProofResult, Verdict

BACKENDS: tuple[str, ...] = ("z3", "cvc5")  # order: whose evidence `both` reports
DISAGREEMENT = Cause.DISAGREEMENT.value


def combine_both(results: Mapping[str, ProofResult]) -> ProofResult:
    """The `both` verdict from each backend's result (see the module docstring)."""
    ordered = [(name, results[name]) for name in BACKENDS if name in results]
    definite = [(name, r) for name, r in ordered if r.verdict is not Verdict.UNKNOWN]
    if not definite:
        return _gave_up(ordered, "both")
    if len({r.verdict for _, r in definite}) > 1:
        verdicts = {name: r.verdict.value for name, r in definite}
        pairs = ", ".join(f"{name}={verdict}" for name, verdict in verdicts.items())
        return ProofResult(
            Verdict.UNKNOWN,
            reason=f"{DISAGREEMENT}: {pairs}",
            prover="both",
            cause=Cause.DISAGREEMENT,
            verdicts=verdicts,
        )
    _, chosen = definite[0]
    gave_up = [(name, r) for name, r in ordered if r.verdict is Verdict.UNKNOWN]
    note = "; ".join(f"{name} gave up: {r.reason or 'unknown'}" for name, r in gave_up)
    return replace(chosen, reason=note or chosen.reason, prover="both")


def disagreement(result: ProofResult) -> dict[str, str] | None:
    """The backends' verdicts if `result` is a `both` disagreement (`{"z3": "entailed", ...}`)."""
    if result.verdict is not Verdict.UNKNOWN or result.cause is not Cause.DISAGREEMENT:
        return None
    return dict(result.verdicts)


def first_definite(results: Mapping[str, ProofResult]) -> ProofResult:
    """`portfolio`: the first definite result in `results` (arrival order), else unknown."""
    for name, result in results.items():
        if result.verdict is not Verdict.UNKNOWN:
            return replace(result, prover=f"portfolio:{name}")
    return _gave_up(list(results.items()), "portfolio")


def _gave_up(results: list[tuple[str, ProofResult]], prover: str) -> ProofResult:
    """`unknown` when every backend gave up: each one's reason, the first one's cause."""
    reason = "; ".join(f"{name}: {r.reason or 'unknown'}" for name, r in results)
    cause = results[0][1].cause if results else None
    return ProofResult(Verdict.UNKNOWN, reason=reason, prover=prover, cause=cause)
