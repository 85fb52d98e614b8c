"""The garbage collector during `veridot eval` (`veridot.api.cli.collector`): paused while the
run loads, the load frozen once settled, and the caller's state given back on leaving."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from veridot.api.cli.collector import settling
from veridot.api.cli.eval_run import EvalArgs, run_eval


@pytest.fixture(autouse=True)
def collector_as_found() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_paused_until_settled_then_frozen_then_restored() -> None:
    gc.enable()
    with settling() as settle:
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
        settle()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        settle()  # only the first call freezes
        assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    with settling() as settle:
        settle()
        assert not gc.isenabled()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_leaving_early_restores_too() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), settling():
        raise RuntimeError("before the first problem")
    assert gc.isenabled()


def test_kept_frozen_when_the_process_ends_with_the_run() -> None:
    with settling(restore=False) as settle:
        settle()
    assert gc.get_freeze_count() > 0


def test_an_in_process_eval_leaves_the_collector_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = {
        "premises-FOL": ["∀x (Dog(x) → Animal(x))", "Dog(rex)"],
        "conclusion-FOL": "Animal(rex)",
        "label": "True",
    }
    data = tmp_path / "two.jsonl"
    data.write_text("\n".join(json.dumps({**record, "example_id": i}) for i in range(2)))
    gc.enable()
    assert run_eval(EvalArgs(file=data, fmt="folio", json_output=True)) == 0
    assert json.loads(capsys.readouterr().out)["correct"] == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
