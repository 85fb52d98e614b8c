"""Prometheus metrics of the service: requests, latency, verdicts, solver timeouts, the pool.

Metrics are module-level objects in prometheus_client's default registry (which also carries
the process collector: RSS, CPU, open files), so every app built in one process shares them;
tests compare deltas. With `veridot serve --workers N` (N > 1) the command sets
`PROMETHEUS_MULTIPROC_DIR` before the server processes start, so prometheus_client keeps each
process's values in a file of that directory, and `render` merges every process's files:
counters and histograms add up (a process that died still counts), pool gauges are the sum
over live processes (each server process has its own solver pool). In that mode the
per-process collectors (RSS, CPU) are left out, as prometheus_client's multiprocess mode
requires. Only the server processes record metrics: the solver workers never import this
module (everything here is counted in the server process around the job it sent).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# prometheus_client chose per-process files or in-memory values when it was imported, from
# this same variable; read it once here so that rendering always matches how values are kept.
_MULTIPROC_DIR = os.environ.get(MULTIPROC_ENV) or None
_LIVE_GAUGE_FILE = re.compile(r"gauge_live\w+?_(\d+)\.db")

REQUESTS = Counter(
    "veridot_http_requests_total",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "veridot_http_request_duration_seconds",
    "Time from request start to the last byte of the response, by route template.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
VERDICTS = Counter(
    "veridot_verdicts_total",
    "Verdicts returned: kind=prove (one per /v1/prove), record (a report), node (per node).",
    ["kind", "verdict"],
)
SOLVER_TIMEOUTS = Counter(
    "veridot_solver_timeouts_total",
    "Solver timeouts: kind=solver (the solver said unknown on its deadline), check_kill (a"
    " check overran its timeout plus grace) or deadline_kill (the request's deadline passed);"
    " in both kills the worker was killed.",
    ["kind"],
)
# livesum: with several server processes, the gauges add up over the processes alive.
POOL_BUSY = Gauge(
    "veridot_pool_busy_workers", "Solver workers running a job.", multiprocess_mode="livesum"
)
POOL_WAITING = Gauge(
    "veridot_pool_waiting_requests",
    "Requests waiting for a solver worker.",
    multiprocess_mode="livesum",
)
POOL_REJECTED = Counter("veridot_pool_rejected_total", "Requests refused with 503 (saturated).")
WORKER_RESTARTS = Counter(
    "veridot_pool_worker_restarts_total",
    "Solver workers replaced: killed (a deadline), cancelled (the client left), dead, recycled.",
    ["reason"],
)


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, for GET /metrics (all server processes)."""
    if _MULTIPROC_DIR is None:
        return generate_latest(), CONTENT_TYPE_LATEST
    _forget_dead_processes(_MULTIPROC_DIR)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=_MULTIPROC_DIR)
    return generate_latest(registry), CONTENT_TYPE_LATEST


def mark_exited() -> None:
    """Drop this process's live gauges from the merged view (at the app's shutdown)."""
    if _MULTIPROC_DIR is not None:
        mark_process_dead(os.getpid(), _MULTIPROC_DIR)


def _forget_dead_processes(path: str) -> None:
    # A server process killed without a shutdown (SIGKILL, a crash) cannot mark itself dead,
    # and uvicorn's supervisor has no hook to do it; its live gauges would then stay in the
    # sum forever. So each scrape drops the live-gauge files of processes that no longer exist.
    for name in glob.glob(os.path.join(path, "gauge_live*_*.db")):
        match = _LIVE_GAUGE_FILE.fullmatch(os.path.basename(name))
        if match is None:
            continue
        pid = int(match.group(1))
        if not _alive(pid):
            with contextlib.suppress(FileNotFoundError):  # another process got there first
                mark_process_dead(pid, path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def count_prove(verdict: str, reason: str) -> None:
    """Record one /v1/prove verdict (and a solver timeout when the reason says so)."""
    VERDICTS.labels(kind="prove", verdict=verdict).inc()
    if verdict == "unknown" and "timeout" in reason.lower():
        SOLVER_TIMEOUTS.labels(kind="solver").inc()


def count_report(report: dict[str, object]) -> None:
    """Record a verification report's verdict and each node's status."""
    VERDICTS.labels(kind="record", verdict=str(report.get("verdict", "unknown"))).inc()
    nodes = report.get("nodes")
    if isinstance(nodes, list):
        for node in nodes:
            if isinstance(node, dict):
                VERDICTS.labels(kind="node", verdict=str(node.get("status", "unknown"))).inc()
