"""`veridot.provers.worker_process.RemoteSession`: a session's copy in a prover child gets only
the formulas it lacks, and a restarted child gets the whole session replayed."""

from __future__ import annotations

import os
from typing import Any

import pytest

from veridot.parser.fol import parse_fol
from veridot.provers.base import ProofResult, Verdict
from veridot.provers.worker_process import ProverProcess, RemoteSession

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")


def _answer(remote: RemoteSession) -> Any:
    """Wait for every answer due; the check's (the last) is returned."""
    while True:
        assert remote.process.poll(20.0), "the child did not answer"
        answer = remote.take()
        if answer is not None:
            status, value = answer
            assert status == "ok", value
            assert isinstance(value, ProofResult)
            return value


def test_a_restarted_child_gets_the_whole_session_replayed() -> None:
    process = ProverProcess("z3")
    remote = RemoteSession(process)
    formulas = [parse_fol("∀x (Man(x) → Mortal(x))"), parse_fol("Man(socrates)")]
    try:
        remote.dispatch(formulas, None, 10.0, [0, 1], parse_fol("Mortal(socrates)"))
        assert remote.expect == 3  # open, extend with both formulas, check
        assert _answer(remote).verdict is Verdict.ENTAILED

        formulas.append(parse_fol("Greek(socrates)"))
        remote.dispatch(formulas, None, 10.0, [2], parse_fol("Greek(socrates)"))
        assert remote.expect == 2  # only the new formula, then the check
        assert _answer(remote).verdict is Verdict.ENTAILED
        remote.dispatch(formulas, None, 10.0, [0, 1], parse_fol("Man(socrates)"))
        assert remote.expect == 1  # nothing new: the check alone
        assert _answer(remote).verdict is Verdict.ENTAILED

        generation = process.generation
        process.kill()  # as if it had overrun a deadline: the child's copy is gone
        remote.dispatch(formulas, None, 10.0, [0, 1, 2], parse_fol("¬(Mortal(socrates))"))
        assert process.generation == generation + 1
        assert remote.expect == 3  # opened again and every formula replayed
        again = _answer(remote)
        assert again.verdict is Verdict.CONTRADICTED  # decided from the replayed formulas
        assert again.used_premises == (0, 1)  # positions in the check's premise ids
    finally:
        remote.close()
        process.kill()


def test_a_forgotten_copy_is_replayed_and_a_closed_one_not_revived() -> None:
    process = ProverProcess("z3")
    remote = RemoteSession(process)
    formulas = [parse_fol("Cat(tom)")]
    try:
        remote.dispatch(formulas, None, 10.0, [0], parse_fol("Cat(tom)"))
        assert _answer(remote).verdict is Verdict.ENTAILED
        remote.forget()  # e.g. the caller killed the child for another session
        remote.dispatch(formulas, None, 10.0, [0], parse_fol("Cat(tom)"))
        assert remote.expect == 3
        assert _answer(remote).verdict is Verdict.ENTAILED
        process.kill()
        generation = process.generation
        remote.close()  # the child is gone: closing must not start another one
        assert process.generation == generation
    finally:
        process.kill()
