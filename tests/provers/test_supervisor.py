"""The worker supervisor: ordered maps, a failing job fails alone, deadlines kill one worker.

Jobs are standard-library functions (`abs`, `os.getpid`, `os._exit`, `time.sleep`), so the
workers need nothing of veridot's. The tests wait for events and pool counts, never for a
fixed time, and assert no wall times.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from veridot.provers.supervisor import (
    DeadlineExceeded,
    JobCancelled,
    Supervisor,
    WorkerCrashed,
    cpu_count,
)


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    give_up = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < give_up, "condition not reached in time"
        time.sleep(0.02)


@pytest.fixture
def pool() -> Iterator[Supervisor]:
    with Supervisor(2, demote_after_s=None) as supervisor:
        yield supervisor


def test_cpu_count_is_the_affinity_mask() -> None:
    assert cpu_count() == len(os.sched_getaffinity(0))


def test_map_keeps_input_order_and_the_place_of_none(pool: Supervisor) -> None:
    tasks = [-3, None, 4, -1, None, *range(-20, 0)]
    assert list(pool.map(abs, tasks, window=3)) == [None if t is None else abs(t) for t in tasks]


def test_a_slow_task_does_not_stall_the_tasks_after_it(
    pool: Supervisor, slow_head: Callable[[int, int], Any]
) -> None:
    # `map`'s default window (eval --workers): while the first task blocks, the other worker
    # goes on through the tasks after it; a window of 4 per worker stopped reading at 8.
    head = slow_head(100, 200)
    assert list(pool.map(Path.read_text, head.tasks())) == ["head", *["tail"] * 199]
    head.join()
    assert head.read_at_release >= 100


def test_a_job_whose_worker_dies_fails_alone(pool: Supervisor) -> None:
    before = set(pool.worker_pids())
    with pytest.raises(WorkerCrashed):
        pool.run(os._exit, (3,))
    after = set(pool.worker_pids())
    assert len(after) == 2
    assert len(before - after) == 1  # only the dead worker was replaced
    assert pool.run(abs, (-2,)) == 2
    died = list(pool.map(os._exit, [1, None, 2], on_error=lambda err: "died"))
    assert died == ["died", None, "died"]
    assert pool.run(abs, (-5,)) == 5  # the pool still serves


def test_a_deadline_kills_only_the_stuck_worker(pool: Supervisor) -> None:
    cancel = threading.Event()
    raised: list[BaseException] = []

    def long_job() -> None:
        try:
            pool.run(time.sleep, (60,), cancel=cancel)
        except BaseException as exc:
            raised.append(exc)

    other = threading.Thread(target=long_job)
    other.start()
    wait_until(lambda: pool.stats()["busy"] == 1)
    idle_pid = pool.run(os.getpid, ())
    busy_pid = next(pid for pid in pool.worker_pids() if pid != idle_pid)
    with pytest.raises(DeadlineExceeded, match=r"sleep exceeded its 0\.2 s deadline"):
        pool.run(time.sleep, (60,), deadline_s=0.2)
    assert busy_pid in pool.worker_pids()  # the other job's worker was left alone
    assert idle_pid not in pool.worker_pids()
    assert other.is_alive()
    cancel.set()  # the caller leaves: its job is stopped and its worker replaced
    other.join(10)
    assert [type(e) for e in raised] == [JobCancelled]
    assert busy_pid not in pool.worker_pids()


def test_workers_are_recycled_after_max_jobs() -> None:
    with Supervisor(1, max_jobs=2, demote_after_s=None) as pool:
        first = pool.run(os.getpid, ())
        assert pool.run(os.getpid, ()) == first  # the second job: same worker
        wait_until(lambda: pool.stats()["idle"] == 1)
        third = pool.run(os.getpid, ())
        assert third != first


def test_stopping_a_map_early_stops_its_running_jobs(pool: Supervisor) -> None:
    results = pool.map(time.sleep, [0, 60, 60])
    assert next(results) is None  # time.sleep(0) returns None
    wait_until(lambda: pool.stats()["busy"] == 2)  # both 60 s sleeps are running
    before = set(pool.worker_pids())
    results.close()  # the caller stops: the two sleeps are killed, not waited for
    assert not before & set(pool.worker_pids())  # both workers were replaced
    wait_until(lambda: pool.stats()["idle"] == 2)


def test_a_worker_whose_ready_message_is_garbled_is_not_admitted() -> None:
    """Ctrl-C kills every child, so a fresh worker can die mid-message: reading its "ready"
    then fails with whatever the truncated pickle gives, and the admission thread must say
    "not ready" rather than raise (a traceback over the CLI's output)."""
    import multiprocessing
    import pickle
    from typing import Any, cast

    from veridot.provers.supervisor_worker import Worker, await_ready

    class Garbled:
        def poll(self, timeout: float) -> bool:
            return True

        def recv(self) -> Any:
            raise pickle.UnpicklingError("pickle data was truncated")

    process = cast(multiprocessing.Process, object())
    worker = Worker(process=process, conn=cast(Any, Garbled()))
    assert await_ready(worker, 1.0) is False
