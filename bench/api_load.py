"""Load helpers for bench_api.py: run the service, drive it with HTTP clients, measure memory.

`Server` starts `uvicorn veridot.api.service.app:create_app` as a child process on a free 127.0.0.1
port (never any other interface) and reports the resident memory of its whole process tree (the
server, the pool's fork server and the solver workers). `run_load` drives it with N
concurrent httpx clients for a fixed time and returns every request's latency and outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The service in a child process, listening on loopback only."""

    def __init__(self, env: dict[str, str] | None = None, log_path: str = os.devnull) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "veridot.api.service.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             "--no-access-log"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            time.sleep(0.2)
        raise RuntimeError("server did not become ready")

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time (user + system) so far: the HTTP server process, and the rest of its tree
        (the pool's fork server and solver workers). A worker that exited and was reaped
        counts in its parent's children times, so the difference of two readings is the CPU
        spent between them even when workers are recycled."""
        assert self.process is not None
        root = psutil.Process(self.process.pid)
        times = root.cpu_times()
        pool = times.children_user + times.children_system
        for proc in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a worker being replaced right now
                t = proc.cpu_times()
                pool += t.user + t.system + t.children_user + t.children_system
        return times.user + times.system, pool

    def server_rss_bytes(self) -> int:
        """Resident memory of the server process alone (without the pool's processes)."""
        assert self.process is not None
        return int(psutil.Process(self.process.pid).memory_info().rss)

    def rss_bytes(self) -> int:
        """Resident memory of the server and all its descendants."""
        assert self.process is not None
        root = psutil.Process(self.process.pid)
        total = 0
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a worker being replaced right now
                total += proc.memory_info().rss
        return total


class RssSampler:
    """Samples the server tree's RSS in the background; keeps the peak."""

    def __init__(self, server: Server, every_s: float = 0.5) -> None:
        self.server = server
        self.every_s = every_s
        self.peak = 0
        self.samples: list[tuple[float, int]] = []  # (monotonic time, bytes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = self.server.rss_bytes()
            self.samples.append((time.monotonic(), rss))
            self.peak = max(self.peak, rss)
            self._stop.wait(self.every_s)

    def mean_between(self, start: float, end: float) -> int:
        """Mean RSS of the samples taken in [start, end] (monotonic times)."""
        window = [rss for t, rss in self.samples if start <= t <= end]
        return sum(window) // max(1, len(window))

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Tally:
    """Every request of one client group: latencies (s) of successes, and failures."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    def failed(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 400) + len(self.errors)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index]


Request = Callable[[int], tuple[str, dict[str, Any]]]  # client-local counter -> (path, body)


async def _client(
    http: httpx.AsyncClient,
    make: Request,
    until: float,
    outcome: Tally,
    ok: Callable[[Any], bool],
) -> None:
    n = 0
    while time.monotonic() < until:
        path, body = make(n)
        n += 1
        start = time.perf_counter()
        try:
            response = await http.post(path, json=body)
        except httpx.HTTPError as exc:
            outcome.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - start
        outcome.statuses[response.status_code] = outcome.statuses.get(response.status_code, 0) + 1
        if response.status_code == 200 and ok(response.json()):
            outcome.latencies.append(elapsed)
        elif response.status_code == 200:
            outcome.errors.append(f"unexpected answer: {response.text[:200]}")


async def _load(url: str, groups: list[tuple[int, Request, Tally, Callable[[Any], bool]]],
                duration_s: float) -> None:  # fmt: skip
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        until = time.monotonic() + duration_s
        tasks = [
            _client(http, make, until, outcome, ok)
            for clients, make, outcome, ok in groups
            for _ in range(clients)
        ]
        await asyncio.gather(*tasks)


def run_load(
    url: str,
    groups: list[tuple[int, Request, Callable[[Any], bool]]],
    duration_s: float,
) -> list[Tally]:
    """Run each group's clients concurrently for `duration_s`; one Tally per group."""
    outcomes = [Tally() for _ in groups]
    spec = [(c, make, out, ok) for (c, make, ok), out in zip(groups, outcomes, strict=True)]
    asyncio.run(_load(url, spec, duration_s))
    return outcomes
