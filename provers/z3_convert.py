"""AST to Z3: one converter per Z3 context, declaring symbols from an inferred `Signature`.

Objects live in one uninterpreted sort `Obj`; numbers are Z3 `Real`s (exact rationals, so
`48 / 2` is exactly 24). Constants, functions and predicates are declared lazily, on first
use, from the signature; a session extends the signature as formulas arrive and nothing is
ever declared twice. Quantified variables take the sorts `veridot.parser.bound_sorts.BoundSorts`
infers over the whole formula, in one pass.

The translation is iterative (an explicit stack), so deep formulas cannot overflow Python's
stack; formulas deeper than `veridot.parser.fol.MAX_DEPTH` are still refused with `NestingError`,
because Z3's own C++ code recurses over terms.

Division: `x / y` is real division, defined only where `y ≠ 0` (`veridot.provers.definedness`). Z3
(like SMT-LIB) makes `x / 0` an unspecified number, which could make a claim "follow" from a
division by zero; so a formula that divides is converted twice, as "definitely true" and
"definitely false", and the solver's value for `x / 0` never decides a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias, assert_never

import z3
import z3.z3 as z3_internals

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
from veridot.provers.relevance import formula_symbols
from veridot.provers.signatures import restrict
from veridot.provers.translation import check_depth, operands, read_partial

Z3Expr: TypeAlias = Any  # z3 ships no type stubs
OBJECT_SORT_NAME = "Obj"
_SORTS = ("sorts",)  # where a converter's `made` keeps the object, number and Boolean sorts


def apply_decl(decl: Z3Expr, args: list[Z3Expr] | tuple[Z3Expr, ...]) -> Z3Expr:
    """`decl(*args)` without z3's Python-side coercion, about 5x cheaper.

    The signature already guarantees the sorts; a mismatch still raises `z3.Z3Exception`.
    """
    array = (z3.Ast * len(args))(*[arg.as_ast() for arg in args])
    ref = z3.Z3_mk_app(decl.ctx_ref(), decl.as_ast(), len(args), array)
    return z3_internals._to_expr_ref(ref, decl.ctx)


# The connectives below build exactly the terms z3's Python operators build (same C calls,
# same arguments), minus the per-call casts and coercions, which cost more than Z3 itself on
# FOLIO-sized problems. Operands always have the right sorts here (the signature fixed them).


def _array(args: list[Z3Expr]) -> Any:
    return (z3.Ast * len(args))(*[arg.as_ast() for arg in args])


def _bool(ctx: z3.Context, ref: Any) -> Z3Expr:
    return z3.BoolRef(ref, ctx)


def _arith(ctx: z3.Context, ref: Any) -> Z3Expr:
    return z3.ArithRef(ref, ctx)


_NARY_ARITH = {"+": z3.Z3_mk_add, "*": z3.Z3_mk_mul, "-": z3.Z3_mk_sub}
_COMPARE = {"<": z3.Z3_mk_lt, "<=": z3.Z3_mk_le, ">": z3.Z3_mk_gt, ">=": z3.Z3_mk_ge}


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _reflect(left: Z3Expr, right: Z3Expr) -> tuple[Z3Expr, Z3Expr]:
    """The operands in the order z3's `==` / `<` operators would pass them to Z3.

    Python gives a comparison to the right operand's reflected method first when its type
    is a proper subclass of the left's (`y > 9`: `RatNumRef.__lt__(9, y)`, giving `9 < y`),
    so z3's operators swap such operands; keeping that keeps the terms identical.
    """
    if type(right) is not type(left) and isinstance(right, type(left)):
        return right, left
    return left, right


def negate(expr: Z3Expr) -> Z3Expr:
    """`z3.Not(expr)` for a Boolean `expr`, without the casts."""
    return _bool(expr.ctx, z3.Z3_mk_not(expr.ctx_ref(), expr.as_ast()))


def implies(premise: Z3Expr, conclusion: Z3Expr) -> Z3Expr:
    """`z3.Implies(premise, conclusion)` for Boolean operands, without the casts."""
    ref = z3.Z3_mk_implies(premise.ctx_ref(), premise.as_ast(), conclusion.as_ast())
    return _bool(premise.ctx, ref)


def _quantifier(ctx: z3.Context, forall: bool, bound: Z3Expr, body: Z3Expr) -> Z3Expr:
    """`z3.ForAll([bound], body)` / `z3.Exists(...)`: weight 1, empty ids, no patterns."""
    ref = ctx.ref()
    empty = z3.Z3_mk_string_symbol(ref, "")
    bound_array = (z3.Ast * 1)(bound.as_ast())
    made = z3.Z3_mk_quantifier_const_ex(
        ref,
        forall,
        1,
        empty,
        empty,
        1,
        bound_array,
        0,
        (z3.Pattern * 0)(),
        0,
        (z3.Ast * 0)(),
        body.as_ast(),
    )
    return z3.QuantifierRef(made, ctx)


@dataclass(frozen=True, slots=True)
class Z3Formula:
    """A converted formula and what the session must know about it.

    `expr` says the formula is (definitely) true. `false_expr` is None for a formula that does
    not divide (its negation is then `¬expr`); for one that does, it says the formula is
    definitely false, and neither may hold where the value of a quotient by 0 would decide
    (`veridot.provers.definedness`). `evaluable` is True when every quantifier ranges over objects,
    so evaluating the formula in a finite model is exact (used to reuse models as proofs of
    satisfiability).
    """

    expr: Z3Expr
    false_expr: Z3Expr = None
    evaluable: bool = True

    @property
    def partial(self) -> bool:
        """Whether the formula divides (and so may be neither true nor false)."""
        return self.false_expr is not None

    def refuted(self) -> Z3Expr:
        """What a countermodel search asserts: the formula is not definitely true."""
        return negate(self.expr)

    def supported(self) -> Z3Expr:
        """What a witness search asserts: the formula is not definitely false."""
        return self.expr if self.false_expr is None else negate(self.false_expr)


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__
class _Frame:
    """One step of the iterative translation (a few per node of every formula translated)."""

    node: Node
    env: dict[str, Z3Expr]
    built: bool = False
    bound: Z3Expr = None  # the Z3 variable a quantifier frame binds
    arity: int = 1  # how many translated operands a built frame takes from the output


class Z3Converter(Declarations[Z3Expr]):
    """Translates formulas into one Z3 context, declaring symbols from a growing signature."""

    def __init__(
        self,
        ctx: z3.Context,
        signature: Signature | None = None,
        made: dict[tuple[object, ...], Z3Expr] | None = None,
    ) -> None:
        """`made`: the sorts and declarations other converters already made in `ctx`, shared
        with them (`veridot.provers.z3_memo`); Z3 would make the very same ones again."""
        super().__init__(signature)
        self.ctx = ctx
        self._made = {} if made is None else made
        if _SORTS not in self._made:
            real, boolean = z3.RealSort(ctx), z3.BoolSort(ctx)
            self._made[_SORTS] = (z3.DeclareSort(OBJECT_SORT_NAME, ctx), real, boolean)
        self.obj, self.real, self.boolean = self._made[_SORTS]

    def z3_sort(self, sort: Sort) -> Z3Expr:
        """The Z3 sort for a veridot sort."""
        return self.real if sort == Sort.NUMBER else self.obj

    # --- declarations (look-ups and guards in veridot.provers.declarations) ---------------------

    def _declare_constant(self, name: str, sort: Sort) -> Z3Expr:
        made = self._made.get(key := ("constant", name, sort))
        if made is None:
            made = self._made[key] = z3.Const(name, self.z3_sort(sort))
        return made

    def _declare_function(self, name: str, args: tuple[Sort, ...], result: Sort) -> Z3Expr:
        made = self._made.get(key := ("function", name, args, result))
        if made is None:
            sorts = [self.z3_sort(s) for s in (*args, result)]
            made = self._made[key] = z3.Function(name, *sorts)
        return made

    def _declare_predicate(self, name: str, args: tuple[Sort, ...]) -> Z3Expr:
        made = self._made.get(key := ("predicate", name, args))
        if made is None:
            sorts = [self.z3_sort(s) for s in args]
            made = self._made[key] = z3.Function(name, *sorts, self.boolean)
        return made

    # --- translation -------------------------------------------------------------------

    def convert(self, formula: Formula, *, checked: bool = False) -> Z3Formula:
        """Translate `formula`; raises NestingError when too deep, ProverError when malformed.

        `checked=True`: the caller has already run `check_depth` on `formula`.
        """
        if not checked:
            check_depth(formula)
        try:
            converted = self._convert(formula)
            if not converted.partial:
                return converted
            # The rare formula that divides: read it twice more (`veridot.provers.translation`).
            true, false = read_partial(
                formula, converted.expr, lambda f: self._convert(f).expr, z3.And, negate
            )
            return Z3Formula(true, false, converted.evaluable)
        except z3.Z3Exception as exc:  # a sort mismatch the signature should have caught
            raise ProverError(f"cannot translate formula to Z3: {exc}") from exc

    def _convert(self, root: Formula) -> Z3Formula:
        # `BoundSorts` reads its whole signature argument: give it only this formula's
        # symbols, so that converting costs O(formula) however large the signature grows.
        bound_sorts: BoundSorts | None = None
        divides = False
        evaluable = True
        out: list[Z3Expr] = []
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
                        out.append(z3.RealVal(text, self.ctx))
                    case Bool(value=value):
                        out.append(z3.BoolVal(value, self.ctx))
                    case Forall(var=var, body=body) | Exists(var=var, body=body):
                        if bound_sorts is None:
                            local = restrict(self.signature, formula_symbols(root))
                            bound_sorts = BoundSorts(local, [root])
                        sort = bound_sorts.of(node)
                        if sort == Sort.NUMBER:
                            evaluable = False
                        # `!` cannot occur in a FOL identifier, so no constant is captured.
                        bound = z3.Const(f"{var.name}!", self.z3_sort(sort))
                        stack.append(_Frame(node, frame.env, True, bound))
                        stack.append(_Frame(body, {**frame.env, var.name: bound}))
                    case _:
                        children = operands(node)
                        stack.append(_Frame(node, frame.env, True, arity=len(children)))
                        for child in reversed(children):
                            stack.append(_Frame(child, frame.env))
                continue
            arity = frame.arity
            exprs = out[len(out) - arity :]
            del out[len(out) - arity :]
            if isinstance(node, Arith) and partial_division(node):
                divides = True
            out.append(self._build(frame, exprs))
        expr = out.pop()
        # `false_expr` is filled in by `convert` for a formula that divides; a marker here.
        return Z3Formula(expr, negate(expr) if divides else None, evaluable)

    def _build(self, frame: _Frame, args: list[Z3Expr]) -> Z3Expr:
        """Build the Z3 term for `frame.node` from its already translated operands."""
        node = frame.node
        ctx = self.ctx
        ref = ctx.ref()
        match node:
            case Func(name=name):
                return apply_decl(self.function(name), args)
            case Pred(name=name):
                return _bool(
                    ctx, z3.Z3_mk_app(ref, self.predicate(name).as_ast(), len(args), _array(args))
                )
            case Arith(op=op):
                if op == "/":
                    return _arith(ctx, z3.Z3_mk_div(ref, args[0].as_ast(), args[1].as_ast()))
                return _arith(ctx, _NARY_ARITH[op](ref, 2, _array(args)))
            case Eq() | Iff():
                left, right = _reflect(args[0], args[1])
                return _bool(ctx, z3.Z3_mk_eq(ref, left.as_ast(), right.as_ast()))
            case Compare(op=op):
                left, right = _reflect(args[0], args[1])
                make = _COMPARE[op if left is args[0] else _FLIPPED[op]]
                return _bool(ctx, make(ref, left.as_ast(), right.as_ast()))
            case Not():
                return _bool(ctx, z3.Z3_mk_not(ref, args[0].as_ast()))
            case And():
                return _bool(ctx, z3.Z3_mk_and(ref, len(args), _array(args)))
            case Or():
                return _bool(ctx, z3.Z3_mk_or(ref, len(args), _array(args)))
            case Implies():
                return _bool(ctx, z3.Z3_mk_implies(ref, args[0].as_ast(), args[1].as_ast()))
            case Xor():
                return _bool(ctx, z3.Z3_mk_xor(ref, args[0].as_ast(), args[1].as_ast()))
            case Forall():
                return _quantifier(ctx, True, frame.bound, args[0])
            case Exists():
                return _quantifier(ctx, False, frame.bound, args[0])
            case Var() | Const() | Num() | Bool():
                raise AssertionError("leaves are translated when visited")
            case _:
                assert_never(node)
