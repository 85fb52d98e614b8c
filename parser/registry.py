"""Choose a semantic parser by name: `fol`, `math`, `english`, `llm`, or `auto` (the default).

`auto` tries FOL when the text looks formal and parses; then the math reader (equations,
calculator annotations, LaTeX); then controlled English; then the LLM if one is configured;
else the step is untranslated with every parser's reason kept. Parsers are imported lazily so
that choosing `fol` never loads spaCy or LangChain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from veridot.parser.semantic import Role, SemanticParser, Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary

PARSER_NAMES = ("auto", "fol", "math", "english", "llm")

# Characters that only formal text carries; a bare word such as "Yes" parses as a 0-ary FOL
# predicate, and `auto` must not read that as a claim.
_FORMAL_MARKS = frozenset("()∀∃¬∧∨→↔⊕=≠<>≤≥&|-+*/×÷")


class UnknownParserError(ValueError):
    """A parser name outside PARSER_NAMES, or `llm` without a configured model."""


def looks_formal(text: str) -> bool:
    """True when `text` carries FOL punctuation or operators (so `auto` tries FOL first)."""
    return any(ch in _FORMAL_MARKS for ch in text)


@dataclass
class AutoParser:
    """Try each parser in turn; the first that yields a claim (or no_claim) wins."""

    parsers: Sequence[SemanticParser]
    name: str = "auto"

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        reasons: list[str] = []
        problem = ""
        for parser in self.parsers:
            if parser.name == "fol" and not looks_formal(text):
                continue
            result = parser.translate(text, vocabulary, role=role)
            if result.status is not TranslationStatus.UNTRANSLATED:
                return result
            reasons.append(f"{parser.name}: {result.reason}")
            problem = result.problem or problem  # an unreachable LLM might have read it
        reason = "; ".join(reasons) or "no parser applies"
        return Translation(
            TranslationStatus.UNTRANSLATED, reason=reason, parser=self.name, problem=problem
        )


def get_semantic_parser(
    name: str = "auto", *, llm: object | None = None, samples: int | None = None
) -> SemanticParser:
    """The parser called `name`.

    `llm` is a LangChain chat model (or None when none is configured); `samples` is how many
    translations the LLM parser votes over (None: `VERIDOT_LLM_SAMPLES`, else 1).
    """
    if name == "fol":
        from veridot.parser.fol import FolParser

        return FolParser()
    if name == "math":
        from veridot.parser.math.reader import MathParser

        return MathParser()
    if name == "english":
        from veridot.parser.english import EnglishParser

        return EnglishParser()
    if name == "llm":
        if llm is None:
            raise UnknownParserError(
                "parser 'llm' needs a chat model: pass --llm provider:model or set VERIDOT_LLM"
            )
        from veridot.parser.llm import LlmParser

        return LlmParser(llm, samples=samples)
    if name == "auto":
        chain: list[SemanticParser] = [
            get_semantic_parser("fol"),
            get_semantic_parser("math"),
            get_semantic_parser("english"),
        ]
        if llm is not None:
            chain.append(get_semantic_parser("llm", llm=llm, samples=samples))
        return AutoParser(chain)
    raise UnknownParserError(f"unknown parser {name!r}; choose one of {', '.join(PARSER_NAMES)}")
