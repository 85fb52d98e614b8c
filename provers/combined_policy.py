"""The `both` and `portfolio` policies as pure functions (no solver, no process).

Kept apart from `provers.combined` so the verifier can recognise a disagreement without
importing anything optional. The policy, for `both`:

- the two backends give the same verdict: that verdict, with the first backend's evidence
  (z3's unsat core or models);
- one gives a definite verdict (entailed, contradicted, unsupported, inconsistent) and the
  other gives up (`unknown`): the definite verdict, the other's reason noted in `reason`;
- they give *different* definite verdicts: `unknown` with the reason
  `prover_disagreement: z3=entailed, cvc5=unsupported` (never either verdict); the verifier
  reports it as a `prover_disagreement` finding with both verdicts (`disagreement` parses
  them back);
- both give up: `unknown`, with both reasons.

For `portfolio`: the first definite answer wins; `unknown` only if both give up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from provers.base import ProofResult, Verdict

BACKENDS: tuple[str, ...] = ("z3", "cvc5")  # order: whose evidence `both` reports
DISAGREEMENT = "prover_disagreement"
_DISAGREEMENT_RE = re.compile(r"(\w+)=(\w+)")


def combine_both(results: Mapping[str, ProofResult]) -> ProofResult:
    """The `both` verdict from each backend's result (see the module docstring)."""
    ordered = [(name, results[name]) for name in BACKENDS if name in results]
    definite = [(name, r) for name, r in ordered if r.verdict is not Verdict.UNKNOWN]
    if not definite:
        reason = "; ".join(f"{name}: {r.reason or 'unknown'}" for name, r in ordered)
        return ProofResult(Verdict.UNKNOWN, reason=reason, prover="both")
    if len({r.verdict for _, r in definite}) > 1:
        pairs = ", ".join(f"{name}={r.verdict.value}" for name, r in definite)
        return ProofResult(Verdict.UNKNOWN, reason=f"{DISAGREEMENT}: {pairs}", prover="both")
    _, chosen = definite[0]
    gave_up = [(name, r) for name, r in ordered if r.verdict is Verdict.UNKNOWN]
    note = "; ".join(f"{name} gave up: {r.reason or 'unknown'}" for name, r in gave_up)
    return replace(chosen, reason=note or chosen.reason, prover="both")


def disagreement(result: ProofResult) -> dict[str, str] | None:
    """The backends' verdicts if `result` is a `both` disagreement (`{"z3": "entailed", ...}`)."""
    if result.verdict is not Verdict.UNKNOWN or not result.reason.startswith(DISAGREEMENT):
        return None
    return dict(_DISAGREEMENT_RE.findall(result.reason[len(DISAGREEMENT) :]))


def first_definite(results: Mapping[str, ProofResult]) -> ProofResult:
    """`portfolio`: the first definite result in `results` (arrival order), else unknown."""
    for name, result in results.items():
        if result.verdict is not Verdict.UNKNOWN:
            return replace(result, prover=f"portfolio:{name}")
    reason = "; ".join(f"{name}: {r.reason or 'unknown'}" for name, r in results.items())
    return ProofResult(Verdict.UNKNOWN, reason=reason, prover="portfolio")
