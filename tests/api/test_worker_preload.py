"""What the solver pool's fork server prepares makes a worker's requests cheap from the start.

Runs in a child interpreter, as the fork server does: import `worker_preload`, then serve
10-node chains (bench/bench_api.py's request) as a forked worker would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, resource, sys
from veridot.api.service import worker_preload
from veridot.api.service.worker import run_job

def payload(n):
    c = f"c{n}"
    premises = [f"∀x (A{i}(x) → A{i + 1}(x))" for i in range(4)] + [f"A0({c})"]
    steps = [{"fol": f"A{i}({c})"} for i in range(1, 5)] + [{"fol": f"A4({c}) ∧ A1({c})"}]
    record = {"id": f"r{n}", "parser": "fol", "premises": premises, "steps": steps}
    return {"record": record, "parser": "fol", "prover": "z3", "timeout_s": 2.0, "llm": None,
            "cache_path": None, "allow_unsupported": False,
            "limits": {"max_nodes": 200, "max_formula_chars": 10000}}

loaded = set(sys.modules)
first = run_job("verify", payload(0))
imported = sorted(set(sys.modules) - loaded)
for n in range(1, 6):
    run_job("verify", payload(n))
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for n in range(6, 26):
    run_job("verify", payload(n))
faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / 20
print(json.dumps({"verdict": first["verdict"], "imported": imported, "faults": faults,
                  "kept": worker_preload.keep_freed_memory()}))
"""


@pytest.fixture(scope="module")
def child() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_first_request_imports_nothing(child: dict[str, object]) -> None:
    # A worker forked before the verify path was loaded imported z3 and ~50 modules on its
    # first request: 0.2 s of CPU each time the pool recycled a worker.
    assert child["verdict"] == "valid"
    assert child["imported"] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_a_request_does_not_fault_its_z3_context_in_afresh(child: dict[str, object]) -> None:
    # Each request's Z3 context allocates 17 MB; handed back to the system at its end, the
    # next one faulted it in again (~4,000 page faults a request); kept, a few dozen.
    assert child["kept"] is True
    assert isinstance(child["faults"], float)
    assert child["faults"] < 1000
