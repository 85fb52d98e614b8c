"""A worker's answer to a record does not depend on what the worker did before.

Each /v1/verify job gets a Z3 context of its own, and nothing else a worker keeps between jobs
(caches of parses and translations, the fork server's warm-up, freed memory kept for the next
context) may change an answer. Checked on the examples and on the prover corpus as chains
(about a third have countermodels, the part of an answer most sensitive to solver state): the
JSON of each record run first in a freshly forked worker, after all the others in order, and
after all the others in reverse order, byte for byte (timings aside).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, os, sys
from veridot.api.service import worker_preload  # the fork server's warm-up, as in the pool
from veridot.api.service.responses import dumps
from veridot.api.service.worker import run_job

def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "elapsed_ms"}
    return [strip(v) for v in x] if isinstance(x, list) else x

def answer(record):
    payload = {"record": record, "parser": record.get("parser", "auto"), "prover": "z3",
               "timeout_s": 10.0, "llm": None, "cache_path": None, "allow_unsupported": False,
               "limits": {"max_nodes": 200, "max_formula_chars": 10000}}
    try:
        return dumps(strip(run_job("verify", payload)))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"

def fresh(record):  # forked from the warm process, as the pool forks a new worker
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, answer(record).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        text = pipe.read().decode()
    os.waitpid(pid, 0)
    return text

records = json.load(sys.stdin)
first = [fresh(r) for r in records]
forward = [answer(r) for r in records]
backward = [answer(r) for r in reversed(records)][::-1]
print(json.dumps({"first": first, "forward": forward, "backward": backward}))
"""


def _records() -> list[dict[str, object]]:
    records = [
        json.loads(line)
        for path in sorted((ROOT / "examples").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for line in (ROOT / "tests" / "corpus" / "entailment.jsonl").read_text().splitlines():
        case = json.loads(line)
        records.append(
            {"id": case["id"], "parser": "fol", "premises": case["premises"],
             "steps": [{"fol": case["claim"]}]}
        )  # fmt: skip
    return records


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the pool forks its workers")
def test_an_answer_is_the_same_in_a_fresh_worker_and_after_other_records() -> None:
    records = _records()
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, input=json.dumps(records),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    runs = json.loads(done.stdout.splitlines()[-1])
    assert sum('"countermodel":{' in text for text in runs["first"]) >= 10  # evidence is compared
    for i, record in enumerate(records):
        assert runs["forward"][i] == runs["first"][i], record["id"]
        assert runs["backward"][i] == runs["first"][i], record["id"]
