"""One clause of mathematics with symbols: which relations it claims and which it defines.

A clause (`x = 2 + 3 = 5`, `2x + 3 = 11`, `a < k < b`) is a chain of sides; each pair of
neighbours is one relation. The rule that decides what a relation is, applied in order along
the chain and across the step:

- A relation over a symbol no equation has pinned down yet (not in `Vocabulary.bound`) is a
  *definition*: it introduces or binds that symbol (`x = 5`, `40 = 0.02x`, `2x + 3 = 11`)
  and is assumed, never checked. When it has exactly one such symbol and determines it
  (`linear.py`: linear in it, `2x + 3 = 11`), that symbol is bound from then on; with several
  (`a_n = a_1 + (n - 1)d`, `x + y = 10`) or a non-linear one (`x^2 = 9`) it constrains them
  without pinning one down, so a later value is still a definition (a root chosen), never a
  claim that could fail for want of a premise. A general rule over an unknown argument
  (`f(x) = 2x+1`) is not read.
- A relation over bound symbols and numbers only is a *claim*, checked by the verifier. So is
  an equation that no value of its symbols satisfies (`9 - 18(n - 1) = 18 - 18n`, `x^3 - 1 =
  (x + 1)(x^2 - x + 1)`: `polynomials.py`), even over new symbols: it is false as written.
- A side that is a label (`\\text{Total fruits}`) is not a symbol and is not read: the chain
  goes on without it (`\\text{Total} = 7 + 5 = 12` claims `7 + 5 = 12`). Two bare numbers
  (`2 \\text{ dozen} = 24`, a unit conversion) claim nothing.
- A ground relation is compared as `rounding.py` says; a decimal result of a symbolic left
  side (`x = 3.33`) claims the interval of its last place; `≈` claims that interval too, and
  nothing when its right side is not one number.
- A percent sign with symbols around is not read; between numbers it means 1/100, or a unit
  ("× 100 = 50%") when only that reading holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from veridot.parser.ast import Const, Formula, Func, Num, Term, walk
from veridot.parser.math import latex, modular, tuples
from veridot.parser.math.evaluate import evaluate, is_ground
from veridot.parser.math.grammar import parse_sides
from veridot.parser.math.linear import determines, is_linear
from veridot.parser.math.polynomials import never_equal
from veridot.parser.math.rounding import (
    MAX_SIGNIFICANT,
    approx_claim,
    decimals,
    pair_claim,
    significant,
    true_of_numbers,
    within,
)
from veridot.parser.math.terms import MathReadError, relation
from veridot.parser.printer import to_unicode

_REL_SPLIT = re.compile(r"([=<>≤≥≠≈])")
_BARE_SYMBOL = re.compile(r"[A-Za-z](?:_[A-Za-z0-9]+)?'*|∠[A-Z]{1,3}")
_LITERAL = re.compile(r"\s*-?\s*(?:\d+(?:\.\d+)?|\.\d+)%?\s*")


@dataclass
class Reading:
    """What the clauses of one step said so far: claims and definitions, in order."""

    claims: list[Formula] = field(default_factory=list)
    definitions: list[Formula] = field(default_factory=list)
    bound: set[str] = field(default_factory=set)  # bound by this step (not yet recorded)
    loose: set[str] = field(default_factory=set)  # constrained, never to be bound


def atoms(formula: Formula | Term) -> set[str]:
    """The symbols of a formula: constants by name, applications to numbers by their
    printing (`f(2)`); an application to anything else is not an atom (general rule)."""
    found: set[str] = set()
    for node in walk(formula):
        if isinstance(node, Const):
            found.add(node.name)
        elif isinstance(node, Func):
            if not all(is_ground(a) for a in node.args):
                raise MathReadError(f"a rule over an unknown argument ({node.name}(...))")
            args = ", ".join(to_unicode(Num(evaluate(a))) for a in node.args)
            found.add(f"{node.name}({args})")
    return {a for a in found if "(" in a or not a.startswith(("sqrt_", "root"))}


def _split(plain: str) -> tuple[list[str], list[str]]:
    parts = _REL_SPLIT.split(plain)
    return [p.strip() for p in parts[0::2]], parts[1::2]


def _one_statement(sides: list[str]) -> None:
    """A chain that names the same symbol as a whole side twice is two statements run
    together ("\\frac{90}{123} < k < \\frac{180}{123} \\approx 0.732 < k < 1.463": a range,
    then the same range in decimals), not one chain: its links between them are not claims,
    so it is not read (raises MathReadError)."""
    bare = [s for s in sides if _BARE_SYMBOL.fullmatch(s)]
    if len(bare) != len(set(bare)):
        raise MathReadError("two statements run together in one chain")


def _read_sides(
    sides: list[str], percent: Fraction, functions: set[str]
) -> tuple[list[Term | None], list[Formula]]:
    texts = [None if "@" in s or not s else latex.UNIT.sub(" ", s) for s in sides]
    return parse_sides(texts, percent=percent, functions=functions)


def _units(side: str) -> frozenset[str]:
    return frozenset(latex.UNIT.findall(side))


def read_clause(
    clause: str,
    bound: set[str],
    loose: set[str],
    functions: set[str],
    *,
    ground_only: bool = False,
    define_only: bool = False,
    continues: bool = False,
) -> Reading:
    """The claims and definitions of one LaTeX clause, given the symbols bound before it.

    `ground_only`: the clause is hypothetical, so only relations between numbers (true or
    false whatever is supposed) are claims. `define_only`: a "Let" sentence, so nothing over
    bound symbols is claimed. `continues`: the clause goes on from an operator in the prose
    before it ("(expected coins) × \\( \\frac{1}{100} = … \\)"), so its first side is only
    the end of a side and is not read. Raises MathReadError when the clause is not read.
    """
    if modular.is_modular(clause):
        if continues:
            raise MathReadError("a congruence that continues the prose before it")
        claims = modular.read_modular(clause)
        return Reading(claims=claims)
    sides, ops = _split(latex.to_plain(clause))
    if len(sides) < 2:
        return Reading()
    _one_statement(sides)
    if continues:
        sides[0] = ""
    percent = Fraction(1, 100)
    per_item = tuples.components(sides, bound)
    if per_item is not None:
        reading = Reading()
        for item_sides in per_item:
            item_terms, _ = _read_sides(item_sides, percent, functions)
            if not all(t is None or is_ground(t) for t in item_terms):
                # "(a, b) = (2, 3)": not read, so its letters are freed (bound nothing)
                raise MathReadError("a tuple with unknowns")
            item, _ = _pairs(
                item_sides, ops, item_terms, bound, loose, ground_only=True, define_only=True
            )
            reading.claims.extend(item.claims)
        return reading
    terms, side_conditions = _read_sides(sides, percent, functions)
    if "%" in clause:
        if not all(t is None or is_ground(t) for t in terms):
            raise MathReadError("a percent sign beside unknowns")
        # between numbers "%" is 1/100, or a unit ("x 100 = 50%") when only that reading holds
        first = _pairs(sides, ops, terms, bound, loose, ground_only=True, define_only=True)
        if not first[1]:
            alt_terms, _ = _read_sides(sides, Fraction(1), functions)
            alt = _pairs(sides, ops, alt_terms, bound, loose, ground_only=True, define_only=True)
            if alt[1]:
                return Reading(claims=alt[0].claims)
        return Reading(claims=first[0].claims)
    reading, _ = _pairs(
        sides, ops, terms, bound, loose, ground_only=ground_only, define_only=define_only
    )
    if reading.claims or reading.definitions:
        # a fresh root constant is pinned down by its side condition before it is used
        reading.definitions[:0] = side_conditions
    return reading


def _pairs(
    sides: list[str],
    ops: list[str],
    terms: list[Term | None],
    bound: set[str],
    loose: set[str],
    *,
    ground_only: bool,
    define_only: bool,
) -> tuple[Reading, bool]:
    """Relations of neighbouring sides; also whether every ground claim holds."""
    reading = Reading()
    holds = True
    known = set(bound)
    for i, op in enumerate(ops):
        left, right = terms[i], terms[i + 1]
        if left is None or right is None:
            continue
        bare = [latex.UNIT.sub(" ", sides[j]).strip() for j in (i, i + 1)]
        if _LITERAL.fullmatch(bare[0]) and _LITERAL.fullmatch(bare[1]):
            continue  # "2 dozen = 24", "= 24 = 24": nothing computed
        literal = bare[1] if _LITERAL.fullmatch(bare[1]) else None
        if literal is not None and significant([literal]) > MAX_SIGNIFICANT:
            continue  # a float print-out states no digits on purpose
        mixed = _units(sides[i]) != _units(sides[i + 1]) and bool(_units(sides[i + 1]))
        if is_ground(left) and is_ground(right):
            claim = _ground(op, left, right, literal)
            if claim is not None and not (mixed and not claim[1]):
                # a false equation between different units may be a conversion ("1/2 inch
                # = 20 miles"): only a claim that holds is kept
                reading.claims.append(claim[0])
                holds = holds and claim[1]
            continue
        if ground_only or mixed:
            continue
        new = (atoms(left) | atoms(right)) - known
        if new:
            if op == "≈":
                continue
            if op == "=" and never_equal(left, right):
                # no value of its unknowns makes it hold ("9 - 18(n - 1) = 18 - 18n"): false
                # as written, so a claim (the checker refutes it), never a definition
                reading.claims.append(relation(op, left, right))
                continue
            reading.definitions.append(relation(op, left, right))
            (name,) = new if len(new) == 1 else ("",)
            if op == "=" and name and name not in loose and determines(left, right, name):
                known.add(name)
                reading.bound.add(name)
                continue
            for symbol in new:
                if op != "=" or not is_linear(left, right, symbol):
                    reading.loose.add(symbol)
            continue
        if define_only:
            continue
        formula = _symbolic(op, left, right, literal)
        if formula is not None:
            reading.claims.append(formula)
    return reading, holds


def _ground(op: str, left: Term, right: Term, literal: str | None) -> tuple[Formula, bool] | None:
    try:
        if op == "≈":
            claim = approx_claim(left, right, literal, Fraction(1, 100))
            return None if claim is None else (claim, true_of_numbers(claim))
        if op == "=":
            return pair_claim(left, right, literal, Fraction(1, 100))
        formula = relation(op, left, right)
        return formula, _holds(op, evaluate(left), evaluate(right))
    except ZeroDivisionError as err:
        raise MathReadError("division by zero") from err


def _holds(op: str, a: Fraction, b: Fraction) -> bool:
    return {"<": a < b, ">": a > b, "≤": a <= b, "≥": a >= b, "≠": a != b}.get(op, a == b)


def _symbolic(op: str, left: Term, right: Term, literal: str | None) -> Formula | None:
    if op == "≈":
        return approx_claim(left, right, literal, Fraction(1, 100))
    places = decimals(literal, Fraction(1, 100))
    if op == "=" and places and isinstance(right, Num):
        return within(left, right.value, places)  # "x = 3.33": rounded to its places
    return relation(op, left, right)
