"""Errors raised by the parsers: one root, `ParseError`, with position and context.

Everything that turns text into an AST (FOL, DoT transcripts, controlled English, LLM answers)
raises `ParseError` or a subclass, so callers catch one type. A syntax error knows its line,
column, the tokens that were expected and a caret context ready to print; sort and arity
errors name both places that disagree.
"""

from __future__ import annotations

from collections.abc import Sequence


class ParseError(Exception):
    """Text that could not be turned into an AST.

    `line` and `column` are 1-based (0 when unknown). `expected` lists the token names or
    descriptions the parser would have accepted. `context` is the offending line with a caret
    under the column. `label` is a short friendly name for a common mistake (for example
    "unbalanced parenthesis"), or "" when none applies.
    """

    code = "syntax_error"

    def __init__(
        self,
        message: str,
        *,
        line: int = 0,
        column: int = 0,
        expected: Sequence[str] = (),
        context: str = "",
        label: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.expected = tuple(expected)
        self.context = context
        self.label = label

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        # A label that the message already starts with is not said twice.
        label = self.label and not self.message.startswith(self.label)
        head = f"{where}{self.label + ': ' if label else ''}{self.message}"
        parts = [head]
        if self.expected:
            parts.append("expected one of: " + ", ".join(self.expected))
        if self.context:
            parts.append(self.context.rstrip("\n"))
        return "\n".join(parts)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description (stable keys) for the API and `--json` outputs."""
        return {
            "code": self.code,
            "message": self.message,
            "label": self.label,
            "line": self.line,
            "column": self.column,
            "expected": list(self.expected),
            "context": self.context,
        }


class SortError(ParseError):
    """One symbol used with two sorts, or one predicate or function with two arities."""

    code = "sort_error"


class NestingError(ParseError):
    """Input nested deeper than the parser accepts (a clear error instead of a crash)."""

    code = "too_deep"


class TooComplexError(ParseError):
    """A numeral longer than `veridot.parser.limits.MAX_NUMBER_DIGITS` (Z3 and Python choke on
    it)."""

    code = "too_complex"
