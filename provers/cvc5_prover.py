"""`Cvc5Prover`: the cvc5 backend behind the `Prover` interface (optional: `veridot[cvc5]`).

A thin class in the pysmt manner, like `veridot.provers.z3_prover`: `veridot.provers.cvc5_convert`
turns the AST into cvc5 terms (through cvc5's pythonic API), `veridot.provers.cvc5_session` decides
claims and `veridot.provers.cvc5_model` renders models. Importing this module without the `cvc5`
package raises `ProverNotInstalledError` with the install command, so
`veridot.provers.registry.available_provers()` lists cvc5 only where it can run.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from veridot.provers.base import (
    DEFAULT_TIMEOUT_S,
    Cause,
    ProofResult,
    ProverNotInstalledError,
    Verdict,
    prove_in,
)

try:
    import cvc5.pythonic  # noqa: F401 - only to fail early with a clear message
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ProverNotInstalledError(
        "the cvc5 prover needs the cvc5 package: pip install 'veridot[cvc5]'"
    ) from exc

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature, infer_signature
from veridot.provers.cvc5_session import Cvc5Session
from veridot.provers.sizes import Size, measure, too_complex
from veridot.provers.translation import check_depth


class Cvc5Prover:
    """Decides entailment with cvc5; every call is bounded by `timeout` (default 2 s)."""

    name = "cvc5"

    def prove(
        self, premises: Sequence[Formula], claim: Formula, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ProofResult:
        """Decide `claim` from `premises` within `timeout` seconds.

        Raises `veridot.parser.errors.SortError` on sort or arity clashes and `NestingError` for
        formulas deeper than `veridot.parser.fol.MAX_DEPTH`.
        """
        for formula in (*premises, claim):
            check_depth(formula)
        size = functools.reduce(Size.join, map(measure, premises), measure(claim))
        if too_complex(size):  # numbers beyond `veridot.parser.limits`: not given to cvc5 at all
            reason = too_complex(size)
            return ProofResult(
                Verdict.UNKNOWN, reason=reason, prover=self.name, cause=Cause.TOO_COMPLEX
            )
        session = self.session(timeout=timeout, signature=infer_signature([*premises, claim]))
        return prove_in(session, premises, claim)

    def session(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> Cvc5Session:
        """A session for many checks over one growing set of formulas."""
        return Cvc5Session(timeout=timeout, signature=signature)
