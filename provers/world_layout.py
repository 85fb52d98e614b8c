"""The solver-agnostic half of reading a model into a printed world, shared by the z3 and
cvc5 model readers: the caps that keep rendering bounded however large the model is, the
names of the domain's elements, and the final `Model` with what a cap left out.

Unnamed elements are `e0`, `e1`, ... unless the problem already uses such a name for a
symbol, in which case another prefix is taken (`el0`, ...), so that an element is never
mistaken for a constant of the same spelling. An element a constant denotes prints as that
constant (`Blue(bob)`, not `Blue(e0)`); elements are keyed by whatever identifies them in
the solver at hand (an ast id in z3, the value's text in cvc5).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import TypeVar

from veridot.provers.base import Model

MAX_DOMAIN = 16  # elements shown (and enumerated over)
MAX_ATOMS = 200  # true atoms listed
MAX_EVALS = 4000  # ground atoms and function values evaluated in total
MAX_NUMERIC_ARGS = 8  # numeric values tried in numeric argument positions

_PREFIXES = ("e", "el", "elem", "element", "obj", "object", "individual")

Element = TypeVar("Element")
Key = TypeVar("Key", bound=Hashable)


def element_prefix(symbols: Iterable[str]) -> str:
    """The first prefix `p` such that no symbol is spelled `p` followed by digits."""
    names = set(symbols)
    for prefix in _PREFIXES:
        pattern = re.compile(rf"{prefix}\d+")
        if not any(pattern.fullmatch(name) for name in names):
            return prefix
    k = 0  # every listed prefix is taken (an adversarial problem): add underscores
    while True:
        k += 1
        prefix = "e" + "_" * k
        pattern = re.compile(rf"{prefix}\d+")
        if not any(pattern.fullmatch(name) for name in names):
            return prefix


def lay_out_elements(
    denoted: Sequence[tuple[str, Element]],
    universe: Iterable[Element],
    key: Callable[[Element], Key],
    prefix: str,
    omitted: list[str],
) -> tuple[list[Element], dict[Key, str], dict[str, str]]:
    """The elements shown, each element's printed name, and each constant's element.

    Elements denoted by constants come first (in `denoted`'s order), then the rest of the
    universe, without repeats and capped at MAX_DOMAIN (a note goes to `omitted`). Every
    element is named, shown or not, so that no value prints as the solver's raw text.
    """
    elements: list[Element] = []
    seen: set[Key] = set()
    for element in [element for _, element in denoted] + list(universe):
        if key(element) not in seen:
            seen.add(key(element))
            elements.append(element)
    if len(elements) > MAX_DOMAIN:
        omitted.append(f"{len(elements) - MAX_DOMAIN} of {len(elements)} elements")
    names = {key(element): f"{prefix}{i}" for i, element in enumerate(elements)}
    constants = {name: names[key(element)] for name, element in denoted}
    for name, element in reversed(denoted):  # the first constant listed wins
        names[key(element)] = name
    return elements[:MAX_DOMAIN], names, constants


def finish_model(
    prefix: str,
    shown: int,
    constants: dict[str, str],
    atoms: Iterator[str],
    numbers: dict[str, str],
    omitted: list[str],
) -> Model:
    """The printed world: `shown` elements, at most MAX_ATOMS true atoms, and what was cut."""
    listed = list(itertools.islice(atoms, MAX_ATOMS + 1))
    if len(listed) > MAX_ATOMS:
        listed = listed[:MAX_ATOMS]
        omitted.append(f"true atoms after the first {MAX_ATOMS}")
    return Model(
        domain=tuple(f"{prefix}{i}" for i in range(shown)),
        constants=constants,
        true_atoms=tuple(listed),
        numbers=numbers,
        omitted=tuple(dict.fromkeys(omitted)),
    )


def budget_spent(evals: int, omitted: list[str]) -> bool:
    """Whether the evaluation budget is used up (noting it in `omitted` when it is)."""
    if evals < MAX_EVALS:
        return False
    omitted.append(f"atoms and values past {MAX_EVALS} evaluations")
    return True
