"""Issue 7 figures: `veridot check --executor ray` (2 local workers) against `--workers 2`.

The dataset is every ProcessBench record (gsm8k 400, math 1000, olympiadbench 1000, omnimath
1000 = 3,400) written as one JSONL file into a temporary directory (never into the repo).
Each configuration runs the whole `veridot check --report json` process with the cache off,
and the reports are timed as they stream out (in input order):

- start-up overhead: seconds until the first report (process start, imports, worker pool
  or Ray start, first record);
- end-to-end: records / seconds to the last report;
- warm rate: (records - 1) / (last - first report), the rate once workers are up; divided
  by the worker count it gives records/s per core, the figure to scale a cluster by.

Usage: python bench/bench_ray.py [--data ../shared/data] [--workers 2] [--parser auto]
       [--limit N] [--repeat 1]
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

ROOT = Path(__file__).resolve().parents[1]


def write_dataset(data: Path, folder: Path, limit: int | None) -> tuple[Path, int]:
    records = []
    for path in sorted((data / "processbench" / "dataset").glob("*.json")):
        records.extend(json.loads(path.read_text(encoding="utf-8")))
    if limit:
        records = records[:limit]
    full = folder / "processbench.jsonl"
    full.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return full, len(records)


def streamed(args: list[str], cache: str = "off") -> tuple[float, float, int, int, str]:
    """Run `veridot check --report json` and time its stream of reports.

    Returns (seconds to the first report, seconds to the last, reports, exit code, summary):
    the first is the start-up overhead (process, imports, workers or Ray, first record), the
    span between first and last is the warm rate, measured in one run rather than as the
    difference of two noisy runs.
    """
    env = {**os.environ, "VERIDOT_CACHE": cache}
    first = last = 0.0
    count = 0
    # stderr to a file, not a pipe: an unread pipe could fill up and stall the run.
    with tempfile.TemporaryFile(mode="w+") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip():
                now = time.perf_counter() - start
                first = first or now
                last = now
                count += 1
        code = proc.wait()
        errors.seek(0)
        err = errors.read()
    summary = err.strip().splitlines()[-1] if err.strip() else ""
    return first, last, count, code, summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--parser", default="auto")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    veridot = [str(Path(sys.executable).parent / "veridot")]
    with tempfile.TemporaryDirectory() as tmp:
        full, n = write_dataset(args.data, Path(tmp), args.limit)
        print(
            f"{n} ProcessBench records, parser {args.parser}, {args.workers} workers, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        configs = {
            f"--workers {args.workers}": ["--workers", str(args.workers)],
            f"--executor ray ({args.workers} local workers)": [
                "--executor", "ray", "--workers", str(args.workers),
            ],
        }  # fmt: skip
        cache = str(Path(tmp) / "cache.sqlite3")
        for title, extra in configs.items():
            runs = []
            for _ in range(args.repeat):
                base = [*veridot, "check", "--report", "json", "--parser", args.parser, *extra]
                # The local run fills a cache for the driver-only figure below.
                runs.append(streamed([*base, str(full)], cache if "ray" not in title else "off"))
            first, last, count, code, summary = min(runs, key=lambda run: run[1])
            warm = (count - 1) / (last - first) if last > first else float("nan")
            print(f"\n{title}")
            print(f"  start-up (to the first report): {first:.1f} s")
            print(f"  {count} reports in {last:.1f} s = {count / last:.1f} records/s end to end")
            print(
                f"  warm: {warm:.1f} records/s = {warm / args.workers:.1f} records/s per core;"
                f" exit code {code}"
            )
            print(f"  summary: {summary}")
        # What the driver alone sustains (read, cache lookup, report): every record a hit.
        base = [*veridot, "check", "--report", "json", "--parser", args.parser, str(full)]
        first, last, count, code, summary = streamed(base, cache)
        print("\ndriver only (every record from the cache)")
        print(f"  {count} reports in {last:.1f} s = {count / last:.1f} records/s; {summary}")


if __name__ == "__main__":
    main()
