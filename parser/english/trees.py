"""Small navigation helpers over the Lark trees of the English grammar (children by kind).

Tokens in these trees carry no text of their own: their `start_pos` indexes the sentence's
lexemes (see `parser.english.parser._parse_shape`), so these helpers only pick children.
"""

from __future__ import annotations

from lark import Token, Tree


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
