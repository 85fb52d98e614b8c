"""The math reader: mathematics in reasoning steps, read exactly into the AST's arithmetic.

One home for reading mathematics: numbers in prose (`prose.py`, also used by the English
parser for the arithmetic inside a sentence), GSM8K calculator annotations
(`calculator.py`), LaTeX math spans with symbols (`spans.py`, `latex.py`, `symbolic.py`),
clauses that are not asserted (`hedges.py`), all parsed with `grammars/math.lark`
(`grammar.py`, `terms.py`) and exact rationals (`evaluate.py`, `rounding.py`). `MathParser`
(`reader.py`) is the `math` semantic parser.
"""
