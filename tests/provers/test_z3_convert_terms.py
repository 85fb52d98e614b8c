"""The converter builds exactly the terms z3's Python operators build (it only skips casts)."""

from __future__ import annotations

import pytest
import z3

from veridot.parser.fol import parse_fol
from veridot.parser.sorts import infer_signature
from veridot.provers.z3_convert import Z3Converter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("y > 9", lambda y, a, b, P, Q, R: z3.RealVal(9) < y),  # Python reflects: 9 < y
        ("9 < y", lambda y, a, b, P, Q, R: z3.RealVal(9) < y),
        ("y = 9", lambda y, a, b, P, Q, R: y == z3.RealVal(9)),  # also reflected: 9 = y
        (  # defined only where the divisor is not 0, conjoined with the classical reading
            "y <= 2 + y * 3 - 1 / y",
            lambda y, a, b, P, Q, R: z3.And(
                y <= _n(2) + y * _n(3) - _n(1) / y,
                z3.And(z3.Not(y == _n(0)), y <= _n(2) + y * _n(3) - _n(1) / y),
            ),
        ),
        ("a = b ∧ ¬P(a) ∨ Q", lambda y, a, b, P, Q, R: z3.Or(z3.And(a == b, z3.Not(P(a))), Q)),
        ("Q ↔ ∀x P(x)", lambda y, a, b, P, Q, R: z3.ForAll([_x()], P(_x())) == Q),
        (
            "(∃x P(x)) → Q ⊕ R(a, y)",
            lambda y, a, b, P, Q, R: z3.Implies(z3.Exists([_x()], P(_x())), z3.Xor(Q, R(a, y))),
        ),
    ],
)
def test_terms_match_z3_operators(text: str, expected: object) -> None:
    formula = parse_fol(text)
    signature = infer_signature([parse_fol("P(a) ∧ P(b) ∧ Q ∧ R(a, y) ∧ y = 1"), formula])
    ctx = z3.main_ctx()
    conv = Z3Converter(ctx, signature)
    obj = conv.obj
    y, a, b = z3.Real("y"), z3.Const("a", obj), z3.Const("b", obj)
    P = z3.Function("P", obj, z3.BoolSort())
    R = z3.Function("R", obj, z3.RealSort(), z3.BoolSort())
    made = conv.convert(formula).expr
    want = expected(y, a, b, P, z3.Bool("Q"), R)  # type: ignore[operator]
    assert made.eq(want), (made.sexpr(), want.sexpr())
    assert type(made) is type(want)


def _n(value: int) -> z3.RatNumRef:
    return z3.RealVal(value)


def _x() -> z3.ExprRef:
    return z3.Const("x!", z3.DeclareSort("Obj"))
