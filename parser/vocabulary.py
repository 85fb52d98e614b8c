"""One problem's vocabulary: the predicates, functions and constants in use, and their glosses.

Semantic parsers share a `Vocabulary` across all sentences of a problem so that the same word
always maps to the same symbol ("chases", "chase" and "chased" -> `Chases`); the LLM parser
shows it to the model so every step reuses existing symbols; `veridot` prints it so users see
what a sentence meant. It is mutable by design and belongs to one problem: never share one
across problems or threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veridot.parser.ast import Const, Formula, Func, Pred
from veridot.parser.by_identity import by_identity, nodes

_Arities = tuple[tuple[str, int], ...]


@by_identity
def _symbols(formula: Formula) -> tuple[_Arities, _Arities, tuple[str, ...]]:
    """The predicates and functions of `formula` with their arities, and its constants, in
    the order met (a formula is observed once per problem that states it: `veridot eval`)."""
    predicates: list[tuple[str, int]] = []
    functions: list[tuple[str, int]] = []
    constants: list[str] = []
    for node in nodes(formula):
        match node:
            case Pred(name=name, args=args):
                predicates.append((name, len(args)))
            case Func(name=name, args=args):
                functions.append((name, len(args)))
            case Const(name=name):
                constants.append(name)
            case _:
                pass
    return tuple(predicates), tuple(functions), tuple(constants)


@dataclass
class Vocabulary:
    """Symbols of one problem. `glosses` maps a symbol to the words it stands for."""

    predicates: dict[str, int] = field(default_factory=dict)
    functions: dict[str, int] = field(default_factory=dict)
    constants: set[str] = field(default_factory=set)
    glosses: dict[str, str] = field(default_factory=dict)
    # The math reader's record of numeric symbols: `bound` ones an equation has pinned down
    # (`x` after "2x + 3 = 11", `f(2)` after "f(2) = 5"), so a later equation over them is a
    # claim; `loose` ones only constrained (`x` after "x^2 = 9" or "x > 0"), which no later
    # equation binds (a root or a case may be chosen).
    bound: set[str] = field(default_factory=set)
    loose: set[str] = field(default_factory=set)

    def observe(self, formula: Formula) -> None:
        """Record every symbol of `formula` (arity clashes are the sort checker's job)."""
        predicates, functions, constants = _symbols(formula)
        for name, arity in predicates:
            self.predicates.setdefault(name, arity)
        for name, arity in functions:
            self.functions.setdefault(name, arity)
        self.constants.update(constants)

    def gloss(self, symbol: str, words: str) -> None:
        """Remember the first words seen for `symbol`."""
        self.glosses.setdefault(symbol, words)

    def is_empty(self) -> bool:
        return not (self.predicates or self.functions or self.constants)

    def render(self) -> str:
        """A short, stable, human- and model-readable listing."""
        lines: list[str] = []
        for name, arity in sorted(self.predicates.items()):
            gloss = self.glosses.get(name)
            lines.append(f"predicate {name}/{arity}" + (f"  ({gloss})" if gloss else ""))
        for name, arity in sorted(self.functions.items()):
            lines.append(f"function {name}/{arity}")
        for name in sorted(self.constants):
            gloss = self.glosses.get(name)
            lines.append(f"constant {name}" + (f"  ({gloss})" if gloss else ""))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "predicates": dict(sorted(self.predicates.items())),
            "functions": dict(sorted(self.functions.items())),
            "constants": sorted(self.constants),
            "glosses": dict(sorted(self.glosses.items())),
        }
