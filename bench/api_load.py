"""Load helpers for bench_api.py: run the service, drive it with HTTP clients, measure memory.

`Server` starts `uvicorn veridot.api.service.app:create_app` as a child process on a free 127.0.0.1
port (never any other interface) and reports the resident memory of its whole process tree (the
server, the pool's fork server and the solver workers). `run_load` drives it with N
concurrent clients for a fixed time and returns every request's latency and outcome.

The clients share the server's 2 cores, so each is a plain HTTP/1.1 keep-alive connection on
asyncio streams (`Connection`): it writes the request, reads the status line, the headers and
exactly `Content-Length` bytes, and parses every answer as JSON for the group's check. httpx
did the same with about 1 ms more CPU per request (measured with bench_api.py's CPU print),
CPU that a real client would spend on its own machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
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


class Connection:
    """One keep-alive HTTP/1.1 connection to the server (reopened after an error or a
    `Connection: close`)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        """POST `body` as JSON; the status and the raw answer."""
        data = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        request = head.encode() + data
        if self.streams is not None:
            try:
                return await self._exchange(request)
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    raise
                # The server closed the idle connection as the request went out (its
                # keep-alive timeout): send it again on a new one, as HTTP clients do.
        self.streams = await asyncio.open_connection(self.host, self.port)
        return await self._exchange(request)

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        assert self.streams is not None
        reader, writer = self.streams
        try:
            writer.write(request)
            status_line, *lines = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")
            headers = dict(
                (name.strip().lower(), value.strip())
                for name, _, value in (line.partition(":") for line in lines if line)
            )
            if "content-length" not in headers:  # every JSON answer has one
                raise ConnectionError(f"no Content-Length in {status_line!r}")
            answer = await reader.readexactly(int(headers["content-length"]))
        except BaseException:
            self.close()
            raise
        if headers.get("connection", "").lower() == "close":
            self.close()
        return int(status_line.split()[1]), answer

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _client(
    url: str,
    make: Request,
    until: float,
    outcome: Tally,
    ok: Callable[[Any], bool],
) -> None:
    address = url.removeprefix("http://")
    host, _, port = address.partition(":")
    connection = Connection(host, int(port))
    n = 0
    try:
        while time.monotonic() < until:
            path, body = make(n)
            n += 1
            start = time.perf_counter()
            try:
                status, answer = await connection.post(path, body)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                outcome.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - start
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            if status != 200:
                continue
            try:
                parsed = json.loads(answer)
            except ValueError:
                parsed = None
            if ok(parsed):
                outcome.latencies.append(elapsed)
            else:
                outcome.errors.append(f"unexpected answer: {answer[:200]!r}")
    finally:
        connection.close()


async def _load(url: str, groups: list[tuple[int, Request, Tally, Callable[[Any], bool]]],
                duration_s: float) -> None:  # fmt: skip
    until = time.monotonic() + duration_s
    tasks = [
        _client(url, make, until, outcome, ok)
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
