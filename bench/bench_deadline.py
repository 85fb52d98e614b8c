"""Benchmark the hard deadline: how far past `--timeout` a proof runs (library, CLI, service).

Cases: every problem of the prover corpus (`tests/corpus/entailment.jsonl`, decided in
milliseconds: they show the deadline costs nothing) and the hard cases below, which run into
the deadline: pigeonhole problems (quantified and propositional), a problem with only
infinite models, nonlinear arithmetic Z3 does not stop on when interrupted (squaring a
200-300 digit number, a quantified polynomial inequality), products just under the size
limit (`veridot.parser.limits`), and the issue's `x = <3,000 nines>` (now refused by the parser).

Each case runs `--repeat` times through

- `library`: `veridot.verifier.prove_claim(premises, claim, timeout=T)` in this process (warmed up
  first: imports and the grammar are loaded once per process, not per call);
- `cli`: `veridot prove -p ... -c ... --timeout T --json` as a subprocess (this tree's
  code). Its wall time includes starting Python and importing z3 (measured on a trivial
  problem and shown as `startup`); the overrun counted is the wall time minus T minus that
  startup median. The worst calls show the process's CPU time too: a decided problem whose
  wall time is seconds while its CPU time is a few tenths waited for a core (load), it did
  not overrun;
- `service`: `POST /v1/prove` with `timeout_ms` = T to the app in a `uvicorn` child on a
  loopback port (the request's wall time, HTTP included).

Printed per interface: calls, how many hit the deadline, and the overrun (wall time minus T)
as max and p99 over all calls, in seconds and as a share of T; then the ten worst calls.
The target is every overrun within 10 % of T. Timing figures: run on a quiet machine.

    python bench/bench_deadline.py [--timeout 2] [--repeat 3] [--interfaces library cli service]
        [--only hard|corpus] [--cases N] [--prover z3|cvc5|both|portfolio]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "tests" / "corpus" / "entailment.jsonl"


@dataclass(frozen=True)
class Case:
    """One problem: FOL premises and a claim."""

    name: str
    premises: tuple[str, ...]
    claim: str


def _pigeonhole(holes: int) -> list[str]:
    pigeons = holes + 1
    premises = [" ∨ ".join(f"In(p{i}, h{j})" for j in range(holes)) for i in range(pigeons)]
    premises.append("∀x ∀y ∀z (In(x, z) ∧ In(y, z) → x = y)")
    premises += [f"p{i} ≠ p{k}" for i in range(pigeons) for k in range(i + 1, pigeons)]
    return premises


def _pigeonhole_propositional(holes: int) -> list[str]:
    pigeons = holes + 1
    premises = [" ∨ ".join(f"In{i}_{j}" for j in range(holes)) for i in range(pigeons)]
    premises += [
        f"¬(In{i}_{j} ∧ In{k}_{j})"
        for j in range(holes)
        for i in range(pigeons)
        for k in range(i + 1, pigeons)
    ]
    return premises


def _squares(digits: int) -> list[str]:
    return [f"x = {'9' * digits}", "y = x * x", "z = y * y", "w = z * z"]


def hard_cases() -> list[Case]:
    """Problems that run into the deadline (or, for the last ones, into the size limits)."""
    cases = [
        Case("pigeonhole-8", tuple(_pigeonhole(8)), "Done"),
        Case("pigeonhole-10", tuple(_pigeonhole(10)), "Done"),
        Case("pigeonhole-prop-10", tuple(_pigeonhole_propositional(10)), "Done"),
        Case(
            "infinite-model",
            ("∀x ∃y R(x, y)", "∀x ∀y ∀z (R(x, y) ∧ R(y, z) → R(x, z))", "∀x ¬R(x, x)"),
            "Done",
        ),
        Case(
            "nonlinear-quantified",
            ("∀x (f(x) * f(x) > x * f(x) + 1)", "f(a) = a * a * a"),
            "a > 5",
        ),
        Case("fermat-3", ("x > 0", "y > 0", "z > 0", "x*x*x + y*y*y = z*z*z"), "Done"),
    ]
    for digits in (200, 250, 300):
        cases.append(Case(f"squares-{digits}-digits", tuple(_squares(digits)), "w * w = u ∧ P(u)"))
    # Just under the product limit (degree × digits ≤ 1,000), and just over it.
    cases.append(Case("product-4x250", (f"x = {'9' * 250}",), "x * x * x * x = y ∧ P(y)"))
    cases.append(
        Case("product-8x300", (f"x = {'9' * 300}",), " * ".join(["x"] * 8) + " = y ∧ P(y)")
    )
    cases.append(
        Case("number-3000-digits", (f"x = {'9' * 3000}",), " * ".join(["x"] * 8) + " = y ∧ P(y)")
    )
    return cases


def corpus_cases() -> list[Case]:
    cases = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            cases.append(Case(item["id"], tuple(item["premises"]), item["claim"]))
    return cases


@dataclass(frozen=True)
class Call:
    case: str
    wall: float  # seconds
    outcome: str  # verdict, or "error"
    reason: str
    # CPU seconds the CLI's process used (user + system; None for the other interfaces): a
    # call whose wall time is far above its CPU time waited for a core (machine load).
    cpu: float | None = None


PROVER = "z3"


def run_library(case: Case, timeout: float) -> Call:
    from veridot.parser.errors import ParseError
    from veridot.verifier.prove_claim import prove

    start = time.monotonic()
    try:
        result = prove(list(case.premises), case.claim, timeout=timeout, prover=PROVER)
        outcome, reason = result.verdict.value, result.reason
    except ParseError as exc:
        outcome, reason = "error", f"{exc.code}: {exc.message}"
    return Call(case.name, time.monotonic() - start, outcome, reason)


def run_cli(case: Case, timeout: float) -> Call:
    command = [
        sys.executable,
        "-m",
        "veridot",
        "prove",
        "-c",
        case.claim,
    ]
    command += ["--json"]
    command += ["--timeout", str(timeout), "--prover", PROVER]
    for premise in case.premises:
        command += ["-p", premise]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        return Call(case.name, wall, "error", done.stderr.strip().splitlines()[-1][:80], cpu)
    data = json.loads(done.stdout)
    return Call(case.name, wall, str(data["verdict"]), str(data["reason"] or ""), cpu)


@contextlib.contextmanager
def service() -> Iterator[Callable[[Case, float], Call]]:
    """The app in a uvicorn child on a free loopback port; yields a `run` for `/v1/prove`."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "VERIDOT_MAX_TIMEOUT_MS": "600000", "VERIDOT_DEADLINE_S": "600"}
    env.pop("VERIDOT_API_KEY", None)
    command = [sys.executable, "-m", "uvicorn", "veridot.api.service.app:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    quiet = subprocess.DEVNULL  # the access log
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=quiet, stderr=quiet)
    url = f"http://127.0.0.1:{port}"
    client = httpx.Client(timeout=600)
    try:
        ready_by = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited with {process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(f"{url}/readyz").status_code == 200:
                    break
            if time.monotonic() > ready_by:
                raise RuntimeError("the service did not become ready within 60 s")
            time.sleep(0.2)

        def run(case: Case, timeout: float) -> Call:
            body: dict[str, Any] = {"premises": list(case.premises), "conclusion": case.claim}
            body |= {"timeout_ms": round(timeout * 1000), "prover": PROVER}
            start = time.monotonic()
            response = client.post(f"{url}/v1/prove", json=body)
            wall = time.monotonic() - start
            data = response.json()
            if response.status_code != 200:
                return Call(case.name, wall, "error", f"{response.status_code} {data}"[:80])
            return Call(case.name, wall, str(data["verdict"]), str(data.get("reason") or ""))

        yield run
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def report(interface: str, calls: list[Call], timeout: float, startup: float) -> None:
    overruns = [call.wall - startup - timeout for call in calls]
    deadline_hits = sum(1 for call in calls if call.reason.startswith("timeout"))
    worst, p99 = max(overruns), percentile(overruns, 0.99)
    over = sum(1 for value in overruns if value > 0.1 * timeout)
    print(
        f"| {interface} | {len(calls)} | {deadline_hits} | {worst:+.3f} s ({worst / timeout:+.1%}) "
        f"| {p99:+.3f} s ({p99 / timeout:+.1%}) | {over} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    interfaces = ["library", "cli", "service"]
    parser.add_argument("--interfaces", nargs="+", choices=interfaces, default=interfaces)
    parser.add_argument("--only", choices=["hard", "corpus"], default=None)
    parser.add_argument("--cases", type=int, default=0, help="at most N cases (a smoke run)")
    parser.add_argument("--prover", default="z3", help="z3 (default), cvc5, both, portfolio")
    args = parser.parse_args()
    global PROVER
    PROVER = args.prover

    cases = [] if args.only == "hard" else corpus_cases()
    cases += [] if args.only == "corpus" else hard_cases()
    if args.cases:
        cases = cases[-args.cases :]  # the hard cases come last
    timeout = args.timeout
    print(f"deadline {timeout} s, prover {PROVER}, {len(cases)} cases × {args.repeat} runs\n")
    results: dict[str, list[Call]] = {}
    startups: dict[str, float] = {}
    for interface in args.interfaces:
        with contextlib.ExitStack() as stack:
            run = {"library": run_library, "cli": run_cli}.get(interface)
            if run is None:
                run = stack.enter_context(service())
            trivial = Case("trivial", ("P(a)",), "P(a)")
            warm = [run(trivial, timeout).wall for _ in range(3)]  # imports, grammar, fork
            startups[interface] = statistics.median(warm) if interface == "cli" else 0.0
            results[interface] = [run(case, timeout) for _ in range(args.repeat) for case in cases]

    print("| interface | calls | hit the deadline | overrun max | overrun p99 | calls over 10 % |")
    print("|---|---|---|---|---|---|")
    for interface, calls in results.items():
        report(interface, calls, timeout, startups[interface])
    if startups.get("cli"):
        print(f"\ncli startup (trivial problem, median of 3): {startups['cli']:.3f} s, subtracted")
    for interface, calls in results.items():
        cpu_note = ", process CPU s" if interface == "cli" else ""
        print(f"\n{interface}: worst calls (wall s{cpu_note}, verdict, reason)")
        for call in sorted(calls, key=lambda c: -c.wall)[:10]:
            wall = call.wall - startups[interface]
            cpu = f" cpu {call.cpu:6.3f}" if call.cpu is not None else ""
            print(f"  {wall:7.3f}{cpu}  {call.case}: {call.outcome} {call.reason[:70]}")


if __name__ == "__main__":
    main()
