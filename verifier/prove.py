"""The library entry point for one entailment question: `prove(premises, conclusion)`.

Strings are parsed as FOL (any of the three dialects); ASTs pass through. Sorts are inferred
over the premises and the conclusion together by the backend. Syntax, sort and arity errors
raise `parser.errors.ParseError` (subclasses `SortError`, `NestingError`) with line and
column, for the CLI to print; prover problems raise `provers.base.ProverError`. A timeout or
a solver give-up is not an error: it is the verdict `unknown`.

Example::

    >>> from verifier import prove
    >>> prove(["price = 48 / 2"], "price = 24").verdict.value
    'entailed'
"""

from __future__ import annotations

from collections.abc import Sequence

from parser.ast import Formula
from parser.fol import parse_fol
from provers.base import DEFAULT_TIMEOUT_S, ProofResult
from provers.registry import get_prover


def _formula(item: str | Formula) -> Formula:
    return parse_fol(item) if isinstance(item, str) else item


def prove(
    premises: Sequence[str | Formula],
    conclusion: str | Formula,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    prover: str = "z3",
) -> ProofResult:
    """Decide whether `premises` entail, contradict or leave open `conclusion`.

    Returns a `ProofResult`: `verdict` (entailed / contradicted / unsupported /
    inconsistent / unknown), `used_premises` (0-based indices into `premises`: the unsat
    core), `countermodel` and `witness` for unsupported claims, `elapsed_ms`, `reason` for
    unknown. `timeout` is a hard wall-clock deadline in seconds; `prover` a name from
    `provers.registry.available_provers()`.
    """
    if isinstance(premises, str):
        raise TypeError("premises must be a sequence of formulas, not one string")
    formulas = [_formula(item) for item in premises]
    claim = _formula(conclusion)
    return get_prover(prover).prove(formulas, claim, timeout=timeout)
