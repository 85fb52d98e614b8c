"""REST service over real HTTP, against clients and checks that used to wedge it (issue 12).

Six `curl --max-time 1` calls on /v1/verify/stream once held six workers for over 70 s
(item 8). Here a client sends a record whose step keeps Z3 busy far longer than the test
waits, then closes its connection: the job must be cancelled and the worker replaced within
seconds, for a stream and for a plain request alike. The same check, given a short
`timeout_ms`, ends at that timeout (item 9).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from app_fixtures import serve_in_thread, settings

from veridot.api.service.app import create_app
from veridot.api.service.pool import SolverPool

# Premises with only infinite models: Z3 cannot decide the step and runs to its timeout.
HARD = ["∀x (N(x) → N(s(x)))", "N(z)", "∀x (s(x) ≠ z)", "∀x ∀y (s(x) = s(y) → x = y)"]
SLOW = {
    "premises": HARD,
    "steps": [{"fol": "∃x (N(x) ∧ ¬N(x))"}],
    "parser": "fol",
    "timeout_ms": 20_000,  # the step's check runs far longer than any wait here
}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, SolverPool]]:
    app = create_app(
        settings(
            pool_size=1,
            deadline_s=60.0,
            long_job_s=60.0,
            demote_after_s=None,  # no stand-in worker: the one worker is busy or free
        )
    )
    for url in serve_in_thread(app):
        yield url, app.state.pool


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    give_up = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > give_up:
            return False
        time.sleep(0.05)
    return True


def send(url: str, path: str, body: dict[str, Any]) -> socket.socket:
    """POST `body` over a raw socket (so that the test decides when the client leaves)."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    sock.sendall(head.encode() + data)
    return sock


def test_a_client_that_drops_a_stream_frees_its_worker(served: tuple[str, SolverPool]) -> None:
    url, pool = served
    assert wait_until(pool.ready, 30)
    before = pool.worker_pids()
    sock = send(url, "/v1/verify/stream", SLOW)
    received = b""
    while b'"event"' not in received:  # the premise's node event: the step's check is running
        chunk = sock.recv(65536)
        assert chunk, "the server closed the stream"
        received += chunk
    assert b" 200 " in received.split(b"\r\n", 1)[0]
    assert not pool.ready()  # the only worker is busy with the stuck check
    sock.close()  # curl --max-time 1
    assert wait_until(pool.ready, 10), "the worker stayed busy after the client left"
    assert pool.worker_pids() != before  # killed and replaced, not left computing
    assert httpx.get(url + "/readyz").status_code == 200


def test_a_client_that_drops_a_plain_request_frees_its_worker(
    served: tuple[str, SolverPool],
) -> None:
    url, pool = served
    assert wait_until(pool.ready, 30)
    before = pool.worker_pids()
    sock = send(url, "/v1/verify", SLOW)
    assert wait_until(lambda: pool.stats()["busy"] == 1, 30)
    assert httpx.get(url + "/readyz").status_code == 503  # no worker can take a job now
    sock.close()
    assert wait_until(pool.ready, 10), "the worker stayed busy after the client left"
    assert pool.worker_pids() != before
    ok = httpx.post(
        url + "/v1/prove", json={"premises": ["P(a)"], "conclusion": "P(a)"}, timeout=30
    )
    assert ok.json()["verdict"] == "entailed"


def test_each_check_ends_at_its_own_timeout(served: tuple[str, SolverPool]) -> None:
    """`timeout_ms` bounds each check of /v1/verify; the step is undecided, never wrong.

    (The huge-number check that once ran to the request's 30 s deadline is refused by the
    parser now; the pool's own kill of a check past its grace is tested in test_app_pool.)
    """
    url, pool = served
    assert wait_until(pool.ready, 30)
    r = httpx.post(url + "/v1/verify", json={**SLOW, "timeout_ms": 500}, timeout=30)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["verdict"] == "incomplete"
    assert report["nodes"][-1]["status"] == "unknown"
    assert wait_until(pool.ready, 30)
