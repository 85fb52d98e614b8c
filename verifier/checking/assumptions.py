"""What a diagram's checks may assume: its nodes' formulas in one prover session.

`Assumptions` owns the diagram's `ProverSession` (opened on the first check, after every node
is formalised, so the session reads each symbol with the sorts of the whole diagram) and the
formula ids in it: each claim or definition of a node is added once, under a key `(node, k)`
(claim k; definition j for k = -1 - j), and every check names the ids it rests on, so a chain
costs linear work. Claims found `contradicted` are `refute`d and never assumed again. A
formula the backend refuses is not assumed and its node counts as missing. What the checks
prove satisfiable is kept (`veridot.verifier.satisfiable`): a ground claim over premises known
satisfiable is decided exactly without the session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from veridot.parser.ast import Formula
from veridot.parser.errors import ParseError
from veridot.parser.semantic import TranslationStatus
from veridot.provers.base import Cause, ProofResult, ProverError, ProverSession, Verdict
from veridot.verifier.options import CheckOptions
from veridot.verifier.satisfiable import Satisfiable
from veridot.verifier.translate import Formaliser

Key = tuple[str, int]
"""A node's formula: (node id, k), claim k for k >= 0, definition j for k = -1 - j."""


class Assumptions:
    """The prover session of one diagram and the node formulas added to it."""

    def __init__(
        self, formaliser: Formaliser, options: CheckOptions, formalise_all: Callable[[], None]
    ) -> None:
        self.formaliser = formaliser
        self._options = options
        self._formalise_all = formalise_all
        self._session: ProverSession | None = None
        self._premise_ids: dict[Key, int] = {}
        self.owner: dict[int, Key] = {}
        self._refuted: set[Key] = set()
        self.known = Satisfiable(lambda premise_id: self.formaliser.claim(self.owner[premise_id]))

    def session(self) -> ProverSession:
        """The diagram's session, opened on first use."""
        if self._session is None:
            from veridot.provers.registry import get_prover

            # Sorts come from the whole diagram, as for the same formulas proved at once:
            # formalise every node first (memoised, in the same order and with the same role
            # as the run), so no step is read with sorts a later node would change. The session
            # uses these sorts as given (inferred once, here).
            self._formalise_all()
            self._session = get_prover(self._options.prover).session(
                timeout=self._options.timeout, signature=self.formaliser.signature()
            )
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def premise_id(self, nid: str, k: int) -> int | None:
        """The session id of claim k of node nid (definition j for k = -1 - j), adding it on
        first use (None if refused)."""
        key = (nid, k)
        if key not in self._premise_ids:
            formal = self.formaliser.get(nid)
            if formal is None or not -len(formal.definitions) <= k < len(formal.claims):
                return None
            try:
                premise_id = self.session().add(self.formaliser.claim(key))
            except (ProverError, ParseError):  # refused by the backend: not assumed
                return None
            self._premise_ids[key] = premise_id
            self.owner[premise_id] = key
        return self._premise_ids[key]

    def refute(self, key: Key) -> None:
        """Never assume this claim again: it was found contradicted."""
        self._refuted.add(key)

    def assumed(self, uses: Sequence[str]) -> tuple[list[int], list[str]]:
        """Session ids of every assumable claim of the nodes in `uses`, and the used nodes
        whose content is missing (untranslated, or refused by the prover)."""
        premise_ids: list[int] = []
        missing: list[str] = []
        for uid in uses:
            formal = self.formaliser.get(uid)
            if formal is None:
                continue
            if formal.status is TranslationStatus.UNTRANSLATED:
                missing.append(uid)
                continue
            # Definitions first: a node's claims may rest on them, never the other way round.
            keys = [-1 - j for j in range(len(formal.definitions))]
            for k in [*keys, *range(len(formal.claims))]:
                if (uid, k) in self._refuted:
                    continue
                premise_id = self.premise_id(uid, k)
                if premise_id is None:
                    missing.append(uid)
                else:
                    premise_ids.append(premise_id)
        return premise_ids, missing

    def prove(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        """Whether the formulas `premise_ids` entail `claim` (a backend error: undecided)."""
        known = self.known.decide(premise_ids, claim)  # ground arithmetic: exact, no solver call
        if known is not None:
            return known
        try:
            result = self.session().check(premise_ids, claim)
        except (ProverError, ParseError) as err:  # unsupported construct: undecided, no crash
            reason = f"prover error: {err}"
            return ProofResult(Verdict.UNKNOWN, reason=reason, cause=Cause.PROVER_ERROR)
        self.known.learn(premise_ids, result)
        return result

    def core(self, premise_ids: Sequence[int], result: ProofResult) -> list[Key]:
        """The formulas among `premise_ids` that the proof `result` used."""
        return [self.owner[premise_ids[i]] for i in result.used_premises if i < len(premise_ids)]

    def formulas(self, premise_ids: Sequence[int]) -> list[Formula]:
        """The formulas behind session ids."""
        return [self.formaliser.claim(self.owner[p]) for p in premise_ids]
