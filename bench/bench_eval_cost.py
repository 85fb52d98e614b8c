"""What one `veridot eval` of FOLIO gold costs, in figures a busy machine does not change.

Usage: python bench/bench_eval_cost.py [--data ../shared/data] [--runs 10] [--checkout DIR ...]

For each checkout (default: this one), `python -m veridot eval FOLIO-validation --format folio
--json` is run from that checkout's root, after one unmeasured warm-up run that may write
bytecode (as an installed copy has), and the runs of all checkouts alternate, so that they
share whatever load the machine has:

- CPU seconds (user + system of the child process): the best and the median of `--runs`;
- executed instructions, counted by valgrind's callgrind when it is installed (one run each,
  ~50x slower): the same count on a quiet machine and a loaded one, so two checkouts compare
  to a fraction of a percent, where CPU seconds on a machine shared with other work move by
  10-30%. Split by library: libpython (the interpreter), libz3 (the solver), the rest.

Pass `--checkout` twice (for example a worktree of the commit before a change and this one)
to compare them; each checkout's eval output must be the same JSON apart from `elapsed_s`.
Wall time is deliberately not printed: `bench/bench_folio.py --parts d` measures it beside
the Prover9 pipeline, on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _command(data: Path) -> list[str]:
    folio = data / "folio" / "folio-validation.jsonl"
    return [sys.executable, "-m", "veridot", "eval", str(folio), "--format", "folio", "--json"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run leaves bytecode, as an install
    return env


def _cpu_run(command: list[str], cwd: Path) -> tuple[float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, done.stdout


def _instructions(command: list[str], cwd: Path) -> dict[str, int] | None:
    """Instructions of one run by library, from callgrind; None without valgrind."""
    valgrind = shutil.which("valgrind")
    annotate = shutil.which("callgrind_annotate")
    if valgrind is None or annotate is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            cwd=cwd,
            env=_env(),
            capture_output=True,
            check=True,
        )
        listing = subprocess.run(
            [annotate, "--threshold=100", str(out)], capture_output=True, text=True, check=True
        ).stdout
    total = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", listing)
    split = {"total": int(total.group(1).replace(",", "")) if total else 0}
    for line in listing.splitlines():
        found = re.match(r"\s*([\d,]+) \(.*?\)\s+.*\[(.*?)\]\s*$", line)
        if found is None:
            continue
        library = Path(found.group(2)).name
        key = "libpython" if "libpython" in library else "libz3" if "libz3" in library else "rest"
        split[key] = split.get(key, 0) + int(found.group(1).replace(",", ""))
    return split


def _answers(stdout: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(stdout)
    data.pop("elapsed_s", None)
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--runs", type=int, default=10, help="CPU-timed runs per checkout")
    ap.add_argument("--checkout", type=Path, action="append", help="a veridot checkout (repeat)")
    ap.add_argument("--no-instructions", action="store_true", help="skip the callgrind count")
    args = ap.parse_args()
    checkouts = [c.resolve() for c in args.checkout or [ROOT]]
    command = _command(args.data)
    answers = {c: _answers(_cpu_run(command, c)[1]) for c in checkouts}  # warm-up runs
    if len({json.dumps(a, sort_keys=True) for a in answers.values()}) > 1:
        print("warning: the checkouts do not give the same answers", file=sys.stderr)
    cpu: dict[Path, list[float]] = {c: [] for c in checkouts}
    for _ in range(args.runs):
        for checkout in checkouts:
            cpu[checkout].append(_cpu_run(command, checkout)[0])
    print(f"veridot eval FOLIO gold ({answers[checkouts[0]]['n']} problems), whole process")
    load = os.getloadavg()[0]
    for checkout in checkouts:
        times = cpu[checkout]
        line = (
            f"{checkout}: CPU best {min(times):.3f} s, median {statistics.median(times):.3f} s"
            f" ({args.runs} runs, load average {load:.1f})"
        )
        counted = None if args.no_instructions else _instructions(command, checkout)
        if counted is not None:
            libraries = [k for k in ("libpython", "libz3", "rest") if k in counted]
            parts = ", ".join(f"{k} {counted[k] / 1e9:.3f}" for k in libraries)
            line += f"; instructions {counted['total'] / 1e9:.3f} G ({parts})"
        print(line)


if __name__ == "__main__":
    main()
