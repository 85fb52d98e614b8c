"""A lean driver over the FOL grammar's LALR tables: lark's own tables, lexers and callbacks.

`Lark.parse` spends most of a formula's parse on per-token machinery (a generator per lexer
thread, a line counter object, rule objects hashed at every reduction, a call per inlined
`?rule`), about 80 µs for a FOLIO formula of 13 tokens. `LeanParser` runs the same automaton
in one loop: per parser state, the same contextual lexer's regular expressions and keyword
callbacks, the same shift/reduce table (rules replaced by their size, left-hand side and
callback, looked up once), and the same transformer callbacks (`veridot.parser.fol_raw`), except
that a `?rule` reduced from one child, which lark's `ExpandSingleChild` returns unchanged,
is returned without the call. Tokens carry the same positions as lark's.

The driver only parses what is well-formed: on any error (a character no terminal matches, a
token the table does not expect, an error raised by a callback) it returns `FAILED`, and the
caller parses the text again with `Lark.parse`, which raises exactly the error it always did.
The tables are lark internals (`ContextualLexer.lexers`, `_Parser.parse_table`/`callbacks`,
`Scanner._mres`): `lean_parser` returns None for a lark release the driver was not checked
against (`CHECKED_LARK`), or when the tables are not as expected, and every parse then goes
through lark. tests/parser/test_fol_lalr.py compares
both drivers on every formula of the test corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from lark import Lark, Token
from lark import __version__ as LARK_VERSION
from lark.parse_tree_builder import ExpandSingleChild

# Releases whose internals tests/parser/test_fol_lalr.py compared both drivers on (1.2.2, 1.3.1).
# A newer one may keep the same attribute names with another meaning: lark parses there.
CHECKED_LARK: Final = ("1.2.", "1.3.")
FAILED: Final = object()  # a parse the driver does not finish: lark parses the text again

# An action: a shift (the next state) or a reduction (size, left-hand side, callback; no
# callback when the rule returns its only child unchanged).
_Reduce = tuple[int, str, Callable[[list[Any]], Any] | None]
_Action = int | _Reduce
# A parser state's lexer: its regular expressions (tried in order, as lark does), the
# callbacks by token type (keywords spelled as names), and the types skipped and those whose
# text may hold a newline.
_Lexer = tuple[
    tuple[re.Pattern[str], ...], dict[str, Callable[[Token], Token]], frozenset[str], frozenset[str]
]


class LeanParser:
    """The LALR automaton of one `Lark` instance (lalr, contextual lexer, inline callbacks)."""

    def __init__(self, lark: Lark) -> None:
        frontend: Any = lark.parser
        contextual: Any = frontend.lexer
        automaton: Any = frontend.parser.parser
        table: Any = automaton.parse_table
        callbacks: dict[Any, Callable[[list[Any]], Any]] = automaton.callbacks
        # `Token(...)` is `Token.__new__`, which only looks for a deprecated keyword and calls
        # this: the same token, one call less per token.
        self._token: Callable[..., Token] = Token._future_new
        self._starts: dict[str, int] = dict(table.start_states)
        self._ends: dict[str, int] = dict(table.end_states)
        self._token_callbacks = {k: v for k, v in callbacks.items() if isinstance(k, str)}
        reductions: dict[int, _Reduce] = {}
        # By state number, as lark numbers them (0..n-1, checked below): a list index is the
        # cheapest look-up, made at every token and every reduction.
        count = len(table.states)
        self._actions: list[dict[str, _Action]] = [{} for _ in range(count)]
        self._gotos: list[dict[str, int]] = [{} for _ in range(count)]  # shifts, after reducing
        for state, row in table.states.items():
            actions = self._actions[state]
            gotos = self._gotos[state]
            for symbol, (action, arg) in row.items():
                if action.name == "Shift":
                    actions[symbol] = gotos[symbol] = int(arg)
                    continue
                reduce = reductions.get(id(arg))
                if reduce is None:
                    size = len(arg.expansion)
                    callback: Callable[[list[Any]], Any] | None = callbacks[arg]
                    if size == 1 and type(callback) is ExpandSingleChild:
                        callback = None
                    reduce = reductions[id(arg)] = (size, str(arg.origin.name), callback)
                actions[symbol] = reduce
        # A state's lexer is read on the state's first visit: lark compiles a lexer's
        # regular expressions when first used, and most states never lex (FOLIO: 46 lexers).
        self._basic: dict[int, Any] = dict(contextual.lexers)
        self._lexers: list[_Lexer | None] = [None] * count
        self._made: dict[int, _Lexer] = {}
        if set(self._basic) != set(range(count)) or self._token_callbacks:
            raise TypeError("not the tables this driver reads")
        self._lexer(self._starts["start"])  # fails here, not in a parse, if lark differs

    def _lexer(self, state: int) -> _Lexer:
        """The lexer of parser state `state` (lark's contextual lexer for it)."""
        basic = self._basic[state]
        lexer = self._made.get(id(basic))
        if lexer is None:
            scanner = basic.scanner  # built on first use, with `basic.callback`
            lexer = self._made[id(basic)] = (
                tuple(scanner._mres),
                dict(basic.callback),
                frozenset(basic.ignore_types),
                frozenset(basic.newline_types),
            )
        self._lexers[state] = lexer
        return lexer

    def parse(self, text: str, start: str) -> Any:
        """The callbacks' result for `text` from rule `start`, or `FAILED` on any error."""
        try:
            return self._parse(text, start)
        except Exception:  # lark parses it again and raises the error users see
            return FAILED

    def _parse(self, text: str, start: str) -> Any:
        actions, gotos, lexers, make = self._actions, self._gotos, self._lexers, self._token
        end_state = self._ends[start]
        states = [self._starts[start]]
        values: list[Any] = []
        pos, line, line_start, length = 0, 1, 0, len(text)
        last: Token | None = None
        while True:
            if pos < length:
                lexer = lexers[states[-1]]
                if lexer is None:
                    lexer = self._lexer(states[-1])
                mres, keyword, ignore, newline = lexer
                for mre in mres:
                    match = mre.match(text, pos)
                    if match is not None:
                        break
                else:
                    return FAILED
                value = match.group(0)
                kind = match.lastgroup
                assert kind is not None
                start_pos = pos
                column = pos - line_start + 1
                token_line = line
                if kind in newline:
                    newlines = value.count("\n")
                    if newlines:
                        line += newlines
                        line_start = pos + value.rindex("\n") + 1
                pos += len(value)
                if kind in ignore and kind not in keyword:
                    continue
                token = make(
                    kind, value, start_pos, token_line, column, line, pos - line_start + 1, pos
                )
                if kind in keyword:
                    token = keyword[kind](token)
                    if kind in ignore:
                        continue
                last = token
                is_end = False
            else:
                token = (
                    Token.new_borrow_pos("$END", "", last)
                    if last is not None
                    else Token("$END", "", 0, 1, 1)
                )
                is_end = True
            row = actions[states[-1]]
            while True:
                action = row[token.type]
                if type(action) is int:
                    if is_end:
                        return FAILED
                    states.append(action)
                    values.append(token)
                    break
                size, origin, callback = action  # type: ignore[misc]
                if callback is None:  # one child, returned as it is: only the state changes
                    goto = gotos[states[-2]][origin]
                    states[-1] = goto
                else:
                    if size:
                        children = values[-size:]
                        del states[-size:]
                        del values[-size:]
                    else:
                        children = []
                    made = callback(children)
                    goto = gotos[states[-1]][origin]
                    states.append(goto)
                    values.append(made)
                if is_end and goto == end_state:
                    return values[-1]
                row = actions[goto]


def lean_parser(lark: Lark, version: str = LARK_VERSION) -> LeanParser | None:
    """The lean driver for `lark` (from lark release `version`), or None when the release was
    not checked or its tables are not as this driver reads."""
    if not version.startswith(CHECKED_LARK):
        return None
    try:
        return LeanParser(lark)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        return None
