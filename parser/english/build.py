"""From the Lark tree of one English sentence to FOL formulas.

The grammar (`grammars/english.lark`) fixes the shape; this module fixes the meaning:
- a fact is a conjunction of clauses; a bare item after "and" ("is cold and round",
  "is big and not red", "is kind and chases the cat") takes the subject of the item before it;
- "If A then B" is `A → B`, universally closed over the one variable that "something" or
  "someone" introduces in A and "it", "they", "them" refer back to; an individual-only
  rule ("If the dog chases the cat then ...") has no quantifier;
- generics ("All red things are kind", "Red, big things are kind", "Every wumpus is a
  tumpus", "Wumpuses are not opaque", "No cat is red", "Everything that is big is red")
  are `∀x (class(x) → predicate(x))`; "things" and "people" add no predicate;
- "Nothing/Nobody/No one is big" is `∀x ¬Big(x)`, "Nothing that is big is red"
  `∀x (Big(x) → ¬Red(x))`, "Only cats are animals" `∀x (Animal(x) → Cat(x))`; person words
  ("someone", "everyone", "nobody", "red people") range over all individuals, the one kind
  of individual a ProofWriter theory speaks of;
- "So/Therefore/Thus B" claims B; "Since A, B", "A, so B", "B because A" claim A and B,
  B last;
- a pronoun with no "something" before it means the one individual the sentence has named
  ("Bob is big, so he is red"); with none or several it is refused.
Complements and classes ("is big", "is a dog", "All red things", "Every wumpus") are read by
`veridot.parser.english.classes`, whose `ClassReader` the `Builder` extends with sentences, clauses
and terms. Anything the rules cannot read unambiguously raises `BuildError` with the reason;
the caller turns it into an untranslated result. Only "something/someone" may introduce the
variable, and "is not big and red" is refused (is red negated or not?) rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lark import Token, Tree

from veridot.parser.ast import Const, Forall, Formula, Implies, Not, Term, conj
from veridot.parser.english.classes import BuildError, ClassReader, X, pred
from veridot.parser.english.lexicon import (
    individual_constant,
    name_constant,
    quantifier_part,
    verb_symbol,
)
from veridot.parser.english.trees import (
    grammatical_number,
    last_tree,
    predicate_head,
    subtree,
    token_at,
    trees,
)

__all__ = ["BuildError", "Builder"]

# Shared, memoized leaves: AST nodes are immutable, and building a frozen dataclass costs
# microseconds, a noticeable share of the per-sentence budget (2,000 sentences/s).
_const = lru_cache(maxsize=1 << 14)(Const)
_not = lru_cache(maxsize=1 << 14)(Not)


@dataclass
class _Scope:
    """The rule variable: usable only inside "If ... then ...", introduced by "something"."""

    conditional: bool = False
    introduced: bool = False
    used: bool = False


@dataclass
class Builder(ClassReader):
    """Builds formulas for one sentence; `glosses` collects (symbol, words) pairs."""

    scope: _Scope = field(default_factory=_Scope)
    mentioned: list[str] = field(default_factory=list)  # individuals named so far, in order

    # ---- sentences ------------------------------------------------------------------

    def sentence(self, tree: Tree[Token]) -> tuple[Formula, ...]:
        """The claims of a `sentence` tree, main claim last."""
        statement = tree.children[0]
        assert isinstance(statement, Tree)
        claims = [
            self.claim(c) for c in statement.children if isinstance(c, Tree) and c.data in _CLAIMS
        ]
        if statement.data == "because_after":  # "B because A": A first, B is the main claim
            claims.reverse()
        for symbol, words in self.glosses:  # a last guard: "the no-one", "Every-one is big"
            word = quantifier_part(symbol)
            if word is not None:
                raise BuildError(
                    f"'{words}' is spelled from the quantifier word '{word}', never read as a "
                    "name or a class: outside the fragment"
                )
        return tuple(claims)

    def claim(self, tree: Tree[Token]) -> Formula:
        self.scope = _Scope()
        kind = tree.data
        if kind == "fact":
            return self.conj(subtree(tree, 0))
        if kind == "conditional":
            self.scope = _Scope(conditional=True)
            antecedent = self.conj(subtree(tree, 0))
            consequent = self.conj(subtree(tree, 1), consequent=True)
            rule = Implies(antecedent, consequent)
            return Forall(X, rule) if self.scope.used else rule
        if kind in {"all_kind", "no_kind"}:
            kind_tree, pred_tree = (c for c in tree.children if isinstance(c, Tree))
            first = tree.children[0]
            singular = isinstance(first, Token) and first.type in {"EVERY", "EACH", "NO"}
            plural = not singular
            if kind == "no_kind" and grammatical_number(pred_tree, self.lexemes) is True:
                plural = True  # "No cats are red" as well as "No cat is red"
            self.agree(pred_tree, plural=plural)
            restriction = self.kind(kind_tree, plural=plural)
            self.scope = _Scope()  # the subject is the variable; no pronouns inside
            body = self.predicate(pred_tree, X)
            if kind == "no_kind":
                body = _not(body)
            return Forall(X, Implies(restriction, body))
        if kind == "everything":
            pred_tree = subtree(tree, 0)
            self.agree(pred_tree, plural=False)  # "Everything is", "Everyone likes"
            return Forall(X, self.predicate(pred_tree, X))
        if kind == "nothing":  # "Nobody likes Bob": ∀x ¬Likes(x, bob)
            pred_tree = subtree(tree, 0)
            self.agree(pred_tree, plural=False)
            return Forall(X, _not(self.predicate(pred_tree, X)))
        if kind == "nothing_that":  # "Nothing that is big is red": ∀x (Big(x) → ¬Red(x))
            first, second = (c for c in tree.children if isinstance(c, Tree))
            self.agree(second, plural=False)
            return Forall(X, Implies(self.predicate(first, X), _not(self.predicate(second, X))))
        if kind == "only_kind":
            return self.only_kind(tree)
        if kind == "everything_that":
            first, second = (c for c in tree.children if isinstance(c, Tree))
            return Forall(X, Implies(self.predicate(first, X), self.predicate(second, X)))
        raise BuildError(f"unsupported sentence form {kind!r}")

    def only_kind(self, tree: Tree[Token]) -> Formula:
        """ "Only cats are animals": whatever is an animal is a cat, `∀x (Animal(x) → Cat(x))`.

        Only a plural class is read; "Only Bob is big" (a name: `Big(bob)` and nobody else)
        and "Only a cat ..." are outside the fragment.
        """
        kind_tree, pred_tree = (c for c in tree.children if isinstance(c, Tree))
        first = next(
            leaf for node in trees(kind_tree) for leaf in node.children if isinstance(leaf, Token)
        )
        if self.lexemes[first.start_pos or 0].kind == "NAME":
            raise BuildError(
                f"'only' before the name '{self.text(first)}' is outside the fragment: "
                "'only' is read before a plural class ('Only cats are animals')"
            )
        self.agree(pred_tree, plural=True)
        restriction = self.kind(kind_tree, plural=True)
        self.scope = _Scope()
        return Forall(X, Implies(self.predicate(pred_tree, X), restriction))

    def agree(self, tree: Tree[Token], *, plural: bool) -> None:
        """Refuse a generic whose verb does not agree with its class.

        "Bob quickly chases the dog" would otherwise read as a rule about 'bob quicklies'.
        """
        number = grammatical_number(tree, self.lexemes)
        if number is not None and number != plural:
            head = predicate_head(tree)
            raise BuildError(
                f"'{self.text(head)}' does not agree with a {'plural' if plural else 'singular'} "
                "class: outside the fragment"
            )

    # ---- conjunctions of clauses ----------------------------------------------------

    def conj(self, tree: Tree[Token], *, consequent: bool = False) -> Formula:
        parts: list[Formula] = []
        subject: Term | None = None
        negated_copula = False
        for item in tree.children:
            if not isinstance(item, Tree):
                continue  # AND
            if item.data == "clause":
                subj_tree, pred_tree = item.children
                assert isinstance(subj_tree, Tree)
                assert isinstance(pred_tree, Tree)
                subject = self.term(subj_tree, subject=True, consequent=consequent)
                if subj_tree.data in {"name", "the_individual"} and grammatical_number(
                    pred_tree, self.lexemes
                ):  # "The cats are red" is about a group, not one individual `cats`
                    said = " ".join(map(self.text, subj_tree.scan_values(_is_token)))
                    raise BuildError(f"'{said}' with a plural verb is a group, not an individual")
                parts.append(self.predicate(pred_tree, subject))
                negated_copula = pred_tree.data == "copular_not"
                continue
            if item.data in {"all_kind", "no_kind"}:
                if self.scope.conditional:
                    raise BuildError("a general statement inside an 'If ...' rule is unsupported")
                saved = self.scope
                parts.append(self.claim(item))  # its own variable, bound inside
                self.scope = saved
                continue
            assert subject is not None  # the grammar puts a clause first
            if item.data == "bare_predicate":
                pred_tree = subtree(item, 0)
                parts.append(self.predicate(pred_tree, subject))
                negated_copula = pred_tree.data == "copular_not"
            elif item.data == "bare_negated":
                parts.append(_not(self.complement(subtree(item, 0), subject, plural=False)))
            elif item.data == "bare_complement":
                if negated_copula:
                    raise BuildError(
                        f"ambiguous negation before '{self.first_text(item)}': write "
                        "'is not A and not B' or 'is not A and is B'"
                    )
                parts.append(self.complement(subtree(item, 0), subject, plural=False))
            else:
                raise BuildError(f"unsupported item {item.data!r}")
        return conj(*parts)

    # ---- predicates (complements and classes: `veridot.parser.english.classes`) --------------

    def predicate(self, tree: Tree[Token], subject: Term) -> Formula:
        kind = tree.data
        if kind in {"copular", "copular_not"}:
            copula = subtree(tree, 0)
            plural = token_at(copula, 0).type == "ARE"
            body = self.complement(last_tree(tree), subject, plural=plural)
            return _not(body) if kind == "copular_not" else body
        if kind in {"relation", "relation_not"}:
            verb = next(c for c in tree.children if isinstance(c, Token) and c.type == "VERB")
            lex = self.lexemes[verb.start_pos or 0]
            symbol, gloss = verb_symbol(lex.lower, lex.lemma)
            self.glosses.append((symbol, gloss))
            obj = self.term(last_tree(tree), subject=False, consequent=False)
            atom = pred(symbol, (subject, obj))
            return _not(atom) if kind == "relation_not" else atom
        raise BuildError(f"unsupported predicate {kind!r}")

    # ---- terms ----------------------------------------------------------------------

    def term(self, tree: Tree[Token], *, subject: bool, consequent: bool) -> Term:
        kind = tree.data
        if kind in {"name", "number"}:
            constant, gloss = name_constant(self.text(token_at(tree, 0)))
            return self.individual(constant, gloss)
        if kind == "the_individual":
            constant, gloss = individual_constant(
                tuple(w.text for w in self.words(last_tree(tree)))
            )
            return self.individual(constant, gloss)
        if kind == "variable":
            token = token_at(tree, 0)
            word = self.text(token).lower()
            if token.type in {"SOMETHING", "SOMEONE"}:
                if not self.scope.conditional:
                    raise BuildError(
                        f"'{word}' here refers to nothing: use a name or 'the ...' (a "
                        "variable is only read in 'If something ... then it ...' rules)"
                    )
                if consequent:
                    raise BuildError(f"'{word}' after 'then' is ambiguous: use 'it' or 'they'")
                self.scope.introduced = True
            elif not self.scope.introduced:
                return self.antecedent(word)
            self.scope.used = True
            return X
        raise BuildError(f"unsupported term {kind!r}")

    def individual(self, constant: str, gloss: str) -> Term:
        self.glosses.append((constant, gloss))
        if constant not in self.mentioned:
            self.mentioned.append(constant)
        return _const(constant)

    def antecedent(self, pronoun: str) -> Term:
        """The one individual a pronoun outside a rule can mean ("Bob is big, so he is red")."""
        if len(self.mentioned) == 1:
            return _const(self.mentioned[0])
        if not self.mentioned:
            raise BuildError(
                f"'{pronoun}' has no antecedent: use a name or 'the ...' (or 'something' in "
                "an 'If ... then ...' rule)"
            )
        raise BuildError(
            f"'{pronoun}' is ambiguous between {', '.join(self.mentioned)}: repeat the name"
        )


def _is_token(value: object) -> bool:
    return isinstance(value, Token)


_CLAIMS = frozenset(
    {"fact", "conditional", "all_kind", "no_kind", "everything", "everything_that", "nothing"}
    | {"nothing_that", "only_kind"}
)
