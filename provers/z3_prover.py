"""`Z3Prover`: the Z3 backend behind the `Prover` interface.

A thin class in the pysmt manner: `veridot.provers.z3_convert` turns the AST into Z3 terms,
`veridot.provers.z3_session` decides claims (verdicts, unsat cores, models, deadlines) and
`veridot.provers.z3_model` renders models. A one-off `prove` is a session with one check; sort
inference runs over the premises and the claim together, so a symbol's sort may be fixed by
the claim (`a = b` ⊨ `a = 3` types `a` and `b` as numbers).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import replace

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature, infer_signature
from veridot.provers.base import DEFAULT_TIMEOUT_S, Cause, ProofResult, Verdict, prove_in
from veridot.provers.sizes import Size, measure, too_complex
from veridot.provers.translation import check_depth
from veridot.provers.z3_session import Z3Session


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

        The deadline covers the whole call: sort inference and translation count against it.
        `evidence=False` is for callers that read only the verdict (`veridot eval`): the
        verdict is decided the same way, but no countermodel or witness is rendered and
        `used_premises` is an unsat core that may not be minimal.

        Raises `veridot.parser.errors.SortError` when a symbol is used with two sorts or arities and
        `NestingError` for formulas deeper than `veridot.parser.fol.MAX_DEPTH`.
        """
        started = time.monotonic()
        for formula in (*premises, claim):
            check_depth(formula)  # before sort inference, which may recurse
        size = functools.reduce(Size.join, map(measure, premises), measure(claim))
        if too_complex(size):  # numbers beyond `veridot.parser.limits`: not given to Z3 at all
            elapsed = (time.monotonic() - started) * 1000.0
            return ProofResult(
                Verdict.UNKNOWN,
                elapsed_ms=elapsed,
                reason=too_complex(size),
                prover=self.name,
                cause=Cause.TOO_COMPLEX,
            )
        signature = infer_signature([*premises, claim])
        if evidence:
            session = Z3Session(timeout=timeout, signature=signature, typed=True, started=started)
            return prove_in(session, premises, claim)
        # Verdict only: the thread's shared context and solver (no context to create, no
        # solver to switch into incremental mode). Sat / unsat answers do not depend on the
        # context's history, but whether Z3 gives up on quantifiers may: so a problem it
        # gave up on (not a timeout) is decided again in a context of its own, within the
        # time left, and that answer stands.
        session = Z3Session(
            timeout=timeout,
            signature=signature,
            evidence=False,
            shared=True,
            typed=True,
            started=started,
        )
        result = prove_in(session, premises, claim)
        if result.verdict is not Verdict.UNKNOWN or result.cause is Cause.TIMEOUT:
            return result
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            return ProofResult(
                Verdict.UNKNOWN, elapsed_ms=result.elapsed_ms, reason="timeout", cause=Cause.TIMEOUT
            )
        alone = Z3Session(timeout=left, signature=signature, evidence=False, typed=True)
        fresh = prove_in(alone, premises, claim)
        return replace(fresh, elapsed_ms=(time.monotonic() - started) * 1000.0)

    def session(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> Z3Session:
        """A session for many checks over one growing set of formulas.

        `signature`, when given, fixes sorts up front (e.g. inferred over a whole diagram);
        otherwise sorts are inferred incrementally as formulas arrive.
        """
        return Z3Session(timeout=timeout, signature=signature)
