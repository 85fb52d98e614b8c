"""The math grammar (`grammars/math.lark`) and parsing one normalized expression with it.

`parse_expr` and `parse_chain` return exact AST terms, or raise `MathReadError` with a short
reason (a Lark syntax error, a notation `terms.py` refuses); Lark's own exceptions never leave
this module.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from fractions import Fraction
from functools import cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, VisitError
from lark.lexer import Lexer

from veridot.parser.ast import Formula, Term, depth
from veridot.parser.grammar_files import grammar_text
from veridot.parser.math.terms import MathReadError, TermBuilder

MAX_TEXT = 2000  # characters of one expression or chain; longer is not a hand computation
MAX_DEPTH = 100  # nesting of one side (printers and provers stop at 200)


_PUNCT = {
    "+": "_PLUS",
    "-": "_MINUS",
    "*": "_STAR",
    "/": "_SLASH",
    "^": "_CARET",
    "!": "_BANG",
    "(": "_LPAR",
    ")": "_RPAR",
    "{": "_LBRACE",
    "}": "_RBRACE",
    "[": "_LSQB",
    "]": "_RSQB",
    ",": "_COMMA",
}
_COMMANDS = {
    "\\frac": "_FRAC",
    "\\sqrt": "_SQRT",
    "\\binom": "_BINOM",
    "\\gcd": "_GCD",
    "\\lcm": "_LCM",
    "\\lfloor": "_LFLOOR",
    "\\rfloor": "_RFLOOR",
    "\\lceil": "_LCEIL",
    "\\rceil": "_RCEIL",
    "\\lvert": "_LVERT",  # absolute-value bars, paired by `bars.py`
    "\\rvert": "_RVERT",
    "\\log": "_LOG",
}
_TOKEN = re.compile(
    r"(?P<NUMBER>\d+(?:\.\d+)?%?|\.\d+%?)"
    r"|(?P<CALL>[A-Za-z](?:_[A-Za-z0-9]+)?\()"
    # "AB", "PM": capitals side by side name a segment or a length in geometry, not a product
    r"|(?P<SYMBOL>∠[A-Z]{1,3}|[A-Z]{2,3}(?![A-Za-z])|[A-Za-z](?:_[A-Za-z0-9]+)?'*)"
    r"|(?P<REL>[=<>≤≥≠≈])"
    r"|(?P<COMMAND>\\[A-Za-z]+)"
    r"|(?P<PUNCT>[-+*/^!(){}\[\],])"
    r"|(?P<SPACE>\s+)"
    r"|(?P<OTHER>.)"
)


def tokens(text: str) -> list[Token]:
    """The grammar's tokens for a normalized text (raises MathReadError on a stray mark)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup or "OTHER", m.group()
        if kind == "SPACE":
            continue
        if kind == "PUNCT":
            kind = _PUNCT[value]
        elif kind == "COMMAND":
            if value not in _COMMANDS:
                raise MathReadError(f"{value} is not covered")
            kind = _COMMANDS[value]
        elif kind == "OTHER":
            raise MathReadError(f"{value!r} is not read")
        out.append(Token(kind, value, start_pos=m.start()))
    return out


class _ListLexer(Lexer):
    """A Lark lexer that replays the token list made by `tokens`."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data


@cache
def math_lark() -> Lark:
    """The LALR parser for `grammars/math.lark` (built once per process)."""
    return Lark(
        grammar_text("math.lark"),
        parser="lalr",
        lexer=_ListLexer,
        start=["chain", "expr"],
        strict=True,  # a shift/reduce conflict in the grammar is an error, not a silent choice
    )


def _tree(text: str, start: str) -> Tree[Token]:
    if len(text) > MAX_TEXT:
        raise MathReadError("expression too long")
    toks = tokens(text)
    try:
        return math_lark().parse(toks, start=start)  # type: ignore[arg-type,unused-ignore]
    except LarkError as err:
        raise MathReadError(f"not read as mathematics: {type(err).__name__}") from err


def _transform(tree: Tree[Token], builder: TermBuilder) -> object:
    try:
        term = builder.transform(tree)
        if not isinstance(term, Tree) and depth(term) > MAX_DEPTH:
            raise MathReadError("expression nested too deeply")
        return term
    except VisitError as err:
        cause = err.orig_exc
        if isinstance(cause, MathReadError):
            raise cause from None
        if isinstance(cause, ZeroDivisionError):
            raise MathReadError("division by zero") from None
        raise MathReadError(f"not read: {cause}") from None
    except RecursionError:
        raise MathReadError("expression nested too deeply") from None


def plain_symbols(tree: Tree[Token]) -> set[str]:
    """Symbols written as plain letters in a parse (not as the head of an application)."""
    return {str(t) for t in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "SYMBOL")}


def parse_expr(text: str, *, percent: Fraction = Fraction(1, 100)) -> Term:
    """One side: `"48 / 2"` -> `Arith("/", 48, 2)` (raises MathReadError)."""
    term = _transform(_tree(text, "expr"), TermBuilder(percent=percent))
    assert not isinstance(term, Tree)
    return term  # type: ignore[return-value]


def parse_sides(
    sides: Sequence[str | None],
    *,
    percent: Fraction = Fraction(1, 100),
    functions: Collection[str] = (),
) -> tuple[list[Term | None], list[Formula]]:
    """The sides of one chain `a = b < c` (None stays None: a side not to be read), and the
    side conditions of fresh root constants (raises MathReadError). The sides share one
    builder, so "x(x + 1)" is a product when x is written plainly anywhere in the chain."""
    trees = [None if side is None else _tree(side, "expr") for side in sides]
    plain: set[str] = set()
    for tree in trees:
        if tree is not None:
            plain |= plain_symbols(tree)
    builder = TermBuilder(percent=percent, plain=plain, functions=functions)
    terms: list[Term | None] = []
    for tree in trees:
        if tree is None:
            terms.append(None)
            continue
        term = _transform(tree, builder)
        assert not isinstance(term, Tree)
        terms.append(term)  # type: ignore[arg-type]
    return terms, builder.definitions
