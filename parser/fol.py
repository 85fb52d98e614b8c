"""Parse first-order logic text into the AST: `parse_fol`, `parse_fol_term`, `FolParser`.

One LALR grammar (`grammars/fol.lark`) reads three dialects, also mixed in one formula:

- Unicode (FOLIO, Logic-LM): `∀x (Dog(x) → ¬Cat(x))`, `∃x ∃y (...)`, `∧ ∨ ⊕ ↔ = ≠ ≤ ≥ × ÷`
- NLTK / Prover9 (LINC): `all x y. (P(x) -> -Q(y))`, `exists x.`, `& | <-> !=`
- words: `forall x. not P(x) or Q(x)`, `implies`, `iff`, `xor`, `and`
- truth constants `⊤ ⊥ true false`; numbers are exact (`42.5` is Fraction(85, 2));
  membership `a ∈ b` (`a in b`, `a ∉ b`) is the binary predicate named `∈`;
- capitalized quantifier words as LLMs write them: `Exists x.`, `ForAll x y.`.

Precedence, tightest first: application and parentheses; unary minus on terms; `* /`; `+ -`;
comparisons `= ≠ < ≤ > ≥ ∈` (not chained); `¬` and quantifiers (prefix); `∧`; `∨` and `⊕`
(one level, left to right, a run of `∨` is one n-ary Or); `→` (right-associative); `↔`
(left-associative). A quantifier's scope extends as far right as possible: `∀x P(x) ∧ Q(x)`
is `∀x (P(x) ∧ Q(x))`.

`-` is negation where a formula may begin (`-Flies(pingu)`, `-(A & B)`) and minus after a term
(`36 - 10 = 26`, `x > -5`); `-5 < x` is ambiguous and rejected (write `(-5) < x` or `¬(5 < x)`).
An identifier is a `Var` exactly when an enclosing quantifier binds it; every other identifier
in term position is a `Const`, whatever its case (`f()` is the constant `f`; `P()` is `P`).
Names may hold digits, `_`, apostrophes (`Companies’Stocks`) and start with digits when two
letters or a capital follow (`2008SummerOlympics`); `2x` is an error, not a product. Syntax
errors are `ParseError`s with line, column, expected tokens, caret context and a friendly
label; input nested deeper than `MAX_DEPTH` raises `NestingError` (never a RecursionError).
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import cast

from lark import Lark, Token
from lark.exceptions import LexError, UnexpectedInput, VisitError
from lark.lexer import Lexer, LexerThread

from veridot.parser.ast import Formula, Term, depth
from veridot.parser.errors import ParseError
from veridot.parser.fol_build import AstBuilder
from veridot.parser.fol_errors import caret_context, from_lark, prescan
from veridot.parser.fol_lalr import FAILED, LeanParser, lean_parser
from veridot.parser.fol_raw import MAX_DEPTH, Raw, RawBuilder, too_deep
from veridot.parser.grammar_files import grammar_text
from veridot.parser.semantic import Role, Translation
from veridot.parser.vocabulary import Vocabulary

__all__ = ["MAX_DEPTH", "FolParser", "is_name", "parse_fol", "parse_fol_term"]


def _cache_file() -> str | bool:
    """Where lark keeps the built LALR tables between processes (saves ~0.2 s per start).

    A private per-user directory rather than lark's default in the shared temp dir, since the
    file is unpickled; lark checks the grammar's hash before using it. False when unavailable.
    """
    if os.environ.get("VERIDOT_NO_GRAMMAR_CACHE"):
        return False
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "veridot"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return str(base / f"fol-lalr-py{sys.version_info[0]}{sys.version_info[1]}.cache")


@cache
def fol_lark() -> Lark:
    """The LALR parser with its (stateless) inline callbacks, built once per process.

    Its errors are the parser's errors; a well-formed formula is parsed by the lean driver
    over its tables (`veridot.parser.fol_lalr`), which gives the same result faster.
    """
    return Lark(
        grammar_text("fol.lark"),
        parser="lalr",
        lexer="contextual",
        start=["start", "term_start"],
        transformer=RawBuilder(),
        maybe_placeholders=True,
        cache=_cache_file(),
    )


@cache
def _lean() -> LeanParser | None:
    """The lean driver over `fol_lark()`'s tables, or None if lark's are not as it reads."""
    return lean_parser(fol_lark())


@cache
def _basic_lexer() -> Lexer:
    # `Lark.lex` rebuilds this lexer (~20 ms) on every call when the parser's lexer is
    # contextual; errors need it to find the token before the error, so keep one.
    return fol_lark()._build_lexer()


def _lex(text: str) -> list[Token]:
    tokens: list[Token] = []
    with suppress(LexError):  # tokens up to a bad character are enough to label the error
        for tok in LexerThread.from_text(_basic_lexer(), text).lex(None):  # type: ignore[no-untyped-call]
            tokens.append(tok)
    return tokens


def _parse_raw(text: str, start: str) -> Raw:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    # `prescan` refuses unbalanced or too deeply nested parentheses first. A text shorter
    # than MAX_DEPTH cannot nest past it, and a parse balances every parenthesis: for such a
    # text `prescan` can only fail where the parse fails, so it runs only then.
    short = len(text) <= MAX_DEPTH
    if not short:
        prescan(text, MAX_DEPTH)
    lean = _lean()
    if lean is not None:
        raw = lean.parse(text, start)
        if raw is not FAILED:
            return cast(Raw, raw)
    if short:
        prescan(text, MAX_DEPTH)
    parser = fol_lark()  # lark's own driver: its errors, or the parse the lean one left
    try:
        raw = cast(Raw, parser.parse(text, start=start))
    except UnexpectedInput as err:
        raise from_lark(err, text, _lex(text)) from None
    except (ParseError, VisitError) as err:  # raised in a callback, perhaps wrapped by lark
        inner = err.orig_exc if isinstance(err, VisitError) else err
        if not isinstance(inner, ParseError):
            raise
        if not inner.context:
            inner.context = caret_context(text, inner.line, inner.column)
        raise inner from None
    return raw


def _check_depth(node: Formula | Term, raw: Raw, text: str) -> None:
    # raw.depth bounds the AST's depth from above, so the exact count is rarely needed.
    if raw.depth > MAX_DEPTH and depth(node) > MAX_DEPTH:
        raise too_deep(raw.line, raw.column, text)


# Longest text whose parse is remembered: bounds the cache's memory (8,192 entries).
_CACHED_CHARS = 2_000


def parse_fol(text: str) -> Formula:
    """Parse one formula in any supported dialect; raise `ParseError` with line and column."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _parse_cached(text) if len(text) <= _CACHED_CHARS else _parse(text)


def _parse(text: str) -> Formula:
    raw = _parse_raw(text, "start")
    formula = AstBuilder(text).formula(raw)
    _check_depth(formula, raw, text)
    return formula


# Formulas are immutable, and benchmark problems repeat their premises (FOLIO: 1,288 formulas,
# 571 distinct), so a parse is worth remembering. Errors are not cached.
_parse_cached = lru_cache(maxsize=8192)(_parse)


def parse_fol_term(text: str) -> Term:
    """Parse one term (`age(tom) + 1`, `-5`, `fatherOf(x)`); identifiers are constants."""
    raw = _parse_raw(text, "term_start")
    term = AstBuilder(text).term(raw)
    _check_depth(term, raw, text)
    return term


@cache
def _name_rules() -> tuple[re.Pattern[str], frozenset[str]]:
    parser = fol_lark()
    keywords = frozenset(t.pattern.value for t in parser.terminals if t.name.endswith("_KW"))
    return re.compile(parser.get_terminal("NAME").pattern.to_regexp()), keywords


def is_name(text: str) -> bool:
    """True when `text` can be a predicate, function, constant or variable name (so printed
    formulas using it parse back): `Dog`, `tom`, `2008SummerOlympics`; not `all`, `x y`, `2x`."""
    pattern, keywords = _name_rules()
    return pattern.fullmatch(text) is not None and text not in keywords and bool(text.strip("_"))


class FolParser:
    """The `fol` semantic parser: the text is a formula in one of the FOL dialects."""

    name = "fol"

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        """`Translation.of(formula)`, or untranslated with the syntax error as the reason."""
        try:
            formula = parse_fol(text)
        except ParseError as err:
            return Translation.untranslated(str(err), parser=self.name)
        vocabulary.observe(formula)
        return Translation.of(formula, parser=self.name)
