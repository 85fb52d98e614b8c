"""The service's report cache (`api.jobs`): only decided reports are stored (issue 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api import jobs
from verifier.cache import REPORT_NAMESPACE, Cache

# Only models of infinite size satisfy these premises: z3 searches until its deadline.
ENDLESS = ["∀x ∃y L(x, y)", "∀x ¬L(x, x)", "∀x ∀y ∀z (L(x, y) ∧ L(y, z) → L(x, z))"]


def _payload(record: dict[str, Any], cache: Path) -> dict[str, Any]:
    return {
        "record": record,
        "limits": {"max_nodes": 100, "max_formula_chars": 10_000},
        "parser": "fol",
        "timeout_s": 0.2,
        "cache_path": str(cache),
    }


def test_a_timed_out_report_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    slow = {"id": "slow", "premises": [{"fol": f} for f in ENDLESS], "steps": [{"fol": "P(a)"}]}
    quick = {"id": "quick", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
    assert jobs.verify_job(_payload(slow, path), None)["verdict"] == "incomplete"
    assert jobs.verify_job(_payload(quick, path), None)["verdict"] == "valid"
    jobs._cache.cache_clear()  # the worker's connection: read the file afresh
    with Cache(path) as cache:
        assert cache.get(REPORT_NAMESPACE, jobs._report_key(_payload(quick, path))) is not None
        assert cache.get(REPORT_NAMESPACE, jobs._report_key(_payload(slow, path))) is None
