"""Majority voting over several sampled translations of one text.

Two samples agree when their claims are the same formulas up to the names of bound variables
(`∀x Cat(x)` and `∀y Cat(y)` are one vote). The largest group wins; when samples disagree the
competing formulas are kept (`Translation.alternatives`) and the reason says how the votes
split, so the verifier can report an `ambiguous` finding. A tie for first place is not
resolved by guessing: the text is untranslated, with the tied formulas as alternatives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Node,
    Not,
    Num,
    Or,
    Pred,
    Var,
    Xor,
    children,
    conj,
)
from veridot.parser.semantic import Translation, TranslationStatus

NO_CLAIM_KEY: tuple[str, ...] = ("<no claim>",)


@dataclass(frozen=True, slots=True)
class Sample:
    """One sampled translation after its repair rounds: claims, no claim, or a last error."""

    claims: tuple[Formula, ...] | None  # None: never became valid
    error: str = ""
    answer: str = ""  # the model's last raw answer (kept for the cache and for debugging)
    rounds: int = 1  # model calls spent on this sample (1 = no repair needed)

    @property
    def translatable(self) -> bool:
        return self.claims is not None


def _head(node: Node, scope: dict[str, int]) -> str:
    """One token for `node`, with bound variables named by their binder's position."""
    match node:
        case Var(name=name):
            return f"v{scope[name]}" if name in scope else f"free:{name}"
        case Const(name=name):
            return f"c:{name}"
        case Func(name=name, args=args):
            return f"f:{name}/{len(args)}"
        case Num(value=value):
            return f"n:{value}"
        case Arith(op=op):
            return f"a:{op}"
        case Pred(name=name, args=args):
            return f"p:{name}/{len(args)}"
        case Eq():
            return "="
        case Compare(op=op):
            return f"cmp:{op}"
        case Bool(value=value):
            return f"b:{value}"
        case Not():
            return "not"
        case And(args=args):
            return f"and/{len(args)}"
        case Or(args=args):
            return f"or/{len(args)}"
        case Implies():
            return "->"
        case Iff():
            return "<->"
        case Xor():
            return "xor"
        case Forall():
            return "all"
        case Exists():
            return "ex"
    raise TypeError(f"not an AST node: {node!r}")


def canonical_key(formula: Formula) -> tuple[str, ...]:
    """A hashable key equal for alpha-equivalent formulas; iterative, so any depth is safe."""
    tokens: list[str] = []
    counter = 0
    stack: list[tuple[Node, dict[str, int]]] = [(formula, {})]
    while stack:
        node, scope = stack.pop()
        match node:
            case Forall(var=var, body=body) | Exists(var=var, body=body):
                inner = {**scope, var.name: counter}
                counter += 1
                tokens.append(_head(node, scope))
                tokens.append(f"bind{inner[var.name]}")
                stack.append((body, inner))
            case _:
                tokens.append(_head(node, scope))
                stack.extend((child, scope) for child in reversed(children(node)))
    return tuple(tokens)


def sample_key(claims: tuple[Formula, ...]) -> tuple[str, ...]:
    if not claims:
        return NO_CLAIM_KEY
    key: list[str] = []
    for claim in claims:
        key.extend(("<claim>", *canonical_key(claim)))
    return tuple(key)


def _describe(claims: tuple[Formula, ...]) -> str:
    if not claims:
        return "no claim"
    from veridot.parser.printer import to_unicode

    return " ; ".join(to_unicode(claim) for claim in claims)


def vote(samples: Sequence[Sample], *, parser: str) -> Translation:
    """Combine samples into one Translation (see the module docstring for the rules)."""
    good = [s for s in samples if s.claims is not None]
    if not good:
        errors = list(dict.fromkeys(s.error for s in samples if s.error))
        reason = errors[-1] if len(errors) == 1 else " | ".join(errors)
        return Translation.untranslated(reason or "no usable answer", parser=parser)
    groups: dict[tuple[str, ...], list[tuple[Formula, ...]]] = {}
    for sample in good:
        assert sample.claims is not None
        groups.setdefault(sample_key(sample.claims), []).append(sample.claims)
    ranked = sorted(groups.values(), key=len, reverse=True)  # stable: first seen wins order
    winner = ranked[0][0]
    if len(ranked) == 1:
        if not winner:
            return Translation.no_claim(parser=parser)
        return Translation.of(*winner, parser=parser)
    alternatives = tuple(conj(*group[0]) for group in ranked if group[0])
    split = ", ".join(f"{len(group)}× {_describe(group[0])}" for group in ranked)
    failed = len(samples) - len(good)
    tail = f" ({failed} sample(s) untranslatable)" if failed else ""
    if len(ranked[0]) == len(ranked[1]):
        return Translation(
            TranslationStatus.UNTRANSLATED,
            reason=f"ambiguous: samples tie: {split}{tail}",
            parser=parser,
            alternatives=alternatives,
        )
    status = TranslationStatus.CLAIM if winner else TranslationStatus.NO_CLAIM
    return Translation(
        status,
        claims=winner,
        reason=f"ambiguous: {len(ranked[0])} of {len(good)} samples agree; votes: {split}{tail}",
        parser=parser,
        alternatives=alternatives,
    )
