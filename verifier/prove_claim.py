"""The library entry point for one entailment question: `prove(premises, conclusion)`.

Strings are parsed as FOL (any of the three dialects); a string that is not FOL but is
mathematics the `math` parser reads (`2x + 3 = 11`, `x^2 = 9`, `\\(\\frac{a}{2} = 3\\)`) is
read by it, every formula it states (definitions too) taken as one conjunction, with one
vocabulary across the premises and the conclusion; ASTs pass through. Sorts are inferred
over the premises and the conclusion together by the backend. Syntax, sort and arity errors
raise `veridot.parser.errors.ParseError` (subclasses `SortError`, `NestingError`) with line and
column, for the CLI to print; prover problems raise `veridot.provers.base.ProverError`. A timeout or
a solver give-up is not an error: it is the verdict `unknown`.

Example::

    >>> from veridot.verifier import prove
    >>> prove(["price = 48 / 2"], "price = 24").verdict.value
    'entailed'
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from veridot.parser.ast import Formula, conj
from veridot.parser.errors import ParseError, TooComplexError
from veridot.parser.fol import parse_fol
from veridot.parser.semantic import Role, TranslationStatus
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.base import DEFAULT_TIMEOUT_S, ProofResult
from veridot.provers.registry import get_prover


def read_formula(
    item: str | Formula,
    vocabulary: Vocabulary | None = None,
    *,
    role: Role = "premise",
    loading: list[float] | None = None,
) -> Formula:
    """`item` as a formula: FOL text, else mathematics the `math` parser reads; an AST as
    is. Raises the FOL `ParseError` when neither reads the text. `vocabulary` (shared by
    one question's inputs) tells the math reader which symbols are already known. The
    seconds spent loading a parser (its first use in a process imports it) are appended to
    `loading`."""
    if not isinstance(item, str):
        formula = item
    else:
        try:
            formula = parse_fol(item)
        except TooComplexError:
            raise  # a numeral too long for any reader: no use loading the math one
        except ParseError:
            math = _read_math(item, vocabulary or Vocabulary(), role, loading)
            if math is None:
                raise
            formula = math
    if vocabulary is not None:
        vocabulary.observe(formula)
    return formula


def _read_math(
    text: str, vocabulary: Vocabulary, role: Role, loading: list[float] | None
) -> Formula | None:
    from veridot.parser.registry import PARSER_NAMES, get_semantic_parser

    if "math" not in PARSER_NAMES:
        return None
    started = time.monotonic()
    reader = get_semantic_parser("math")  # imports the reader on first use (~0.5 s)
    if loading is not None:
        loading.append(time.monotonic() - started)
    # An input here is one formula, so all of it is mathematics: without delimiters of its
    # own it is read as one math span (in prose, "2x" outside `$...$` is not read as algebra).
    delimited = any(mark in text for mark in ("$", "\\(", "\\["))
    span = text if delimited else f"\\({text}\\)"
    translation = reader.translate(span, vocabulary, role=role)
    formulas = (*translation.definitions, *translation.claims)
    if translation.status is TranslationStatus.UNTRANSLATED or not formulas:
        return None
    return conj(*formulas)


def prove(
    premises: Sequence[str | Formula],
    conclusion: str | Formula,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    prover: str = "z3",
) -> ProofResult:
    """Decide whether `premises` entail, contradict or leave open `conclusion`.

    Returns a `ProofResult`: `verdict` (entailed / contradicted / unsupported /
    inconsistent / unknown), `used_premises` (0-based indices into `premises`: the unsat
    core), `countermodel` and `witness` for unsupported claims, `elapsed_ms`, `reason` for
    unknown. `timeout` is a hard wall-clock deadline in seconds for the whole call, reading
    included but not loading a parser for the first time in the process (that is not work
    on this question, and on a loaded machine it could eat the solver's whole deadline);
    `prover` a name from `veridot.provers.registry.available_provers()`.
    """
    if isinstance(premises, str):
        raise TypeError("premises must be a sequence of formulas, not one string")
    started = time.monotonic()
    vocabulary = Vocabulary()
    loading: list[float] = []
    formulas = [read_formula(item, vocabulary, loading=loading) for item in premises]
    claim = read_formula(conclusion, vocabulary, role="claim", loading=loading)
    left = max(0.0, timeout - (time.monotonic() - started - sum(loading)))
    return get_prover(prover).prove(formulas, claim, timeout=left)
