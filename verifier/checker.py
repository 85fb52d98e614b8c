"""The checker behind `verifier.check.verify`: one diagram, one vocabulary, one prover session.

`Checker(diagram, options).run()` formalises nodes in topological order (via
`verifier.translate`), checks each claim node against the nodes it uses in a single
`ProverSession`, turns the prover's verdicts and evidence into `NodeResult`s with findings
and plain-English messages, checks `@entails` / `@eq` records, and ends with the `Report`.
The policy it implements is documented in `verifier.check`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from parser.ast import Formula, Not, Pred, conj
from parser.errors import ParseError
from parser.semantic import TranslationStatus
from provers.base import ProofResult, ProverError, ProverSession, Verdict
from provers.combined_policy import disagreement
from verifier import findings as F
from verifier.annotate import annotate
from verifier.cases import Cases, reused
from verifier.diagram import Diagram, Node, Role
from verifier.findings import Finding, Severity
from verifier.messages import MAX_QUOTE, Names, render
from verifier.report import (
    ClaimResult,
    NodeResult,
    NodeStatus,
    Report,
    first_error,
    invalid_statuses,
    nothing_checked,
    record_verdict,
    worst,
)
from verifier.spans import SpanIndex
from verifier.translate import Formal, Formaliser
from verifier.values import (
    Witness,
    forced_value,
    ground_comparison,
    witness,
)
from verifier.worlds import arithmetic_slip, describe_world, predicates_of

if TYPE_CHECKING:
    from verifier.check import Options

_VERDICT_STATUS = {
    Verdict.ENTAILED: NodeStatus.ENTAILED,
    Verdict.CONTRADICTED: NodeStatus.CONTRADICTED,
    Verdict.UNSUPPORTED: NodeStatus.UNSUPPORTED,
    Verdict.INCONSISTENT: NodeStatus.INCONSISTENT,
    Verdict.UNKNOWN: NodeStatus.UNKNOWN,
}
_CHECKED = (Role.PROPOSER, Role.SUMMARIZER)
_ROLE_STATUS = {
    Role.PREMISE: NodeStatus.PREMISE,
    Role.PROBLEM: NodeStatus.PROBLEM,
    Role.CRITIC: NodeStatus.CRITIC,
}


@dataclass
class Checker:
    """The state of one diagram's verification (one vocabulary, one prover session)."""

    diagram: Diagram
    options: Options
    formaliser: Formaliser = field(init=False)
    results: dict[str, NodeResult] = field(default_factory=dict)
    names: Names = field(init=False)
    _session: ProverSession | None = None
    _pids: dict[tuple[str, int], int] = field(default_factory=dict)
    _owner: dict[int, tuple[str, int]] = field(default_factory=dict)
    _refuted: set[tuple[str, int]] = field(default_factory=set)
    _inconsistent: list[tuple[frozenset[str], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.formaliser = Formaliser(
            default_parser=self.options.parser,
            record_parser=self.diagram.parser,
            llm=self.options.llm,
            cache=self.options.cache,
        )
        self.names = Names(roles={n.id: n.role.value for n in self.diagram.nodes})
        self._invalid = invalid_statuses(self.options.allow_unsupported)
        self._used_nodes = self.diagram.used_nodes()
        self._position = {n.id: i for i, n in enumerate(self.diagram.nodes)}
        self._deps: dict[str, set[str]] = {}
        self._cases = Cases(self._sorted)
        self._spans = SpanIndex(
            self.diagram,
            self.diagram.topological_order(),
            self._assumed,
            behind=self._behind,
            deps_of=self._deps_of,
        )
        self._claim_ends = {c.src for c in self.diagram.claims} | {
            c.dst for c in self.diagram.claims
        }

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> Iterator[NodeResult | Report]:
        started = time.perf_counter()
        try:
            for nid in self.diagram.topological_order():
                node = self.diagram.node(nid)
                t0 = time.perf_counter()
                result = self._node(node)
                result = replace(result, elapsed_ms=(time.perf_counter() - t0) * 1000)
                self.results[nid] = result
                self._deps.setdefault(nid, set())
                yield result
            claims = tuple(self._claim(i) for i in range(len(self.diagram.claims)))
        finally:
            if self._session is not None:
                self._session.close()
        yield self._report(claims, (time.perf_counter() - started) * 1000)

    def _node(self, node: Node) -> NodeResult:
        if node.role is Role.CRITIC:
            return self._plain(node, NodeStatus.CRITIC, None, [])
        if node.role in (Role.PREMISE, Role.PROBLEM):
            wanted = (
                node.role is Role.PREMISE
                or node.formula is not None
                or node.id in self._used_nodes
                or node.id in self._claim_ends
            )
            if not wanted:  # a question nobody rests on: context only, never translated
                return self._plain(node, _ROLE_STATUS[node.role], None, [])
            formal = self.formaliser.formalise(node, role="premise")
            notes = [self._finding(k, node, **a) for k, a in formal.problems(premise=True)]
            return self._plain(node, _ROLE_STATUS[node.role], formal, notes)
        return self._check_node(node)

    def _plain(
        self, node: Node, status: NodeStatus, formal: Formal | None, notes: list[Finding]
    ) -> NodeResult:
        return NodeResult(
            id=node.id,
            role=node.role.value,
            status=status,
            formulas=formal.formulas if formal else (),
            message=" ".join(f.message for f in notes),
            findings=tuple(notes),
            text=node.text,
            line=node.line,
            parser=formal.parser if formal else "",
        )

    def _is_bad(self, nid: str) -> bool:
        result = self.results.get(nid)
        return result is not None and result.status in self._invalid

    def _sorted(self, ids: set[str] | list[str]) -> list[str]:
        return sorted(ids, key=self._position.__getitem__)

    # -- session ---------------------------------------------------------------------------

    def session(self) -> ProverSession:
        if self._session is None:
            from provers.registry import get_prover

            # Sorts come from the whole diagram, as for the same formulas proved at once:
            # formalise every node first (memoised, in the same order and with the same role
            # as the run), so no step is read with sorts a later node would change.
            self._formalise_all()
            self._session = get_prover(self.options.prover).session(
                timeout=self.options.timeout, signature=self.formaliser.signature()
            )
        return self._session

    def _formalise_all(self) -> None:
        for nid in self.diagram.topological_order():
            node = self.diagram.node(nid)
            if node.role is Role.CRITIC:
                continue
            if node.role in (Role.PREMISE, Role.PROBLEM):
                wanted = (
                    node.role is Role.PREMISE
                    or node.formula is not None
                    or node.id in self._used_nodes
                    or node.id in self._claim_ends
                )
                if wanted:
                    self.formaliser.formalise(node, role="premise")
                continue
            self.formaliser.formalise(node, role="claim")

    def _pid(self, nid: str, k: int) -> int | None:
        """The session id of claim k of node nid (definition j for k = -1 - j), adding it on
        first use (None if refused)."""
        key = (nid, k)
        if key not in self._pids:
            formal = self.formaliser.get(nid)
            if formal is None or not -len(formal.definitions) <= k < len(formal.claims):
                return None
            try:
                pid = self.session().add(self.formaliser.claim(key))
            except (ProverError, ParseError):  # refused by the backend: not assumed
                return None
            self._pids[key] = pid
            self._owner[pid] = key
        return self._pids[key]

    def _assumed(self, uses: Sequence[str]) -> tuple[list[int], list[str]]:
        """Session ids of every assumable claim of the nodes in `uses`, and the used nodes
        whose content is missing (untranslated, or refused by the prover)."""
        pids: list[int] = []
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
                pid = self._pid(uid, k)
                if pid is None:
                    missing.append(uid)
                else:
                    pids.append(pid)
        return pids, missing

    def _own_definitions(
        self, node: Node, formal: Formal, pids: Sequence[int]
    ) -> tuple[list[int], Finding | None]:
        """Session ids of the node's definitions, and a `definition_conflict` finding when
        they contradict what the node rests on: the node binds a symbol again ("For u = 2"
        after u = 0), which starts a new case, so the earlier nodes about it are retired."""
        if not formal.definitions:
            return [], None
        found = [self._pid(node.id, -1 - j) for j in range(len(formal.definitions))]
        own = [p for p in found if p is not None]
        result = self._prove(pids, conj(*formal.definitions))
        if result.verdict is not Verdict.CONTRADICTED:
            return own, None
        core = [self._owner[pids[i]] for i in result.used_premises if i < len(pids)]
        if not core:  # they clash among themselves: nothing earlier to set aside
            return own, None
        retired = self._retire(node, formal.definitions)
        f = self._finding(
            F.DEFINITION_CONFLICT,
            node,
            formulas=list(formal.printed_definitions),
            used=list(dict.fromkeys(nid for nid, _ in core)),
            used_formulas=[self.formaliser.printed(key) for key in core],
            retired=retired,
        )
        return own, f

    def _retire(self, node: Node, formulas: Sequence[Formula]) -> list[str]:
        """Set aside the earlier nodes of the case `formulas` start (`verifier.cases`)."""
        earlier = []
        for other in self.diagram.nodes[: self._position[node.id]]:
            got = self.formaliser.get(other.id)
            if got is not None:
                earlier.append((other.id, (*got.definitions, *got.claims)))
        return self._cases.retire(formulas, earlier)

    def _prove(self, pids: Sequence[int], claim: Formula) -> ProofResult:
        try:
            return self.session().check(pids, claim)
        except (ProverError, ParseError) as err:  # unsupported construct: undecided, no crash
            return ProofResult(Verdict.UNKNOWN, reason=f"prover error: {err}")

    # -- claim nodes -----------------------------------------------------------------------

    def _check_node(self, node: Node) -> NodeResult:
        formal = self.formaliser.formalise(node, role="claim")
        uses = self.diagram.uses(node.id)
        notes: list[Finding] = []
        statuses: list[NodeStatus] = []
        used: list[str] = []
        countermodel: dict[str, object] | None = None
        declared_bad: list[str] = []
        basis = uses
        if node.role is Role.SUMMARIZER:
            # A summarizer assembles what the reasoning established: it is decided from the
            # nodes it uses that are valid and rest on nothing invalid, so a conclusion that
            # follows from the valid steps is entailed (with evidence) and one that does not
            # gets a countermodel. Its declared use of an invalid node is its own finding.
            tainted = [u for u in uses if self._is_bad(u) or self._deps[u]]
            if tainted:
                behind = {*tainted, *(d for u in tainted for d in self._deps[u])}
                declared_bad = [b for b in self._sorted(behind) if self._is_bad(b)]
                clean = set(tainted)
                basis = [u for u in uses if u not in clean]
                notes.append(
                    self._finding(
                        F.SUMMARY_USES_INVALID,
                        node,
                        invalid=declared_bad,
                        statuses=[self.results[a].status.value for a in declared_bad],
                    )
                )
        if formal.status is TranslationStatus.UNTRANSLATED:
            statuses.append(NodeStatus.UNTRANSLATED)
            notes.extend(self._finding(k, node, **a) for k, a in formal.problems(premise=False))
        elif formal.status is TranslationStatus.NO_CLAIM and not formal.definitions:
            statuses.append(NodeStatus.NO_CLAIM)
            notes.append(self._finding(F.NO_CLAIM, node))
        else:
            if basis is uses:
                pids, missing = self._spans.assumed(node.id, uses)
            else:
                pids, missing = self._assumed(basis)
            own, conflict = self._own_definitions(node, formal, pids)
            pids, missing = self._cases.drop(pids, missing, basis, self._owner)
            if len(own) < len(formal.definitions):
                missing.append(node.id)  # its claims may need what it stated as given
            if conflict is not None:
                notes.append(conflict)
            elif formal.definitions:
                given = list(formal.printed_definitions)
                notes.append(self._finding(F.DEFINITION, node, formulas=given))
            if not formal.claims:
                statuses.append(NodeStatus.NO_CLAIM)
            for k, claim in enumerate(formal.claims):
                # Claim k rests on what the node rests on, the node's own definitions and
                # its earlier claims that were not refuted ("A, so B": B is checked from A).
                local = [*pids, *own]
                result = self._prove(local, claim)
                status, finding, core = self._judge(node, formal, k, result, local, basis, missing)
                if status is NodeStatus.CONTRADICTED and reused(
                    claim,
                    [self.formaliser.claim(self._owner[local[i]]) for i in result.used_premises],
                ):
                    # "n = 8" after "n = 5": the letter is reused for something new, as
                    # binding it again in a definition would; nothing is flagged.
                    retired = self._retire(node, [claim])
                    pids, missing = self._cases.drop(pids, missing, basis, self._owner)
                    status, core = NodeStatus.NO_CLAIM, []
                    finding = self._finding(
                        F.DEFINITION_CONFLICT,
                        node,
                        formulas=[formal.printed[k]],
                        used=finding.args.get("used", []),
                        used_formulas=finding.args.get("used_formulas", []),
                        retired=retired,
                    )
                statuses.append(status)
                notes.append(finding)
                used.extend(u for u in core if u not in used and u != node.id)
                if status is NodeStatus.CONTRADICTED:
                    self._refuted.add((node.id, k))
                elif (pid := self._pid(node.id, k)) is not None:
                    own.append(pid)
                if status is NodeStatus.UNSUPPORTED and countermodel is None:
                    countermodel = result.countermodel.to_dict() if result.countermodel else None
            notes.extend(self._finding(k, node, **a) for k, a in formal.notes())
        # The invalid nodes behind this one, transitively. A decided node rests on what its
        # proof used (a step proved from valid nodes is not tainted by an unrelated bad
        # step; an unsupported step is wrong by itself and rests on nothing in particular).
        # An undecided one might need any node it was checked against. A summarizer's
        # declared use of invalid nodes is reported as well.
        if NodeStatus.UNKNOWN not in statuses:
            deps = self._deps_of(used)
        elif basis is uses:
            deps = self._spans.deps(node.id, uses)
        else:
            deps = self._deps_of(basis)
        deps.update(declared_bad)
        self._deps[node.id] = deps
        bad = self._sorted(deps)
        status = worst(statuses)
        if bad and node.role is not Role.SUMMARIZER:
            notes.append(self._finding(F.DEPENDS_ON_INVALID, node, invalid=bad))
        notes.extend(self._critic_check(node, status))
        return NodeResult(
            id=node.id,
            role=node.role.value,
            status=status,
            formulas=formal.formulas,
            used=tuple(self._sorted(used)),
            countermodel=countermodel,
            depends_on_invalid=tuple(bad),
            message=_message(notes),
            findings=tuple(notes),
            text=node.text,
            line=node.line,
            parser=formal.parser,
        )

    def _deps_of(self, basis: Sequence[str]) -> set[str]:
        """The invalid nodes among `basis` and those their own dependencies name."""
        deps: set[str] = set()
        for u in basis:
            deps.update(self._behind(u))
        return deps

    def _behind(self, nid: str) -> set[str]:
        """`nid` if it is invalid, and the invalid nodes it rests on."""
        return self._deps[nid] | {nid} if self._is_bad(nid) else self._deps[nid]

    def _judge(
        self,
        node: Node,
        formal: Formal,
        k: int,
        result: ProofResult,
        pids: Sequence[int],
        uses: Sequence[str],
        missing: Sequence[str],
    ) -> tuple[NodeStatus, Finding, list[str]]:
        """Status, finding and used node ids for claim k of `node` from the prover's result."""
        claim = formal.claims[k]
        core_keys = [self._owner[pids[i]] for i in result.used_premises if i < len(pids)]
        # Other nodes the proof used; the node's own definitions and earlier claims are
        # marked `within` instead (a node is never listed as resting on itself).
        core = [nid for nid in dict.fromkeys(nid for nid, _ in core_keys) if nid != node.id]
        within = any(nid == node.id for nid, _ in core_keys)
        printed = [self.formaliser.printed(key) for key in core_keys]
        used_from = [nid for nid, _ in core_keys]
        # The step's own words when they state just this claim; else the claim as read.
        alone = len(formal.claims) == 1 and not formal.definitions
        claim_text = node.text if alone and len(node.text) <= MAX_QUOTE else ""
        claim_text = claim_text or formal.printed[k]
        extra: dict[str, Any] = {"within": True} if within else {}
        match result.verdict:
            case Verdict.ENTAILED:
                f = self._finding(F.STEP_ENTAILED, node, used=core, used_formulas=printed, **extra)
                return NodeStatus.ENTAILED, f, core
            case Verdict.CONTRADICTED:
                value = forced_value(self._prove, [pids[i] for i in result.used_premises], claim)
                if value:
                    extra.update(formula=formal.printed[k], value=value, used_from=used_from)
                f = self._finding(
                    F.STEP_CONTRADICTED,
                    node,
                    used=core,
                    used_formulas=printed,
                    claim=claim_text,
                    arithmetic=""
                    if core_keys
                    else arithmetic_slip(claim) or ground_comparison(claim),
                    **extra,
                )
                return NodeStatus.CONTRADICTED, f, core
            case Verdict.UNSUPPORTED if missing:
                f = self._finding(
                    F.RESTS_ON_UNTRANSLATED, node, rests_on=list(uses), missing=list(missing)
                )
                return NodeStatus.UNKNOWN, f, []
            case Verdict.UNSUPPORTED:
                premises = [self.formaliser.claim(self._owner[p]) for p in pids]
                numbers = result.countermodel.numbers if result.countermodel else {}
                shown = witness(
                    numbers,
                    [(self._owner[p][0], f) for p, f in zip(pids, premises, strict=True)],
                    claim,
                )
                world = describe_world(
                    result.countermodel,
                    vocabulary=self.formaliser.vocabulary,
                    relevant=predicates_of([*premises, claim]),
                    # "'Bob is nice' is false" already says Bob is not nice; a compound
                    # claim's atoms are worth spelling out.
                    exclude_negative=predicates_of([claim]) if _literal(claim) else (),
                )
                severity = Severity.WARNING if self.options.allow_unsupported else None
                f = self._finding(
                    F.STEP_UNSUPPORTED,
                    node,
                    severity=severity,
                    rests_on=list(uses),
                    world=world,
                    claim=claim_text,
                    **(_witness_args(shown, node.id) if shown else {}),
                )
                return NodeStatus.UNSUPPORTED, f, []
            case Verdict.INCONSISTENT:
                present = {self._owner[p][0] for p in pids}
                for seen, at in self._inconsistent:
                    if seen <= present:
                        f = self._finding(F.RESTS_ON_INCONSISTENT, node, at=at, used=sorted(seen))
                        return NodeStatus.UNKNOWN, f, []
                self._inconsistent.append((frozenset(used_from), node.id))
                if any(k < 0 for _, k in core_keys):
                    # Definitions are assumed unchecked, never flagged: a clash among them
                    # (a symbol reused, a misread setup) leaves the step undecided.
                    f = self._finding(
                        F.DEFINITIONS_INCONSISTENT, node, used=core, used_formulas=printed
                    )
                    return NodeStatus.UNKNOWN, f, []
                f = self._finding(F.PREMISES_INCONSISTENT, node, used=core, used_formulas=printed)
                return NodeStatus.INCONSISTENT, f, core
            case Verdict.UNKNOWN if (verdicts := disagreement(result)) is not None:
                f = self._finding(
                    F.PROVER_DISAGREEMENT, node, reason=result.reason, verdicts=verdicts
                )
                return NodeStatus.UNKNOWN, f, []
            case Verdict.UNKNOWN:
                reason = result.reason or "the prover gave up"
                return NodeStatus.UNKNOWN, self._finding(F.STEP_UNKNOWN, node, reason=reason), []
        raise AssertionError(f"unhandled verdict {result.verdict!r}")  # pragma: no cover

    def _critic_check(self, node: Node, status: NodeStatus) -> list[Finding]:
        """A note when the transcript's own critic judged the node otherwise."""
        if node.mark == "validated" and status in self._invalid:
            return [self._finding(F.CRITIC_DISAGREES, node, mark=node.mark, status=status.value)]
        if node.mark == "invalidated" and status is NodeStatus.ENTAILED:
            return [self._finding(F.CRITIC_DISAGREES, node, mark=node.mark, status=status.value)]
        return []

    # -- @entails / @eq --------------------------------------------------------------------

    def _claim(self, index: int) -> ClaimResult:
        record = self.diagram.claims[index]
        ends = []
        for nid in (record.src, record.dst):
            formal = self.formaliser.get(nid) or self.formaliser.formalise(
                self.diagram.node(nid), role="claim"
            )
            ends.append(formal)
        src, dst = ends
        base: dict[str, Any] = {"kind": record.kind, "src": record.src, "dst": record.dst}
        if any(e.status is not TranslationStatus.CLAIM for e in ends):
            reason = "a side has no formula: " + "; ".join(e.reason or e.status.value for e in ends)
            f = self._finding(
                F.CLAIM_UNDECIDED,
                None,
                line=record.line,
                status="untranslated",
                reason=reason,
                **base,
            )
            return ClaimResult(
                record.kind,
                record.src,
                record.dst,
                NodeStatus.UNTRANSLATED,
                record.line,
                f.message,
                (f,),
            )
        directions = [(record.src, src, dst)]
        if record.kind == "eq":
            directions.append((record.dst, dst, src))
        statuses: list[NodeStatus] = []
        reason = ""
        world = ""
        for owner, left, right in directions:
            pids = [p for k in range(len(left.claims)) if (p := self._pid(owner, k)) is not None]
            result = self._prove(pids, conj(*right.claims))
            statuses.append(_VERDICT_STATUS[result.verdict])
            reason = reason or result.reason
            if result.verdict is Verdict.UNSUPPORTED and not world:
                world = describe_world(result.countermodel, vocabulary=self.formaliser.vocabulary)
        status = worst(statuses)
        if status is NodeStatus.ENTAILED:
            return ClaimResult(record.kind, record.src, record.dst, status, record.line)
        kind = F.CLAIM_UNDECIDED if status is NodeStatus.UNKNOWN else F.CLAIM_FAILED
        f = self._finding(
            kind, None, line=record.line, status=status.value, reason=reason, world=world, **base
        )
        return ClaimResult(
            record.kind, record.src, record.dst, status, record.line, f.message, (f,)
        )

    # -- findings and the report -----------------------------------------------------------

    def _finding(
        self,
        what: F.FindingKind,
        node: Node | None,
        /,
        *,
        line: int | None = None,
        severity: Severity | None = None,
        **args: Any,
    ) -> Finding:
        finding = Finding(
            kind=what,
            node=node.id if node else None,
            line=line if line is not None else (node.line if node else None),
            args=args,
            severity_override=severity,
        )
        return replace(finding, message=render(finding, self.names))

    def _report(self, claims: tuple[ClaimResult, ...], elapsed_ms: float) -> Report:
        d = self.diagram
        structural = tuple(
            self._finding(
                F.STRUCTURAL, None, line=s.line, rule=s.code, detail=s.message, index=s.index
            )
            for s in d.structural_errors
        )
        checked = [self.results[n.id].status for n in d.nodes if n.role in _CHECKED]
        if nothing_checked([*checked, *(c.status for c in claims)]):
            structural += (self._finding(F.NOTHING_CHECKED, None),)  # so incomplete says why
        verdict = record_verdict(
            checked,
            [c.status for c in claims],
            structural=bool(d.structural_errors),
            allow_unsupported=self.options.allow_unsupported,
        )
        first = first_error(
            d,
            {n.id: self.results[n.id].status for n in d.nodes if n.role in _CHECKED},
            claims,
            allow_unsupported=self.options.allow_unsupported,
        )
        nodes = tuple(self.results[n.id] for n in d.nodes)
        transcript = None
        if self.options.transcript:
            transcript = annotate(
                d, nodes, claims, allow_unsupported=self.options.allow_unsupported
            )
        return Report(
            id=d.id,
            verdict=verdict,
            first_error=first,
            nodes=nodes,
            structural_errors=d.structural_errors,
            transcript=transcript,
            vocabulary=self.formaliser.vocabulary.to_dict(),
            claims=claims,
            findings=structural,
            source_format=d.source_format,
            label=d.label,
            elapsed_ms=elapsed_ms,
        )


def _message(notes: Sequence[Finding]) -> str:
    """The node's message: its findings' sentences, without the claims that held when
    another claim of the node failed (the failure is the news; the findings keep all)."""
    failed = any(f.severity is Severity.ERROR for f in notes)
    return " ".join(f.message for f in notes if not (failed and f.kind is F.STEP_ENTAILED))


def _witness_args(shown: Witness, nid: str) -> dict[str, Any]:
    """A checked witness as finding evidence: the assignment, the other nodes it satisfies
    (the node's own statements are `within`), the claim's symbols nothing earlier fixes."""
    satisfied = [s for s in shown.satisfied if s != nid]
    args: dict[str, Any] = {"witness": shown.text, "satisfies": satisfied}
    if nid in shown.satisfied:
        args["within"] = True
    if shown.unfixed:
        args["unfixed"] = list(shown.unfixed)
    return args


def _literal(formula: Formula) -> bool:
    return isinstance(formula, Pred) or (
        isinstance(formula, Not) and isinstance(formula.body, Pred)
    )
