"""The semantic-parser contract: reasoning text in, formulas (or an honest refusal) out.

Three parsers implement `SemanticParser`: FOL given directly (`veridot.parser.fol`), controlled
English (`veridot.parser.english`) and an LLM through LangChain (`veridot.parser.llm`). `auto` tries
them in that order. A `Translation` is one of three things: claims to check, no claim at all ("Let's
think step by step"), or untranslated with the reason kept. Soundness rule: a parser that is unsure
says untranslated; it never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol

from veridot.parser.ast import Formula
from veridot.parser.vocabulary import Vocabulary

Role = Literal["premise", "claim"]


class TranslationStatus(StrEnum):
    CLAIM = "claim"  # formulas to check (or, for a premise, to assume)
    NO_CLAIM = "no_claim"  # nothing to check in this text
    UNTRANSLATED = "untranslated"  # no formalisation; `reason` says why


@dataclass(frozen=True, slots=True)
class Translation:
    """What a parser made of one piece of text.

    `claims` holds every formula the text asserts, the main claim last: "Since A, B" gives
    `(A, B)`, and each is checked. When the text is used as a premise, all of them are assumed.
    `definitions` holds what the text states as given rather than claims: an equation that
    introduces or binds a symbol ("Let x be the number of apples", "40 = 0.02x" when x is new),
    a setup equation, or the side condition of a fresh symbol (`s * s = 2 ∧ s ≥ 0` for
    `\\sqrt{2}`). Definitions are assumed for the steps after the text and never checked, so a
    definition can never be flagged. `alternatives` lists competing formulas when samples
    disagreed (LLM voting); `parser` names the parser that produced it. `problem` is the finding
    code that explains an untranslated text better than `untranslated` does (`llm_unavailable`:
    the model could not be reached), or empty.
    """

    status: TranslationStatus
    claims: tuple[Formula, ...] = ()
    reason: str = ""
    parser: str = ""
    alternatives: tuple[Formula, ...] = ()
    definitions: tuple[Formula, ...] = ()
    problem: str = ""

    @property
    def main(self) -> Formula | None:
        return self.claims[-1] if self.claims else None

    @classmethod
    def of(cls, *claims: Formula, parser: str) -> Translation:
        return cls(TranslationStatus.CLAIM, tuple(claims), parser=parser)

    @classmethod
    def untranslated(cls, reason: str, *, parser: str) -> Translation:
        return cls(TranslationStatus.UNTRANSLATED, reason=reason, parser=parser)

    @classmethod
    def no_claim(cls, *, parser: str, reason: str = "") -> Translation:
        return cls(TranslationStatus.NO_CLAIM, reason=reason, parser=parser)


class SemanticParser(Protocol):
    """Turns one sentence or step into formulas, sharing one vocabulary per problem.

    `vocabulary` is read (to reuse existing symbols) and extended with any new ones, so the
    same word maps to the same predicate across a whole problem.
    """

    name: str

    def translate(
        self, text: str, vocabulary: Vocabulary, *, role: Role = "claim"
    ) -> Translation: ...
