"""The LLM parser's prompt: FOL syntax summary, few-shot examples, task and repair messages.

Kept free of LangChain: messages are plain `(role, text)` pairs ("system", "user",
"assistant") that `veridot.parser.llm.parser` turns into LangChain messages. Everything that shapes
what the model sees lives here, and `PROMPT_VERSION` changes whenever it does, so cached
translations made under an older prompt are never reused.

The few-shot examples were written for veridot (no benchmark sentence appears in them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from veridot.parser.semantic import Role
from veridot.parser.vocabulary import Vocabulary

PROMPT_VERSION = "veridot-llm-prompt-1"

# The task message always carries this marker before the text to translate; the
# recorded-output adapter finds the text by it, so keep the two in step.
TEXT_MARKER = "Text to formalize:"
NO_CLAIM_ANSWER = "NO CLAIM"
ANSWER_PREFIX = "FOL:"

MessageRole = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class PromptMessage:
    """One chat message, independent of any LLM library."""

    role: MessageRole
    text: str


SYNTAX_SUMMARY = """\
FOL syntax veridot reads (one formula per line):
- Atoms: a predicate applied to terms, e.g. Cat(tom), Loves(x, mary). A predicate with no
  arguments is written alone: Raining.
- Terms: constants (tom, mary, museum), variables bound by a quantifier (x, y, z), function
  terms (fatherOf(x), age(tom)), numbers (18, 2.5) and arithmetic with + - * /.
- Equality and order: x = y, x ≠ y, age(tom) ≥ 18, price(book) < 30 (also <=, >=, ≤).
- Connectives: ¬ not, ∧ and, ∨ or, ⊕ exactly one of two, → if-then, ↔ if and only if.
- Quantifiers: ∀x (...) and ∃x (...); one variable per quantifier, nest them for several:
  ∀x ∀y (Parent(x, y) → Older(x, y)).
- Precedence: ¬ binds tightest, then ∧, then ∨ and ⊕, then → (right-associative), then ↔.
  A quantifier reaches as far right as possible. Use parentheses whenever in doubt.
- ASCII spellings are accepted too: all x. / exists x. / - / & / | / -> / <-> / !=."""

ANSWER_RULES = f"""\
Answer format:
- One line per claim the text makes, each starting with "{ANSWER_PREFIX} ", the main claim last.
  ("Since A, B" makes two claims: A, then B.)
- If the text asserts nothing that can be checked (a plan, a question, "Let's think step by
  step"), reply with exactly: {NO_CLAIM_ANSWER}
- Reuse the vocabulary's predicates (with the same number of arguments), functions and
  constants whenever they fit; invent a new name only for a new concept. Predicates and
  functions take the arities listed; never use one name with two arities.
- Write only the answer lines: no explanation, no code fences."""

SYSTEM_PROMPT = f"""\
You translate one piece of reasoning text at a time into first-order logic so that a theorem
prover can check it. Translate what the text says, literally; do not add background knowledge
or conclusions of your own.

{SYNTAX_SUMMARY}

{ANSWER_RULES}"""


@dataclass(frozen=True, slots=True)
class Example:
    """A few-shot example: vocabulary listing before the text, role, text, expected answer."""

    vocabulary: str
    role: Role
    text: str
    answer: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        vocabulary="",
        role="premise",
        text="Every librarian who owns a bicycle commutes by bike.",
        answer="FOL: ∀x ((Librarian(x) ∧ OwnsBicycle(x)) → CommutesByBike(x))",
    ),
    Example(
        vocabulary=(
            "predicate CommutesByBike/1\npredicate Librarian/1\npredicate OwnsBicycle/1\n"
            "constant ines"
        ),
        role="claim",
        text="Since Ines is a librarian and owns a bicycle, she commutes by bike.",
        answer=("FOL: Librarian(ines) ∧ OwnsBicycle(ines)\nFOL: CommutesByBike(ines)"),
    ),
    Example(
        vocabulary="predicate Painter/1",
        role="premise",
        text="Some painter admires every sculptor.",
        answer="FOL: ∃x (Painter(x) ∧ ∀y (Sculptor(y) → Admires(x, y)))",
    ),
    Example(
        vocabulary="predicate Open/1\nconstant museum",
        role="claim",
        text="Either the museum is open or it is a holiday, but not both.",
        answer="FOL: Open(museum) ⊕ Holiday",
    ),
    Example(
        vocabulary="predicate Reptile/1\nfunction age/1\nconstant rex",
        role="premise",
        text="No reptile here is older than 40 years, and Rex is not a reptile.",
        answer="FOL: ∀x (Reptile(x) → age(x) ≤ 40)\nFOL: ¬Reptile(rex)",
    ),
    Example(
        vocabulary="predicate Open/1\nconstant museum",
        role="claim",
        text="Let's look at the second premise next.",
        answer=NO_CLAIM_ANSWER,
    ),
)


def _role_words(role: Role) -> str:
    return "a premise (given as true)" if role == "premise" else "a reasoning step (a claim)"


def task_text(text: str, vocabulary_listing: str, role: Role) -> str:
    """The user message asking for one translation."""
    listing = vocabulary_listing or "(empty: no symbols yet)"
    return (
        f"Vocabulary so far:\n{listing}\n\n"
        f"The text is {_role_words(role)}.\n"
        f"{TEXT_MARKER} {text.strip()}"
    )


def build_messages(text: str, vocabulary: Vocabulary, role: Role) -> tuple[PromptMessage, ...]:
    """System prompt, few-shot turns, then the task for `text` with the current vocabulary."""
    messages: list[PromptMessage] = [PromptMessage("system", SYSTEM_PROMPT)]
    for example in EXAMPLES:
        messages.append(
            PromptMessage("user", task_text(example.text, example.vocabulary, example.role))
        )
        messages.append(PromptMessage("assistant", example.answer))
    messages.append(PromptMessage("user", task_text(text, vocabulary.render(), role)))
    return tuple(messages)


def repair_text(error: str) -> str:
    """The user message sent back after an answer failed to parse or check."""
    return (
        "Your answer could not be used:\n"
        f"{error}\n\n"
        f'Reply again with the corrected answer only: one line per claim starting with "'
        f'{ANSWER_PREFIX} ", or exactly {NO_CLAIM_ANSWER}.'
    )
