"""The FOL grammar's LALR callbacks: `Raw` records built while lark parses.

`grammars/fol.lark` has one expression language for terms and formulas. `RawBuilder` runs as
lark's inline LALR transformer (no parse tree is built) and makes `Raw` records: a kind, an
operator, children and a source position, plus an upper bound on the nesting depth the
finished AST will have, so that over-deep input stops with `NestingError` while it is being
parsed. Whether a Raw is a term or a formula, and which names are variables, is decided later
by `veridot.parser.fol_build`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from lark import Token, Transformer

from veridot.parser.ast import ArithOp
from veridot.parser.errors import NestingError, ParseError, TooComplexError
from veridot.parser.fol_errors import caret_context
from veridot.parser.identifiers import fold, superscript
from veridot.parser.limits import MAX_NUMBER_DIGITS, literal_digits

# Deepest AST (`veridot.parser.ast.depth`) the parser returns; re-exported as
# `veridot.parser.fol.MAX_DEPTH`. Real formulas nest fewer than 20 levels. 200 keeps every recursive
# consumer (builder, printer helpers, prover converters at a few frames per level) far below
# Python's recursion limit.
MAX_DEPTH = 200

_CMP_OPS: dict[str, str] = {
    **{"EQ": "=", "NEQ": "!=", "LT": "<", "LE": "<=", "GT": ">", "GE": ">="},
    **{"IN": "in", "IN_KW": "in", "NOT_IN": "notin"},
}
_ARITH_OPS: dict[str, ArithOp] = {"PLUS": "+", "DASH": "-", "TIMES": "*", "DIV": "/"}
_EXISTS_TOKENS = frozenset({"EXISTS", "EXISTS_KW", "EXIST_KW"})
_TRUE_TOKENS = frozenset({"TRUE", "TRUE_KW"})
# `True`, `FALSE`, ...: the lexer's keywords are lower-case, but any spelling of true/false
# means the truth constant (a formula `P(a) → False` must not make `False` an atom).
_TRUTH_WORDS = {"true": True, "false": False}
_OR_TOKENS = frozenset({"OR", "OR_KW"})
_NAMED_QUANTIFIERS = {
    **dict.fromkeys(("All", "Forall", "ForAll", "FORALL", "ALL"), "forall"),
    **dict.fromkeys(("Exists", "Exist", "EXISTS"), "exists"),
}


@dataclass(slots=True)
class Raw:
    """One parsed node before classification. `depth` is the depth its AST will have (at most)."""

    kind: str
    op: str
    parts: tuple[Raw, ...]
    start: int
    end: int
    line: int
    column: int
    depth: int
    paren: bool = False
    value: Fraction = Fraction(0)
    names: tuple[Token, ...] = ()


def token_position(tok: Token) -> tuple[int, int, int, int]:
    return (tok.start_pos or 0, tok.end_pos or 0, tok.line or 0, tok.column or 0)


def too_deep(line: int, column: int, text: str = "") -> NestingError:
    """The error for input nested deeper than MAX_DEPTH at `line`/`column` (context if `text`)."""
    return NestingError(
        f"formula nested deeper than {MAX_DEPTH} levels",
        line=line,
        column=column,
        context=caret_context(text, line, column) if text else "",
        label="nested too deeply",
    )


def _refuse_truth_word(tok: Token, use: str) -> None:
    """A truth constant (any case of true/false) cannot name a symbol or a variable."""
    word = fold(str(tok)).casefold()
    if word in _TRUTH_WORDS:
        raise ParseError(
            f"{str(tok)!r} is the truth constant {word}; it cannot be {use}",
            line=tok.line or 0,
            column=tok.column or 0,
            label="truth constant as name",
        )


def _refuse_superscript(tok: Token) -> None:
    """NFKC would make `x²` the name `x2`, not a power of x: refused with its position."""
    power = superscript(str(tok))
    if power is not None:
        raise ParseError(
            f"{str(tok)!r} holds the superscript {power!r}: write a power with ^ (x^2), or a "
            "name with plain digits (x2)",
            line=tok.line or 0,
            column=tok.column or 0,
            label="superscript in a name",
        )


class RawBuilder(Transformer[Token, Raw]):
    """Inline LALR callbacks (one per grammar rule) building `Raw` nodes bottom-up.

    Stateless, so one instance serves every parse in every thread; errors raised here carry
    no caret context, which `veridot.parser.fol` adds.
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    # -- helpers --------------------------------------------------------------------------

    def _node(
        self,
        kind: str,
        op: str,
        parts: Sequence[Raw],
        first: Raw | Token,
        last: Raw | Token,
        depth: int,
    ) -> Raw:
        start, line, column = (
            (first.start, first.line, first.column)
            if isinstance(first, Raw)
            else (first.start_pos or 0, first.line or 0, first.column or 0)
        )
        end = last.end if isinstance(last, Raw) else (last.end_pos or 0)
        # One level of slack: `-5` is one Raw level deeper than its AST `Num(-5)`.
        if depth > MAX_DEPTH + 1:
            raise too_deep(line, column)
        return Raw(kind, op, tuple(parts), start, end, line, column, depth)

    def _leaf(self, kind: str, tok: Token, value: Fraction = Fraction(0)) -> Raw:
        start, end, line, column = token_position(tok)
        return Raw(kind, str(tok), (), start, end, line, column, 1, value=value)

    # -- atoms ----------------------------------------------------------------------------

    def num(self, c: list[Token]) -> Raw:
        text = str(c[0])
        # Checked before `Fraction`, which would fail past Python's 4,300-digit limit.
        digits = literal_digits(text)
        if digits > MAX_NUMBER_DIGITS:
            raise TooComplexError(
                f"a number of {digits} digits (at most {MAX_NUMBER_DIGITS})",
                line=c[0].line or 0,
                column=c[0].column or 0,
                label="number too long",
            )
        return self._leaf("num", c[0], Fraction(text))

    def name(self, c: list[Token]) -> Raw:
        _refuse_superscript(c[0])
        leaf = self._leaf("name", c[0])
        leaf.op = fold(leaf.op)  # one spelling per symbol: `Ｃａｔ` is `Cat`
        truth = _TRUTH_WORDS.get(leaf.op.casefold())
        if truth is not None:
            return self._leaf("bool", c[0], Fraction(int(truth)))
        return leaf

    def boolean(self, c: list[Token]) -> Raw:
        return self._leaf("bool", c[0], Fraction(int(c[0].type in _TRUE_TOKENS)))

    def args(self, c: list[Raw]) -> list[Raw]:
        return c

    def app(self, c: list[Any]) -> Raw:
        name, args, rpar = c[0], c[2] or [], c[3]
        _refuse_superscript(name)
        _refuse_truth_word(name, "applied to arguments")
        depth = 1 + max((a.depth for a in args), default=0)
        return self._node("app", fold(str(name)), args, name, rpar, depth)

    def group(self, c: list[Any]) -> Raw:
        lpar, inner, rpar = c
        assert isinstance(inner, Raw)
        start, _, line, column = token_position(lpar)
        # Spelt out rather than `dataclasses.replace`, which costs as much as the rest of
        # the parse of a parenthesis.
        return Raw(
            inner.kind,
            inner.op,
            inner.parts,
            start,
            rpar.end_pos or 0,
            line,
            column,
            inner.depth,
            True,
            inner.value,
            inner.names,
        )

    # -- terms ----------------------------------------------------------------------------

    def sum(self, c: list[Any]) -> Raw:
        return self._arith(c)

    ssum = sum
    prod = sum
    sprod = sum

    def _arith(self, c: list[Any]) -> Raw:
        acc: Raw = c[0]  # left-associative
        for i in range(1, len(c), 2):
            tok, right = c[i], c[i + 1]
            acc = self._node(
                "arith",
                _ARITH_OPS[tok.type],
                (acc, right),
                acc,
                right,
                1 + max(acc.depth, right.depth),
            )
        return acc

    def uminus(self, c: list[Any]) -> Raw:
        return self._node("uminus", "-", (c[1],), c[0], c[1], 1 + c[1].depth)

    # -- formulas -------------------------------------------------------------------------

    def cmp(self, c: list[Any]) -> Raw:
        left, tok, right = c
        extra = 2 if tok.type in ("NEQ", "NOT_IN") else 1  # `a ≠ b` is Not(Eq(a, b))
        return self._node(
            "cmp",
            _CMP_OPS[tok.type],
            (left, right),
            left,
            right,
            extra + max(left.depth, right.depth),
        )

    def neg(self, c: list[Any]) -> Raw:
        return self._node("not", "not", (c[1],), c[0], c[1], 1 + c[1].depth)

    def dash(self, c: list[Any]) -> Raw:
        return self._node("dash", "-", (c[1],), c[0], c[1], 1 + c[1].depth)

    def conj(self, c: list[Any]) -> Raw:
        parts = c[::2]
        return self._node("and", "and", parts, parts[0], parts[-1], 1 + max(p.depth for p in parts))

    def disj(self, c: list[Any]) -> Raw:
        # A run of ∨ is one n-ary Or; ⊕ is binary; both left to right at one level. Runs are
        # collected first so a long chain costs linear time.
        run: list[Raw] = [c[0]]
        for i in range(1, len(c), 2):
            tok, right = c[i], c[i + 1]
            if tok.type in _OR_TOKENS:
                run.append(right)
                continue
            left = self._or(run)
            xor = self._node(
                "bin", "xor", (left, right), left, right, 1 + max(left.depth, right.depth)
            )
            run = [xor]
        return self._or(run)

    def _or(self, run: list[Raw]) -> Raw:
        if len(run) == 1:
            return run[0]
        return self._node("or", "or", run, run[0], run[-1], 1 + max(p.depth for p in run))

    def imp(self, c: list[Any]) -> Raw:
        acc: Raw = c[-1]  # right-associative
        for i in range(len(c) - 3, -1, -2):
            left = c[i]
            acc = self._node("bin", "imp", (left, acc), left, acc, 1 + max(left.depth, acc.depth))
        return acc

    def iff(self, c: list[Any]) -> Raw:
        acc: Raw = c[0]
        for i in range(2, len(c), 2):
            right = c[i]
            acc = self._node(
                "bin", "iff", (acc, right), acc, right, 1 + max(acc.depth, right.depth)
            )
        return acc

    def named_quant(self, c: list[Any]) -> Raw:
        # `Exists x. P(x)`, `ForAll x y. ...`: capitalized quantifier words (seen in LLM
        # output) are names to the lexer; two names in a row only make sense as a quantifier.
        word: Token = c[0]
        if str(word) not in _NAMED_QUANTIFIERS:
            var = c[1]
            raise ParseError(
                f"unexpected {str(var)!r} after {str(word)!r}",
                line=var.line or 0,
                column=var.column or 0,
                label="missing operator",
            )
        kind = "EXISTS" if _NAMED_QUANTIFIERS[str(word)] == "exists" else "FORALL"
        return self.quant(
            [
                Token(
                    kind, str(word), word.start_pos, word.line, word.column, end_pos=word.end_pos
                ),
                *c[1:],
            ]
        )

    def quant(self, c: list[Any]) -> Raw:
        qtok, body = c[0], c[-1]
        names = tuple(
            t if t.isascii() else Token.new_borrow_pos("NAME", fold(str(t)), t)
            for t in c[1:-1]
            if isinstance(t, Token) and t.type == "NAME"
        )
        for tok in c[1:-1]:
            if isinstance(tok, Token) and tok.type == "NAME":
                _refuse_superscript(tok)
        for var in names:
            _refuse_truth_word(var, "bound by a quantifier")
        op = "exists" if qtok.type in _EXISTS_TOKENS else "forall"
        node = self._node("quant", op, (body,), qtok, body, len(names) + body.depth)
        node.names = names
        return node
