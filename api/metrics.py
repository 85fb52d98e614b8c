"""Prometheus metrics of the service: requests, latency, verdicts, solver timeouts, the pool.

Metrics are module-level objects in prometheus_client's default registry (which also carries
the process collector: RSS, CPU, open files), so every app built in one process shares them;
tests compare deltas. With `veridot serve --workers N` each server process keeps its own
numbers and a scrape sees one of them.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

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
POOL_BUSY = Gauge("veridot_pool_busy_workers", "Solver workers running a job.")
POOL_WAITING = Gauge("veridot_pool_waiting_requests", "Requests waiting for a solver worker.")
POOL_REJECTED = Counter("veridot_pool_rejected_total", "Requests refused with 503 (saturated).")
WORKER_RESTARTS = Counter(
    "veridot_pool_worker_restarts_total",
    "Solver workers replaced: killed (a deadline), cancelled (the client left), dead, recycled.",
    ["reason"],
)


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, for GET /metrics."""
    return generate_latest(), CONTENT_TYPE_LATEST


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
