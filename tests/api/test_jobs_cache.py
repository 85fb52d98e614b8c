"""The service's report cache (`veridot.api.service.jobs`): only decided reports are stored (issue
11), in the entry format the CLI writes (`veridot.verifier.codec`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cache_entries import RECORDS, overwrite_entries, report_entries, timeless, write_dataset

from veridot.api.service import jobs
from veridot.verifier import codec
from veridot.verifier.cache import REPORT_NAMESPACE, Cache, canonical_json, report_key
from veridot.verifier.options import CheckOptions
from veridot.verifier.runner import run_all

# Only models of infinite size satisfy these premises: z3 searches until its deadline.
ENDLESS = ["∀x ∃y L(x, y)", "∀x ¬L(x, x)", "∀x ∀y ∀z (L(x, y) ∧ L(y, z) → L(x, z))"]


def _payload(
    record: dict[str, Any], cache: Path, *, parser: str = "fol", timeout_s: float = 0.2
) -> dict[str, Any]:
    """A service job checking `record` with the cache file `cache`."""
    return {
        "record": record,
        "limits": {"max_nodes": 100, "max_formula_chars": 10_000},
        "parser": parser,
        "timeout_s": timeout_s,
        "cache_path": str(cache),
    }


def test_a_timed_out_report_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    slow = {"id": "slow", "premises": [{"fol": f} for f in ENDLESS], "steps": [{"fol": "P(a)"}]}
    quick = {"id": "quick", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}
    assert jobs.verify_job(_payload(slow, path), None)["verdict"] == "incomplete"
    assert jobs.verify_job(_payload(quick, path), None)["verdict"] == "valid"
    with Cache(path) as cache:  # the CLI's key for the same record and options
        assert cache.get(REPORT_NAMESPACE, _cli_key(quick)) is not None
        assert cache.get(REPORT_NAMESPACE, _cli_key(slow)) is None


def _cli_key(record: dict[str, Any]) -> str:
    """The report key `veridot check` uses for `record` with `_payload`'s options."""
    options = CheckOptions(parser="fol", timeout=0.2)
    return report_key(canonical_json(record), **options.key())


def _auto(record: dict[str, Any], cache: Path) -> dict[str, Any]:
    """A job with the options of `CheckOptions()`, as `veridot check` runs without flags."""
    return _payload(record, cache, parser="auto", timeout_s=2.0)


def test_the_service_stores_and_reads_the_same_entry(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    run_all([write_dataset(tmp_path / "d.jsonl")], CheckOptions(), cache=Cache(path))
    cli_entry = next(e for e in report_entries(path) if '"id": "ok"' in e)
    answer = jobs.verify_job(_auto(RECORDS[0], tmp_path / "s.sqlite3"), None)
    jobs._cache.cache_clear()  # the worker's connection: read the file afresh
    (service_entry,) = report_entries(tmp_path / "s.sqlite3")
    header, _, text = service_entry.partition("\n")
    assert text == codec.dumps(answer)
    assert header == cli_entry.partition("\n")[0]
    assert timeless(json.loads(text)) == timeless(json.loads(cli_entry.partition("\n")[2]))
    # An entry the CLI wrote is served by the service as it stands (a hit, not a re-check).
    report = json.loads(cli_entry.partition("\n")[2])
    marked = json.dumps({**report, "id": "from-the-cli"}, ensure_ascii=False)
    overwrite_entries(tmp_path / "s.sqlite3", header + "\n" + marked)
    events: list[dict[str, Any]] = []
    hit = jobs.verify_job(_auto(RECORDS[0], tmp_path / "s.sqlite3"), events.append)
    jobs._cache.cache_clear()
    assert hit["id"] == "from-the-cli"
    assert [e["node"]["id"] for e in events] == [n["id"] for n in hit["nodes"]]
    # An entry that is no report is a miss there: the old header-less one, or junk.
    for entry in (marked, header + "\n" + '{"id": "junk"}'):
        overwrite_entries(tmp_path / "s.sqlite3", entry)
        assert jobs.verify_job(_auto(RECORDS[0], tmp_path / "s.sqlite3"), None)["id"] == "ok"
        jobs._cache.cache_clear()
