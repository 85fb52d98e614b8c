"""How workers start: a pinned child (`fork_worker`) is a worker like a pool's, and holds no
pipe of its parent's open. Jobs are standard-library functions; the tests wait for events."""

from __future__ import annotations

import os
import select
import time

import pytest

from veridot.provers.processes import fork_worker
from veridot.provers.supervisor_worker import await_ready, emit, stop

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")


def test_a_forked_worker_runs_the_pool_workers_loop() -> None:
    worker = fork_worker()
    try:
        assert await_ready(worker, 10.0)
        worker.conn.send((abs, (-3,)))
        assert worker.conn.recv() == ("ok", 3)
        worker.conn.send((int, ("not a number",)))  # a bug in a job: answered, not fatal
        status, error = worker.conn.recv()
        assert (status, error["code"]) == ("error", "internal_error")
        worker.conn.send((os.getpid, ()))
        assert worker.conn.recv() == ("ok", worker.process.pid)
    finally:
        stop(worker)  # politely: it leaves its loop
    assert not worker.process.is_alive()


def test_a_killed_forked_worker_is_reaped() -> None:
    worker = fork_worker()
    assert await_ready(worker, 10.0)
    worker.conn.send((select.select, ([], [], [], 600.0)))  # busy for 10 minutes
    stop(worker, kill=True)
    assert not worker.process.is_alive()


def test_a_forked_worker_keeps_no_other_pipe_open() -> None:
    # A copy of another pipe's write end in the child would keep that pipe's reader from
    # ever seeing end-of-file (a parent waiting on a dead sibling would wait forever).
    read_end, write_end = os.pipe()
    worker = fork_worker()
    try:
        assert await_ready(worker, 10.0)
        os.close(write_end)
        readable, _, _ = select.select([read_end], [], [], 10.0)
        assert readable  # end-of-file at once: the child holds no write end
        assert os.read(read_end, 1) == b""
    finally:
        os.close(read_end)
        stop(worker, kill=True)


def _emit_until_the_owner_leaves() -> None:
    while True:
        emit("tick")
        time.sleep(0.01)


def test_a_worker_whose_owner_left_exits_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    # After Ctrl-C the owner exits while a worker may still be answering or emitting: the
    # worker's next write fails (broken pipe). It printed a traceback and exited 1.
    worker = fork_worker()
    try:
        assert await_ready(worker, 10.0)
        worker.conn.send((_emit_until_the_owner_leaves, ()))
        assert worker.conn.recv() == ("event", "tick")  # the job runs
        worker.conn.close()  # the owner is gone
        worker.process.join(10.0)
        assert not worker.process.is_alive()
        assert worker.process.exitcode == 0
    finally:
        worker.process.kill()
    assert "Traceback" not in capfd.readouterr().err
