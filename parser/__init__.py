"""Text to AST: the FOL grammar, pretty-printing and the semantic parsers."""
