"""The cost of one `both` / `portfolio` check: CPU of this process and of its prover children.

A session over a chain of rules (premises `Q0(a)` and `∀x (Q{i}(x) → Q{i+1}(x))`) checks each
step `Q{i+1}(a)` from everything before it (entailed), then each `Q{i+1}(b)` (unsupported:
a countermodel to read and check), as the DoT verifier asks them; the children are warmed up
by one check first. CPU is the whole process tree's: this process (`getrusage`), the live
prover children (`/proc/<pid>/stat`), and children already reaped (`RUSAGE_CHILDREN`).
Printed per mode: CPU ms per check (parent, children, total) and the verdict counts; with
`--wall`, wall ms per check too (a timing figure: run it alone on a quiet machine).

    python bench/bench_combined.py [--steps 40] [--rounds 1] [--modes both portfolio z3] [--wall]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veridot.parser.ast import Const, Forall, Formula, Implies, Pred, Var
from veridot.provers.registry import get_prover

TICK = os.sysconf("SC_CLK_TCK")


def chain(n: int) -> tuple[list[Formula], list[Formula]]:
    """Premises, and the claims checked: n entailed steps, then n unsupported ones."""
    a, b, x = Const("a"), Const("b"), Var("x")
    premises: list[Formula] = [Pred("Q0", (a,))]
    for i in range(n):
        premises.append(Forall(x, Implies(Pred(f"Q{i}", (x,)), Pred(f"Q{i + 1}", (x,)))))
    claims = [Pred(f"Q{i + 1}", (a,)) for i in range(n)]
    claims += [Pred(f"Q{i + 1}", (b,)) for i in range(n)]
    return premises, claims


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu() -> float:
    """CPU seconds of this process's children, live (from /proc) and reaped."""
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = reaped.ru_utime + reaped.ru_stime
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[1] == me:  # ppid
            total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


def measure(mode: str, steps: int, timeout: float, rounds: int) -> dict[str, object]:
    premises, claims = chain(steps)
    claims *= rounds  # the same questions again: children CPU is counted in 10 ms ticks
    session = get_prover(mode).session(timeout=timeout)
    try:
        ids = [session.add(formula) for formula in premises]
        session.check(ids[:1], claims[0])  # warm-up: children started, solver imported
        verdicts: Counter[str] = Counter()
        cpu0, kids0, wall0 = own_cpu(), children_cpu(), time.perf_counter()
        for index, claim in enumerate(claims):
            upto = 2 + index % steps  # the steps before it and their rules
            verdicts[session.check(ids[:upto], claim).verdict.value] += 1
        wall = time.perf_counter() - wall0
        cpu, kids = own_cpu() - cpu0, children_cpu() - kids0
    finally:
        session.close()
    n = len(claims)
    return {
        "mode": mode,
        "checks": n,
        "parent_cpu_ms": 1000 * cpu / n,
        "children_cpu_ms": 1000 * kids / n,
        "total_cpu_ms": 1000 * (cpu + kids) / n,
        "wall_ms": 1000 * wall / n,
        "verdicts": dict(verdicts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=1, help="ask every question this often")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--modes", nargs="+", default=["both", "portfolio", "z3"])
    parser.add_argument("--wall", action="store_true", help="also print wall ms per check")
    args = parser.parse_args()
    print("mode       checks  parent CPU ms  children CPU ms  total CPU ms  verdicts")
    for mode in args.modes:
        row = measure(mode, args.steps, args.timeout, args.rounds)
        wall = f"  wall {row['wall_ms']:.2f} ms" if args.wall else ""
        print(
            f"{mode:<10} {row['checks']:>6}  {row['parent_cpu_ms']:>13.2f}"
            f"  {row['children_cpu_ms']:>15.2f}  {row['total_cpu_ms']:>12.2f}"
            f"  {row['verdicts']}{wall}"
        )


if __name__ == "__main__":
    main()
