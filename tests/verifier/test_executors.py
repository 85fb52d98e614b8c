"""Executors: `veridot check --executor ray` on a local Ray of 2 workers matches the local run."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app
from veridot.verifier.executors import ExecutorError, RayExecutor, make_executor

RECORDS: list[object] = [
    {
        "id": "cats",
        "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Cat(tom)"}],
        "steps": [{"fol": "Animal(tom)"}],
    },
    {
        "id": "fallacy",
        "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Animal(tom)"}],
        "steps": [{"fol": "Cat(tom)"}],
    },
    "not json",
    {"id": "price", "premises": [{"fol": "price = 48 / 2"}], "steps": [{"fol": "price = 24"}]},
    {"id": "chain", "premises": [{"fol": "a < b"}, {"fol": "b < c"}], "steps": ["a < c", "c < a"]},
] + [
    {"id": f"n{i}", "premises": [{"fol": f"x = {i}"}], "steps": [{"fol": f"x + 1 = {i + 1}"}]}
    for i in range(12)
]


def test_make_executor_names() -> None:
    assert make_executor("local") is None
    assert isinstance(make_executor("ray", workers=2), RayExecutor)
    with pytest.raises(ExecutorError, match="unknown executor"):
        make_executor("dask")
    with pytest.raises(ExecutorError, match="--executor ray"):
        make_executor("local", address="auto")


def test_map_outside_a_started_executor_is_refused() -> None:
    with pytest.raises(ExecutorError):
        list(RayExecutor().map(lambda task: {}, [1]))


def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timeless(value: Any) -> Any:
    """A report without wall-clock fields (the only thing allowed to differ)."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in ("elapsed_ms", "elapsed_s")}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


def check(path: Path, *extra: str) -> tuple[int, list[Any]]:
    result = CliRunner().invoke(app, ["check", str(path), "--report", "json", *extra])
    rows = [timeless(json.loads(line)) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, rows


def test_unreachable_cluster_is_a_clean_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    path = dataset(tmp_path)
    result = CliRunner().invoke(
        app, ["check", str(path), "--executor", "ray", "--ray-address", "ray://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "error:" in result.output


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    # Ray workers cannot import this test module: ship its functions by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    ray.shutdown()


@pytest.mark.slow
def test_ray_run_equals_local_run_and_uses_the_cache(
    local_ray: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dataset(tmp_path)
    monkeypatch.setenv("VERIDOT_CACHE", "off")
    local_code, local_rows = check(path)
    ray_code, ray_rows = check(path, "--executor", "ray", "--workers", "2")
    assert local_code == ray_code == 1  # "fallacy" is invalid (and one line is unreadable)
    assert len(ray_rows) == len(RECORDS)
    assert ray_rows == local_rows  # same reports, same input order
    assert [row.get("id") for row in ray_rows][:2] == ["cats", "fallacy"]

    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "cache.sqlite3"))
    first_code, first = check(path, "--executor", "ray")
    again_code, again = check(path, "--executor", "ray")
    assert first_code == again_code == 1
    assert not any(row.get("cached") for row in first)
    checked = [row for row in again if "nodes" in row]
    assert checked
    assert all(row["cached"] for row in checked)  # the driver wrote every result


@pytest.mark.slow
def test_executor_streams_in_order_and_survives_failing_tasks(local_ray: None) -> None:
    with RayExecutor(chunk_size=3) as executor:
        assert not executor.started_ray  # an already running Ray is used, not restarted
        got = list(executor.map(_double_or_die, list(range(20))))
    assert [row["value"] for row in got if "value" in row] == [
        2 * i for i in range(20) if not 6 <= i < 9
    ]
    assert [row["failure"]["code"] for row in got[6:9]] == ["worker_died"] * 3


@pytest.mark.slow
def test_a_slow_record_does_not_stall_the_chunks_after_it(
    local_ray: None, slow_head: Callable[[int, int], Any]
) -> None:
    # As in the local pool: results leave in input order, so the chunks in flight must cover
    # what the other CPUs get through while one record runs long; 4 chunks of 8 per CPU
    # stopped reading at 64 records.
    head = slow_head(100, 200)
    with RayExecutor() as executor:
        results = list(executor.map(cast(Any, Path.read_text), head.tasks()))
    head.join()
    assert results == ["head", *["tail"] * 199]
    assert head.read_at_release >= 100


def _double_or_die(task: int) -> dict[str, Any]:
    if task == 7:
        raise RuntimeError("boom")  # fails the whole chunk [6, 7, 8]
    return {"value": 2 * task}
