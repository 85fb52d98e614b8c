"""`MathParser`: the `math` semantic parser, one reasoning step in, claims and definitions out.

A step is read sentence by sentence, in order, so "A, so B" and `A \\Rightarrow B` give the
claims A then B (the verifier checks B from A). A quantity named in words, computed in one
sentence and given its value in the next, claims the two are equal (`labels.py`). In each
sentence: GSM8K calculator
annotations (`calculator.py`) and the prose copy of each computation (`prose.py`, numbers
only), then each clause of each LaTeX math span (`spans.py`, `symbolic.py`), which may bind
symbols (definitions) or claim relations over symbols bound earlier in the problem. The mood
of the sentence (`hedges.py`) decides what is asserted: a hypothetical or conditional sentence
keeps only relations between numbers, a self-correction withdraws the step so far, a question
asserts nothing, and "Let x be the number of apples" names x without a formula.

The problem's own text (role `premise`) only gives: every relation it states is a definition.
A text with no mathematics in it is untranslated ("no mathematics"), so `auto` passes it on;
one whose mathematics is all unread is untranslated with the first reason; one whose
mathematics asserts nothing (all hypothetical) claims nothing. A clause that is not read is
skipped: the claims read elsewhere in the step are each exact on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from veridot.parser.ast import Const, Eq, Formula, Func, Num, walk
from veridot.parser.math import calculator, hedges, prose, spans
from veridot.parser.math.hedges import Mood
from veridot.parser.math.labels import LabelledResults
from veridot.parser.math.linear import solve
from veridot.parser.math.plain import clauses as plain_clauses
from veridot.parser.math.symbolic import read_clause
from veridot.parser.math.terms import MathReadError, symbol_name
from veridot.parser.semantic import Role, Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary

PARSER_NAME = "math"
# Marks of first-order logic: such a text is the FOL parser's, never arithmetic.
_LOGIC = re.compile(r"[∀∃¬∧∨→↔⊕]|\\(?:forall|exists|land|wedge|neg|lnot)\b")
_MAX_TEXT = 20_000
# prose ending in an operator right before a math span: the span goes on from it (not a
# list bullet "- \\(…\\)" at the start of a line, nor markdown's "**"; after "=" the span
# starts a whole side)
_CONTINUED = re.compile(r"[^\s*][^\S\n]*[-+/×÷·][^\S\n]*$")
# moods whose sentence states no result ("must", "need" in a label leave it asserted)
_NOT_ASSERTED = (Mood.HYPOTHETICAL, Mood.QUESTION, Mood.NEGATED, Mood.CORRECTION)
_LETTERS = re.compile(r"(?<![\\A-Za-z])([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)(?![A-Za-z])")


@dataclass
class _Step:
    """What the sentences of one step said so far."""

    claims: list[Formula] = field(default_factory=list)
    definitions: list[Formula] = field(default_factory=list)
    bound: set[str] = field(default_factory=set)
    loose: set[str] = field(default_factory=set)
    released: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    found_math: bool = False
    silent: str = ""  # why a step with no mathematics still claims nothing

    def add_claim(self, formula: Formula) -> None:
        if formula not in self.claims:
            self.claims.append(formula)


class MathParser:
    """The math reader (name "math"); see the module docstring."""

    name = PARSER_NAME

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        """Claims and definitions of `text`; `vocabulary.bound` records the bound symbols."""
        if _LOGIC.search(text):
            return Translation.untranslated("formal logic, not arithmetic", parser=self.name)
        if len(text) > _MAX_TEXT:
            return Translation.untranslated("text too long for the math reader", parser=self.name)
        step = _Step(bound=set(vocabulary.bound), loose=set(vocabulary.loose))
        functions = set(vocabulary.functions)
        protected, found = spans.protect(text)
        hypothetical = False
        estimate = False
        seen: list[int] = []  # the math spans of the step so far
        labelled = LabelledResults()
        for sentence in hedges.sentences(protected):
            seen.extend(int(m.group(1)) for m in spans.PLACEHOLDER_RE.finditer(sentence))
            mood = Mood.NEGATED if estimate else hedges.mood(sentence)
            estimate = hedges.announces_estimate(sentence)
            if mood is Mood.CORRECTION:
                step.claims.clear()
                step.definitions.clear()
                step.bound = set(vocabulary.bound)
                step.loose = set(vocabulary.loose)
                # what the step said is withdrawn, and its letters are being re-examined
                _release(step, {n for i in seen for n in _letters(found[i])})
                _scan(sentence, found, step, functions, skip=True, withdrawn=True)
                continue
            hypothetical = hypothetical or mood is Mood.HYPOTHETICAL
            for name in hedges.solved_for(sentence, found):
                # re-solved: its earlier value is not this one, and the sentence may bind it
                # again ("Solving for x: (16 + x)(12) = 324, 16 + x = 27, x = 8": x is 11)
                step.bound.discard(name)
                step.loose.discard(name)
                step.released.add(name)
            if mood is Mood.DEFINE and _name(sentence, found, vocabulary):
                step.silent = "names a symbol, states nothing about it"
                continue
            if calculator.FINAL_ANSWER.fullmatch(sentence):
                step.silent = "announces the final answer"
                continue
            if hedges.frees_letters(sentence):
                for m in spans.PLACEHOLDER_RE.finditer(sentence):
                    _release(step, _letters(found[int(m.group(1))]))
            asserted = not hypothetical and mood not in _NOT_ASSERTED
            for claim in labelled.claims(sentence, asserted=asserted):
                step.found_math = True
                step.add_claim(claim)
            _scan(
                sentence,
                found,
                step,
                functions,
                skip=mood in (Mood.QUESTION, Mood.NEGATED),
                ground_only=hypothetical or mood in (Mood.CONDITIONAL, Mood.LOCUS),
                define_only=mood is Mood.DEFINE,
            )
        return _result(step, vocabulary, role=role)


def _name(sentence: str, found: list[str], vocabulary: Vocabulary) -> bool:
    """ "Let x be the number of apples": x is named (glossed), not bound. Whether it was."""
    named = hedges.naming(sentence)
    if named is None:
        return False
    symbol, index, words = named
    if index is not None:
        symbol = found[index].strip()
    if not (re.fullmatch(r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?", symbol) and words):
        return False
    vocabulary.gloss(symbol_name(symbol.replace("{", "").replace("}", "")), words)
    return True


def _scan(
    sentence: str,
    found: list[str],
    step: _Step,
    functions: set[str],
    *,
    skip: bool = False,
    withdrawn: bool = False,
    ground_only: bool = False,
    define_only: bool = False,
) -> None:
    """Read one sentence's annotations, prose arithmetic and math spans into `step`.

    A calculator annotation states a computation whatever the sentence around it says (a
    question, a hedge), so only a self-correction (`withdrawn`) drops it."""
    plain = spans.PLACEHOLDER_RE.sub(" ; ", sentence)
    if calculator.has_annotations(plain):
        step.found_math = True
        ann, problems = calculator.claims(plain)
        step.problems.extend(problems)
        if not withdrawn:
            for claim in ann:
                step.add_claim(claim)
    copy = calculator.strip(plain)
    numeric = prose.equations(copy) if "=" in copy or "≈" in copy else []
    if numeric:
        step.found_math = True
        if not skip:
            for claim in numeric:
                step.add_claim(claim)
    groups: list[tuple[list[str] | None, bool]] = (
        [(plain_clauses(copy), False)] if "=" in copy else []
    )
    groups += [
        (
            spans.clauses(found[int(m.group(1))]),
            _CONTINUED.search(sentence[: m.start()]) is not None,
        )
        for m in spans.PLACEHOLDER_RE.finditer(sentence)
    ]
    for clauses, continued in groups:
        if clauses is None:
            step.found_math = True  # alternatives: read, and nothing asserted
            continue
        for k, clause in enumerate(clauses):
            step.found_math = True
            if skip:
                continue
            try:
                reading = read_clause(
                    clause,
                    step.bound,
                    step.loose,
                    functions,
                    ground_only=ground_only,
                    define_only=define_only,
                    continues=continued and k == 0,
                )
            except MathReadError as err:
                step.problems.append(f"{clause.strip()!r}: {err}")
                # the unread clause may rebind its letters: no later claim rests on them
                _release(step, _letters(clause))
                continue
            for claim in reading.claims:
                step.add_claim(claim)
            step.definitions.extend(d for d in reading.definitions if d not in step.definitions)
            step.bound |= reading.bound
            step.loose |= reading.loose


def _letters(text: str) -> set[str]:
    """The one-letter symbols (with subscripts) written in a piece of LaTeX."""
    return {n.replace("{", "").replace("}", "") for n in _LETTERS.findall(text)}


def _release(step: _Step, names: set[str]) -> None:
    """Unbind `names` for the rest of the step and the problem: they are loose from now on."""
    step.bound -= names
    step.loose |= names
    step.released |= names


def _value_of(formula: Formula) -> tuple[str, Fraction] | None:
    """ "x = 9", "x - 6 = 0" -> ("x", value): an equation that fixes its one symbol."""
    if not isinstance(formula, Eq):
        return None
    names = {n.name for n in walk(formula) if isinstance(n, Const)}
    if len(names) != 1 or any(isinstance(n, Func) for n in walk(formula)):
        return None
    (name,) = names
    value = solve(formula.left, formula.right, name)
    return None if value is None else (name, value)


def _bare(formula: Formula) -> tuple[str, Fraction] | None:
    """ "r = 4": a symbol set to a number as written."""
    if isinstance(formula, Eq):
        for a, b in ((formula.left, formula.right), (formula.right, formula.left)):
            if isinstance(a, Const) and isinstance(b, Num):
                return a.name, b.value
    return None


def _drop_alternatives(step: _Step) -> None:
    """Values listed for one symbol in one step are roots, cases or a range, not facts:
    definitions "x - 6 = 0" and "x - 3 = 0", or "from r = 4 to r = 6" (a symbol set to two
    numbers as written, whether definitions or claims). Nothing about that symbol in the step
    is asserted, and it stays unbound (loose). A claim that disagrees with a definition that
    is not a bare value ("2x + 3 = 11 ... x = 5") is a slip, and stays."""
    defined: dict[str, set[Fraction]] = {}
    bare: dict[str, set[Fraction]] = {}
    for formula in step.definitions:
        found = _value_of(formula)
        if found is not None:
            defined.setdefault(found[0], set()).add(found[1])
    for formula in (*step.definitions, *step.claims):
        found = _bare(formula)
        if found is not None:
            bare.setdefault(found[0], set()).add(found[1])
    several = {n for n, vals in defined.items() if len(vals) > 1}
    several |= {n for n, vals in bare.items() if len(vals) > 1}
    if not several:
        return

    def keep(formula: Formula) -> bool:
        return not any(isinstance(n, Const) and n.name in several for n in walk(formula))

    step.claims[:] = [c for c in step.claims if keep(c)]
    step.definitions[:] = [d for d in step.definitions if keep(d)]
    step.bound -= several
    step.loose |= several


def _result(step: _Step, vocabulary: Vocabulary, *, role: Role) -> Translation:
    vocabulary.bound -= step.released
    vocabulary.loose |= step.released
    if not step.found_math:
        if step.silent:
            return Translation.no_claim(parser=PARSER_NAME, reason=step.silent)
        return Translation.untranslated("no mathematics found", parser=PARSER_NAME)
    if not step.claims and not step.definitions:
        if step.problems:
            return Translation.untranslated(step.problems[0], parser=PARSER_NAME)
        return Translation.no_claim(parser=PARSER_NAME, reason="asserts no relation")
    _drop_alternatives(step)
    vocabulary.bound |= step.bound
    vocabulary.loose |= step.loose
    for formula in (*step.definitions, *step.claims):
        vocabulary.observe(formula)
    if role == "premise":
        # the problem's own relations are given, never checked
        given = tuple(step.definitions) + tuple(step.claims)
        return Translation(TranslationStatus.CLAIM, (), parser=PARSER_NAME, definitions=given)
    return Translation(
        TranslationStatus.CLAIM,
        tuple(step.claims),
        parser=PARSER_NAME,
        definitions=tuple(step.definitions),
    )


__all__ = ["PARSER_NAME", "MathParser"]
