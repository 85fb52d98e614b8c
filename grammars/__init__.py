"""The Lark grammars (FOL, DoT transcripts, controlled English) shipped as package data.

Nothing here is code: the `.lark` files beside this marker are read by
`veridot.parser.grammar_files`.
"""
