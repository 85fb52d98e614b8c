"""`EnglishParser`: controlled English to FOL, one sentence at a time, cached.

For each sentence of a text: arithmetic claims first (an equation with numbers anywhere in the
sentence), then "no claim" sentences ("Let's think step by step."), then the controlled-English
grammar. A text's claims are those of its sentences, in order. If any sentence has arithmetic,
the prose around the equations is narration and is not required to translate (a step with only
equations is verified by them alone); otherwise one untranslated sentence makes the whole text
untranslated, with that sentence and the reason - never a partial guess.

Translation of a sentence depends on its text only (never on the vocabulary), so results are
kept in an LRU cache keyed by the text; the vocabulary is filled afterwards from the formulas
and the glosses recorded with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError

from veridot.parser.ast import Formula
from veridot.parser.english.build import Builder, BuildError
from veridot.parser.english.lexer import DESCRIPTIONS, Lexeme, ListLexer, lexemes
from veridot.parser.english.sentences import (
    announces_answer,
    is_no_claim,
    speaks_about_reasoning,
    split_sentences,
)
from veridot.parser.grammar_files import grammar_text
from veridot.parser.math.prose import equations
from veridot.parser.semantic import Role, Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary

PARSER_NAME = "english"
_APPROXIMATE = re.compile(
    r"\b(?:approximately|approx\.?|about|roughly|around|nearly)\s*:?\s*$", re.IGNORECASE
)
_REJECTED = re.compile(r"\(?\s*(false|incorrect|not true|wrong|contradiction)\b", re.IGNORECASE)
_MAX_EXPECTED = 8
_CONTENT = frozenset({"WORD", "NAME", "VERB"})
_OUTSIDE_TEXT = (
    "this these those we us i you our my your their here there to let "
    "can could will would must should may might shall "
    "one two three four five six seven eight nine ten eleven twelve hundred thousand million "
    "first second third fourth fifth sixth seventh eighth ninth tenth last next previous "
    # prepositions are never verbs or classes ("wraps around the cylinder" is not Arounds(...))
    "of in as around into for on at with by from throughout along about over under between "
    "through onto upon within without across after before behind beyond during toward towards "
    "via per than inside outside near beside below above among down up off remaining "
    # relational words read as one-place properties would change the meaning ("are equal")
    "equal same different similar parallel perpendicular congruent opposite adjacent other "
    "itself themselves twice"
)
_OUTSIDE_WORDS = frozenset(_OUTSIDE_TEXT.split())


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one sentence (or text) means, independent of any vocabulary."""

    status: TranslationStatus
    claims: tuple[Formula, ...] = ()
    reason: str = ""
    glosses: tuple[tuple[str, str], ...] = ()
    arithmetic: bool = False


@cache
def english_lark() -> Lark:
    """The LALR parser for `grammars/english.lark` (built once per process)."""
    return Lark(
        grammar_text("english.lark"),
        parser="lalr",
        lexer=ListLexer,
        start="sentence",
        strict=True,  # a shift/reduce conflict in the grammar is an error, not a silent choice
    )


def _describe(terminal: str) -> str:
    return DESCRIPTIONS.get(terminal, f"'{terminal.lower()}'")


@dataclass(frozen=True, slots=True)
class _SyntaxFailure:
    """Where the grammar gave up (token index, None at the end) and what it expected."""

    index: int | None
    expected: tuple[str, ...]


def _syntax_reason(failure: _SyntaxFailure, items: list[Lexeme]) -> str:
    if failure.index is None:
        where = "the end of the sentence"
    else:
        where = f"'{items[failure.index].text}' (word {failure.index + 1})"
    expected = sorted({_describe(t) for t in failure.expected})
    if not expected:
        return f"outside the controlled English fragment: unexpected {where}"
    more = " ..." if len(expected) > _MAX_EXPECTED else ""
    shown = ", ".join(expected[:_MAX_EXPECTED]) + more
    return f"outside the controlled English fragment: unexpected {where}; expected {shown}"


@lru_cache(maxsize=1 << 12)
def _parse_shape(kinds: tuple[str, ...]) -> Tree[Token] | _SyntaxFailure:
    """The parse tree for a sequence of terminals, or where it fails (cached by shape).

    Sentences of one benchmark share few shapes ("NAME IS WORD PERIOD"), and the tree only
    depends on the terminal sequence: its tokens point back into the sentence by index
    (`start_pos`), so one tree serves every sentence of that shape.
    """
    tokens = [Token(kind, kind, start_pos=i) for i, kind in enumerate(kinds)]
    try:
        return english_lark().parse(tokens, start="sentence")  # type: ignore[arg-type,unused-ignore]
    except UnexpectedInput as err:
        token = getattr(err, "token", None)
        index: int | None = None
        if isinstance(err, UnexpectedToken) and token is not None and token.type != "$END":
            index = token.start_pos or 0
        expected = tuple(sorted(getattr(err, "expected", ()) or ()))
        return _SyntaxFailure(index, expected)


def _outside_reason(items: list[Lexeme]) -> str | None:
    """Why the first word outside the fragment is so, or None when every word is readable.

    Quantifiers with no reading ("Some cats are red" is not about all cats; "None is big" is
    not `Big(none)`); content words that the grammar would read as a name, class or verb but
    which are a pronoun ("This is possible", "We consider the parity"), a modal ("Two lines
    can divide"), a count or an ordinal ("All three numbers", "the second condition").
    """
    for item in items:
        if item.kind == "QUANTIFIER":
            return (
                f"outside the controlled English fragment: the quantifier {item.text!r} has no"
                " reading here (the fragment reads all, every, each, no, only, everything,"
                " nothing/nobody/no one, and someone/something in 'If ...' rules)"
            )
        if item.kind in _CONTENT and item.lower in _OUTSIDE_WORDS:
            return (
                f"outside the controlled English fragment: {item.text!r} (a pronoun, modal,"
                " count or ordinal word) names no individual, class or relation of the fragment"
            )
    return None


@lru_cache(maxsize=1 << 16)
def parse_sentence(sentence: str) -> Parsed:
    """Translate one sentence (cached by text)."""
    text = sentence.strip()
    if not text:
        return Parsed(TranslationStatus.NO_CLAIM, reason="empty")
    found = equations(text)
    if found:
        return Parsed(TranslationStatus.CLAIM, tuple(found), arithmetic=True)
    if is_no_claim(text):
        return Parsed(TranslationStatus.NO_CLAIM, reason="announces work, states no fact")
    if announces_answer(text):
        return Parsed(TranslationStatus.NO_CLAIM, reason="announces the answer, states no fact")
    if speaks_about_reasoning(text):
        return Parsed(
            TranslationStatus.UNTRANSLATED,
            reason="outside the controlled English fragment: speaks about the reasoning or a"
            " quantity (answer, step, statement, total, true/false), not about individuals",
        )
    items = lexemes(text)
    outside = _outside_reason(items)
    if outside is not None:
        return Parsed(TranslationStatus.UNTRANSLATED, reason=outside)
    tree = _parse_shape(tuple(item.kind for item in items))
    if isinstance(tree, _SyntaxFailure):
        return Parsed(TranslationStatus.UNTRANSLATED, reason=_syntax_reason(tree, items))
    builder = Builder(items)
    try:
        claims = builder.sentence(tree)
    except (BuildError, VisitError) as err:
        cause = err.orig_exc if isinstance(err, VisitError) else err
        return Parsed(TranslationStatus.UNTRANSLATED, reason=str(cause))
    return Parsed(TranslationStatus.CLAIM, claims, glosses=tuple(builder.glosses))


@lru_cache(maxsize=1 << 14)
def parse_text(text: str) -> Parsed:
    """Translate a text of one or more sentences (cached by text)."""
    sentences = split_sentences(text)
    parts = [(s, parse_sentence(s)) for s in sentences]
    for i, (sentence, part) in enumerate(parts):
        if part.arithmetic and i > 0 and _APPROXIMATE.search(sentences[i - 1]):
            # "... is approximately:" then "\\[ 11.5098 \\times 720 = 8286.656 \\]": like "≈"
            parts[i] = (sentence, Parsed(TranslationStatus.NO_CLAIM, reason="approximate"))
    for i, (sentence, part) in enumerate(parts[:-1]):
        if part.arithmetic and _REJECTED.match(sentences[i + 1]):
            # "\\[ 2 + 1 = 1 \\]" then "(False)": the writer tests the equation, not claims it
            parts[i] = (sentence, Parsed(TranslationStatus.NO_CLAIM, reason="equation rejected"))
    if not parts:
        return Parsed(TranslationStatus.NO_CLAIM, reason="empty")
    arithmetic = any(p.arithmetic for _, p in parts)
    claims: list[Formula] = []
    glosses: list[tuple[str, str]] = []
    for sentence, part in parts:
        if part.status is TranslationStatus.UNTRANSLATED:
            if arithmetic:
                continue  # narration around equations
            return Parsed(TranslationStatus.UNTRANSLATED, reason=f"{sentence!r}: {part.reason}")
        claims.extend(part.claims)
        glosses.extend(part.glosses)
    if not claims:
        reasons = "; ".join(p.reason for _, p in parts if p.reason)
        return Parsed(TranslationStatus.NO_CLAIM, reason=reasons)
    return Parsed(
        TranslationStatus.CLAIM, tuple(claims), glosses=tuple(glosses), arithmetic=arithmetic
    )


def clear_caches() -> None:
    """Forget every cached sentence, text, parse shape, lemma and symbol (for timing)."""
    from veridot.parser.english import build, classes, lexicon
    from veridot.parser.english.nlp import lemma_of
    from veridot.parser.english.plurals import known_singular

    for memo in (build._const, build._not, classes.pred):
        memo.cache_clear()
    for fn in (
        lexicon._camel,
        lexicon.predicate_symbol,
        lexicon.plural_noun_symbol,
        lexicon.verb_symbol,
        lexicon.name_constant,
        lexicon.individual_constant,
        known_singular,
    ):
        fn.cache_clear()
    parse_text.cache_clear()
    parse_sentence.cache_clear()
    _parse_shape.cache_clear()
    lemma_of.cache_clear()


class EnglishParser:
    """The controlled-English semantic parser (name "english"); see the package docstring."""

    name = PARSER_NAME

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        """Formulas for `text`; premises and claims share one grammar, so `role` is unused."""
        del role
        parsed = parse_text(text)
        if parsed.status is TranslationStatus.UNTRANSLATED:
            return Translation.untranslated(parsed.reason, parser=self.name)
        if parsed.status is TranslationStatus.NO_CLAIM:
            return Translation.no_claim(parser=self.name, reason=parsed.reason)
        for formula in parsed.claims:
            vocabulary.observe(formula)
        for symbol, words in parsed.glosses:
            vocabulary.gloss(symbol, words)
        return Translation.of(*parsed.claims, parser=self.name)


__all__ = [
    "EnglishParser",
    "Parsed",
    "clear_caches",
    "english_lark",
    "parse_sentence",
    "parse_text",
]
