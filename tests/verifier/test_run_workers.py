"""Where a run's checks execute: a record slow to check does not idle the other workers.

The jobs are `time.sleep` (a standard-library function, so the workers need nothing of
veridot's); the test counts records read, never wall times.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, cast

import pytest

from veridot.verifier.run_workers import check_results


@pytest.mark.slow
def test_a_slow_record_does_not_stall_the_records_after_it() -> None:
    # Check times are heavy-tailed: one record may take seconds of solver timeouts while
    # most take milliseconds. Results leave in input order, so the pool must go on reading
    # (and checking, in the other workers) well past the slow record while it runs; with a
    # look-ahead of 4 records per worker it stopped at 8 and the other worker sat idle.
    read = 0

    def tasks() -> Iterator[float]:
        nonlocal read
        for seconds in [1.0, *[0.0] * 199]:
            read += 1
            yield seconds

    sleep = cast(Any, time.sleep)  # returns None; check_results passes it through in order
    results = check_results(sleep, tasks(), workers=2)
    assert next(results) is None  # the slow record's (time.sleep's) result
    read_when_slow_done = read
    assert sum(1 for _ in results) == 199
    assert read_when_slow_done >= 100
