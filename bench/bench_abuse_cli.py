"""`veridot check` on abusive inputs (issue 12 item 4): bounded time and memory, exit 2.

Each case runs one whole `veridot check` process and records its exit code, wall time and
peak resident memory (the child's own `ru_maxrss`, from `os.wait4`):
- `/dev/zero` as a file, and `-` with stdin from `/dev/zero` (endless NUL bytes);
- a file of `--size-mb` MB (default 1024) without a newline, as `.jsonl` (one endless line,
  skipped in bounded chunks) and as `.txt` (one transcript longer than the record limit);
- a JSONL file whose first line is a 50 MB record, then one ordinary record (the rest of
  the file must still be checked: the run reports 1 valid record and exits 2).
Target (issue 12): every case exits 2 within 10 s and under 500 MB RSS. The generated files
live in a temporary directory that is deleted afterwards (it needs `--size-mb` MB of disk).
Timing figures need a quiet machine: the lead runs them; a small sample (`--size-mb 50`)
checks that the script works.

Usage: python bench/bench_abuse_cli.py [--size-mb 1024] [--json-out FILE] [--data IGNORED]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "veridot"]
TARGET_S = 10.0
TARGET_MB = 500.0
GOOD = {"id": "good", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a)"}]}


def run_case(name: str, args: list[str], stdin_path: str | None = None) -> dict[str, Any]:
    """One `veridot check` process: exit code, wall seconds, peak RSS (MB), last stderr line."""
    env = {**os.environ, "VERIDOT_CACHE": "off", "PYTHONPATH": str(ROOT)}
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(
            [*CLI, "check", *args],
            cwd=ROOT,
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        elapsed = time.perf_counter() - started
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    return {
        "case": name,
        "exit": proc.returncode,
        "seconds": round(elapsed, 2),
        "stdout_tail": out.decode(errors="replace").strip().splitlines()[-3:],
        "stderr_tail": err.decode(errors="replace").strip().splitlines()[-1:],
    }


def measured(name: str, args: list[str], stdin_path: str | None = None) -> dict[str, Any]:
    """`run_case` in a fresh helper process, so that the helper's `ru_maxrss` of children
    (the largest child it waited for) is this case's `veridot` process alone."""
    code = (
        "import json, resource, sys; sys.path.insert(0, sys.argv[1]);"
        "from bench_abuse_cli import run_case;"
        "r = run_case(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] or None);"
        "r['peak_mb'] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1);"
        "print(json.dumps(r))"
    )
    helper = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "bench"), name, json.dumps(args), stdin_path or ""],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(helper.stdout)
    result["ok"] = (
        result["exit"] == 2 and result["seconds"] <= TARGET_S and result["peak_mb"] <= TARGET_MB
    )
    return result


def write_unbroken(path: Path, size_mb: int) -> None:
    """`size_mb` MB of letters with no newline, written in 1 MB chunks."""
    chunk = b"a" * (1024 * 1024)
    with path.open("wb") as handle:
        for _ in range(size_mb):
            handle.write(chunk)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--size-mb", type=int, default=1024, help="size of the newline-free file")
    ap.add_argument("--json-out", help="also write the results here as JSON")
    ap.add_argument("--data", help="ignored (bench/run_all.sh passes it to every bench)")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="veridot-abuse-") as tmp:
        folder = Path(tmp)
        if Path("/dev/zero").exists():
            results.append(measured("/dev/zero", ["/dev/zero"]))
            results.append(measured("stdin < /dev/zero", ["-"], "/dev/zero"))
        unbroken = folder / "unbroken.jsonl"
        write_unbroken(unbroken, args.size_mb)
        results.append(measured(f"{args.size_mb} MB, no newline, .jsonl", [str(unbroken)]))
        as_text = unbroken.rename(folder / "unbroken.txt")
        results.append(measured(f"{args.size_mb} MB, no newline, .txt", [str(as_text)]))
        as_text.unlink()
        mixed = folder / "mixed.jsonl"
        big = {"id": "big", "premises": ["x" * (50 * 1024 * 1024)], "steps": ["y"]}
        mixed.write_text(json.dumps(big) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
        result = measured("50 MB JSONL line, then a good record", [str(mixed)])
        result["ok"] = result["ok"] and any("1 valid" in line for line in result["stdout_tail"])
        results.append(result)
    print(f"{'case':<40} {'exit':>4} {'seconds':>8} {'peak MB':>8}  target")
    for r in results:
        verdict = "ok" if r["ok"] else "MISSED"
        print(f"{r['case']:<40} {r['exit']:>4} {r['seconds']:>8} {r['peak_mb']:>8}  {verdict}")
    print(f"target: exit 2 within {TARGET_S:g} s and under {TARGET_MB:g} MB RSS, every case")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
