"""Unary predicates read from words: the complement of "is"/"are" and the class of a generic.

"Bob is big" is `Big(bob)`, "Bob is a dog" `Dog(bob)` (the noun told with its article),
"Bob and Anne are men" reads the plural `men` as the class `Man`; "All red, big things" is
`Red(x) ∧ Big(x)`, "Every wumpus" `Wumpus(x)`, "All people" the class `Person`. A class or
complement that is only a name ("Bob is Anne": identity), a singular noun where a plural is
needed ("all dog") or the reverse ("a men"), and "thing" alone are refused with
`BuildError`. `ClassReader` holds one sentence's lexemes and the glosses collected so far;
`veridot.parser.english.build.Builder` extends it with sentences, clauses and terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lark import Token, Tree

from veridot.parser.ast import Formula, Pred, Term, Var, conj
from veridot.parser.english.lexer import Lexeme
from veridot.parser.english.lexicon import plural_noun_symbol, predicate_symbol
from veridot.parser.english.plurals import known_singular
from veridot.parser.english.trees import last_tree, subtree, token_at, trees
from veridot.parser.english.wordclass import noun_gloss

X = Var("x")


class BuildError(Exception):
    """A sentence the grammar accepts but whose meaning is ambiguous or unsupported."""


# Memoized atoms: AST nodes are immutable, and building a frozen dataclass costs
# microseconds, a noticeable share of the per-sentence budget (2,000 sentences/s).
@lru_cache(maxsize=1 << 15)
def pred(name: str, args: tuple[Term, ...]) -> Pred:
    return Pred(name, args)


@dataclass
class ClassReader:
    """One sentence's lexemes, the (symbol, words) glosses read so far, and the readers of
    complements and classes."""

    lexemes: list[Lexeme]
    glosses: list[tuple[str, str]] = field(default_factory=list)

    def complement(self, tree: Tree[Token], subject: Term, *, plural: bool) -> Formula:
        if tree.data == "person_complement":  # "Socrates is a person"
            return self.person(token_at(tree, -1), subject)
        words = self.words(last_tree(tree))
        self.not_a_name(words)
        if tree.data == "noun_complement":
            symbol, gloss = self.singular_noun(words)
            gloss = noun_gloss(gloss)  # "is a dog": a noun, told with its article
        elif plural:  # "are yumpuses", "are men"; "are big" or an unknown word stays as it is
            lowered = tuple(w.lower for w in words)
            found = plural_noun_symbol(lowered, words[-1].lemma)
            symbol, gloss = found if found is not None else predicate_symbol(lowered)
        elif len(words) == 1:
            symbol, gloss = predicate_symbol((words[0].lower,))
        else:
            raise BuildError(
                f"expected one adjective after 'is' (or 'a' before a noun), got "
                f"'{' '.join(w.text for w in words)}'"
            )
        self.glosses.append((symbol, gloss))
        return pred(symbol, (subject,))

    def kind(self, tree: Tree[Token], *, plural: bool) -> Formula:
        """The restriction of a generic rule, applied to the variable."""
        if tree.data in {"things_kind", "bare_things_kind"}:
            if not any(isinstance(c, Tree) for c in tree.children):  # "All people are ..."
                return self.person(token_at(tree, -1), X)
            preds: list[Formula] = []
            for words_tree in trees(tree):
                if words_tree.data != "words":
                    continue
                for word in self.words(words_tree):
                    symbol, gloss = predicate_symbol((word.lower,))
                    self.glosses.append((symbol, gloss))
                    preds.append(pred(symbol, (X,)))
            return conj(*preds)
        words = self.words(subtree(tree, 0))
        self.not_a_name(words)
        lowered = tuple(w.lower for w in words)
        if plural:
            found = plural_noun_symbol(lowered, words[-1].lemma)
            if found is None:
                if known_singular(lowered[-1]) == lowered[-1]:  # "Bob are ...", "all dog"
                    raise BuildError(
                        f"'{words[-1].text}' is a name or a singular noun where a plural is "
                        "needed: outside the fragment"
                    )
                raise BuildError(
                    f"'{words[-1].text}' is not a plural the noun tables know: outside the "
                    "fragment (a class is read from a known plural or a regular '-s' plural)"
                )
            symbol, gloss = found
        else:
            symbol, gloss = self.singular_noun(words)
        self.glosses.append((symbol, noun_gloss(gloss)))  # "every dog", "dogs": a noun
        return pred(symbol, (X,))

    def not_a_name(self, words: list[Lexeme]) -> None:
        """Refuse a class or complement that is only a name: "Bob is Anne" states identity
        (not `Anne(bob)`), and "No Bob is big" has no class."""
        if all(w.kind == "NAME" for w in words):
            raise BuildError(
                f"'{' '.join(w.text for w in words)}' is a name where a class or adjective is "
                "expected (identity between individuals is outside the fragment)"
            )

    def singular_noun(self, words: list[Lexeme]) -> tuple[str, str]:
        """(symbol, gloss) of a noun in singular position ("a man", "every mouse").

        An irregular plural there ("a men", "No mice is ...") is refused: read as it stands
        it would be a class `Mice` apart from `Mouse`.
        """
        last = words[-1].lower
        if not last.endswith("s") and known_singular(last) not in (None, last):
            raise BuildError(
                f"'{words[-1].text}' is plural where the sentence needs a singular noun: "
                "outside the fragment"
            )
        return predicate_symbol(tuple(w.lower for w in words))

    def person(self, token: Token, subject: Term) -> Formula:
        """ "a person", "all people" with no adjective: the class `Person`.

        After adjectives ("red people") the word adds no predicate, as in ProofWriter; alone
        it is the class itself. "a thing" / "all things" alone would say nothing: refused.
        """
        word = self.lexemes[token.start_pos or 0].lower
        if word not in {"person", "people"}:
            raise BuildError(f"'{word}' alone names no class: outside the fragment")
        self.glosses.append(("Person", "a person"))
        return pred("Person", (subject,))

    # ---- the words of the sentence ----------------------------------------------------

    def text(self, token: Token) -> str:
        """The surface text of `token`, read from this sentence's lexemes.

        Always through `start_pos`, never `token.value`: parse trees are cached by the shape
        of the token sequence and shared between sentences of the same shape.
        """
        return self.lexemes[token.start_pos or 0].text

    def first_text(self, tree: Tree[Token]) -> str:
        for node in trees(tree):
            for child in node.children:
                if isinstance(child, Token):
                    return self.text(child)
        return ""

    def words(self, tree: Tree[Token]) -> list[Lexeme]:
        return [self.lexemes[t.start_pos or 0] for t in tree.children if isinstance(t, Token)]
