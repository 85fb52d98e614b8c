"""REST service over real HTTP, against clients and checks that used to wedge it (issue 12).

Six `curl --max-time 1` calls on /v1/verify/stream once held six workers for over 70 s
(item 8). Here a client sends a record whose second check keeps Z3 busy far longer than the
test waits, then closes its connection: the job must be cancelled and the worker replaced
within seconds, for a stream and for a plain request alike. The same check, given a short
timeout, must end at its own deadline plus the grace, not at the request's (item 9).
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

from api.app import create_app
from api.pool import SolverPool

# x is a 4,000-digit fraction; its hundredth power keeps Z3 busy far past any wait here.
X = "9" * 4000 + "/" + "7" * 3999
STUCK = {
    "premises": [f"x = {X}"],
    "steps": ["*".join(["x"] * 100) + " = 1"],
    "parser": "fol",
    "timeout_ms": 20_000,  # neither the check's deadline nor the request's comes into play
}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, SolverPool]]:
    app = create_app(
        settings(
            pool_size=1,
            max_formula_chars=20_000,
            max_body_bytes=100_000,
            max_number_digits=4_000,
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
    before = pool.pids()
    sock = send(url, "/v1/verify/stream", STUCK)
    received = b""
    while b'"event"' not in received:  # the premise's node event: the step's check is running
        chunk = sock.recv(65536)
        assert chunk, "the server closed the stream"
        received += chunk
    assert b" 200 " in received.split(b"\r\n", 1)[0]
    assert not pool.ready()  # the only worker is busy with the stuck check
    sock.close()  # curl --max-time 1
    assert wait_until(pool.ready, 10), "the worker stayed busy after the client left"
    assert pool.pids() != before  # killed and replaced, not left computing
    assert httpx.get(url + "/readyz").status_code == 200


def test_a_client_that_drops_a_plain_request_frees_its_worker(
    served: tuple[str, SolverPool],
) -> None:
    url, pool = served
    assert wait_until(pool.ready, 30)
    before = pool.pids()
    sock = send(url, "/v1/verify", STUCK)
    assert wait_until(lambda: pool.stats()["busy"] == 1, 30)
    assert httpx.get(url + "/readyz").status_code == 503  # no worker can take a job now
    sock.close()
    assert wait_until(pool.ready, 10), "the worker stayed busy after the client left"
    assert pool.pids() != before
    ok = httpx.post(
        url + "/v1/prove", json={"premises": ["P(a)"], "conclusion": "P(a)"}, timeout=30
    )
    assert ok.json()["verdict"] == "entailed"


def test_a_stuck_check_ends_at_its_own_deadline(served: tuple[str, SolverPool]) -> None:
    """Z3 ignores its timeout on this check: the worker is killed after timeout + grace."""
    url, pool = served
    assert wait_until(pool.ready, 30)
    # The request deadline is 60 s; the client gives up long before it.
    r = httpx.post(url + "/v1/verify", json={**STUCK, "timeout_ms": 500}, timeout=30)
    assert r.status_code == 504
    error = r.json()["error"]
    assert error["code"] == "deadline_exceeded"
    assert "solver check ran past its 0.5 s timeout" in error["message"]
    premises, steps = STUCK["premises"], STUCK["steps"]
    assert isinstance(premises, list)
    assert isinstance(steps, list)
    proved = httpx.post(
        url + "/v1/prove",
        json={"premises": premises, "conclusion": steps[0], "timeout_ms": 500},
        timeout=30,
    )
    assert proved.status_code == 200
    assert proved.json()["verdict"] == "unknown"
    assert "stopped" in proved.json()["reason"]
    assert wait_until(pool.ready, 30)
