"""Where a run's checks execute: a record slow to check does not idle the other workers.

The jobs are `Path.read_text` (a standard-library function, so the workers need nothing of
veridot's), the slow one a FIFO read released by the test (`slow_head`, tests/conftest.py);
the test counts records read, never wall times.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from veridot.verifier.run_workers import check_results


def test_a_slow_record_does_not_stall_the_records_after_it(
    slow_head: Callable[[int, int], Any],
) -> None:
    # Check times are heavy-tailed: one record may take seconds of solver timeouts while
    # most take milliseconds. Results leave in input order, so the pool must go on reading
    # (and checking, in the other workers) well past the slow record while it runs; with a
    # look-ahead of 4 records per worker it stopped at 8 and the other worker sat idle.
    head = slow_head(100, 200)
    read = cast(Any, Path.read_text)  # a str, not a report; check_results passes it through
    results = list(check_results(read, head.tasks(), workers=2))
    head.join()
    assert results == ["head", *["tail"] * 199]
    assert head.read_at_release >= 100  # read on while the first record was still running
