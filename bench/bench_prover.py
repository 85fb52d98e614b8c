"""Benchmark the Z3 session: N-step chains (each step entailed by the one before), per-check cost.

Two chains, each step resting on every premise and every earlier step, as the DoT verifier
checks them:

- `rules`: premises `Q0(a)` and `∀x (Q{i}(x) → Q{i+1}(x))` for i < N; step i claims
  `Q{i+1}(a)` (entailed by step i-1 and one rule).
- `arith`: premises `c0 = 1` and `c{i} = c{i-1} + 1`; step i claims `c{i} = i + 1`.

Printed: total seconds per chain (wall and CPU), the per-check p50/p99 in milliseconds over
the first and the last 100 steps (flat figures mean O(1) per check, i.e. an O(N) chain),
the verdict counts, and the cost of a fresh one-off `prove` for comparison.

Then every FOLIO validation problem's gold FOL through `prove` (from `--data`, default
`$VERIDOT_DATA` or `../shared/data`): verdicts, agreement with the labels, p50/p99 per problem.

    python bench/bench_prover.py [--sizes 100 1000] [--timeout 2] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veridot.parser.ast import Arith, Const, Eq, Forall, Formula, Implies, Num, Pred, Var
from veridot.provers.registry import get_prover


def rules_chain(n: int) -> tuple[list[Formula], list[Formula]]:
    """Premises and steps of the `rules` chain."""
    a, x = Const("a"), Var("x")
    premises: list[Formula] = [Pred("Q0", (a,))]
    premises += [Forall(x, Implies(Pred(f"Q{i}", (x,)), Pred(f"Q{i + 1}", (x,)))) for i in range(n)]
    steps: list[Formula] = [Pred(f"Q{i + 1}", (a,)) for i in range(n)]
    return premises, steps


def arith_chain(n: int) -> tuple[list[Formula], list[Formula]]:
    """Premises and steps of the `arith` chain."""
    premises: list[Formula] = [Eq(Const("c0"), Num(Fraction(1)))]
    premises += [
        Eq(Const(f"c{i}"), Arith("+", Const(f"c{i - 1}"), Num(Fraction(1))))
        for i in range(1, n + 1)
    ]
    steps: list[Formula] = [Eq(Const(f"c{i}"), Num(Fraction(i + 1))) for i in range(1, n + 1)]
    return premises, steps


LAST_CPU_S = 0.0  # CPU seconds of the last `run_chain` (steadier than wall time on a busy host)


SOLVER_CPU_MS: list[float] = []  # CPU ms of each Z3 check call (filled while timing)


def _time_solver_calls() -> None:
    """Record the CPU time of every Z3 check call: what the solver itself costs per check."""
    import veridot.provers.z3_solver as z3_solver

    original = z3_solver._check

    def timed(solver: object, assumptions: list[object]) -> object:
        start = time.process_time()
        try:
            return original(solver, assumptions)
        finally:
            SOLVER_CPU_MS.append((time.process_time() - start) * 1000)

    z3_solver._check = timed  # type: ignore[assignment]


def run_chain(
    premises: list[Formula], steps: list[Formula], timeout: float
) -> tuple[float, list[float], Counter[str]]:
    """Check every step against all premises and earlier steps in one session."""
    prover = get_prover("z3")
    start = time.perf_counter()
    cpu_start = time.process_time()
    session = prover.session(timeout=timeout)
    ids = [session.add(p) for p in premises]
    costs: list[float] = []
    verdicts: Counter[str] = Counter()
    for step in steps:
        t0 = time.perf_counter()
        result = session.check(ids, step)
        costs.append((time.perf_counter() - t0) * 1000)
        verdicts[result.verdict.value] += 1
        ids.append(session.add(step))
    session.close()
    global LAST_CPU_S
    LAST_CPU_S = time.process_time() - cpu_start
    return time.perf_counter() - start, costs, verdicts


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def one_off(timeout: float, repeat: int = 200) -> float:
    """Median milliseconds of a fresh `prove` (context, solver, two checks) on a small problem."""
    prover = get_prover("z3")
    premises, steps = rules_chain(3)
    costs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        prover.prove(premises, steps[-1], timeout=timeout)
        costs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(costs)


def folio(data: Path, timeout: float) -> None:
    """Prove every FOLIO validation problem's gold FOL (parsed up front); print the costs."""
    import json

    from veridot.parser.errors import ParseError
    from veridot.parser.fol import parse_fol

    path = data / "folio" / "folio-validation.jsonl"
    if not path.exists():
        print(f"folio: {path} not found, skipped")
        return
    labels = {"entailed": "True", "contradicted": "False", "unsupported": "Uncertain"}
    problems = []
    malformed = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        try:
            premises = [parse_fol(text) for text in row["premises-FOL"]]
            problems.append((premises, parse_fol(row["conclusion-FOL"]), row["label"]))
        except ParseError:
            malformed += 1
    prover = get_prover("z3")
    costs: list[float] = []
    verdicts: Counter[str] = Counter()
    right = 0
    cpu_start = time.process_time()
    for premises, claim, label in problems:
        t0 = time.perf_counter()
        result = prover.prove(premises, claim, timeout=timeout)
        costs.append((time.perf_counter() - t0) * 1000)
        verdicts[result.verdict.value] += 1
        right += labels.get(result.verdict.value) == label
    cpu = time.process_time() - cpu_start
    print(
        f"folio gold: {len(problems)} proved ({malformed} malformed skipped), {right} right; "
        f"prove only: {sum(costs) / 1000:.2f} s wall, {cpu:.2f} s CPU; per problem p50 "
        f"{percentile(costs, 0.5):.2f} p99 {percentile(costs, 0.99):.2f} ms; {dict(verdicts)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--timeout", type=float, default=2.0)
    default_data = os.environ.get(
        "VERIDOT_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    parser.add_argument("--data", type=Path, default=Path(default_data))
    args = parser.parse_args()
    print(f"one-off prove (3 rules), median: {one_off(args.timeout):.2f} ms")
    _time_solver_calls()
    for name, build in (("rules", rules_chain), ("arith", arith_chain)):
        totals = {}
        for n in args.sizes:
            premises, steps = build(n)
            SOLVER_CPU_MS.clear()
            total, costs, verdicts = run_chain(premises, steps, args.timeout)
            calls = list(SOLVER_CPU_MS)
            totals[n] = total
            head, tail = costs[:100], costs[-100:]
            print(
                f"{name:5} N={n:5}: {total:7.3f} s total ({LAST_CPU_S:.3f} s CPU), "
                f"{total / n * 1000:6.2f} ms/step; "
                f"first 100 p50 {percentile(head, 0.5):.2f} p99 {percentile(head, 0.99):.2f} ms; "
                f"last 100 p50 {percentile(tail, 0.5):.2f} p99 {percentile(tail, 0.99):.2f} ms; "
                f"{dict(verdicts)}"
            )
            print(
                f"      Z3 check calls: {len(calls)}, CPU median first 100 "
                f"{statistics.median(calls[:100]):.3f} ms, last 100 "
                f"{statistics.median(calls[-100:]):.3f} ms"
            )
        if len(totals) >= 2:
            small, large = min(totals), max(totals)
            ratio = totals[large] / totals[small]
            print(f"{name:5} {large}-step / {small}-step time: {ratio:.1f}x")
    folio(args.data, args.timeout)


if __name__ == "__main__":
    main()
