"""Print any AST as FOL text, in Unicode (`to_unicode`) or NLTK-style ASCII (`to_ascii`).

Both outputs parse back to an equal AST (`parse_fol(to_unicode(f)) == f`): parentheses are
added exactly where the grammar's precedence, associativity and quantifier scope need them,
plus around a binary connective under a quantifier (`∀x (P(x) → Q(x))`), the conventional
form that readers expect. Spellings: Unicode `∀x ∃x ¬ ∧ ∨ ⊕ → ↔ = ≠ < ≤ > ≥ ⊤ ⊥`; ASCII
`all x. exists x. - & | xor -> <-> = != < <= > >= true false`; arithmetic `+ - * /` in both.
A number without a finite decimal expansion prints as a quotient, `(1 / 3)`, which parses to
an equal-valued `Arith`. ASTs deeper than `MAX_DEPTH` are refused with `NestingError`.
Symbol names are printed as they are: the round trip holds when each is a name the grammar
reads (`veridot.parser.fol.is_name`), which every parsed formula satisfies.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    Term,
    Var,
    Xor,
)
from veridot.parser.by_identity import depth_of
from veridot.parser.errors import NestingError
from veridot.parser.fol_build import MEMBER
from veridot.parser.fol_raw import MAX_DEPTH

# Binding strength, loosest first; a child looser than its slot's minimum gets parentheses.
_IFF, _IMP, _OR, _AND, _PREFIX, _ATOM = 1, 2, 3, 4, 5, 6
_ADD, _MUL, _UNARY, _PRIMARY = 7, 8, 9, 10


@dataclass(frozen=True, slots=True)
class _Style:
    forall: str
    exists: str
    quant_sep: str
    neg: str
    conj: str
    disj: str
    xor: str
    imp: str
    iff: str
    neq: str
    le: str
    ge: str
    true: str
    false: str
    member: str
    not_member: str
    ascii: bool


_UNICODE = _Style(
    forall="∀",
    exists="∃",
    quant_sep=" ",
    neg="¬",
    conj=" ∧ ",
    disj=" ∨ ",
    xor=" ⊕ ",
    imp=" → ",
    iff=" ↔ ",
    neq=" ≠ ",
    le=" ≤ ",
    ge=" ≥ ",
    true="⊤",
    false="⊥",
    member=" ∈ ",
    not_member=" ∉ ",
    ascii=False,
)
_ASCII = _Style(
    forall="all ",
    exists="exists ",
    quant_sep=". ",
    neg="-",
    conj=" & ",
    disj=" | ",
    xor=" xor ",
    imp=" -> ",
    iff=" <-> ",
    neq=" != ",
    le=" <= ",
    ge=" >= ",
    true="true",
    false="false",
    member=" in ",
    not_member="",  # no ASCII spelling: printed -(a in b)
    ascii=True,
)


def to_unicode(node: Node) -> str:
    """`node` in the Unicode dialect: `∀x (Dog(x) → ¬Cat(x))`."""
    return _Printer(_UNICODE).show(node)


def to_ascii(node: Node) -> str:
    """`node` in the NLTK-style ASCII dialect: `all x. (Dog(x) -> -Cat(x))`."""
    return _Printer(_ASCII).show(node)


def format_number(value: Fraction) -> str:
    """An exact decimal for `value` when one exists (`42.5`), else `p / q` (`1 / 3`)."""
    num, den = value.numerator, value.denominator
    if den == 1:
        return str(num)
    twos = fives = 0
    rest = den
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return f"{num} / {den}"
    places = max(twos, fives)
    scaled = abs(num) * 10**places // den
    whole, frac = divmod(scaled, 10**places)
    return f"{'-' if num < 0 else ''}{whole}.{frac:0{places}d}".rstrip("0")


class _Printer:
    def __init__(self, style: _Style) -> None:
        self.s = style

    def show(self, node: Node) -> str:
        # Recursion is one frame per level; refusing deep ASTs keeps it safe.
        if depth_of(node) > MAX_DEPTH:
            raise NestingError(
                f"cannot print a formula nested deeper than {MAX_DEPTH} levels",
                label="nested too deeply",
            )
        if isinstance(node, Var | Const | Func | Num | Arith):
            return self.term(node, 0, lead=True)
        return self.formula(node, 0, last=True)

    # -- formulas: `need` is the loosest strength allowed without parentheses; `last` says
    # nothing follows at this parenthesis level, so a quantifier may extend to the right.

    def formula(self, f: Formula, need: int, last: bool) -> str:
        return self._wrapped(f, need, last)[0]

    def _wrapped(self, f: Formula, need: int, last: bool) -> tuple[str, bool]:
        """Text of `f` in a slot, and whether it ends in an unbracketed quantifier body.

        Whether brackets are needed is decided before printing, so each node is printed once
        (deciding afterwards and reprinting would double the work at every level).
        """
        if self.strength(f) < need or (not last and _head_open(f)):
            return f"({self._formula(f, True)[0]})", False
        return self._formula(f, last)

    def strength(self, f: Formula) -> int:
        match f:
            case Pred() | Eq() | Compare() | Bool() | Not(body=Eq()):
                return _ATOM
            case Not(body=Pred(name=name, args=(_, _))) if name == MEMBER and self.s.not_member:
                return _ATOM
            case Not() | Forall() | Exists():
                return _PREFIX
            case And():
                return _AND
            case Or() | Xor():
                return _OR
            case Implies():
                return _IMP
            case Iff():
                return _IFF
        assert_never(f)

    def _formula(self, f: Formula, last: bool) -> tuple[str, bool]:
        s = self.s
        match f:
            case Pred(name=name, args=(left, right)) if name == MEMBER:
                return self.relation(left, s.member, right), False
            case Pred(name=name, args=args):
                return (f"{name}({self.args(args)})" if args else name), False
            case Eq(left=left, right=right):
                return self.relation(left, " = ", right), False
            case Compare(op=op, left=left, right=right):
                spelled = {"<": " < ", ">": " > ", "<=": s.le, ">=": s.ge}[op]
                return self.relation(left, spelled, right), False
            case Bool(value=value):
                return (s.true if value else s.false), False
            case Not(body=Eq(left=left, right=right)):
                return self.relation(left, s.neq, right), False
            case Not(body=Pred(name=name, args=(left, right))) if name == MEMBER and s.not_member:
                return self.relation(left, s.not_member, right), False
            case Not(body=body):
                # ASCII `-a < b` would be ambiguous (negation or minus): relations get brackets.
                relation = _is_relation(body) or (isinstance(body, Not) and _is_relation(body.body))
                need = _ATOM + 1 if s.ascii and relation else _PREFIX
                inner, open_right = self._wrapped(body, need, last)
                return s.neg + inner, open_right
            case And(args=args):
                return self.chain(args, s.conj, last)
            case Or(args=args):
                return self.chain(args, s.disj, last)
            case Xor(left=left, right=right):
                return self.binary(left, s.xor, right, _OR, _AND, last)
            case Implies(left=left, right=right):
                return self.binary(left, s.imp, right, _OR, _IMP, last)
            case Iff(left=left, right=right):
                return self.binary(left, s.iff, right, _IFF, _IMP, last)
            case Forall(var=var, body=body) | Exists(var=var, body=body):
                quant = s.forall if isinstance(f, Forall) else s.exists
                # Binary connectives under a quantifier get brackets: `∀x (P(x) → Q(x))`.
                need = _PREFIX if isinstance(body, Forall | Exists | Not) else _ATOM
                body_text = self._wrapped(body, need, True)[0]
                return f"{quant}{var.name}{s.quant_sep}{body_text}", True
        assert_never(f)

    def chain(self, args: tuple[Formula, ...], sep: str, last: bool) -> tuple[str, bool]:
        """An n-ary ∧ or ∨: every argument binds tighter, except that a leading ⊕ may stay bare
        under ∨ (`A ⊕ B ∨ C` reads as `(A ⊕ B) ∨ C`)."""
        parts = []
        open_right = False
        for i, arg in enumerate(args):
            need = _AND + 1 if sep == self.s.conj else _AND
            if i == 0 and sep == self.s.disj and isinstance(arg, Xor):
                need = _OR
            text, open_right = self._wrapped(arg, need, last and i == len(args) - 1)
            parts.append(text)
        return sep.join(parts), open_right

    def binary(
        self, left: Formula, sep: str, right: Formula, need_left: int, need_right: int, last: bool
    ) -> tuple[str, bool]:
        left_text = self.formula(left, need_left, False)
        right_text, open_right = self._wrapped(right, need_right, last)
        return left_text + sep + right_text, open_right

    def relation(self, left: Term, sep: str, right: Term) -> str:
        return self.term(left, _ADD, lead=True) + sep + self.term(right, _ADD, lead=False)

    def args(self, args: tuple[Term, ...]) -> str:
        return ", ".join(self.term(a, 0, lead=False) for a in args)

    # -- terms: `lead` marks a position where a formula could start, so a leading `-` would
    # read as negation; negative numbers there get parentheses.

    def term(self, t: Term, need: int, lead: bool) -> str:
        match t:
            case Var(name=name) | Const(name=name):
                return name
            case Func(name=name, args=args):
                # A loop, not self.args(): one stack frame per nesting level.
                parts = []
                for arg in args:
                    parts.append(self.term(arg, 0, lead=False))
                return f"{name}({', '.join(parts)})"
            case Num(value=value):
                text = format_number(value)
                if "/" in text:
                    return f"({text})"
                return f"({text})" if value < 0 and (lead or need > _UNARY) else text
            case Arith(op="-", left=Num(value=0), right=right) if not (
                lead or isinstance(right, Num)
            ):
                # `0 - t` is how the parser reads unary minus `-t`; print it back that way.
                return "-" + self.term(right, _UNARY, lead=False)
            case Arith(op=op, left=left, right=right):
                strength = _ADD if op in "+-" else _MUL
                if strength < need:
                    # Inside brackets a formula could start again: print as leading.
                    return f"({self.term(t, 0, lead=True)})"
                return (
                    f"{self.term(left, strength, lead)} {op} "
                    f"{self.term(right, strength + 1, lead=False)}"
                )
        assert_never(t)


def _is_relation(f: Formula) -> bool:
    """True for formulas printed infix between terms: `a = b`, `a < b`, `a ∈ b`."""
    return isinstance(f, Compare | Eq) or (
        isinstance(f, Pred) and f.name == MEMBER and len(f.args) == 2
    )


def _head_open(f: Formula) -> bool:
    """True when `f` is a quantifier, whose body runs right unless bracketed (under `¬` the
    quantifier itself gets the brackets: `¬(∀x P(x)) ∧ Q`)."""
    return isinstance(f, Forall | Exists)
