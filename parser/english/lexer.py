"""From spaCy tokens to the terminals of `grammars/english.lark`.

spaCy splits and lemmatizes; this module decides what each token is for the grammar:
closed-class words (if, then, is, not, the, every, something, ...) become keywords by their
lower-case text; digits become NUMBER; capitalized words become NAME; other words become WORD,
or VERB when they stand right before an object ("chases" in "The bald eagle chases the cat" -
the one piece of context the LALR grammar cannot see by itself, since "the bald eagle" has no
fixed length). Hyphenated words ("six-legged") are joined back into one word and "n't" is NOT.
Quantifier words are never content words: "nothing/nobody/no one" is NOTHING, "only" ONLY,
and the ones with no reading ("none", "most", "both" as a determiner ...) QUANTIFIER, which
no grammar rule accepts. Words are NFKC-folded first (`Ｂｏｂ` is `Bob`).

The grammar is fed these tokens through a Lark custom lexer; `Lexeme` keeps the spaCy lemma
and the character offsets that the transformer and the error messages need.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lark import Token
from lark.lexer import Lexer

from veridot.parser.english.nlp import Word, lemma_of, words
from veridot.parser.identifiers import fold

KEYWORDS: dict[str, str] = {
    "if": "IF",
    "then": "THEN",
    "and": "AND",
    "not": "NOT",
    "or": "OR",
    "either": "OR",
    "n't": "NOT",
    "is": "IS",
    "are": "ARE",
    "does": "DOES",
    "do": "DO",
    "a": "A",
    "an": "A",
    "the": "THE",
    "only": "ONLY",
    "all": "ALL",
    "every": "EVERY",
    "each": "EACH",
    "no": "NO",
    "nothing": "NOTHING",
    "nobody": "NOTHING",
    "noone": "NOTHING",
    "something": "SOMETHING",
    "someone": "SOMEONE",
    "somebody": "SOMEONE",
    "everything": "EVERYTHING",
    "everyone": "EVERYTHING",
    "everybody": "EVERYTHING",
    "anything": "EVERYTHING",
    "anyone": "EVERYTHING",
    "anybody": "EVERYTHING",
    "it": "IT",
    "he": "IT",
    "she": "IT",
    "they": "THEY",
    "them": "THEM",
    "him": "THEM",
    "that": "THAT",
    "who": "THAT",
    "which": "THAT",
    "things": "THINGS",
    "thing": "THINGS",
    "people": "THINGS",
    "person": "THINGS",
    "so": "SO",
    "therefore": "THEREFORE",
    "thus": "THUS",
    "hence": "HENCE",
    "since": "SINCE",
    "because": "BECAUSE",
    ",": "COMMA",
    ".": "PERIOD",
    "!": "PERIOD",
}

# Multi-word connectives read as one "so": "We know that Bob is big", "..., which means that".
_LEAD_PHRASES: dict[tuple[str, ...], str] = {
    phrase: "SO"
    for phrase in (
        ("we", "know", "that"),
        ("we", "know"),
        ("it", "follows", "that"),
        ("this", "means", "that"),
        ("this", "means"),
        ("that", "means", "that"),
        ("that", "means"),
        ("which", "means", "that"),
        ("which", "means"),
        ("we", "can", "conclude", "that"),
        ("we", "conclude", "that"),
        ("we", "can", "infer", "that"),
        ("we", "can", "deduce", "that"),
        ("as", "a", "result"),
        ("consequently",),
    )
}
_LONGEST_LEAD = max(len(p) for p in _LEAD_PHRASES)
# "no one" is "nobody"; merged like the connectives above.
_QUANTIFIER_PHRASES: dict[tuple[str, ...], str] = {("no", "one"): "NOTHING"}
# Words that add emphasis but no content: "Bob is also red", "Bob is too".
_FILLERS = frozenset({"also", "too"})
# "both" adds nothing right after a copula ("is both big and red"); anywhere else it is a
# determiner ("Both cats are big" speaks of two particular cats) and is a QUANTIFIER.
_COPULAS = frozenset({"is", "are"})

# Determiners and quantifier pronouns the fragment has no reading for: never a name, a class
# or part of one ("None is big" is not `Big(none)`), so the sentence is untranslated.
QUANTIFIER_WORDS = frozenset(
    {
        "none",
        "neither",
        "both",
        "few",
        "fewer",
        "many",
        "most",
        "more",
        "much",
        "several",
        "some",
        "any",
        "least",
        "half",
    }
)

# Tokens that can start an object noun phrase: a content word right before one is a verb.
_OBJECT_START = frozenset({"THE", "NAME", "SOMETHING", "SOMEONE", "IT", "THEM"})
# "-ly" words are adverbs or adjectives ("quickly", "friendly"), never verbs - except these.
_LY_VERBS = frozenset({"fly", "apply", "reply", "supply", "rely", "multiply", "ally", "bully"})
# What may follow a sentence-initial proper name ("Bob is", "Bob does not", "Bob chases").
_AFTER_NAME = frozenset({"IS", "DOES", "VERB"})

# Friendly descriptions of terminals, for "expected ..." in untranslated reasons.
DESCRIPTIONS: dict[str, str] = {
    "WORD": "an adjective or noun",
    "VERB": "a verb with an object (e.g. 'chases the cat')",
    "NAME": "a name",
    "NUMBER": "a number",
    "COMMA": "','",
    "PERIOD": "end of sentence",
    "$END": "end of sentence",
    "OTHER": "a word",
    "THINGS": "'things' or 'people'",
    "SOMETHING": "'something'",
    "SOMEONE": "'someone'",
    "EVERYTHING": "'everything'",
    "NOTHING": "'nothing' or 'nobody'",
    "ONLY": "'only'",
    "QUANTIFIER": "a quantifier word",
}


@dataclass(slots=True)
class Lexeme:
    """A classified token: grammar terminal `kind`, surface text, lemma and offsets.

    Not frozen for speed (see `nlp.Word`); treated as immutable.
    """

    kind: str
    text: str
    lower: str
    lemma: str
    start: int
    end: int


def _join_hyphens(tokens: list[Word]) -> list[Word]:
    """Glue "six" "-" "legged" (written without spaces) back into "six-legged"."""
    out: list[Word] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        while (
            i + 2 < len(tokens)
            and not tok.space_after
            and tokens[i + 1].text == "-"
            and not tokens[i + 1].space_after
            and tok.text.isalnum()
            and tokens[i + 2].text.isalpha()
        ):
            nxt = tokens[i + 2]
            text = f"{tok.text}-{nxt.text}"
            tok = Word(text, text.lower(), text.lower(), tok.start, nxt.end, nxt.space_after)
            i += 2
        out.append(tok)
        i += 1
    return out


def _kind(tok: Word, initial: bool) -> str:
    # "no-one", "every-body": the hyphenated spellings of quantifier pronouns
    keyword = KEYWORDS.get(tok.lower.replace("-", "") if "-" in tok.lower else tok.lower)
    if keyword is not None:
        return keyword
    if tok.lower in QUANTIFIER_WORDS:
        return "QUANTIFIER"
    if tok.text.isdigit():
        return "NUMBER"
    body = tok.text.replace("-", "")
    if not body.isalpha():
        return "OTHER"
    if tok.text[0].isupper() and not initial:
        return "NAME"
    return "WORD"


def _merge_phrases(tokens: list[Word]) -> tuple[list[Word], dict[int, str]]:
    """Join multi-word connectives into one token and drop filler words.

    Returns the tokens and the grammar kinds forced on merged ones (by new index).
    """
    out: list[Word] = []
    forced: dict[int, str] = {}
    i = 0
    while i < len(tokens):
        for size in range(min(_LONGEST_LEAD, len(tokens) - i), 0, -1):
            phrase = tuple(t.lower for t in tokens[i : i + size])
            kind = _LEAD_PHRASES.get(phrase) or _QUANTIFIER_PHRASES.get(phrase)
            if kind is not None:
                first, last = tokens[i], tokens[i + size - 1]
                text = " ".join(t.text for t in tokens[i : i + size])
                forced[len(out)] = kind
                out.append(Word(text, text.lower(), text.lower(), first.start, last.end, True))
                i += size
                break
        else:
            lower = tokens[i].lower
            after_copula = i > 0 and tokens[i - 1].lower in _COPULAS
            if lower not in _FILLERS and not (lower == "both" and after_copula):
                out.append(tokens[i])
            i += 1
    return out, forced


def _fold(tok: Word) -> Word:
    """The token with its word in Unicode NFKC: `Ｂｏｂ` is `Bob`, `ﬁerce` is `fierce`.

    Only words are folded (a superscript in "3² = 9" stays arithmetic), and offsets keep
    pointing into the original sentence.
    """
    if tok.text.isascii():
        return tok
    text = fold(tok.text)
    if text == tok.text or not text.replace("-", "").replace("'", "").isalpha():
        return tok
    lower = text.lower()
    return Word(text, lower, lemma_of(lower), tok.start, tok.end, tok.space_after)


def lexemes(text: str) -> list[Lexeme]:
    """Classify every token of one sentence for the English grammar."""
    toks, forced = _merge_phrases(_join_hyphens([_fold(t) for t in words(text)]))
    kinds = [forced.get(i) or _kind(tok, i == 0) for i, tok in enumerate(toks)]
    for i in range(len(toks) - 1):
        adverb = toks[i].lower.endswith("ly") and toks[i].lower not in _LY_VERBS
        if kinds[i] == "WORD" and kinds[i + 1] in _OBJECT_START and i > 0 and not adverb:
            kinds[i] = "VERB"
    # A capitalized first word is a name when a verb phrase follows ("Bob is ...", "Anne
    # chases ..."), and a common word otherwise ("Wumpuses are ...", "Red, big things ...").
    if len(toks) > 1 and kinds[0] == "WORD" and toks[0].text[0].isupper():
        kinds[0] = "NAME" if kinds[1] in _AFTER_NAME else "WORD"
    return [
        Lexeme(kind, tok.text, tok.lower, tok.lemma, tok.start, tok.end)
        for kind, tok in zip(kinds, toks, strict=True)
    ]


class ListLexer(Lexer):
    """A Lark lexer that replays a ready-made token list (the input *is* the token list)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data
