"""Readable FOL syntax errors: caret contexts, friendly labels, and the bracket pre-scan.

Lark reports an unexpected token or character with the terminals it expected. This module
turns that into a `ParseError` whose `expected` list uses the symbols people type (`∧`, `)`,
`a name`), whose `context` shows the line with a caret, and whose `label` names the common
mistake: unbalanced parenthesis, dangling operator, quantifier without variable, missing
operator, comma outside an argument list, formula as argument, chained comparison, ellipsis,
list or set literal, quoted string, unknown character. The pre-scan checks brackets before
parsing, so deeply nested input fails fast with `NestingError` instead of recursing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from veridot.parser.errors import NestingError, ParseError

# How each terminal is shown in "expected one of": spellings of one operator share an entry.
_SHOW: dict[str, str] = {
    "NAME": "a name",
    "NUMBER": "a number",
    "LPAR": "(",
    "RPAR": ")",
    "COMMA": ",",
    "_QSEP": ". (after quantified variables)",
    "$END": "end of input",
    "IFF": "↔",
    "IFF_KW": "↔",
    "IMP": "→",
    "IMP_KW": "→",
    "OR": "∨",
    "OR_KW": "∨",
    "XOR": "⊕",
    "XOR_KW": "⊕",
    "AND": "∧",
    "AND_KW": "∧",
    "NEG": "¬",
    "NOT_KW": "¬",
    "DASH": "-",
    "FORALL": "∀",
    "ALL_KW": "∀",
    "FORALL_KW": "∀",
    "EXISTS": "∃",
    "EXISTS_KW": "∃",
    "EXIST_KW": "∃",
    "EQ": "=",
    "NEQ": "≠",
    "IN": "∈",
    "IN_KW": "∈",
    "NOT_IN": "∉",
    "LT": "<",
    "LE": "≤",
    "GT": ">",
    "GE": "≥",
    "PLUS": "+",
    "TIMES": "×",
    "DIV": "÷",
    "TRUE": "⊤",
    "TRUE_KW": "⊤",
    "FALSE": "⊥",
    "FALSE_KW": "⊥",
}
_BINARY = frozenset(
    {
        "IFF",
        "IFF_KW",
        "IMP",
        "IMP_KW",
        "OR",
        "OR_KW",
        "XOR",
        "XOR_KW",
        "AND",
        "AND_KW",
        "EQ",
        "NEQ",
        "IN",
        "IN_KW",
        "NOT_IN",
        "LT",
        "LE",
        "GT",
        "GE",
        "PLUS",
        "TIMES",
        "DIV",
    }
)
_PREFIX = frozenset({"NEG", "NOT_KW", "DASH"})
_COMPARISONS = frozenset({"EQ", "NEQ", "LT", "LE", "GT", "GE", "IN", "IN_KW", "NOT_IN"})
_CONNECTIVES = frozenset(
    {"IFF", "IFF_KW", "IMP", "IMP_KW", "OR", "OR_KW", "XOR", "XOR_KW", "AND", "AND_KW"}
)
_QUANTIFIERS = frozenset({"FORALL", "ALL_KW", "FORALL_KW", "EXISTS", "EXISTS_KW", "EXIST_KW"})
_OPERAND_END = frozenset({"NAME", "NUMBER", "RPAR", "TRUE", "TRUE_KW", "FALSE", "FALSE_KW"})
_OPERAND_START = (
    _QUANTIFIERS | _PREFIX | {"NAME", "NUMBER", "LPAR", "TRUE", "TRUE_KW", "FALSE", "FALSE_KW"}
)
_BRACKETS = re.compile(r"[()]")
_LIST_HINT = ("list or set literal", ": lists and sets are not terms, use one atom per item")
_QUOTE_HINT = ("quoted string", ": write names without quotes")
_CHARACTER_HINTS: dict[str, tuple[str, str]] = {
    **dict.fromkeys("[]{}", _LIST_HINT),
    **dict.fromkeys("'\"‘“", _QUOTE_HINT),
    "…": ("ellipsis", ": an elided list cannot be checked, write out every item"),
}
_CONTEXT_WIDTH = 40


def caret_context(text: str, line: int, column: int) -> str:
    """The 1-based `line` of `text` (clipped around `column`) with a caret under `column`."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    row = lines[line - 1]
    col = max(column, 1) - 1
    lo = max(0, col - _CONTEXT_WIDTH)
    hi = min(len(row), col + _CONTEXT_WIDTH)
    prefix = "..." if lo else ""
    suffix = "..." if hi < len(row) else ""
    return f"{prefix}{row[lo:hi]}{suffix}\n{' ' * (len(prefix) + col - lo)}^"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of the 0-based character `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _error(
    text: str,
    offset: int,
    message: str,
    label: str,
    cls: type[ParseError] = ParseError,
    expected: Iterable[str] = (),
) -> ParseError:
    line, column = line_col(text, offset)
    return cls(
        message,
        line=line,
        column=column,
        expected=tuple(expected),
        context=caret_context(text, line, column),
        label=label,
    )


def prescan(text: str, max_depth: int) -> None:
    """Raise on unbalanced or too deeply nested parentheses (before lark sees the text)."""
    if not text.strip():
        raise ParseError("empty formula", line=1, column=1, label="empty formula")
    opened: list[int] = []
    for match in _BRACKETS.finditer(text):
        if match.group() == "(":
            opened.append(match.start())
            if len(opened) > max_depth:
                raise _error(
                    text,
                    match.start(),
                    f"parentheses nested deeper than {max_depth} levels",
                    "nested too deeply",
                    NestingError,
                )
        elif opened:
            opened.pop()
        else:
            raise _error(text, match.start(), "')' has no matching '('", "unbalanced parenthesis")
    if opened:
        raise _error(text, opened[-1], "'(' is never closed", "unbalanced parenthesis")


def show_expected(names: Iterable[str]) -> tuple[str, ...]:
    """Terminal names as the symbols a user types, deduplicated and sorted."""
    return tuple(sorted({_SHOW.get(name, name) for name in names}))


def _previous(tokens: Iterable[Token], offset: int) -> Token | None:
    last: Token | None = None
    for tok in tokens:
        if (tok.start_pos or 0) >= offset:
            break
        last = tok
    return last


# Tokens that go on from a parser state, by its state stack. Lark's `accepts()` feeds every
# candidate token to a copy of the parser (~1 ms, most of the cost of a failed parse, and
# `auto` fails FOL on nearly every math step); it runs no callbacks, so the answer depends
# only on the parse table and the state stack, and error states recur across texts.
_ACCEPTS: dict[tuple[int, ...], tuple[object, frozenset[str]]] = {}
_ACCEPTS_MAX = 4096


def forget_expected_tokens() -> None:
    """Empty the memo of which tokens each parser state accepts (it refills as errors recur)."""
    _ACCEPTS.clear()


def _accepts(interactive: Any) -> frozenset[str]:
    state = interactive.parser_state
    table = state.parse_conf.parse_table
    key = (id(table), *state.state_stack)
    cached = _ACCEPTS.get(key)
    if cached is not None and cached[0] is table:
        return cached[1]
    accepted = frozenset(interactive.accepts())
    if len(_ACCEPTS) < _ACCEPTS_MAX:
        _ACCEPTS[key] = (table, accepted)  # the table is kept, so its id is never reused
    return accepted


def from_lark(err: UnexpectedInput, text: str, tokens: Iterable[Token]) -> ParseError:
    """A `ParseError` for lark's `err` on `text`; `tokens` lexes `text` (for the label)."""
    offset = err.pos_in_stream or 0
    if isinstance(err, UnexpectedCharacters):
        char = text[offset] if offset < len(text) else ""
        label, hint = _CHARACTER_HINTS.get(char, ("unknown character", ""))
        return _error(
            text,
            offset,
            f"unexpected character {char!r}{hint}",
            label,
            expected=show_expected(err.allowed or ()),
        )
    if not isinstance(err, UnexpectedToken):
        return _error(text, offset, str(err).split("\n")[0], "")
    tok = err.token
    expected: Iterable[str] = err.expected or ()
    if err.interactive_parser is not None:
        # LALR's error state over-approximates; asking which tokens really go on is exact.
        with suppress(LarkError, ParseError):
            expected = _accepts(err.interactive_parser)
    at_end = tok.type == "$END"
    if at_end:
        offset = len(text.rstrip())
    previous = _previous(tokens, offset)
    prev_type = previous.type if previous is not None else ""
    found = "end of input" if at_end else repr(str(tok))
    label = ""
    if prev_type in _QUANTIFIERS and tok.type != "NAME":
        label = "quantifier without variable"
        if at_end and previous is not None:
            offset = previous.start_pos or 0
    elif prev_type in _BINARY | _PREFIX and (at_end or tok.type in _BINARY | {"RPAR", "COMMA"}):
        label = "dangling operator"
    elif (tok.type in _CONNECTIVES | _COMPARISONS and "COMMA" in expected) or (
        tok.type in _QUANTIFIERS | {"NEG", "NOT_KW"} and prev_type in ("COMMA", "LPAR")
    ):
        label = "formula as argument"
    elif tok.type in _COMPARISONS:
        label = "chained comparison"
    elif tok.type == "COMMA":
        label = "comma outside an argument list"
    elif tok.type == "RPAR" and prev_type in ("LPAR", "COMMA"):
        label = "missing argument"
    elif prev_type in _OPERAND_END and tok.type in _OPERAND_START:
        label = "missing operator"
    if text.startswith(("...", "…"), offset):
        label = "ellipsis"
        found = "'...': an elided list cannot be checked, write out every item"
    message = f"unexpected {found}"
    if label == "dangling operator" and previous is not None:
        message = f"operator {str(previous)!r} is missing an operand (found {found})"
        offset = previous.start_pos or 0
    elif label == "formula as argument":
        message = f"unexpected {found}: arguments are terms, not formulas or comparisons"
    elif label == "chained comparison":
        message = f"unexpected {found}: comparisons do not chain (write a < b ∧ b < c)"
    return _error(text, offset, message, label, expected=show_expected(expected))
