"""Controlled English to first-order logic, offline: spaCy tokens, a Lark grammar, FOL ASTs.

`EnglishParser` (name "english") is a `SemanticParser`: "If something is big then it is red."
becomes `∀x (Big(x) → Red(x))`, "The lion chases the bear." `Chases(lion, bear)`, "So Max is a
dumpus." `Dumpus(max)`, "she sold 48 / 2 = 24 clips" the arithmetic claim `48 / 2 = 24`; text
outside the fragment is untranslated with the offending word and what was expected.
`split_sentences` cuts text into the sentences the parser reads.

Modules: `nlp` (the cached spaCy pipeline), `lexer` (tokens to grammar terminals), `plurals`
(singulars from spaCy's noun tables, and of invented nouns), `lexicon` (words to symbols),
`build` (parse tree to AST), `trees` (parse-tree helpers, verb number),
`arithmetic` (equations in prose), `sentences` (splitting, no-claim sentences), `parser`,
and `negation` (ProofWriter's reading of "not" as a literal, for its benchmark labels).
"""

from veridot.parser.english.parser import EnglishParser, parse_sentence, parse_text
from veridot.parser.english.sentences import split_sentences

__all__ = ["EnglishParser", "parse_sentence", "parse_text", "split_sentences"]
