"""Prover evidence in words: countermodels as English clauses, arithmetic slips spelled out.

`describe_world(model)` renders a countermodel as "Bob is blue and cold but not round",
using the problem's vocabulary glosses; `arithmetic_slip(claim)` says what a false ground
equation should have been ("2 / 5 * 4000 is 1600, not 800"). `veridot.verifier.messages` puts these
clauses into critic sentences; the checker computes them when it has the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from veridot.parser.ast import Arith, Eq, Formula, Num, Pred, Term, walk
from veridot.parser.english.wordclass import noun_gloss
from veridot.parser.math.evaluate import term_value
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.base import Model
from veridot.verifier.messages import join_and

MAX_SUBJECTS = 4  # individuals described in a countermodel
MAX_FACTS = 6  # facts per individual


_ATOM = re.compile(r"^\s*([^\s()]+)\s*(?:\((.*)\))?\s*$")
_VERBISH = ("is ", "are ", "has ", "have ", "can ", "does ", "do ")


def _split_args(text: str) -> list[str]:
    """Top-level comma split of an atom's argument list (`f(a, b), c` -> two args)."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def words_of(symbol: str) -> str:
    """A symbol as words: `TalentShows` -> `talent shows`, `is_blue` -> `is blue`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", symbol).replace("_", " ")
    return spaced.lower().strip()


def predicates_of(formulas: Iterable[Formula]) -> dict[str, int]:
    """Predicate names with arities, in order of first appearance (walk is iterative)."""
    seen: dict[str, int] = {}
    for f in formulas:
        for node in walk(f):
            if isinstance(node, Pred):
                seen.setdefault(node.name, len(node.args))
    return seen


def describe_world(
    model: Model | None,
    *,
    vocabulary: Vocabulary | None = None,
    relevant: Mapping[str, int] | None = None,
    exclude_negative: Iterable[str] = (),
) -> str:
    """A countermodel as an English clause: "Bob is blue and cold but not round".

    `relevant` (predicate -> arity) restricts and orders the predicates mentioned (those of
    the premises and the claim); atoms the model does not list as true are false.
    `exclude_negative` names predicates whose falsity is already said elsewhere (the
    claim's own). Empty when the model says nothing relevant. When the clause leaves out
    relevant facts (its own caps, or a model cut by the prover's rendering caps) it ends
    with "among other facts", so a message never passes a part of the world off as all of it.
    """
    if model is None:
        return ""
    glosses = vocabulary.glosses if vocabulary is not None else {}
    elem_name: dict[str, str] = {}
    for const, elem in sorted(model.constants.items()):
        elem_name.setdefault(elem, const)
    relevant = relevant or {}
    relevant_set = set(relevant)
    order = {p: i for i, p in enumerate(relevant)}

    def display(term: str) -> str:
        name = elem_name.get(term, term)
        gloss = glosses.get(name)
        if gloss and len(gloss) <= 40:
            return gloss
        if name in model.constants or name in elem_name.values():
            return name[:1].upper() + name[1:] if name[:1].isalpha() else name
        return f"individual {name}"

    def pred_words(pred: str) -> str:
        return glosses.get(pred) or words_of(pred)

    positives: dict[str, list[str]] = {}
    hidden = bool(model.omitted)  # something relevant is not said
    relations: list[str] = []
    nullary: list[str] = []
    unary_seen: set[str] = set()
    for atom in model.true_atoms:
        m = _ATOM.match(atom)
        if not m:
            continue
        pred, argtext = m.group(1), m.group(2)
        if relevant_set and pred not in relevant_set:
            continue
        args = _split_args(argtext) if argtext else []
        if not args:
            nullary.append(f"{pred_words(pred)} holds")
        elif len(args) == 1:
            subj = elem_name.get(args[0], args[0])
            positives.setdefault(subj, []).append(pred)
            unary_seen.add(pred)
        elif len(relations) >= MAX_FACTS:
            hidden = True
        else:
            words = pred_words(pred)
            rest = " and ".join(display(x) for x in args[1:])
            relations.append(f"{display(args[0])} {words} {rest}")
    unary_relevant = [p for p, arity in relevant.items() if arity == 1] or sorted(unary_seen)
    skip_neg = set(exclude_negative)
    named = _named_subjects(model, positives)
    clauses: list[str] = []
    hidden = hidden or len(named) > MAX_SUBJECTS
    for subj in named[:MAX_SUBJECTS]:
        pos = sorted(positives.get(subj, []), key=lambda p: order.get(p, len(order)))
        neg = [
            p
            for p in unary_relevant
            if p not in pos and p not in skip_neg and subj in model.constants
        ]
        hidden = hidden or len(pos) > MAX_FACTS or len(neg) > MAX_FACTS
        clause = _subject_clause(
            display(subj),
            [pred_words(p) for p in pos[:MAX_FACTS]],
            [pred_words(p) for p in neg[:MAX_FACTS]],
        )
        if clause:
            clauses.append(clause)
    clauses.extend(relations)
    clauses.extend(nullary)
    for name, value in sorted(model.numbers.items())[:MAX_FACTS]:
        clauses.append(f"{name} = {value}")
    hidden = hidden or len(model.numbers) > MAX_FACTS
    if not clauses:
        return ""
    return join_and(clauses) + (", among other facts" if hidden else "")


def _named_subjects(model: Model, positives: Mapping[str, list[str]]) -> list[str]:
    """Constants (alphabetical); unnamed elements only when no constant exists (a world
    for a quantified claim), since "Tom is a cat" says more than "individual e1 is a cat"."""
    consts = sorted(model.constants)
    return consts or [e for e in positives if e not in model.constants]


def _subject_clause(subject: str, pos: Sequence[str], neg: Sequence[str]) -> str:
    """One individual's facts as English: nouns with their article, adjectives after "is",
    verbs on their own and negated with "does not" (`veridot.parser.english.wordclass`):
    "Bob is blue and cold but not round or nice", "Rex is a dog, a mammal and an animal",
    "Pingu is a penguin and a bird, flies and does not swim". Verb glosses (`has wings`,
    `can fly`) stand alone as they are."""
    from veridot.parser.english.wordclass import negated_verb, word_class

    def verbish(words: str) -> bool:
        return words.startswith(_VERBISH) or word_class(words) == "verb"

    def negate(words: str) -> str:
        if not words.startswith(_VERBISH):
            return negated_verb(words)  # "flies" -> "does not fly"
        verb, _, rest = words.partition(" ")
        return f"{verb} not {rest}"

    def described(words: str) -> str:
        """A noun gets its article ("a dog"); a gloss that has one keeps it."""
        if word_class(words) == "noun" and not words.startswith(("a ", "an ")):
            return noun_gloss(words)
        return words

    pos_is = [described(w) for w in pos if not verbish(w)]
    neg_is = [described(w) for w in neg if not verbish(w)]
    pos_verbs = [w for w in pos if verbish(w)]
    neg_verbs = [negate(w) for w in neg if verbish(w)]
    parts = ["is " + join_and(pos_is)] if pos_is else []
    parts += pos_verbs
    neg_parts = [("not " if pos_is else "is not ") + join_and(neg_is, "or")] if neg_is else []
    if parts and neg_parts and not pos_verbs and not neg_verbs:
        return f"{subject} {join_and(parts)} but {join_and(neg_parts)}"  # "but not round"
    if neg_parts and parts:
        neg_parts = ["is not " + join_and(neg_is, "or")]  # among verbs: a clause of its own
    items = [*parts, *neg_parts, *neg_verbs]
    return f"{subject} {join_and(items)}" if items else ""


# --- arithmetic slips -------------------------------------------------------------------------


def ground_value(term: Term) -> Fraction | None:
    """The exact value of a variable-free arithmetic term (None: not ground, or x/0)."""
    return term_value(term, {})


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value} ≈ {float(value):.6g}"


def arithmetic_slip(claim: Formula) -> str:
    """For a false ground equation such as `2 / 5 * 4000 = 800`: "2 / 5 * 4000 is 1600".

    Empty when the claim is not an equation between variable-free arithmetic terms."""
    if not isinstance(claim, Eq) or not isinstance(claim.left, Num | Arith):
        return ""
    left, right = ground_value(claim.left), ground_value(claim.right)
    if left is None or right is None or left == right:
        return ""
    from veridot.parser.printer import to_unicode

    return f"{to_unicode(claim.left)} is {_number(left)}, not {_number(right)}"
