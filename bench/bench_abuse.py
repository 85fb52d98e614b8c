"""Abuse figures for the REST service (issue 12), over real HTTP on 127.0.0.1 only.

    python bench/bench_abuse.py [--drop-clients 16] [--drop-after 1] [--rounds 3]
                                [--duration 60] [--long-clients 8] [--ordinary-clients 4]
                                [--soak 600] [--soak-clients 8] [--phases drop,long,soak]

Phases, each against a fresh `uvicorn veridot.api.service.app:create_app` child process:
1. drop: `--drop-clients` clients open /v1/verify/stream on a slow record (every step runs
   to its 2 s solver timeout) and close their connections after `--drop-after` seconds;
   then one ordinary /v1/prove is timed (target: answered within 1 s), and how long
   /readyz takes to say "ready" again. Repeated `--rounds` times.
2. long: `--long-clients` clients send /v1/prove with `timeout_ms: 30000` on a problem Z3
   cannot decide (each waits Retry-After on a 503, as a client should), while
   `--ordinary-clients` clients send ordinary /v1/prove calls for `--duration` seconds:
   the ordinary calls' p50/p99 (target p99 <= 500 ms) and errors (target 0).
3. soak: `--soak-clients` clients mix good, bad, slow and dropped requests for `--soak`
   seconds; server errors (5xx other than 503) must be 0, and the server tree's RSS in the
   last tenth of the run is compared with the first tenth (flat memory).
Every loop ends by time and by count (`--max-requests` per client). Prints Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import RssSampler, Server, Tally

# Premises with only infinite models: Z3 cannot decide them and stops at its timeout.
HARD = ["∀x (N(x) → N(s(x)))", "N(z)", "∀x (s(x) ≠ z)", "∀x ∀y (s(x) = s(y) → x = y)"]
ORDINARY = {"premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"], "conclusion": "Animal(tom)"}
ENV = {"VERIDOT_LOG_JSON": "true"}


def slow_record(n: int, steps: int = 8) -> dict[str, Any]:
    """A chain whose every step runs to the 2 s solver timeout (about 2 s x `steps`)."""
    return {
        "id": f"slow-{n}",
        "parser": "fol",
        "premises": HARD,
        "steps": [{"fol": f"∃x (N(x) ∧ ¬N(x)) ∨ Q{i}(c{n})"} for i in range(steps)],
    }


async def post_and_drop(url: str, path: str, body: dict[str, Any], after_s: float) -> None:
    """POST over a raw connection, read what comes for `after_s` seconds, then hang up."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode()
    writer.write(head + data)
    await writer.drain()
    end = time.monotonic() + after_s
    while (left := end - time.monotonic()) > 0:
        try:
            if not await asyncio.wait_for(reader.read(65536), left):
                break
        except TimeoutError:
            break
    writer.close()  # curl --max-time: the client leaves mid-answer


async def _ready_after(url: str, http: httpx.AsyncClient, limit_s: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        if (await http.get(url + "/readyz")).status_code == 200:
            return time.perf_counter() - start
        await asyncio.sleep(0.02)
    return float("inf")


async def drop_round(url: str, clients: int, after_s: float, round_no: int) -> dict[str, Any]:
    await asyncio.gather(
        *(
            post_and_drop(url, "/v1/verify/stream", slow_record(round_no * 1000 + i), after_s)
            for i in range(clients)
        )
    )
    async with httpx.AsyncClient(timeout=60) as http:
        start = time.perf_counter()
        r = await http.post(url + "/v1/prove", json=ORDINARY)
        prove_s = time.perf_counter() - start
        ready_s = await _ready_after(url, http, 30)
    return {"prove_s": prove_s, "status": r.status_code, "ready_s": ready_s}


def phase_drop(args: argparse.Namespace) -> str:
    rows = []
    with Server(env=ENV) as server:
        for round_no in range(args.rounds):
            rows.append(
                asyncio.run(drop_round(server.url, args.drop_clients, args.drop_after, round_no))
            )
            time.sleep(1)  # let replaced workers settle before the next round
    lines = [
        f"### Dropped streams ({args.drop_clients} clients hang up after {args.drop_after:g} s)",
        "",
        "| round | ordinary /v1/prove after the drop | status | /readyz ready again after |",
        "|---|---|---|---|",
    ]
    for i, row in enumerate(rows, 1):
        lines.append(
            f"| {i} | {row['prove_s'] * 1000:.0f} ms | {row['status']} |"
            f" {row['ready_s'] * 1000:.0f} ms |"
        )
    worst = max(row["prove_s"] for row in rows)
    lines.append(
        f"\nWorst ordinary answer after a drop: {worst * 1000:.0f} ms (target <= 1000 ms)."
    )
    return "\n".join(lines)


async def _loop(
    http: httpx.AsyncClient,
    until: float,
    max_requests: int,
    make: Any,
    outcome: Tally,
    *,
    honour_retry_after: bool = False,
) -> None:
    for n in range(max_requests):
        if time.monotonic() >= until:
            return
        path, body = make(n)
        start = time.perf_counter()
        try:
            response = await http.post(path, json=body)
        except httpx.HTTPError as exc:
            outcome.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - start
        outcome.statuses[response.status_code] = outcome.statuses.get(response.status_code, 0) + 1
        if response.status_code == 200:
            outcome.latencies.append(elapsed)
        elif response.status_code == 503 and honour_retry_after:
            wait = float(response.headers.get("retry-after", "1"))
            await asyncio.sleep(min(wait, max(0.0, until - time.monotonic())))


async def long_phase(url: str, args: argparse.Namespace) -> tuple[Tally, Tally]:
    long_out, ordinary_out = Tally(), Tally()
    hard = {"premises": HARD, "conclusion": "∃x (N(x) ∧ ¬N(x))", "timeout_ms": 30_000}
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=90, limits=limits) as http:
        until = time.monotonic() + args.duration
        long_clients = [
            _loop(http, until, args.max_requests, lambda _n: ("/v1/prove", hard), long_out,
                  honour_retry_after=True)
            for _ in range(args.long_clients)
        ]  # fmt: skip
        await asyncio.sleep(2)  # the long jobs take their slots first
        ordinary = [
            _loop(http, until, args.max_requests, lambda _n: ("/v1/prove", ORDINARY), ordinary_out)
            for _ in range(args.ordinary_clients)
        ]
        await asyncio.gather(*long_clients, *ordinary)
    return long_out, ordinary_out


def phase_long(args: argparse.Namespace) -> str:
    with Server(env=ENV) as server:
        long_out, ordinary = asyncio.run(long_phase(server.url, args))
    errors = ordinary.failed()
    return "\n".join(
        [
            f"### Long jobs ({args.long_clients} clients, timeout_ms 30000) beside"
            f" {args.ordinary_clients} ordinary clients, {args.duration:g} s",
            "",
            "| group | answered 200 | p50 | p99 | statuses | errors |",
            "|---|---|---|---|---|---|",
            f"| ordinary /v1/prove | {ordinary.ok} | {ordinary.percentile(50) * 1000:.0f} ms |"
            f" {ordinary.percentile(99) * 1000:.0f} ms | {dict(sorted(ordinary.statuses.items()))}"
            f" | {errors} |",
            f"| long /v1/prove | {long_out.ok} | {long_out.percentile(50):.1f} s |"
            f" {long_out.percentile(99):.1f} s | {dict(sorted(long_out.statuses.items()))}"
            f" | {len(long_out.errors)} |",
            "",
            f"Ordinary p99 {ordinary.percentile(99) * 1000:.0f} ms (target <= 500 ms),"
            f" {errors} errors (target 0); long jobs past capacity get 503 with Retry-After.",
        ]
    )


# -- soak ---------------------------------------------------------------------------------
def _soak_request(n: int) -> tuple[str, Any, str]:
    """(path, JSON body or raw bytes, kind) cycling through good, bad, slow and dropped."""
    k = n % 12
    if k == 0:
        return "/v1/prove", ORDINARY, "good"
    if k == 1:
        chain = {"parser": "fol", "premises": ["∀x (A(x) → B(x))", f"A(c{n})"],
                 "steps": [{"fol": f"B(c{n})"}]}  # fmt: skip
        return "/v1/verify", chain, "good"
    if k == 2:
        return "/v1/parse", {"text": f"∀x (A{n % 7}(x) → B(x))", "parser": "fol"}, "good"
    if k == 3:
        return "/v1/prove", {"premises": ["P(a"], "conclusion": "P(a)"}, "bad"
    if k == 4:
        return "/v1/prove", b'{"premises": [', "bad"
    if k == 5:
        return "/v1/prove", {"premises": ["x = " + "9" * 5000], "conclusion": "x > 1"}, "bad"
    if k == 6:
        return "/v1/verify", b'{"steps": ["P(a)"], "x": ' + b"[" * 300 + b"]" * 300 + b"}", "bad"
    if k == 7:
        return "/v1/prove", b"\xff\xfe not utf-8", "bad"
    if k == 8:
        return "/v1/prove", {"premises": HARD, "conclusion": "∃x (N(x) ∧ ¬N(x))"}, "slow"
    if k == 9:
        long = {"premises": HARD, "conclusion": "∃x (N(x) ∧ ¬N(x))", "timeout_ms": 8000}
        return "/v1/prove", long, "slow"
    if k == 10:
        return "/v1/verify/stream", slow_record(n, steps=3), "drop"
    return "/v1/verify", slow_record(n, steps=3), "drop"


async def _soak_client(
    url: str, http: httpx.AsyncClient, until: float, max_requests: int, first: int,
    stats: dict[str, dict[int, int]], failures: list[str],
) -> None:  # fmt: skip
    for n in itertools.count(first):
        if time.monotonic() >= until or n - first >= max_requests:
            return
        path, body, kind = _soak_request(n)
        if kind == "drop":
            await post_and_drop(url, path, body, 0.5)
            stats.setdefault(kind, {}).setdefault(0, 0)
            stats[kind][0] += 1
            continue
        try:
            if isinstance(body, bytes):
                headers = {"Content-Type": "application/json"}
                response = await http.post(path, content=body, headers=headers)
            else:
                response = await http.post(path, json=body)
        except httpx.HTTPError as exc:
            failures.append(f"{kind} {path}: {type(exc).__name__}")
            continue
        counts = stats.setdefault(kind, {})
        counts[response.status_code] = counts.get(response.status_code, 0) + 1
        if response.status_code >= 500 and response.status_code != 503:
            failures.append(f"{kind} {path}: {response.status_code} {response.text[:120]}")
        elif response.status_code == 503:
            await asyncio.sleep(float(response.headers.get("retry-after", "1")))


def phase_soak(args: argparse.Namespace) -> str:
    stats: dict[str, dict[int, int]] = {}
    failures: list[str] = []
    with Server(env=ENV) as server, RssSampler(server, every_s=1.0) as rss:
        start = time.monotonic()
        until = start + args.soak

        async def run() -> None:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            async with httpx.AsyncClient(base_url=server.url, timeout=90, limits=limits) as http:
                await asyncio.gather(
                    *(
                        _soak_client(server.url, http, until, args.max_requests, i * 7, stats,
                                     failures)
                        for i in range(args.soak_clients)
                    )
                )  # fmt: skip

        asyncio.run(run())
        end = time.monotonic()
        tenth = (end - start) / 10
        first = rss.mean_between(start, start + tenth)
        last = rss.mean_between(end - tenth, end)
    growth = (last - first) / max(1, first)
    lines = [
        f"### Soak ({args.soak_clients} clients, {args.soak:g} s: good, bad, slow, dropped)",
        "",
        "| kind | statuses (0 = dropped by the client) |",
        "|---|---|",
    ]
    lines += [f"| {kind} | {dict(sorted(c.items()))} |" for kind, c in sorted(stats.items())]
    lines += [
        "",
        f"Server errors (5xx other than 503): {len(failures)} (target 0)."
        f" RSS of the server tree: first tenth {first / 2**20:.0f} MB, last tenth"
        f" {last / 2**20:.0f} MB ({growth:+.1%}), peak {rss.peak / 2**20:.0f} MB.",
    ]
    lines += [f"- {f}" for f in failures[:10]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phases", default="drop,long,soak")
    parser.add_argument("--drop-clients", type=int, default=16)
    parser.add_argument("--drop-after", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--long-clients", type=int, default=8)
    parser.add_argument("--ordinary-clients", type=int, default=4)
    parser.add_argument("--soak", type=float, default=600.0)
    parser.add_argument("--soak-clients", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client")
    args = parser.parse_args()
    phases = {"drop": phase_drop, "long": phase_long, "soak": phase_soak}
    for name in args.phases.split(","):
        print(phases[name.strip()](args), "\n", flush=True)


if __name__ == "__main__":
    main()
