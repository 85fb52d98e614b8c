"""The solver pool: deadlines kill and replace a stuck worker, others keep being served.

Uses the pool's `sleep` job, which stands in for a solver that ignores its own timeout.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from app_fixtures import client_for
from fastapi.testclient import TestClient

from api.pool import DeadlineExceeded, PoolSaturated, SolverPool


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Replacement workers join the idle set once ready, in the background: poll for it."""
    give_up = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < give_up, "condition not reached in time"
        time.sleep(0.02)


@pytest.fixture
def pool() -> Iterator[SolverPool]:
    p = SolverPool(2, queue_wait_s=5.0)
    p.start()
    yield p
    p.close()


def test_deadline_kills_and_replaces_the_worker(pool: SolverPool) -> None:
    before = set(pool.pids())
    start = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        pool.run("sleep", {"seconds": 30}, deadline_s=0.3)
    assert time.monotonic() - start < 3.0
    after = set(pool.pids())
    assert len(after) == 2
    assert len(before - after) == 1  # exactly the stuck worker was replaced
    assert pool.run("sleep", {"seconds": 0}, deadline_s=5) == {"slept": 0}
    wait_until(lambda: pool.stats()["idle"] == 2)


def test_a_stuck_job_does_not_starve_the_others(pool: SolverPool) -> None:
    def stuck_job() -> None:
        with pytest.raises(DeadlineExceeded):
            pool.run("sleep", {"seconds": 30}, deadline_s=1.5)

    stuck = threading.Thread(target=stuck_job)
    stuck.start()
    time.sleep(0.1)
    start = time.monotonic()
    for _ in range(20):
        pool.run("sleep", {"seconds": 0}, deadline_s=2.0)
    assert time.monotonic() - start < 1.0  # served by the other worker meanwhile
    stuck.join()


def test_saturation_refuses_instead_of_waiting_forever() -> None:
    p = SolverPool(1, queue_wait_s=0.2, max_queue=1)
    p.start()
    try:
        busy = threading.Thread(
            target=p.run, args=("sleep", {"seconds": 1.0}), kwargs={"deadline_s": 5}
        )
        busy.start()
        time.sleep(0.2)
        start = time.monotonic()
        with pytest.raises(PoolSaturated):
            p.run("sleep", {"seconds": 0}, deadline_s=5)
        assert 0.15 < time.monotonic() - start < 3.0
        busy.join()
        assert p.run("sleep", {"seconds": 0}, deadline_s=5) == {"slept": 0}
    finally:
        p.close()


def test_abandoned_stream_kills_the_worker(pool: SolverPool) -> None:
    before = set(pool.pids())
    events = pool.stream("sleep", {"seconds": 0}, deadline_s=5)
    assert list(events) == [("ok", {"slept": 0})]  # finished normally: the worker stays
    assert set(pool.pids()) == before
    events = pool.stream("sleep", {"seconds": 30, "emit": True}, deadline_s=60)
    assert next(events) == ("event", {"event": "sleeping"})
    events.close()  # the client went away mid-stream
    after = set(pool.pids())
    assert len(after) == 2
    assert len(before - after) == 1
    wait_until(lambda: pool.stats()["idle"] == 2)


def test_a_long_job_is_demoted_and_gets_a_stand_in() -> None:
    p = SolverPool(1, demote_after_s=0.2)
    p.start()
    try:
        (long_pid,) = p.pids()
        seen: list[tuple[int, int]] = []

        def probe() -> None:
            seen.append((os.getpriority(os.PRIO_PROCESS, long_pid), len(p.pids())))
            start = time.monotonic()
            p.run("sleep", {"seconds": 0}, deadline_s=5)  # served by the stand-in
            seen.append((round(time.monotonic() - start), 0))

        prober = threading.Timer(0.8, probe)
        prober.start()
        p.run("sleep", {"seconds": 2.0}, deadline_s=5)
        prober.join()
        assert seen == [(15, 2), (0, 0)]  # demoted, a second worker, the quick job not delayed
        # The long job is over: the pool shrinks back, keeping the stand-in at full priority.
        (after,) = p.pids()
        assert after != long_pid
        assert os.getpriority(os.PRIO_PROCESS, after) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        p.close()


def test_workers_are_recycled_after_max_jobs() -> None:
    p = SolverPool(1, max_jobs=3)
    p.start()
    try:
        first = p.pids()
        for _ in range(3):
            p.run("sleep", {"seconds": 0}, deadline_s=5)
        assert p.pids() != first
        assert len(p.pids()) == 1
    finally:
        p.close()


def test_http_503_when_every_worker_is_busy() -> None:
    for client in client_for(pool_size=1, queue_wait_s=0.2, retry_after_s=3):
        pool: SolverPool = client.app.state.pool  # type: ignore[attr-defined]
        busy = threading.Thread(
            target=pool.run, args=("sleep", {"seconds": 1.0}), kwargs={"deadline_s": 5}
        )
        busy.start()
        time.sleep(0.2)
        r = client.post("/v1/prove", json={"premises": [], "conclusion": "P(a) | ~P(a)"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "3"
        assert r.json()["error"]["code"] == "pool_saturated"
        busy.join()
        assert client.get("/readyz").status_code == 200


def test_readyz_is_503_after_shutdown() -> None:
    gen = client_for(pool_size=1)
    client: TestClient = next(gen)
    client.app.state.pool.close()  # type: ignore[attr-defined]
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["status"] == "not_ready"
    gen.close()
