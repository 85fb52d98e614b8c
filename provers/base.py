"""The `Prover` interface every backend implements, and the verdicts and evidence it returns.

A prover answers one question: given premises P and a claim C, does P entail C, entail ¬C,
neither, or is P itself unsatisfiable? Timeouts and give-ups are verdicts (`unknown`), never
exceptions. Evidence travels with the verdict: the premises used (an unsat core) for
`entailed` / `contradicted`, and a readable countermodel (P true, C false) plus a witness model
(P and C true) for `unsupported`.

Backends live in their own modules (`veridot.provers.z3_prover`, ...) and are found through
`veridot.provers.registry`; only those modules import a solver library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature

DEFAULT_TIMEOUT_S = 2.0


class Verdict(StrEnum):
    """What a prover concluded about a claim C from premises P."""

    ENTAILED = "entailed"  # P ⊨ C
    CONTRADICTED = "contradicted"  # P ⊨ ¬C
    UNSUPPORTED = "unsupported"  # neither: a countermodel exists and so does a witness
    INCONSISTENT = "inconsistent"  # P alone is unsatisfiable (instead of a vacuous entailed)
    UNKNOWN = "unknown"  # the solver gave up or the deadline passed


class Cause(StrEnum):
    """Why a verdict is `unknown`, for programs (`ProofResult.reason` is the text for people).

    Each value is the word the reason text starts with where it has one (`timeout`,
    `solver_gave_up: ...`, `division_by_zero: ...`), so a cause never needs to be read back
    from the text.
    """

    TIMEOUT = "timeout"  # the deadline passed (or a solver process overran it and was stopped)
    GAVE_UP = "solver_gave_up"  # the solver answered unknown (incomplete quantifiers, ...)
    DIVISION_BY_ZERO = "division_by_zero"  # the verdict would rest on a quotient by 0
    TOO_COMPLEX = "too_complex"  # numbers beyond `veridot.parser.limits`: never given to a solver
    DISAGREEMENT = "prover_disagreement"  # `both`: the backends gave different verdicts
    SOLVER_ERROR = "solver_error"  # the solver failed (an API error, a dead process)
    PROVER_ERROR = "prover_error"  # the prover refused the problem (`ProverError`)


class ProverError(Exception):
    """A prover could not be used at all (not installed, unsupported construct)."""


class ProverNotInstalledError(ProverError):
    """The backend's solver library is not installed (an optional extra)."""


@dataclass(frozen=True, slots=True)
class Model:
    """A finite world, readable by people: the domain, what constants denote, true atoms.

    `domain` lists element names (`e0`, `e1`, ...; never the name of a symbol, never empty);
    `constants` maps each object constant to its element; `true_atoms` lists the ground atoms
    that hold, printed as FOL (`Blue(bob)`, `Chases(e0, e1)`), and object function values
    (`fatherOf(bob) = e1`); `numbers` maps numeric constants and ground numeric function
    applications to exact values printed as text (`"24"`, `"5/2"`). `omitted` says what the
    rendering caps left out (empty: the world is shown in full). `checked` is True when the
    premises and the claim were evaluated in exactly this printed world and came out as the
    evidence claims (`veridot.provers.world_check`); False when the printed world cannot settle it.
    """

    domain: tuple[str, ...] = ()
    constants: dict[str, str] = field(default_factory=dict)
    true_atoms: tuple[str, ...] = ()
    numbers: dict[str, str] = field(default_factory=dict)
    omitted: tuple[str, ...] = ()
    checked: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "domain": list(self.domain),
            "constants": dict(self.constants),
            "true_atoms": list(self.true_atoms),
            "numbers": dict(self.numbers),
            "omitted": list(self.omitted),
            "checked": self.checked,
        }


@dataclass(frozen=True, slots=True)
class ProofResult:
    """A verdict with its evidence.

    `used_premises` are 0-based indices into the premises passed in (an unsat core; for
    `inconsistent`, a core of the premises alone). `countermodel` is a world where every
    premise holds and the claim fails (`unsupported` only); `witness` one where premises and
    claim all hold. `reason` explains an `unknown` to people (timeout, solver gave up,
    incomplete theory); `cause` says the same to programs (None for a definite verdict).
    `verdicts` holds each backend's verdict when `both` backends disagree
    (`{"z3": "entailed", "cvc5": "unsupported"}`, cause `disagreement`), else it is empty.
    Neither `cause` nor `verdicts` is in `to_dict` (its JSON is the one callers know).
    """

    verdict: Verdict
    used_premises: tuple[int, ...] = ()
    countermodel: Model | None = None
    witness: Model | None = None
    elapsed_ms: float = 0.0
    reason: str = ""
    prover: str = ""
    cause: Cause | None = None
    verdicts: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict.value,
            "used_premises": list(self.used_premises),
            "countermodel": self.countermodel.to_dict() if self.countermodel else None,
            "witness": self.witness.to_dict() if self.witness else None,
            "elapsed_ms": round(self.elapsed_ms, 3),
            "reason": self.reason,
            "prover": self.prover,
        }


class ProverSession(Protocol):
    """One solver kept across many checks of one problem (a diagram, a chain).

    Formulas are registered once with `add`, which returns their id; `check` decides a claim
    against a set of registered ids. Implementations reuse solver state between checks
    (push/pop) so that a chain of N steps, each resting on everything before it, costs O(N)
    solver checks rather than rebuilding the solver each time.
    """

    def add(self, formula: Formula) -> int:
        """Register a formula that later checks may rest on; returns its id."""
        ...

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Decide `claim` from the registered formulas `premise_ids`.

        `used_premises` in the result are positions in `premise_ids`, not ids.
        """
        ...

    def close(self) -> None:
        """Release the solver."""
        ...


class Prover(Protocol):
    """A backend: decides entailment with a hard deadline on every call."""

    name: str

    def prove(
        self, premises: Sequence[Formula], claim: Formula, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ProofResult:
        """Decide `claim` from `premises`, within `timeout` seconds of wall time."""
        ...

    def session(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> ProverSession:
        """A session for many checks over one growing set of formulas.

        `signature`, when given, fixes every symbol's sort up front (inferred over a whole
        diagram), so each check reads the symbols as the whole problem does; the session
        uses it as given for every formula whose symbols it has (sorts are inferred once)
        and infers sorts only for formulas with other symbols.
        """
        ...


def prove_in(session: ProverSession, premises: Sequence[Formula], claim: Formula) -> ProofResult:
    """A one-off `prove`: `claim` checked against all `premises` in a new `session`, which is
    then closed (every backend's `prove` is this)."""
    try:
        ids = [session.add(premise) for premise in premises]
        return session.check(ids, claim)
    finally:
        session.close()
