"""Read one model answer: extract the formula lines, parse them, check them against the vocabulary.

The model's text is only ever parsed by the Lark FOL grammar (`veridot.parser.fol.parse_fol`), never
executed or evaluated. Every problem becomes an `AnswerError` (a `ParseError`) whose message
says which answer line failed and where, so the repair prompt can quote it back to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veridot.parser.ast import Const, Formula, Func, Pred, Span, walk
from veridot.parser.errors import ParseError
from veridot.parser.llm.prompt import ANSWER_PREFIX, NO_CLAIM_ANSWER
from veridot.parser.vocabulary import Vocabulary

# Bounds on what we read from a model: a runaway answer is an error, not a slow parse.
MAX_ANSWER_CHARS = 8_000
MAX_CLAIMS = 12

_FENCE = re.compile(r"^\s*```[A-Za-z0-9_-]*\s*$")
_NO_CLAIM = re.compile(r"^\s*no[\s_-]*claims?\s*\.?\s*$", re.IGNORECASE)
_PREFIX = re.compile(rf"^\s*(?:[-*]\s*)?{re.escape(ANSWER_PREFIX)}\s?", re.IGNORECASE)


class AnswerError(ParseError):
    """A model answer that is malformed, does not parse, or clashes with the vocabulary."""

    code = "llm_answer_error"


@dataclass(frozen=True, slots=True)
class Answer:
    """A usable answer: the claims (main claim last), or none when the text has no claim."""

    claims: tuple[Formula, ...]

    @property
    def no_claim(self) -> bool:
        return not self.claims


def _formula_lines(reply: str) -> list[tuple[int, str]]:
    """(1-based answer line, formula text) for each `FOL:` line; a lone bare line also counts.

    Any other non-empty line beside `FOL:` lines is an error, not noise to skip: a formula
    continued on the next line would otherwise lose its second half without a word.
    """
    lines = [line for line in reply.splitlines() if not _FENCE.match(line)]
    tagged: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if _PREFIX.match(line):
            tagged.append((number, _PREFIX.sub("", line, count=1).strip()))
        elif line.strip() and any(_PREFIX.match(other) for other in lines):
            raise AnswerError(
                f'answer line {number} does not start with "{ANSWER_PREFIX}": {line.strip()!r} '
                f'(put each formula on one line starting with "{ANSWER_PREFIX}", and nothing else)',
                line=number,
            )
    if tagged:
        return tagged
    # Models often drop the prefix on a one-line answer; accept exactly that case.
    bare = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
    return bare if len(bare) == 1 else []


def _where(span: Span | None) -> str:
    return f" at column {span.column}" if span is not None else ""


def check_vocabulary(formula: Formula, vocabulary: Vocabulary) -> None:
    """Raise `AnswerError` when `formula` uses a known symbol with another arity or kind."""
    preds, funcs, consts = vocabulary.predicates, vocabulary.functions, vocabulary.constants
    for node in walk(formula):
        match node:
            case Pred(name=name, args=args, span=span):
                if name in preds and preds[name] != len(args):
                    raise AnswerError(
                        f"predicate {name} takes {preds[name]} argument(s) in the vocabulary "
                        f"but is used with {len(args)}{_where(span)}"
                    )
                if name in funcs or name in consts:
                    kind = "function" if name in funcs else "constant"
                    raise AnswerError(
                        f"{name} is a {kind} in the vocabulary but is used as a predicate"
                        f"{_where(span)}"
                    )
            case Func(name=name, args=args, span=span):
                if name in funcs and funcs[name] != len(args):
                    raise AnswerError(
                        f"function {name} takes {funcs[name]} argument(s) in the vocabulary "
                        f"but is used with {len(args)}{_where(span)}"
                    )
                if name in preds or name in consts:
                    kind = "predicate" if name in preds else "constant"
                    raise AnswerError(
                        f"{name} is a {kind} in the vocabulary but is used as a function"
                        f"{_where(span)}"
                    )
            case Const(name=name, span=span):
                if name in preds or name in funcs:
                    kind = "predicate" if name in preds else "function"
                    raise AnswerError(
                        f"{name} is a {kind} in the vocabulary but is used as a constant"
                        f"{_where(span)}"
                    )
            case _:
                pass


def _located(err: ParseError, line: int, formula_text: str) -> AnswerError:
    """Rephrase a formula's ParseError in terms of the answer line it came from."""
    return AnswerError(
        f"answer line {line} ({ANSWER_PREFIX} {formula_text}): {err}",
        line=line,
        column=err.column,
        expected=err.expected,
        context=err.context,
        label=err.label,
    )


def parse_answer(reply: str, vocabulary: Vocabulary) -> Answer:
    """Parse a model reply into claims checked against `vocabulary` (which is not modified).

    Raises `AnswerError` with the failing answer line and the parser's position and message.
    """
    # Imported here so that importing the prompt never loads the grammar.
    from veridot.parser.fol import parse_fol
    from veridot.parser.sorts import infer_signature

    if len(reply) > MAX_ANSWER_CHARS:
        raise AnswerError(f"the answer is longer than {MAX_ANSWER_CHARS} characters")
    content = [line for line in reply.splitlines() if line.strip() and not _FENCE.match(line)]
    if len(content) == 1 and _NO_CLAIM.match(content[0]):
        return Answer(())
    lines = _formula_lines(reply)
    if not lines:
        raise AnswerError(
            f'the answer has no line starting with "{ANSWER_PREFIX}" '
            f"(and is not exactly {NO_CLAIM_ANSWER})"
        )
    if len(lines) > MAX_CLAIMS:
        raise AnswerError(f"the answer has more than {MAX_CLAIMS} formula lines")
    claims: list[Formula] = []
    for line, text in lines:
        if not text:
            raise AnswerError(f'answer line {line} has nothing after "{ANSWER_PREFIX}"', line=line)
        try:
            formula = parse_fol(text)
            check_vocabulary(formula, vocabulary)
        except ParseError as err:
            raise _located(err, line, text) from err
        claims.append(formula)
    try:
        # Sorts and arities must also agree among the answer's own formulas.
        infer_signature(claims)
    except ParseError as err:
        raise AnswerError(f"the answer's formulas disagree: {err}") from err
    return Answer(tuple(claims))
