"""Which sentences of a step assert their mathematics, and which only entertain it.

A step asserts its equations unless the words around them say otherwise:
- a hypothetical ("Suppose", "Assume", "Try", "Let's say", "What if", a sentence starting
  with "If" or "For", any mention of cases: "Case 1:", "consider", "the second case") asserts
  nothing, and neither does the rest of the step, which reasons inside it; an "if", "when"
  or "unless" inside a sentence makes that sentence conditional;
- a self-correction ("Wait", "No,", "Actually", "Oops", "I made a mistake", "Let me
  recalculate", "a should be 5, not 0", "instead of") withdraws what the step said before it,
  and its own sentence;
- a question ("Is 3 * 4 = 13?") asserts nothing, nor does a sentence that rejects, negates or
  only estimates its equations ("2 + 1 = 1 is false", "... is not ...", "approximately", and
  the display after a sentence that ends "approximately:");
- an equation of a locus ("the line y = -x - 1", "the circle ...") or a substitution
  ("Substituting x = 2 into ...", "Plugging in ...", "the formula ... where a = 4") or a value
  set in a procedure ("so we set n = m/2", "update m") relates coordinates, instantiates a
  formula or rebinds a variable: only its relations between numbers are claimed, and its
  letters are freed;
- "Let", "Define", "Denote", "Set" introduce symbols: their equations are definitions, and
  "Let x be the number of apples" names x without stating anything about it.
The sentence splitter keeps math spans whole (they are placeholders by then, see `spans.py`).
"""

from __future__ import annotations

import re
from enum import Enum

_LEAD = (
    r"^\s*(?:[-*•]\s*)?(?:(?:so|now|then|but|and|next|also|here|okay|ok|well|hmm|thus|finally|lastly|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|step\s*\d+|\d+\.)"
    r"\b[,:.]?\s*)*"
)
_HYPOTHETICAL = re.compile(
    _LEAD + r"(?:suppose|supposing|assume|assuming|if|let'?s\s+(?:say|suppose|assume|try|"
    r"test|guess|consider\s+the\s+case)|say|imagine|what\s+if|try(?:ing)?|case\s*\d*\b|"
    r"in\s+case|for\s+(?:example|instance)|consider\s+(?:the\s+)?case|sub-?case|"
    r"hypothetically|guess|testing|for)\b",
    re.IGNORECASE,
)
# Cases anywhere in a sentence: the rest of the step reasons inside one of them.
_CASES = re.compile(
    r"\b(?:case|cases|consider|considering|subcase|scenario|scenarios|possibilit(?:y|ies))\b"
    # an enumeration: "two solutions", "separate equations", "the roots are"
    r"|\b(?:two|three|four|both|several|multiple|separate|possible|all)\s+(?:\w+\s+)?"
    r"(?:solutions|equations|roots|values|options|answers|candidates)\b"
    r"|\b(?:solutions|roots)\s+(?:are|is)\b",
    re.IGNORECASE,
)
# An equation that names a locus (a line, a curve) relates coordinates; it states no value.
_LOCUS = re.compile(
    r"\b(?:line|lines|curve|curves|circle|circles|parabola|hyperbola|ellipse|graph|graphs|"
    r"plane|locus|asymptote|asymptotes|tangent|bisector|axis|slope-intercept|point-slope|"
    r"substitut\w*|plug\w*|intersection|intersect\w*|formula|form|where|template|"
    # a value set or updated in a procedure: "so we set n = m/2", "update m"
    r"set|sets|setting|update\w*|assign\w*|reassign\w*|iterat\w*|repeat\w*)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(
    r"\b(?:if|when|whenever|unless|suppose|assume|assuming|provided|would|could|might|"
    r"should|whether|either|or|must|need|needs|want|wants|require|requires|required|consider|"
    r"possible|possibly|check|checking|test|testing|verify)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:not|isn'?t|aren'?t|doesn'?t|don'?t|cannot|can'?t|never|incorrect|wrong|false|"
    r"untrue|invalid|impossible|contradiction|contradicts|mistake|error|fails?|"
    r"approximately|approx|about|roughly|around|nearly|almost|estimate[ds]?)\b",
    re.IGNORECASE,
)
_CORRECTION = re.compile(
    r"\b(?:wait|oops|actually|correction|i\s+made\s+(?:a|an)\s+(?:mistake|error)|"
    r"let\s+me\s+(?:re|check|correct|redo|fix)|re-?calculat|re-?evaluat|re-?examin|"
    r"mistake|miscalculat|incorrect|that'?s\s+(?:not|wrong)|this\s+is\s+(?:not|wrong)|"
    r"doesn'?t\s+(?:work|match|make)|does\s+not\s+(?:work|match|make))"
    r"|^\s*no\b[,.!]|^\s*\(?\s*(?:false|not\s+true|incorrect)\b"
    r"|\bshould\s+(?:be|have\s+been)\b[^.;]*,\s*not\b|\binstead\s+of\b",
    re.IGNORECASE,
)
_DEFINE = re.compile(
    _LEAD + r"(?:let|define|denote|set|we\s+(?:let|define|denote|set|call)|call)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z\x00\\$(\[])|\n+")


class Mood(Enum):
    ASSERT = "assert"
    DEFINE = "define"  # equations are definitions; "Let x be ..." names x
    CONDITIONAL = "conditional"  # this sentence asserts nothing
    HYPOTHETICAL = "hypothetical"  # this sentence and the rest of the step assert nothing
    CORRECTION = "correction"  # withdraws the step so far and this sentence
    QUESTION = "question"
    LOCUS = "locus"  # "the line y = 2x + 1": only numbers are claimed; its letters are freed
    NEGATED = "negated"  # "... is false", "approximately ...": this sentence asserts nothing


def frees_letters(sentence: str) -> bool:
    """Whether the sentence speaks of a locus, a form or a substitution (see the module
    docstring), whatever its mood: its letters are generic, not the values bound before."""
    return _LOCUS.search(re.sub(r"\x00\d+\x00", " M ", sentence)) is not None


def sentences(text: str) -> list[str]:
    """The sentences of a step (math spans must already be placeholders)."""
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]


def mood(sentence: str) -> Mood:
    """How `sentence` (math spans as placeholders) holds the mathematics it contains."""
    prose = re.sub(r"\x00\d+\x00", " M ", sentence)
    if _CORRECTION.search(prose):
        return Mood.CORRECTION
    if _HYPOTHETICAL.match(prose) or _CASES.search(prose):
        return Mood.HYPOTHETICAL
    if prose.rstrip().endswith("?"):
        return Mood.QUESTION
    if _NEGATED.search(prose):
        return Mood.NEGATED
    if _LOCUS.search(prose):
        return Mood.LOCUS
    if _CONDITIONAL.search(prose):
        return Mood.CONDITIONAL
    if _DEFINE.match(prose):
        return Mood.DEFINE
    return Mood.ASSERT


_NAMING = re.compile(
    r"\blet\s+(?:\x00(\d+)\x00|([A-Za-z]))\s+(?:be|represent|denote|stand\s+for)\b\s*(.*)",
    re.IGNORECASE,
)


def naming(sentence: str) -> tuple[str, int | None, str] | None:
    """ "Let x be the number of apples" -> ("x", None, "the number of apples"); a span
    placeholder for the symbol gives its index instead ("", 3, words). None otherwise."""
    m = _NAMING.search(sentence)
    if m is None:
        return None
    words = re.sub(r"\x00\d+\x00", "", m.group(3)).strip().rstrip(".")
    if m.group(1) is not None:
        return "", int(m.group(1)), words
    return m.group(2), None, words


_SOLVE_FOR = re.compile(r"\bsolv\w*\s+for\s+(?:\x00(\d+)\x00|([A-Za-z])\b)", re.IGNORECASE)


def solved_for(sentence: str, found: list[str]) -> list[str]:
    """ "Solving for n, we get ...": the symbols the sentence solves for (its unknowns)."""
    names: list[str] = []
    for m in _SOLVE_FOR.finditer(sentence):
        symbol = found[int(m.group(1))].strip() if m.group(1) is not None else m.group(2)
        if re.fullmatch(r"[A-Za-z](?:_[A-Za-z0-9]+)?", symbol):
            names.append(symbol)
    return names


_LEADS_TO_ESTIMATE = re.compile(
    r"\b(?:approximately|approx\.?|about|roughly|around|nearly|estimated?|is\s+close\s+to)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


def announces_estimate(sentence: str) -> bool:
    """ "... the total is approximately:" - the next sentence (a display) is an estimate."""
    return _LEADS_TO_ESTIMATE.search(re.sub(r"\x00\d+\x00", " M ", sentence)) is not None
