"""From `Raw` records to the AST, deciding from context what each node is.

`AstBuilder` walks the Raw tree made by `veridot.parser.fol_raw` top-down with the set of names
bound so far: `P(x)` is a predicate in formula position and a function in term position; an
identifier is a `Var` exactly when an enclosing quantifier binds it, otherwise a `Const`;
`-` before a formula is negation and before a lone term is minus, and where both readings
are possible (`-5 < x`) it is an error rather than a guess. Recursion is one frame per AST
level, and Raw trees are never deeper than `MAX_DEPTH` + 1.
"""

from __future__ import annotations

from fractions import Fraction

from lark import Token

from veridot.parser.ast import (
    And,
    Arith,
    ArithOp,
    Bool,
    Compare,
    CompareOp,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Not,
    Num,
    Or,
    Pred,
    Span,
    Term,
    Var,
    Xor,
)
from veridot.parser.errors import ParseError
from veridot.parser.fol_errors import caret_context
from veridot.parser.fol_raw import Raw, token_position
from veridot.parser.identifiers import ConfusableSymbolError, confusable, confusable_message

# `a ∈ b` is an uninterpreted binary predicate whose name no identifier can spell.
MEMBER = "∈"
_ARITH_SYMBOLS: dict[str, ArithOp] = {"+": "+", "-": "-", "*": "*", "/": "/"}
_ORDER_OPS: dict[str, CompareOp] = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


class AstBuilder:
    """Classify a Raw tree into formulas and terms, binding variables by scope."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bound: dict[str, int] = {}

    def error(self, raw: Raw | Token, message: str, label: str) -> ParseError:
        line, column = (
            (raw.line, raw.column) if isinstance(raw, Raw) else (raw.line or 0, raw.column or 0)
        )
        return ParseError(
            message,
            line=line,
            column=column,
            context=caret_context(self.text, line, column),
            label=label,
        )

    @staticmethod
    def span(raw: Raw) -> Span:
        return Span(raw.line, raw.column, raw.start, raw.end)

    def _check_name(self, raw: Raw | Token, name: str) -> None:
        if not name.strip("_"):
            raise self.error(
                raw, f"{name!r} is not a usable name (no anonymous variables)", "anonymous variable"
            )
        points = confusable(name)
        if points:  # `Саt` (Cyrillic С, а) would silently be another symbol than `Cat`
            base = self.error(raw, confusable_message(name, points), "confusable symbol")
            raise ConfusableSymbolError(
                base.message,
                line=base.line,
                column=base.column,
                context=base.context,
                label=base.label,
            )

    def formula(self, raw: Raw) -> Formula:
        """The formula `raw` denotes; ParseError when it is a term or misuses a variable."""
        sp = self.span(raw)
        match raw.kind:
            case "name" | "app":
                self._check_name(raw, raw.op)
                if raw.op in self.bound:
                    raise self.error(
                        raw,
                        f"variable {raw.op!r} is used as a predicate",
                        "variable used as predicate",
                    )
                return Pred(raw.op, self.terms(raw.parts), span=sp)
            case "bool":
                return Bool(raw.value == 1, span=sp)
            case "cmp":
                left, right = self.term(raw.parts[0]), self.term(raw.parts[1])
                if raw.op == "=":
                    return Eq(left, right, span=sp)
                if raw.op == "!=":
                    return Not(Eq(left, right, span=sp), span=sp)
                if raw.op == "in":
                    return Pred(MEMBER, (left, right), span=sp)
                if raw.op == "notin":
                    return Not(Pred(MEMBER, (left, right), span=sp), span=sp)
                return Compare(_ORDER_OPS[raw.op], left, right, span=sp)
            case "not":
                return Not(self.formula(raw.parts[0]), span=sp)
            case "dash":
                operand = raw.parts[0]
                if operand.kind == "cmp" and not operand.paren:
                    raise self.error(
                        raw,
                        "'-' before a comparison could be negation or minus: write ¬ (or 'not',"
                        " or -(...)) to negate, or put a negative number in parentheses: (-5)",
                        "ambiguous minus",
                    )
                return Not(self.formula(operand), span=sp)
            case "and":
                return And(tuple(self.formula(p) for p in raw.parts), span=sp)
            case "or":
                return Or(tuple(self.formula(p) for p in raw.parts), span=sp)
            case "bin" if raw.op in ("xor", "imp", "iff"):
                left_f, right_f = self.formula(raw.parts[0]), self.formula(raw.parts[1])
                if raw.op == "xor":
                    return Xor(left_f, right_f, span=sp)
                if raw.op == "imp":
                    return Implies(left_f, right_f, span=sp)
                return Iff(left_f, right_f, span=sp)
            case "quant":
                return self._quant(raw)
            case _:
                raise self.error(
                    raw,
                    "expected a formula here, found a term (a number or an arithmetic expression)",
                    "term used as formula",
                )

    def _quant(self, raw: Raw) -> Formula:
        for tok in raw.names:
            self._check_name(tok, str(tok))
            self.bound[str(tok)] = self.bound.get(str(tok), 0) + 1
        try:
            body = self.formula(raw.parts[0])
        finally:
            for tok in raw.names:
                left = self.bound[str(tok)] - 1
                if left:
                    self.bound[str(tok)] = left
                else:
                    del self.bound[str(tok)]
        sp = self.span(raw)
        for tok in reversed(raw.names):
            start, end, line, column = token_position(tok)
            var = Var(str(tok), span=Span(line, column, start, end))
            body = Exists(var, body, span=sp) if raw.op == "exists" else Forall(var, body, span=sp)
        return body

    def term(self, raw: Raw) -> Term:
        """The term `raw` denotes; ParseError when it is a formula."""
        sp = self.span(raw)
        match raw.kind:
            case "name":
                self._check_name(raw, raw.op)
                return Var(raw.op, span=sp) if raw.op in self.bound else Const(raw.op, span=sp)
            case "app":
                self._check_name(raw, raw.op)
                if raw.op in self.bound:
                    raise self.error(
                        raw,
                        f"variable {raw.op!r} is applied to arguments",
                        "variable used as function",
                    )
                if not raw.parts:
                    return Const(raw.op, span=sp)
                args = []
                for part in raw.parts:  # a loop, not a generator: one frame per level
                    args.append(self.term(part))
                return Func(raw.op, tuple(args), span=sp)
            case "num":
                return Num(raw.value, span=sp)
            case "arith":
                op = _ARITH_SYMBOLS[raw.op]
                return Arith(op, self.term(raw.parts[0]), self.term(raw.parts[1]), span=sp)
            case "uminus":
                return self._negate(raw.parts[0], sp)
            case "dash":
                operand = raw.parts[0]
                if operand.kind in ("num", "name", "app") or operand.paren:
                    return self._negate(operand, sp)
                raise self.error(
                    raw,
                    "'-' before an arithmetic expression is ambiguous here:"
                    " write -(a + b) or (0 - a) + b",
                    "ambiguous minus",
                )
            case _:
                raise self.error(
                    raw, "expected a term here, found a formula", "formula used as term"
                )

    def terms(self, parts: tuple[Raw, ...]) -> tuple[Term, ...]:
        return tuple([self.term(part) for part in parts])

    def _negate(self, operand: Raw, sp: Span) -> Term:
        if operand.kind == "num":
            return Num(-operand.value, span=sp)
        return Arith("-", Num(Fraction(0), span=sp), self.term(operand), span=sp)
