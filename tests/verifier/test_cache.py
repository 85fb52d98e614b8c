"""The SQLite cache: key/value use, keys, graceful failure, and cached dataset runs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from veridot.verifier.cache import (
    REPORT_NAMESPACE,
    Cache,
    CacheWarning,
    default_path,
    digest,
    is_decided,
    report_key,
)
from veridot.verifier.options import CheckOptions
from veridot.verifier.runner import run_all


def test_get_put_namespaces(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert cache.get("llm", "k") is None
        cache.put("llm", "k", "v1")
        cache.put("llm", "k", "v2")  # replaces
        cache.put("other", "k", "w")
        assert cache.get("llm", "k") == "v2"
        assert cache.get("other", "k") == "w"
        assert len(cache) == 2
        cache.clear("other")
        assert cache.get("other", "k") is None
    # Persisted across connections (and processes).
    assert Cache(tmp_path / "c.sqlite3").get("llm", "k") == "v2"


def test_disabled_cache_is_a_no_op(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3", enabled=False)
    cache.put("a", "b", "c")
    assert cache.get("a", "b") is None
    assert not (tmp_path / "c.sqlite3").exists()


def test_corrupt_file_disables_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = Cache(path)
    with pytest.warns(CacheWarning):
        assert cache.get("a", "b") is None
    cache.put("a", "b", "c")  # still no exception
    assert not cache.enabled


def test_default_path_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "x.sqlite3"))
    assert default_path() == tmp_path / "x.sqlite3"
    monkeypatch.setenv("VERIDOT_CACHE", "off")
    assert default_path() is None
    assert not Cache.default().enabled
    monkeypatch.delenv("VERIDOT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_path() == tmp_path / "veridot" / "cache.sqlite3"


def test_keys_depend_on_content_and_options() -> None:
    base = {"parser": "auto", "prover": "z3", "timeout": 2.0, "allow_unsupported": False}
    k = report_key("{}", **base)  # type: ignore[arg-type]
    assert k == report_key("{}", **base)  # type: ignore[arg-type]
    assert k != report_key("{ }", **base)  # type: ignore[arg-type]
    assert k != report_key("{}", **{**base, "parser": "fol"})  # type: ignore[arg-type]
    assert k != report_key("{}", **{**base, "allow_unsupported": True})  # type: ignore[arg-type]
    assert digest("ab", "c") != digest("a", "bc")


def _dataset(path: Path, records: list[dict[str, object]]) -> str:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


RECORDS = [
    {"id": f"r{i}", "premises": [{"fol": f"P{i}(a)"}], "steps": [{"fol": f"P{i}(a) ∨ Q(a)"}]}
    for i in range(3)
]


def test_second_run_is_served_from_cache(tmp_path: Path) -> None:
    data = _dataset(tmp_path / "d.jsonl", RECORDS)
    cache = Cache(tmp_path / "c.sqlite3")
    first, s1 = run_all([data], CheckOptions(), cache=cache)
    assert s1.cached == 0
    assert len(cache) == 3
    second, s2 = run_all([data], CheckOptions(), cache=cache)
    assert s2.cached == 3
    assert all(o.cached for o in second)
    assert [o.report.to_dict() for o in first if o.report] == [
        o.report.to_dict() for o in second if o.report
    ]
    # Different options miss; a changed record misses; --no-cache never reads.
    _, s3 = run_all([data], CheckOptions(allow_unsupported=True), cache=cache)
    assert s3.cached == 0
    changed = _dataset(tmp_path / "d.jsonl", [*RECORDS[:2], {**RECORDS[2], "id": "new"}])
    _, s4 = run_all([changed], CheckOptions(), cache=cache)
    assert s4.cached == 2
    _, s5 = run_all([changed], CheckOptions(), cache=Cache(tmp_path / "c.sqlite3", enabled=False))
    assert s5.cached == 0


def test_cached_report_keeps_its_new_line(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    run_all([_dataset(tmp_path / "a.jsonl", RECORDS)], CheckOptions(), cache=cache)
    moved = _dataset(tmp_path / "b.jsonl", [{"id": "x", "premises": [], "steps": []}, *RECORDS])
    outcomes, summary = run_all([moved], CheckOptions(), cache=cache)
    assert summary.cached == 3
    assert [o.line for o in outcomes] == [1, 2, 3, 4]
    assert outcomes[3].report is not None
    assert outcomes[3].report.meta["line"] == 4


def test_stale_entry_is_rechecked(tmp_path: Path) -> None:
    data = _dataset(tmp_path / "d.jsonl", RECORDS[:1])
    cache = Cache(tmp_path / "c.sqlite3")
    run_all([data], CheckOptions(), cache=cache)
    cache.clear(REPORT_NAMESPACE)
    _, summary = run_all([data], CheckOptions(), cache=cache)
    assert summary.cached == 0


# Only models of infinite size satisfy these premises: z3 searches until its deadline.
ENDLESS = [
    {"fol": "∀x ∃y L(x, y)"},
    {"fol": "∀x ¬L(x, x)"},
    {"fol": "∀x ∀y ∀z (L(x, y) ∧ L(y, z) → L(x, z))"},
]


def test_a_timeout_is_not_cached_but_a_settled_unknown_is(tmp_path: Path) -> None:
    # A deadline hit (on a busy machine it may be load alone) must be checked again next run.
    slow = {"id": "slow", "premises": ENDLESS, "steps": [{"fol": "P(a)"}]}
    settled = {"id": "settled", "premises": ["P(a"], "steps": [{"fol": "P(a)"}]}
    data = _dataset(tmp_path / "d.jsonl", [slow, settled, RECORDS[0]])
    cache = Cache(tmp_path / "c.sqlite3")
    options = CheckOptions(parser="fol", timeout=0.2)
    first, _ = run_all([data], options, cache=cache)
    assert [o.counts.get("unknown", 0) for o in first] == [1, 1, 0]
    second, summary = run_all([data], options, cache=cache)
    assert [o.cached for o in second] == [False, True, True]
    assert summary.cached == 2


def test_is_decided_reads_statuses_and_findings() -> None:
    def node(status: str, *codes: str) -> dict[str, object]:
        return {"status": status, "findings": [{"code": c} for c in codes]}

    assert is_decided({"nodes": [node("entailed"), node("unsupported", "unsupported")]})
    assert not is_decided({"nodes": [node("unknown", "unknown")]})
    assert not is_decided({"nodes": [node("unknown", "prover_disagreement")]})
    assert is_decided({"nodes": [node("unknown", "rests_on_untranslated")]})
    assert not is_decided({"nodes": [], "claims": [node("unknown", "claim_undecided")]})
    assert is_decided({"nodes": [], "claims": [node("untranslated", "claim_undecided")]})


def test_ctrl_c_inside_put_leaves_nothing_half_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class InterruptedCommit(sqlite3.Connection):
        """A connection where Ctrl-C arrives between the insert and its commit, once armed."""

        armed = False

        def commit(self) -> None:
            if self.armed:
                self.armed = False
                raise KeyboardInterrupt
            super().commit()

    opened: list[InterruptedCommit] = []
    connect = sqlite3.connect

    def connect_interrupted(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, factory=InterruptedCommit, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_interrupted)
    cache = Cache(tmp_path / "c.sqlite3")
    cache.put("ns", "warm", "up")  # connects
    (conn,) = opened
    conn.armed = True
    with pytest.raises(KeyboardInterrupt):
        cache.put("ns", "interrupted", "half")
    cache.put("ns", "later", "whole")
    fresh = Cache(tmp_path / "c.sqlite3")
    assert fresh.get("ns", "later") == "whole"
    assert fresh.get("ns", "interrupted") is None
