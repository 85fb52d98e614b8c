"""The Lark grammars (FOL, DoT transcripts, controlled English) shipped as package data.

Nothing here is code: the `.lark` files beside this marker are read by `parser.grammar_files`.
"""
