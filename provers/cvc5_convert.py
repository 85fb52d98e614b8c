"""AST to cvc5: one converter per cvc5 term manager, declaring symbols from a `Signature`.

The cvc5 twin of `veridot.provers.z3_convert`, built with cvc5's pythonic API (`cvc5.pythonic`, a
z3py look-alike). Objects live in one uninterpreted sort `Obj`; numbers are cvc5 `Real`s
(exact rationals). Symbols are declared lazily from the signature, never twice. Quantified
variables take the sort `veridot.parser.sorts.variable_sort` infers; their names carry a sort suffix
(`x!o`, `x!n`) because the pythonic API keeps one name per sort in a context.

The translation is iterative (an explicit stack); formulas deeper than
`veridot.parser.fol.MAX_DEPTH` are refused with `NestingError` before anything recurses.

Division follows `veridot.provers.z3_convert`: `x / 0` is an unspecified number in SMT-LIB, so a
formula that divides is converted twice, as "definitely true" and "definitely false"
(`veridot.provers.definedness`), and the solver's value for `x / 0` never decides a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias, assert_never

import cvc5.pythonic as cp

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
)
from veridot.parser.bound_sorts import BoundSorts
from veridot.parser.sorts import Signature, Sort
from veridot.provers.base import ProverError
from veridot.provers.declarations import Declarations
from veridot.provers.definedness import partial_division
from veridot.provers.translation import check_depth, operands, read_partial

CvcExpr: TypeAlias = Any  # cvc5 ships no type stubs
OBJECT_SORT_NAME = "Obj"


@dataclass(frozen=True, slots=True)
class Cvc5Formula:
    """A converted formula: `expr` says it is (definitely) true; `false_expr`, set only when
    it divides, that it is definitely false (see `veridot.provers.z3_convert.Z3Formula`)."""

    expr: CvcExpr
    false_expr: CvcExpr = None

    @property
    def partial(self) -> bool:
        """Whether the formula divides (and so may be neither true nor false)."""
        return self.false_expr is not None

    def refuted(self) -> CvcExpr:
        """What a countermodel search asserts: the formula is not definitely true."""
        return cp.Not(self.expr)

    def supported(self) -> CvcExpr:
        """What a witness search asserts: the formula is not definitely false."""
        return self.expr if self.false_expr is None else cp.Not(self.false_expr)


@dataclass(frozen=True, slots=True)
class _Frame:
    node: Node
    env: dict[str, CvcExpr]
    built: bool = False
    bound: CvcExpr = None


class Cvc5Converter(Declarations[CvcExpr]):
    """Translates formulas into one cvc5 context, declaring symbols from a growing signature."""

    def __init__(self, ctx: cp.Context, signature: Signature | None = None) -> None:
        super().__init__(signature)
        self.ctx = ctx
        self.obj = cp.DeclareSort(OBJECT_SORT_NAME, ctx)
        self.real = cp.RealSort(ctx)
        self.boolean = cp.BoolSort(ctx)

    def sort_of(self, sort: Sort) -> CvcExpr:
        """The cvc5 sort for a veridot sort."""
        return self.real if sort == Sort.NUMBER else self.obj

    # --- declarations (look-ups and guards in veridot.provers.declarations) ---------------------

    def _declare_constant(self, name: str, sort: Sort) -> CvcExpr:
        return cp.Const(name, self.sort_of(sort))

    def _declare_function(self, name: str, args: tuple[Sort, ...], result: Sort) -> CvcExpr:
        return cp.Function(name, *[self.sort_of(s) for s in args], self.sort_of(result))

    def _declare_predicate(self, name: str, args: tuple[Sort, ...]) -> CvcExpr:
        if args:
            return cp.Function(name, *[self.sort_of(s) for s in args], self.boolean)
        return cp.Bool(name, self.ctx)  # a proposition is a Boolean constant

    def convert(self, formula: Formula) -> Cvc5Formula:
        """Translate `formula`; NestingError when too deep, ProverError when malformed."""
        check_depth(formula)
        try:
            converted = self._convert(formula)
            if not converted.partial:
                return converted
            # The rare formula that divides: read it twice more (`veridot.provers.translation`).
            true, false = read_partial(
                formula, converted.expr, lambda f: self._convert(f).expr, cp.And, cp.Not
            )
            return Cvc5Formula(true, false)
        except (cp.SMTException, RuntimeError) as exc:
            raise ProverError(f"cannot translate formula to cvc5: {exc}") from exc

    def _convert(self, root: Formula) -> Cvc5Formula:
        bound_sorts = BoundSorts(self.signature, [root])
        divides = False
        out: list[CvcExpr] = []
        stack: list[_Frame] = [_Frame(root, {})]
        while stack:
            frame = stack.pop()
            node = frame.node
            if not frame.built:
                match node:
                    case Var(name=name):
                        if name not in frame.env:
                            raise ProverError(f"variable {name!r} is not bound by a quantifier")
                        out.append(frame.env[name])
                    case Const(name=name):
                        out.append(self.constant(name))
                    case Num(value=value):
                        text = f"{value.numerator}/{value.denominator}"
                        out.append(cp.RealVal(text, self.ctx))
                    case Bool(value=value):
                        out.append(cp.BoolVal(value, self.ctx))
                    case Forall(var=var, body=body) | Exists(var=var, body=body):
                        sort = bound_sorts.of(node)
                        suffix = "n" if sort == Sort.NUMBER else "o"
                        # `!` cannot occur in a FOL identifier, so no constant is captured.
                        bound = cp.Const(f"{var.name}!{suffix}", self.sort_of(sort))
                        stack.append(_Frame(node, frame.env, True, bound))
                        stack.append(_Frame(body, {**frame.env, var.name: bound}))
                    case _:
                        stack.append(_Frame(node, frame.env, True))
                        for child in reversed(operands(node)):
                            stack.append(_Frame(child, frame.env))
                continue
            arity = 1 if isinstance(node, Forall | Exists) else len(operands(node))
            exprs = out[len(out) - arity :]
            del out[len(out) - arity :]
            if isinstance(node, Arith) and partial_division(node):
                divides = True
            out.append(self._build(frame, exprs))
        expr = out.pop()
        # `false_expr` is filled in by `convert` for a formula that divides; a marker here.
        return Cvc5Formula(expr, cp.Not(expr) if divides else None)

    def _build(self, frame: _Frame, args: list[CvcExpr]) -> CvcExpr:
        node = frame.node
        match node:
            case Func(name=name):
                return self.function(name)(*args)
            case Pred(name=name):
                decl = self.predicate(name)
                return decl(*args) if args else decl
            case Arith(op=op):
                left, right = args
                if op == "+":
                    return left + right
                if op == "-":
                    return left - right
                if op == "*":
                    return left * right
                return left / right
            case Eq():
                return args[0] == args[1]
            case Compare(op=op):
                left, right = args
                if op == "<":
                    return left < right
                if op == "<=":
                    return left <= right
                if op == ">":
                    return left > right
                return left >= right
            case Not():
                return cp.Not(args[0])
            case And():
                return cp.And(*args)
            case Or():
                return cp.Or(*args)
            case Implies():
                return cp.Implies(args[0], args[1])
            case Iff():
                return args[0] == args[1]
            case Xor():
                return cp.Xor(args[0], args[1])
            case Forall():
                return cp.ForAll([frame.bound], args[0])
            case Exists():
                return cp.Exists([frame.bound], args[0])
            case Var() | Const() | Num() | Bool():
                raise AssertionError("leaves are translated when visited")
            case _:
                assert_never(node)
