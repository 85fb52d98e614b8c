"""Load and isolation figures for the REST service (issue 6), over real HTTP on 127.0.0.1.

    python bench/bench_api.py [--duration 60] [--soak 300] [--clients 8] [--soak-clients 16]

Phases, each against a fresh `uvicorn veridot.api.service.app:create_app` child process:
1. throughput: `--clients` clients POST /v1/verify with a 10-node FOL chain (5 premises,
   5 steps; each request renames the constant so nothing can be answered from a cache);
2. baseline for isolation: the same with one client fewer;
3. isolation: that many chain clients plus one client sending /v1/prove problems that need an
   infinite model (Z3 gives up at its timeout): the chain clients' p99 against phase 2's;
4. soak: `--soak-clients` clients for `--soak` seconds; RSS of the server tree (server, fork
   server, solver workers) before and after, and the peak; every request must be answered.
Prints a Markdown table for BENCHMARKS.md, and phase 1's CPU time per request in the HTTP
server, the solver pool and the load clients (steadier than req/s on a loaded machine).

    python bench/bench_api.py --job-cpu 300

runs no server: this process prepares itself as the pool's fork server does
(`veridot.api.service.worker_preload`) and runs N /v1/verify jobs of the chain as a worker does,
printing CPU time, minor page faults and thread switches per job (no timing figure: for
finding where a request's CPU goes, e.g. under cProfile).

    python bench/bench_api.py --job-instructions 100

counts with valgrind's callgrind the instructions of `--job-cpu 0` (imports, warm-up) and of
`--job-cpu N`, and prints the difference per job, split libpython / libz3 / rest: a figure
that does not move with the machine's load (both runs at once, a few minutes).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import RssSampler, Server, Tally, run_load

# A problem with only infinite models: Z3 cannot decide it and stops at the timeout.
TIMEOUT_PROBLEM = {
    "premises": ["∀x (N(x) → N(s(x)))", "N(z)", "∀x (s(x) ≠ z)", "∀x ∀y (s(x) = s(y) → x = y)"],
    "conclusion": "∃x (N(x) ∧ ¬N(x))",
    "timeout_ms": 2000,
}


def chain(n: int) -> tuple[str, dict[str, Any]]:
    """A valid 10-node chain about a fresh constant (so every request is real work)."""
    c = f"c{n}"
    premises = [f"∀x (A{i}(x) → A{i + 1}(x))" for i in range(4)] + [f"A0({c})"]
    steps: list[dict[str, Any]] = [{"fol": f"A{i}({c})"} for i in range(1, 5)]
    steps.append({"fol": f"A4({c}) ∧ A1({c})"})
    return "/v1/verify", {"id": f"bench-{n}", "parser": "fol", "premises": premises, "steps": steps}


def timeout_problem(_n: int) -> tuple[str, dict[str, Any]]:
    return "/v1/prove", TIMEOUT_PROBLEM


def _counter() -> Any:
    # Each client numbers its own requests; offset them so constants differ across clients.
    import itertools

    shared = itertools.count()
    return lambda _n: chain(next(shared))


def parse_request(n: int) -> tuple[str, dict[str, Any]]:
    return "/v1/parse", {"text": f"∀x (A{n % 50}(x) → B(x, c{n}))", "parser": "fol"}


def is_parsed(body: Any) -> bool:
    return isinstance(body, dict) and len(body.get("formulas", ())) == 1


def library_ms(samples: int = 40) -> float:
    """Median wall time of `verifier.verify` on the chain, in this process (one core)."""
    import statistics

    from veridot.verifier.check import verify

    for i in range(5):
        verify(chain(i)[1])
    times = []
    for i in range(samples):
        start = time.perf_counter()
        verify(chain(1000 + i)[1])
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def is_valid_report(body: Any) -> bool:
    return isinstance(body, dict) and body.get("verdict") == "valid" and len(body["nodes"]) == 10


def is_unknown(body: Any) -> bool:
    return isinstance(body, dict) and body.get("verdict") == "unknown"


def row(name: str, out: Tally, seconds: float) -> str:
    return (
        f"| {name} | {out.ok + out.failed()} | {out.failed()} | {out.ok / seconds:.1f} | "
        f"{out.percentile(50) * 1000:.0f} | {out.percentile(99) * 1000:.0f} |"
    )


def per_request(out: Tally, server: Server, start: tuple[float, float, float]) -> str:
    """CPU ms per request since `start` (server, pool, client CPU seconds): where the work is,
    a figure that moves less than req/s on a loaded machine."""
    server_cpu, pool_cpu = server.cpu_seconds()
    spent = (server_cpu - start[0], pool_cpu - start[1], time.process_time() - start[2])
    n = max(1, out.ok + out.failed())
    server_ms, pool_ms, client_ms = (x / n * 1000 for x in spent)
    return (
        f"HTTP server {server_ms:.2f} ms, solver pool {pool_ms:.2f} ms, "
        f"load clients {client_ms:.2f} ms, total {server_ms + pool_ms + client_ms:.2f} ms"
    )


def job_cpu(n: int) -> None:
    """CPU, minor page faults and voluntary thread switches per verify job, in a warm worker."""
    import resource

    from veridot.api.service import worker_preload

    def payload(i: int) -> dict[str, Any]:
        return {"record": chain(i)[1], "parser": "fol", "prover": "z3", "timeout_s": 2.0,
                "llm": None, "cache_path": None, "allow_unsupported": False,
                "limits": {"max_nodes": 200, "max_formula_chars": 10000}}  # fmt: skip

    for i in range(20):  # a worker's first jobs fault in what fork shared
        worker_preload.run_job("verify", payload(i))
    if n == 0:  # the baseline of --job-instructions: imports and warm-up only
        return
    before, cpu = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
    for i in range(n):
        assert is_valid_report(worker_preload.run_job("verify", payload(1000 + i)))
    after, cpu = resource.getrusage(resource.RUSAGE_SELF), time.process_time() - cpu
    print(
        f"verify job in a warm worker, {n} chains: {cpu / n * 1000:.2f} ms CPU, "
        f"{(after.ru_minflt - before.ru_minflt) / n:.0f} page faults, "
        f"{(after.ru_nvcsw - before.ru_nvcsw) / n:.1f} voluntary switches per job"
    )


def job_instructions(n: int) -> None:
    """Instructions per verify job in a warm worker: callgrind's count of `--job-cpu n` less
    that of `--job-cpu 0`."""
    from concurrent.futures import ThreadPoolExecutor

    from bench_eval_cost import _instructions

    root = Path(__file__).resolve().parent.parent
    runs = [[sys.executable, str(Path(__file__).resolve()), "--job-cpu", str(k)] for k in (0, n)]
    with ThreadPoolExecutor(2) as pool:
        base, full = pool.map(lambda command: _instructions(command, root), runs)
    if base is None or full is None:
        print("valgrind and callgrind_annotate are needed for --job-instructions")
        return
    parts = ", ".join(
        f"{key} {(full.get(key, 0) - base.get(key, 0)) / n / 1e6:.2f} M"
        for key in ("total", "libpython", "libz3", "rest")
    )
    print(f"instructions per verify job in a warm worker ({n} chains): {parts}")


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per load phase")
    ap.add_argument("--soak", type=float, default=300.0, help="seconds of the soak (0: skip)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--soak-clients", type=int, default=16)
    ap.add_argument("--pool-size", type=int, default=None, help="VERIDOT_POOL_SIZE")
    ap.add_argument("--log", default=os.devnull, help="server log file")
    ap.add_argument("--job-cpu", type=int, metavar="N", help="only: CPU per verify job, N jobs")
    ap.add_argument(
        "--job-instructions", type=int, metavar="N", help="only: callgrind count per verify job"
    )
    args = ap.parse_args()
    if args.job_instructions:
        job_instructions(args.job_instructions)
        return 0
    if args.job_cpu is not None:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        job_cpu(args.job_cpu)
        return 0
    env = {"VERIDOT_POOL_SIZE": str(args.pool_size)} if args.pool_size else {}
    print(f"# {platform.node()} {os.cpu_count()} cores, python {platform.python_version()}")
    print(f"# load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    lib = library_ms()
    print(f"library verify() of the chain, in-process: median {lib:.1f} ms per record")
    lines = ["| phase | requests | failed | req/s | p50 ms | p99 ms |", "|---|---|---|---|---|---|"]

    with Server(env, args.log) as server, RssSampler(server) as rss:
        run_load(server.url, [(args.clients, _counter(), is_valid_report)], 5.0)  # warm-up
        server_cpu, pool_cpu = server.cpu_seconds()
        client_cpu = time.process_time()
        (full,) = run_load(server.url, [(args.clients, _counter(), is_valid_report)], args.duration)
        cpu = per_request(full, server, (server_cpu, pool_cpu, client_cpu))
        lines.append(row(f"{args.clients} clients, /v1/verify 10-node chain", full, args.duration))
        base_clients = args.clients - 1
        (base,) = run_load(server.url, [(base_clients, _counter(), is_valid_report)], args.duration)
        lines.append(row(f"{base_clients} clients (baseline)", base, args.duration))
        mixed, slow = run_load(
            server.url,
            [(base_clients, _counter(), is_valid_report), (1, timeout_problem, is_unknown)],
            args.duration,
        )
        lines.append(
            row(f"{base_clients} clients + 1 sending timeouts: chain", mixed, args.duration)
        )
        lines.append(row("  the timeout client (/v1/prove, 2 s timeout)", slow, args.duration))
        ratio = mixed.percentile(99) / base.percentile(99)
        (parse,) = run_load(
            server.url, [(args.clients, parse_request, is_parsed)], args.duration / 3
        )
        lines.append(row(f"{args.clients} clients, /v1/parse (service overhead)", parse,
                         args.duration / 3))  # fmt: skip
        peak_load = rss.peak
    print("\n".join(lines))
    print(f"\nCPU per /v1/verify request ({args.clients} clients): {cpu}")
    print(f"\nisolation: chain p99 with a timeout client / without = {ratio:.2f}x (target <= 2x)")
    print(f"peak RSS of the server tree during the load phases: {mib(peak_load)}")
    print(f"# load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, out in (("full", full), ("base", base), ("mixed", mixed), ("slow", slow)):
        if out.errors or out.failed():
            print(f"  {name}: statuses {out.statuses}; errors {out.errors[:3]}")

    if args.soak > 0:
        with Server(env, args.log) as server, RssSampler(server) as rss:
            run_load(server.url, [(args.soak_clients, _counter(), is_valid_report)], 10.0)
            before = server.rss_bytes()
            before_server = server.server_rss_bytes()
            start = time.monotonic()
            (soak,) = run_load(
                server.url, [(args.soak_clients, _counter(), is_valid_report)], args.soak
            )
            elapsed = time.monotonic() - start
            after = server.rss_bytes()
            after_server = server.server_rss_bytes()
            growth = (after - before) / before * 100
            print(
                f"\nsoak: {args.soak_clients} clients for {args.soak:.0f} s: "
                f"{soak.ok + soak.failed()} requests, {soak.failed()} failed "
                f"(statuses {soak.statuses}), {soak.ok / elapsed:.1f} req/s, "
                f"p50 {soak.percentile(50) * 1000:.0f} ms, p99 {soak.percentile(99) * 1000:.0f} ms"
            )
            # Single snapshots move with worker recycling; the first and last minute's means do not.
            first = rss.mean_between(start, start + 60)
            last = rss.mean_between(start + elapsed - 60, start + elapsed)
            print(
                f"RSS mean over the first minute {mib(first)}, over the last minute {mib(last)}"
                f" ({(last - first) / first * 100:+.1f} %, target <= 10 %)"
            )
            print(
                f"RSS snapshots: before {mib(before)}, after {mib(after)} ({growth:+.1f} %),"
                f" peak {mib(rss.peak)}; of which the HTTP server process: {mib(before_server)}"
                f" -> {mib(after_server)}, the solver pool: {mib(before - before_server)}"
                f" -> {mib(after - after_server)}"
            )
            if soak.errors:
                print(f"  errors: {soak.errors[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
