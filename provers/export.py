"""Checks as files for other provers: AST to SMT-LIB 2 and TPTP (FOF, or TFF with arithmetic).

`to_smtlib(premises, claim)` writes one entailment check as an SMT-LIB 2 script: `Obj` is an
uninterpreted sort, numbers are `Real`, each premise is an `assert` and the claim is asserted
negated, so `unsat` means entailed (as in veridot's own provers). A formula that divides is
written as its "definitely true" reading (`veridot.provers.definedness`: every quotient it rests on
has a non-zero divisor), so no external prover's value for `x / 0` decides the check.
`to_tptp(premises, claim)` writes the premises as axioms and the claim as the conjecture
(`Theorem` means entailed); problems without numbers are FOF, problems with numbers are TFF
with `$real` (FOF has no arithmetic). Names that are not plain identifiers are quoted
(`|...|` in SMT-LIB, `'...'` in TPTP); TPTP variables are upper-cased.
Solver-free: hand the files to E, Vampire, cvc5 or z3 binaries.

`RecordingProver` is a backend that answers `unknown` to everything and remembers each check
it was asked (premise formulas and claim): running the verifier with it yields exactly the
checks veridot itself would make, which is what `veridot export` writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import assert_never

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Node,
    Not,
    Num,
    Or,
    Pred,
    Var,
    Xor,
    walk,
)
from veridot.parser.bound_sorts import BoundSorts
from veridot.parser.sorts import Signature, Sort, infer_signature
from veridot.provers.base import DEFAULT_TIMEOUT_S, ProofResult, ProverError, Verdict
from veridot.provers.definedness import definitely, has_division
from veridot.provers.translation import check_depth

_PLAIN_SMT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PLAIN_TPTP = re.compile(r"[a-z][A-Za-z0-9_]*\Z")
_SMT_RESERVED = {
    "and", "or", "not", "xor", "ite", "true", "false", "distinct", "forall", "exists",
    "let", "par", "as", "assert", "check", "div", "mod", "abs", "to_real", "to_int",
    "is_int", "Bool", "Real", "Int", "Obj", "NUMERAL", "DECIMAL", "STRING", "_", "!",
}  # fmt: skip
_SMT_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}
_TPTP_COMPARE = {"<": "$less", "<=": "$lesseq", ">": "$greater", ">=": "$greatereq"}
_TPTP_ARITH = {"+": "$sum", "-": "$difference", "*": "$product", "/": "$quotient"}


# --- SMT-LIB 2 ----------------------------------------------------------------------------


def smt_symbol(name: str) -> str:
    """`name` as an SMT-LIB symbol: kept when plain, renamed off reserved words, else quoted."""
    if name in _SMT_RESERVED:
        return f"{name}_"
    if _PLAIN_SMT.match(name):
        return name
    return "|" + name.replace("|", "_").replace("\\", "_") + "|"


def smt_number(value: Fraction) -> str:
    """An exact Real literal: `2.0`, `(- 5.0)`, `(/ 1.0 3.0)`."""
    text = f"{abs(value.numerator)}.0"
    if value.denominator != 1:
        text = f"(/ {text} {value.denominator}.0)"
    return f"(- {text})" if value < 0 else text


def _smt(node: Node, sorts: BoundSorts) -> str:
    match node:
        case Var(name=name) | Const(name=name):
            return smt_symbol(name)
        case Num(value=value):
            return smt_number(Fraction(value))
        case Bool(value=value):
            return "true" if value else "false"
        case Func(name=name, args=args) | Pred(name=name, args=args):
            if not args:
                return smt_symbol(name)
            return f"({smt_symbol(name)} {' '.join(_smt(a, sorts) for a in args)})"
        case Arith(op=op, left=left, right=right):
            return f"({op} {_smt(left, sorts)} {_smt(right, sorts)})"
        case Eq(left=left, right=right):
            return f"(= {_smt(left, sorts)} {_smt(right, sorts)})"
        case Compare(op=op, left=left, right=right):
            return f"({_SMT_OPS[op]} {_smt(left, sorts)} {_smt(right, sorts)})"
        case Not(body=body):
            return f"(not {_smt(body, sorts)})"
        case And(args=args):
            return f"(and {' '.join(_smt(a, sorts) for a in args)})"
        case Or(args=args):
            return f"(or {' '.join(_smt(a, sorts) for a in args)})"
        case Implies(left=left, right=right):
            return f"(=> {_smt(left, sorts)} {_smt(right, sorts)})"
        case Iff(left=left, right=right):
            return f"(= {_smt(left, sorts)} {_smt(right, sorts)})"
        case Xor(left=left, right=right):
            return f"(xor {_smt(left, sorts)} {_smt(right, sorts)})"
        case Forall(var=var, body=body) | Exists(var=var, body=body):
            word = "forall" if isinstance(node, Forall) else "exists"
            sort = "Real" if sorts.of(node) == Sort.NUMBER else "Obj"
            return f"({word} (({smt_symbol(var.name)} {sort})) {_smt(body, sorts)})"
        case _:
            assert_never(node)


def _defined(formulas: Sequence[Formula]) -> list[Formula]:
    """Each formula, or its "definitely true" reading when it divides (see the docstring)."""
    return [definitely(f).true if has_division(f) else f for f in formulas]


def to_smtlib(premises: Sequence[Formula], claim: Formula, *, name: str = "check") -> str:
    """One check as an SMT-LIB 2 script; `unsat` means the premises entail the claim."""
    for formula in (*premises, claim):
        check_depth(formula)
    premises, claim = _defined(premises), _defined([claim])[0]
    sig = infer_signature([*premises, claim])

    def sort(s: Sort) -> str:
        return "Real" if s == Sort.NUMBER else "Obj"

    lines = [
        f"; veridot check {name}: unsat = the premises entail the claim",
        "(set-logic ALL)",
        "(declare-sort Obj 0)",
    ]
    for const, s in sorted(sig.constants.items()):
        lines.append(f"(declare-fun {smt_symbol(const)} () {sort(s)})")
    for func, (args, result) in sorted(sig.functions.items()):
        domain = " ".join(sort(a) for a in args)
        lines.append(f"(declare-fun {smt_symbol(func)} ({domain}) {sort(result)})")
    for pred, args in sorted(sig.predicates.items()):
        lines.append(f"(declare-fun {smt_symbol(pred)} ({' '.join(sort(a) for a in args)}) Bool)")
    bound = BoundSorts(sig, [*premises, claim])
    for i, premise in enumerate(premises):
        lines.append(f"(assert (! {_smt(premise, bound)} :named premise{i}))")
    lines.append(f"(assert (! (not {_smt(claim, bound)}) :named negated_claim))")
    lines.append("(check-sat)")
    return "\n".join(lines) + "\n"


# --- TPTP ---------------------------------------------------------------------------------


def tptp_atom(name: str) -> str:
    """`name` as a TPTP functor: kept when lower-case plain, else single-quoted."""
    if _PLAIN_TPTP.match(name):
        return name
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def tptp_variable(name: str) -> str:
    """A TPTP variable for bound variable `name` (upper-case first, alphanumeric)."""
    return "V_" + re.sub(r"\W", "_", name)  # injective on identifiers; no capture


def _tptp_number(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator}.0"
    return f"$quotient({value.numerator}.0,{value.denominator}.0)"


def _tptp(node: Node, sorts: BoundSorts) -> str:
    match node:
        case Var(name=name):
            return tptp_variable(name)
        case Const(name=name):
            return tptp_atom(name)
        case Num(value=value):
            return _tptp_number(Fraction(value))
        case Bool(value=value):
            return "$true" if value else "$false"
        case Func(name=name, args=args) | Pred(name=name, args=args):
            if not args:
                return tptp_atom(name)
            return f"{tptp_atom(name)}({','.join(_tptp(a, sorts) for a in args)})"
        case Arith(op=op, left=left, right=right):
            return f"{_TPTP_ARITH[op]}({_tptp(left, sorts)},{_tptp(right, sorts)})"
        case Eq(left=left, right=right):
            return f"({_tptp(left, sorts)} = {_tptp(right, sorts)})"
        case Compare(op=op, left=left, right=right):
            return f"{_TPTP_COMPARE[op]}({_tptp(left, sorts)},{_tptp(right, sorts)})"
        case Not(body=body):
            return f"~ ({_tptp(body, sorts)})"
        case And(args=args):
            return "(" + " & ".join(_tptp(a, sorts) for a in args) + ")"
        case Or(args=args):
            return "(" + " | ".join(_tptp(a, sorts) for a in args) + ")"
        case Implies(left=left, right=right):
            return f"({_tptp(left, sorts)} => {_tptp(right, sorts)})"
        case Iff(left=left, right=right):
            return f"({_tptp(left, sorts)} <=> {_tptp(right, sorts)})"
        case Xor(left=left, right=right):
            return f"({_tptp(left, sorts)} <~> {_tptp(right, sorts)})"
        case Forall(var=var, body=body) | Exists(var=var, body=body):
            quantifier = "!" if isinstance(node, Forall) else "?"
            bound = tptp_variable(var.name)
            if _typed(sorts.signature):
                kind = "$real" if sorts.of(node) == Sort.NUMBER else "$i"
                bound = f"{bound}: {kind}"
            return f"({quantifier}[{bound}]: {_tptp(body, sorts)})"
        case _:
            assert_never(node)


def _typed(sig: Signature) -> bool:
    """TFF when any symbol involves numbers (FOF cannot express arithmetic)."""
    return (
        any(s == Sort.NUMBER for s in sig.constants.values())
        or any(r == Sort.NUMBER or Sort.NUMBER in a for a, r in sig.functions.values())
        or any(Sort.NUMBER in a for a in sig.predicates.values())
    )


def _has_numbers(formulas: Iterable[Formula]) -> bool:
    return any(isinstance(n, Num | Arith | Compare) for f in formulas for n in walk(f))


def to_tptp(premises: Sequence[Formula], claim: Formula, *, name: str = "check") -> str:
    """One check as a TPTP problem (FOF, or TFF when numbers occur); `Theorem` = entailed."""
    for formula in (*premises, claim):
        check_depth(formula)
    premises, claim = _defined(premises), _defined([claim])[0]
    sig = infer_signature([*premises, claim])
    if _has_numbers([*premises, claim]) and not _typed(sig):
        # e.g. `3 < 5` alone: force the typed dialect with a dummy numeric declaration.
        sig = Signature(
            {**sig.constants, "veridot_number": Sort.NUMBER}, sig.functions, sig.predicates
        )
    typed = _typed(sig)
    kind = "tff" if typed else "fof"
    lines = [f"% veridot check {name}: Theorem = the premises entail the claim"]
    if typed:

        def tff(s: Sort) -> str:
            return "$real" if s == Sort.NUMBER else "$i"

        for const, s in sorted(sig.constants.items()):
            lines.append(f"tff(type_{len(lines)}, type, {tptp_atom(const)}: {tff(s)}).")
        for func, (args, result) in sorted(sig.functions.items()):
            domain = " * ".join(tff(a) for a in args)
            domain = f"({domain})" if len(args) > 1 else domain
            lines.append(
                f"tff(type_{len(lines)}, type, {tptp_atom(func)}: {domain} > {tff(result)})."
            )
        for pred, args in sorted(sig.predicates.items()):
            if not args:
                lines.append(f"tff(type_{len(lines)}, type, {tptp_atom(pred)}: $o).")
                continue
            domain = " * ".join(tff(a) for a in args)
            domain = f"({domain})" if len(args) > 1 else domain
            lines.append(f"tff(type_{len(lines)}, type, {tptp_atom(pred)}: {domain} > $o).")
    bound = BoundSorts(sig, [*premises, claim])
    for i, premise in enumerate(premises):
        lines.append(f"{kind}(premise{i}, axiom, {_tptp(premise, bound)}).")
    lines.append(f"{kind}(claim, conjecture, {_tptp(claim, bound)}).")
    return "\n".join(lines) + "\n"


# --- recording the verifier's checks -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordedCheck:
    """One check the verifier asked for: the premise formulas and the claim."""

    premises: tuple[Formula, ...]
    claim: Formula


@dataclass
class RecordingSession:
    """A `ProverSession` that records every check and answers `unknown`."""

    checks: list[RecordedCheck] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)

    def add(self, formula: Formula) -> int:
        check_depth(formula)
        self.formulas.append(formula)
        return len(self.formulas) - 1

    def check(self, premise_ids: Sequence[int], claim: Formula) -> ProofResult:
        for i in premise_ids:
            if not 0 <= i < len(self.formulas):
                raise ProverError(f"no formula with id {i} in this session")
        premises = tuple(self.formulas[i] for i in dict.fromkeys(premise_ids))
        self.checks.append(RecordedCheck(premises, claim))
        return ProofResult(Verdict.UNKNOWN, reason="exported, not decided", prover="export")

    def close(self) -> None:
        pass


class RecordingProver:
    """A backend that decides nothing and records every check (see the module docstring)."""

    name = "export"

    def __init__(self) -> None:
        self.checks: list[RecordedCheck] = []

    def prove(
        self, premises: Sequence[Formula], claim: Formula, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ProofResult:
        session = self.session()
        return session.check([session.add(p) for p in premises], claim)

    def session(
        self, *, timeout: float = DEFAULT_TIMEOUT_S, signature: Signature | None = None
    ) -> RecordingSession:
        return RecordingSession(checks=self.checks)
