"""Small helpers over the Lark trees of the English grammar: children by kind, verb number.

Tokens in these trees carry no text of their own: their `start_pos` indexes the sentence's
lexemes (see `veridot.parser.english.parser._parse_shape`), so the helpers that need words take the
lexemes too.
"""

from __future__ import annotations

from lark import Token, Tree

from veridot.parser.english.lexer import Lexeme
from veridot.parser.english.plurals import third_person, verb_lemma


def subtree(tree: Tree[Token], index: int) -> Tree[Token]:
    """The `index`-th child of `tree` that is a tree."""
    trees = [c for c in tree.children if isinstance(c, Tree)]
    return trees[index]


def last_tree(tree: Tree[Token]) -> Tree[Token]:
    """The last child of `tree` that is a tree."""
    return subtree(tree, -1)


def token_at(tree: Tree[Token], index: int) -> Token:
    """The `index`-th child of `tree` that is a token."""
    tokens = [c for c in tree.children if isinstance(c, Token)]
    return tokens[index]


def trees(tree: Tree[Token]) -> list[Tree[Token]]:
    """`tree` and its subtrees, top-down, left to right (iterative)."""
    out: list[Tree[Token]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed([c for c in node.children if isinstance(c, Tree)]))
    return out


def predicate_head(tree: Tree[Token]) -> Token:
    """The first word of a predicate: its copula, auxiliary or verb."""
    first = next(c for c in tree.children if isinstance(c, Token | Tree))
    head = first.children[0] if isinstance(first, Tree) else first
    assert isinstance(head, Token)
    return head


def grammatical_number(tree: Tree[Token], lexemes: list[Lexeme]) -> bool | None:
    """True when a predicate's verb is plural ("are", "do", "chase"), False when singular,
    None when its form does not say."""
    head = predicate_head(tree)
    number: bool | None = {"IS": False, "ARE": True, "DOES": False, "DO": True}.get(head.type)
    if head.type == "VERB":
        lex = lexemes[head.start_pos or 0]
        base = verb_lemma(lex.lower, lex.lemma)
        if lex.lower == base:
            number = True
        elif lex.lower == third_person(base):
            number = False
    return number
