"""`Z3Prover`: the Z3 backend behind the `Prover` interface.

A thin class in the pysmt manner: `provers.z3_convert` turns the AST into Z3 terms,
`provers.z3_session` decides claims (verdicts, unsat cores, models, deadlines) and
`provers.z3_model` renders models. A one-off `prove` is a session with one check; sort
inference runs over the premises and the claim together, so a symbol's sort may be fixed by
the claim (`a = b` ⊨ `a = 3` types `a` and `b` as numbers).
"""

from __future__ import annotations

from collections.abc import Sequence

from parser.ast import Formula
from parser.sorts import Signature, infer_signature
from provers.base import DEFAULT_TIMEOUT_S, ProofResult
from provers.z3_convert import check_depth
from provers.z3_session import Z3Session


class Z3Prover:
    """Decides entailment with Z3; every call has a hard deadline (default 2 s)."""

    name = "z3"

    def prove(
        self,
        premises: Sequence[Formula],
        claim: Formula,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        evidence: bool = True,
    ) -> ProofResult:
        """Decide `claim` from `premises` within `timeout` seconds.

        `evidence=False` is for callers that read only the verdict (`veridot eval`): the
        verdict is decided the same way, but no countermodel or witness is rendered and
        `used_premises` is an unsat core that may not be minimal.

        Raises `parser.errors.SortError` when a symbol is used with two sorts or arities and
        `NestingError` for formulas deeper than `parser.fol.MAX_DEPTH`.
        """
        for formula in (*premises, claim):
            check_depth(formula)  # before sort inference, which may recurse
        signature = infer_signature([*premises, claim])
        session = Z3Session(timeout=timeout, signature=signature, evidence=evidence)
        try:
            ids = [session.add(premise) for premise in premises]
            return session.check(ids, claim)
        finally:
            session.close()

    def session(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> Z3Session:
        """A session for many checks over one growing set of formulas.

        `signature`, when given, fixes sorts up front (e.g. inferred over a whole diagram);
        otherwise sorts are inferred incrementally as formulas arrive.
        """
        return Z3Session(timeout=timeout, signature=signature)
