"""AST to cvc5: one converter per cvc5 term manager, declaring symbols from a `Signature`.

The cvc5 twin of `provers.z3_convert`, built with cvc5's pythonic API (`cvc5.pythonic`, a
z3py look-alike). Objects live in one uninterpreted sort `Obj`; numbers are cvc5 `Real`s
(exact rationals). Symbols are declared lazily from the signature, never twice. Quantified
variables take the sort `parser.sorts.variable_sort` infers; their names carry a sort suffix
(`x!o`, `x!n`) because the pythonic API keeps one name per sort in a context.

The translation is iterative (an explicit stack); formulas deeper than `parser.fol.MAX_DEPTH`
are refused with `NestingError` before anything recurses.

Division follows `provers.z3_convert`: `x / 0` is an unspecified number in SMT-LIB, so a
divisor that is literally zero (a ground numeral expression equal to 0) makes the check
`unknown`, and other divisors that mention no bound variable are returned so the session can
verify the premises rule out zero before it reports an unsat-based verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias, assert_never

import cvc5.pythonic as cp

from parser.ast import (
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
    Term,
    Var,
    Xor,
    depth,
)
from parser.errors import NestingError
from parser.sorts import Signature, Sort, variable_sort
from provers.base import ProverError
from provers.declarations import Declarations

CvcExpr: TypeAlias = Any  # cvc5 ships no type stubs
OBJECT_SORT_NAME = "Obj"


def check_depth(formula: Formula) -> None:
    """Raise `NestingError` for formulas deeper than `parser.fol.MAX_DEPTH` (iterative)."""
    from parser.fol import MAX_DEPTH  # lazy: keeps lark out of `import provers`

    if depth(formula) > MAX_DEPTH:
        raise NestingError(
            f"formula nested deeper than {MAX_DEPTH} levels", label="nested too deeply"
        )


def ground_value(term: Term) -> Fraction | None:
    """The value of a numeral expression without symbols (`2 - 2`), else None.

    None also when the expression divides by zero itself (that inner division is reported
    on its own).
    """
    match term:
        case Num(value=value):
            return Fraction(value)
        case Arith(op=op, left=left, right=right):
            a, b = ground_value(left), ground_value(right)
            if a is None or b is None:
                return None
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return None if b == 0 else a / b
        case _:
            return None


@dataclass(frozen=True, slots=True)
class Cvc5Formula:
    """A converted formula: the term, its ground divisors, whether some divisor is 0."""

    expr: CvcExpr
    divisors: tuple[CvcExpr, ...] = ()
    zero_division: bool = False


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

    # --- declarations (look-ups and guards in provers.declarations) ---------------------

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
            return self._convert(formula)
        except (cp.SMTException, RuntimeError) as exc:
            raise ProverError(f"cannot translate formula to cvc5: {exc}") from exc

    def _convert(self, root: Formula) -> Cvc5Formula:
        divisors: list[CvcExpr] = []
        zero_division = False
        out: list[tuple[CvcExpr, bool]] = []  # (term, mentions a bound variable)
        stack: list[_Frame] = [_Frame(root, {})]
        while stack:
            frame = stack.pop()
            node = frame.node
            if not frame.built:
                match node:
                    case Var(name=name):
                        if name not in frame.env:
                            raise ProverError(f"variable {name!r} is not bound by a quantifier")
                        out.append((frame.env[name], True))
                    case Const(name=name):
                        out.append((self.constant(name), False))
                    case Num(value=value):
                        text = f"{value.numerator}/{value.denominator}"
                        out.append((cp.RealVal(text, self.ctx), False))
                    case Bool(value=value):
                        out.append((cp.BoolVal(value, self.ctx), False))
                    case Forall(var=var, body=body) | Exists(var=var, body=body):
                        sort = variable_sort(node, self.signature)
                        suffix = "n" if sort == Sort.NUMBER else "o"
                        # `!` cannot occur in a FOL identifier, so no constant is captured.
                        bound = cp.Const(f"{var.name}!{suffix}", self.sort_of(sort))
                        stack.append(_Frame(node, frame.env, True, bound))
                        stack.append(_Frame(body, {**frame.env, var.name: bound}))
                    case _:
                        stack.append(_Frame(node, frame.env, True))
                        for child in reversed(_operands(node)):
                            stack.append(_Frame(child, frame.env))
                continue
            arity = 1 if isinstance(node, Forall | Exists) else len(_operands(node))
            args = out[len(out) - arity :]
            del out[len(out) - arity :]
            exprs = [expr for expr, _ in args]
            has_var = any(bound for _, bound in args)
            if isinstance(node, Arith) and node.op == "/" and not args[1][1]:
                if ground_value(node.right) == 0:
                    zero_division = True
                else:
                    divisors.append(exprs[1])
            out.append((self._build(frame, exprs), has_var))
        (expr, _bound) = out.pop()
        return Cvc5Formula(expr, tuple(divisors), zero_division)

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


def _operands(node: Node) -> tuple[Node, ...]:
    """The operands translated before `node` (a quantifier's bound variable is not one)."""
    match node:
        case Func(args=args) | Pred(args=args) | And(args=args) | Or(args=args):
            return args
        case Arith(left=left, right=right) | Eq(left=left, right=right):
            return (left, right)
        case Compare(left=left, right=right) | Implies(left=left, right=right):
            return (left, right)
        case Iff(left=left, right=right) | Xor(left=left, right=right):
            return (left, right)
        case Not(body=body) | Forall(body=body) | Exists(body=body):
            return (body,)
        case Var() | Const() | Num() | Bool():
            return ()
        case _:
            assert_never(node)
