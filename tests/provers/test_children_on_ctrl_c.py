"""Ctrl-C leaves no process behind: the run's pool workers and the prover children they (or
the run itself) forked all end with it, and the run exits 130 with one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from veridot.provers import registry

ROOT = Path(__file__).resolve().parents[2]
# Only models of infinite size satisfy these premises: a solver searches until its deadline.
ENDLESS = [
    {"fol": "∀x ∃y L(x, y)"},
    {"fol": "∀x ¬L(x, x)"},
    {"fol": "∀x ∀y ∀z (L(x, y) ∧ L(y, z) → L(x, z))"},
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)"),
    pytest.mark.skipif("both" not in registry.available_provers(), reason="needs z3 and cvc5"),
]


def _session(sid: int) -> dict[int, tuple[int, float]]:
    """The live processes of session `sid`: pid -> (parent pid, CPU seconds used)."""
    found = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        state, ppid, session = fields[0], int(fields[1]), int(fields[3])
        if session == sid and state not in "ZX":
            found[int(entry)] = (ppid, (int(fields[11]) + int(fields[12])) / tick)
    return found


def _depth(pid: int, processes: dict[int, tuple[int, float]], root: int) -> int:
    depth = 0
    while pid != root and pid in processes:
        pid, depth = processes[pid][0], depth + 1
    return depth if pid == root else -1


def _wait_for(condition: Callable[[], bool], limit_s: float) -> bool:
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


# SIGINT to the run alone: its children must be ended by the run (Z3 takes a SIGINT that
# reaches it as an interrupt, which would hide a child left running); to the whole process
# group, as a terminal sends it: no worker may print anything.
@pytest.mark.parametrize(("workers", "to"), [("1", "run"), ("2", "run"), ("2", "group")])
def test_ctrl_c_ends_every_worker_and_prover_child(tmp_path: Path, workers: str, to: str) -> None:
    data = tmp_path / "endless.jsonl"
    records = [{"id": f"e{i}", "premises": ENDLESS, "steps": [{"fol": "P(a)"}]} for i in range(4)]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    command = [sys.executable, "-m", "veridot", "check", str(data), "--prover", "both"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VERIDOT_CACHE": str(tmp_path / "c.sqlite3")}
    proc = subprocess.Popen(
        [*command, "--workers", workers, "--timeout", "60", "--no-cache"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )  # fmt: skip
    sid = proc.pid
    # Prover children: forks of the pool workers (run > fork server > worker > child), or of
    # the run itself with one worker (run > child).
    depth = 3 if workers == "2" else 1

    def solving() -> bool:  # a prover child deep in its search (a fresh one would just
        processes = _session(sid)  # leave at end-of-file when its owner goes)
        return any(
            cpu >= 0.5 and _depth(pid, processes, sid) == depth
            for pid, (_, cpu) in processes.items()
        )

    try:
        assert _wait_for(solving, 60.0), "no prover child started"
        if to == "group":
            os.killpg(sid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130
        assert err.decode().strip().splitlines() == ["interrupted"]
        # The fork server and resource tracker leave at end-of-file, a moment later.
        assert _wait_for(lambda: not _session(sid), 10.0), f"left behind: {_session(sid)}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        for pid in _session(sid):  # never leave a solver behind, even when the test fails
            os.kill(pid, signal.SIGKILL)
