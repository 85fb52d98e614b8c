"""Translations shared by the verdict-only sessions of one thread's Z3 context.

`veridot eval` proves problem after problem in the thread's shared context
(`veridot.provers.z3_solver.thread_context`), and the problems of one story repeat its premises: on
FOLIO gold, 1,252 translations are of 552 distinct formulas. The FOL parser returns the same
object for the same text (`veridot.parser.fol.parse_fol` is cached), so a translation is kept under
the formula's identity together with the sorts of the symbols it mentions; met again with the
same sorts, the formula gets the Z3 term already built. Rebuilding it would give the very
same term (same declarations, same context: Z3 shares equal terms), so verdicts cannot
change; what is saved is walking the formula and building it node by node again (about half
of the translation time of a FOLIO run).

The tracking literals (`!p0`, `!p1`, ..., `!claim_false`) and the implications that guard a
premise with its literal are kept the same way: every problem's session would make the same
ones again. Only sessions that share the thread's context share a memo (verdict-only,
`veridot.provers.z3_prover`); a session with a context of its own keeps its literals and guarded
premises in a memo of its own, and translates as before.

The thread's memo also keeps the last `MODELS` models Z3 found for the verdict-only sessions,
each with the premises it satisfies. A story's problems ask about one set of premises with
different claims, and a model of the premises found for one claim often already decides
another problem's question: a model of the premises in which the new query's formula
evaluates to true is a proof that the query is satisfiable, so Z3 is not asked (FOLIO gold:
136 of 398 checks). Evaluation is exact when the formula's quantifiers range over objects
(`Z3Formula.evaluable`, the universe of a model is finite); anything else is asked of Z3.
Only the verdict is at stake (a verdict-only session renders no model), and a satisfiable
query is satisfiable whichever model shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import z3

from veridot.parser.ast import Formula
from veridot.parser.sorts import Signature
from veridot.provers.relevance import formula_symbols
from veridot.provers.z3_convert import Z3Converter, Z3Expr, Z3Formula, implies

LIMIT = 8192  # translations kept per thread; past it the memo starts again (memory bound)
MODELS = 16  # models kept per thread, newest first (a story's models, a few stories back)

_Sorts = tuple[tuple[str, object, object, object], ...]


def _sorts(signature: Signature, symbols: tuple[str, ...]) -> _Sorts:
    """The signature's entries for `symbols`: all that a translation depends on."""
    constants, functions, predicates = (
        signature.constants,
        signature.functions,
        signature.predicates,
    )
    return tuple(
        (name, constants.get(name), functions.get(name), predicates.get(name)) for name in symbols
    )


class SharedTranslations:
    """Formula (by identity) and the sorts of its symbols -> its translation, for one context."""

    def __init__(self, ctx: z3.Context, *, keep_models: bool = False) -> None:
        self.ctx = ctx
        # The formula itself is kept in the entry: alive, its id cannot be reused.
        self._memo: dict[int, tuple[Formula, tuple[str, ...], _Sorts, Z3Formula]] = {}
        self._literals: dict[str, Z3Expr] = {}
        self._tracked: dict[tuple[str, int], tuple[Z3Formula, Z3Expr]] = {}
        # Sorts and symbol declarations of the context, for its converters (`Z3Converter`).
        self.made: dict[tuple[object, ...], Z3Expr] = {}
        # Models and the premises (by identity, kept alive) each satisfies; only the
        # thread's memo keeps them (verdict-only sessions), a session's own never does.
        self._keep_models = keep_models
        self._models: list[tuple[frozenset[int], tuple[Z3Formula, ...], Z3Expr]] = []

    def clear(self) -> None:
        """Forget everything (a session closing its own context's memo)."""
        self._memo.clear()
        self._literals.clear()
        self._tracked.clear()
        self._models.clear()
        self.made.clear()

    def keep(self, formulas: Sequence[Z3Formula], ids: Sequence[int], model: Z3Expr) -> Z3Expr:
        """Keep `model`, which satisfies `formulas[i]` for `ids` (if this memo keeps models)."""
        if self._keep_models:
            premises = tuple(formulas[i] for i in ids)
            self._models.insert(0, (frozenset(map(id, premises)), premises, model))
            del self._models[MODELS:]
        return model

    def model_satisfying(
        self, formulas: Sequence[Z3Formula], ids: Sequence[int], claim: Z3Formula, expr: Z3Expr
    ) -> Z3Expr:
        """A kept model of (at least) premises `formulas[i]` for `ids` in which `expr`, a
        reading of `claim`, is true;
        None when there is none, or when `claim` cannot be evaluated exactly (a quantifier over
        numbers) or may be undefined (it divides): Z3 decides those."""
        if not self._models or expr is None or not claim.evaluable or claim.partial:
            return None
        # The ids of formulas an entry keeps alive are theirs alone: a subset of ids is a
        # subset of those very formulas.
        wanted = frozenset(id(formulas[i]) for i in ids)
        for kept, _, model in self._models:
            if wanted <= kept and _true_in(model, expr):
                return model
        return None

    def __len__(self) -> int:
        return len(self._memo) + len(self._tracked)

    def literal(self, name: str) -> Z3Expr:
        """The Boolean constant `name` (a tracking literal) of this context."""
        made = self._literals.get(name)
        if made is None:
            made = self._literals[name] = z3.Bool(name, self.ctx)
        return made

    def tracked(self, name: str, formula: Z3Formula) -> Z3Expr:
        """`literal(name) → formula.expr`: premise `formula` guarded by its tracking literal."""
        entry = self._tracked.get((name, id(formula)))
        if entry is not None and entry[0] is formula:
            return entry[1]
        made = implies(self.literal(name), formula.expr)
        if len(self._tracked) >= LIMIT:
            self._tracked.clear()
        self._tracked[name, id(formula)] = (formula, made)
        return made

    def convert(self, conv: Z3Converter, formula: Formula) -> Z3Formula:
        """`conv.convert(formula, checked=True)`, or the same translation made before."""
        if conv.ctx is not self.ctx:
            raise ValueError("the converter translates into another context")
        entry = self._memo.get(id(formula))
        if entry is not None and entry[0] is formula:
            symbols = entry[1]
            if _sorts(conv.signature, symbols) == entry[2]:
                return entry[3]
        else:
            symbols = tuple(sorted(formula_symbols(formula)))
        converted = conv.convert(formula, checked=True)
        if len(self._memo) >= LIMIT:
            self._memo.clear()
        self._memo[id(formula)] = (formula, symbols, _sorts(conv.signature, symbols), converted)
        return converted


def _true_in(model: Z3Expr, expr: Z3Expr) -> bool:
    """`z3.is_true(model.eval(expr, model_completion=True))` through Z3's C API: the value is
    read at once, so no Python wrapper (and reference) is made for it."""
    ref = model.ctx.ref()
    value = (z3.Ast * 1)()
    if not z3.Z3_model_eval(ref, model.model, expr.as_ast(), True, value):
        return False
    return bool(z3.Z3_get_bool_value(ref, value[0]) == z3.Z3_L_TRUE)


class _ThreadMemo(threading.local):
    memo: SharedTranslations | None = None


_THREAD = _ThreadMemo()


def shared_translations(ctx: z3.Context) -> SharedTranslations:
    """This thread's memo for `ctx` (a new, empty one when the thread's context changed)."""
    memo = _THREAD.memo
    if memo is None or memo.ctx is not ctx:
        memo = _THREAD.memo = SharedTranslations(ctx, keep_models=True)
    return memo
