"""The parent side of `veridot.provers.worker_process`: answers that arrive together are each
seen."""

from __future__ import annotations

import os
import time

import pytest

from veridot.parser.fol import parse_fol
from veridot.provers.base import Verdict
from veridot.provers.worker_process import ProverProcess


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_answers_that_arrive_together_are_each_seen_at_once() -> None:
    # The Z3 guard sends open, extend and check at once; a fast child writes the three
    # answers before the parent reads the first. A buffered reader took all three into its
    # buffer, `select` then saw nothing, and the parent waited until its deadline and killed
    # a child that had answered in a millisecond (a `timeout` verdict).
    process = ProverProcess("z3")
    try:
        process.send(("open", 1, 2.0, None))
        process.send(("extend", 1, 0, [parse_fol("a = 3")]))
        process.send(("check", 1, [0], parse_fol("a * a = 9")))
        time.sleep(0.5)  # every answer is in the pipe by now
        answers = []
        for _ in range(3):
            assert process.poll(0.2)
            answers.append(process.receive())
    finally:
        process.kill()
    assert [status for status, _ in answers] == ["ok", "ok", "ok"]
    assert answers[2][1].verdict is Verdict.ENTAILED
