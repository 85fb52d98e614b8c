"""The solver pool: deadlines kill and replace a stuck worker, others keep being served.

Uses the pool's `sleep` job, which stands in for a solver that ignores its own timeout. The
tests wait for events (a job's first streamed event, a pool count reached), never for a
fixed time, and assert no wall times: a busy machine slows them down but cannot fail them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from app_fixtures import client_for
from fastapi.testclient import TestClient

from veridot.api.service.pool import DeadlineExceeded, JobCancelled, PoolSaturated, SolverPool


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


# -- issue 12: clients that leave, checks that overrun, long jobs -----------------------------
def _start(target: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    """Run `target` in a thread; what it raises lands in the returned list."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            target()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, raised


def _running(
    p: SolverPool, cancel: threading.Event, *, long_job: bool = False
) -> tuple[threading.Thread, list[BaseException]]:
    """Start a 60 s job on `p` and return once it is running in a worker (an event, no sleep)."""
    started = threading.Event()

    def job() -> None:
        events = p.stream(
            "sleep", {"seconds": 60, "emit": True}, deadline_s=90, cancel=cancel, long_job=long_job
        )
        for tag, _ in events:
            if tag == "event":
                started.set()

    thread, raised = _start(job)
    assert started.wait(30), "the job did not start"
    return thread, raised


def test_deadline_kills_and_replaces_the_worker(pool: SolverPool) -> None:
    before = set(pool.worker_pids())
    with pytest.raises(DeadlineExceeded):  # without the kill, the job would end after 30 s
        pool.run("sleep", {"seconds": 30}, deadline_s=0.3)
    after = set(pool.worker_pids())
    assert len(after) == 2
    assert len(before - after) == 1  # exactly the stuck worker was replaced
    assert pool.run("sleep", {"seconds": 0}, deadline_s=5) == {"slept": 0}
    wait_until(lambda: pool.stats()["idle"] == 2)


def test_a_stuck_job_does_not_starve_the_others(pool: SolverPool) -> None:
    cancel = threading.Event()
    stuck, raised = _running(pool, cancel)  # holds one worker for 60 s
    for _ in range(20):
        assert pool.run("sleep", {"seconds": 0}, deadline_s=30) == {"slept": 0}
    assert stuck.is_alive()  # all twenty were served by the other worker meanwhile
    cancel.set()
    stuck.join(10)
    assert [type(e) for e in raised] == [JobCancelled]


def test_saturation_refuses_instead_of_waiting_forever() -> None:
    p = SolverPool(1, queue_wait_s=0.2, max_queue=1)
    p.start()
    try:
        cancel = threading.Event()
        busy, _ = _running(p, cancel)  # the only worker is busy for 60 s
        with pytest.raises(PoolSaturated):  # after its 0.2 s in the queue, not 60 s
            p.run("sleep", {"seconds": 0}, deadline_s=5)
        cancel.set()
        busy.join(10)
        wait_until(lambda: p.stats()["idle"] == 1)
        assert p.run("sleep", {"seconds": 0}, deadline_s=5) == {"slept": 0}
    finally:
        p.close()


def test_abandoned_stream_kills_the_worker(pool: SolverPool) -> None:
    before = set(pool.worker_pids())
    events = pool.stream("sleep", {"seconds": 0}, deadline_s=5)
    assert list(events) == [("ok", {"slept": 0})]  # finished normally: the worker stays
    assert set(pool.worker_pids()) == before
    events = pool.stream("sleep", {"seconds": 30, "emit": True}, deadline_s=60)
    assert next(events) == ("event", {"event": "sleeping"})
    events.close()  # the client went away mid-stream
    after = set(pool.worker_pids())
    assert len(after) == 2
    assert len(before - after) == 1
    wait_until(lambda: pool.stats()["idle"] == 2)


def test_a_long_job_is_demoted_and_gets_a_stand_in() -> None:
    p = SolverPool(1, demote_after_s=0.2)
    p.start()
    try:
        (long_pid,) = p.worker_pids()
        cancel = threading.Event()
        long_job, _ = _running(p, cancel)
        wait_until(lambda: len(p.worker_pids()) == 2)  # a stand-in joined
        assert os.getpriority(os.PRIO_PROCESS, long_pid) == 15  # the long job was demoted
        assert p.run("sleep", {"seconds": 0}, deadline_s=30) == {"slept": 0}  # by the stand-in
        assert long_job.is_alive()
        cancel.set()  # the long job ends: the pool shrinks back, keeping the stand-in
        long_job.join(10)
        wait_until(lambda: len(p.worker_pids()) == 1)
        (after,) = p.worker_pids()
        assert after != long_pid
        assert os.getpriority(os.PRIO_PROCESS, after) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        p.close()


def test_by_default_a_stuck_check_is_killed_within_10_percent_of_its_timeout() -> None:
    p = SolverPool(1, demote_after_s=None)
    p.start()
    try:
        # The kill comes 0.1 s (10 %) after the check's 1 s timeout: the prover's own 5 %
        # grace plus the pool's 0.05 s; the request's own deadline (60 s) is far away.
        match = r"ran past its 1 s timeout and did not stop within 0\.1 s"
        with pytest.raises(DeadlineExceeded, match=match):
            p.run("sleep", {"seconds": 60, "check_s": 1.0}, deadline_s=60)
    finally:
        p.close()


def test_workers_are_recycled_after_max_jobs() -> None:
    p = SolverPool(1, max_jobs=3)
    p.start()
    try:
        first = p.worker_pids()
        for _ in range(3):
            p.run("sleep", {"seconds": 0}, deadline_s=5)
        assert p.worker_pids() != first
        assert len(p.worker_pids()) == 1
    finally:
        p.close()


def test_http_503_when_every_worker_is_busy() -> None:
    for client in client_for(pool_size=1, queue_wait_s=0.2, retry_after_s=3):
        pool: SolverPool = client.app.state.pool  # type: ignore[attr-defined]
        cancel = threading.Event()
        busy, _ = _running(pool, cancel)
        r = client.post("/v1/prove", json={"premises": [], "conclusion": "P(a) | ~P(a)"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "3"
        assert r.json()["error"]["code"] == "pool_saturated"
        cancel.set()
        busy.join(10)
        # Ready again once a worker is idle (a stand-in may still be starting).
        wait_until(lambda c=client: c.get("/readyz").status_code == 200)


def test_readyz_is_503_after_shutdown() -> None:
    gen = client_for(pool_size=1)
    client: TestClient = next(gen)
    client.app.state.pool.close()  # type: ignore[attr-defined]
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["status"] == "not_ready"
    gen.close()


def _restarts(reason: str) -> float:
    from prometheus_client import REGISTRY

    value = REGISTRY.get_sample_value("veridot_pool_worker_restarts_total", {"reason": reason})
    return value or 0.0


def test_cancel_stops_a_running_job_and_replaces_its_worker(pool: SolverPool) -> None:
    before = set(pool.worker_pids())
    cancelled = _restarts("cancelled")
    cancel = threading.Event()
    thread, raised = _running(pool, cancel)
    cancel.set()  # the client left
    thread.join(10)
    assert not thread.is_alive(), "the job kept its worker after the client left"
    assert [type(e) for e in raised] == [JobCancelled]
    after = set(pool.worker_pids())
    assert len(after) == 2
    assert len(before - after) == 1  # the worker was replaced, not left computing
    assert _restarts("cancelled") == cancelled + 1
    wait_until(lambda: pool.stats()["idle"] == 2)


def test_cancel_takes_a_request_out_of_the_queue() -> None:
    p = SolverPool(1, queue_wait_s=60.0)
    p.start()
    try:
        busy_cancel = threading.Event()
        busy, _ = _running(p, busy_cancel)
        waiter_cancel = threading.Event()
        waiter, raised = _start(
            lambda: p.run("sleep", {"seconds": 0}, deadline_s=5, cancel=waiter_cancel)
        )
        wait_until(lambda: p.stats()["waiting"] == 1)
        waiter_cancel.set()
        waiter.join(10)  # far less than the 60 s it would otherwise wait
        assert not waiter.is_alive()
        assert [type(e) for e in raised] == [JobCancelled]
        assert p.stats()["waiting"] == 0
        busy_cancel.set()
        busy.join(10)
    finally:
        p.close()


def test_not_ready_while_no_worker_can_take_a_job() -> None:
    p = SolverPool(1, queue_wait_s=5.0, demote_after_s=None)
    p.start()
    try:
        assert p.ready()
        cancel = threading.Event()
        thread, _ = _running(p, cancel)
        assert not p.ready()  # up, but a job sent now would wait
        cancel.set()
        thread.join(10)
        wait_until(p.ready)
    finally:
        p.close()


def test_a_check_that_overruns_its_timeout_is_killed_after_the_grace() -> None:
    p = SolverPool(1, check_grace_s=0.2, demote_after_s=None)
    p.start()
    try:
        (before,) = p.worker_pids()
        with pytest.raises(DeadlineExceeded, match=r"solver check ran past its 0\.3 s timeout"):
            # The request's own deadline (60 s) is far away: the check's ends the job.
            p.run("sleep", {"seconds": 60, "check_s": 0.3}, deadline_s=60)
        wait_until(lambda: p.stats()["idle"] == 1)
        assert p.worker_pids() != [before]
        # A check that ends in time leaves the worker alone.
        (worker,) = p.worker_pids()
        assert p.run("sleep", {"seconds": 0.01, "check_s": 5}, deadline_s=60) == {"slept": 0.01}
        assert p.worker_pids() == [worker]
    finally:
        p.close()


def test_long_jobs_leave_capacity_to_ordinary_ones() -> None:
    p = SolverPool(2, queue_wait_s=3.0, demote_after_s=None)  # one long slot of two workers
    p.start()
    cancels = [threading.Event() for _ in range(2)]
    try:
        assert p.max_long == 1
        _running(p, cancels[0], long_job=True)
        second, raised = _start(
            lambda: p.run("sleep", {"seconds": 60}, deadline_s=90, cancel=cancels[1], long_job=True)
        )
        wait_until(lambda: p.stats()["waiting"] == 1)  # the second long job waits its turn
        # An ordinary job still gets the free worker at once, not a 503 after the queue wait.
        assert p.run("sleep", {"seconds": 0}, deadline_s=5) == {"slept": 0}
        # The long queue holds as many as may run: a third long job is refused at once.
        with pytest.raises(PoolSaturated, match="long-job slots are busy"):
            p.run("sleep", {"seconds": 0}, deadline_s=5, long_job=True)
        second.join(10)  # its queue wait ends: 503
        assert [type(e) for e in raised] == [PoolSaturated]
    finally:
        for cancel in cancels:
            cancel.set()
        p.close()
