"""What a report's JSON costs where it is written and read (issue 13 step 3), per report.

Usage: python bench/bench_codec.py [--data ../shared/data] [--records 40] [--repeat 7]

Checks `--records` ProcessBench records (gsm8k and math, half each) and the bundled examples
in-process once, then times, per report (best of `--repeat`, microseconds):
- `encode`: `Report.to_dict()` + `veridot.verifier.codec.dumps` (a report written for `--report
  json` or the cache; the runner now does it only there). Since the findings carry data only,
  this includes wording them (`veridot.verifier.prose`), which the checker no longer does;
- `decode`: `json.loads` + `Report.from_dict` (a cached report read back for a text report);
- `round trip`: encode + decode, what the runner paid for every record before reports
  travelled as objects (now 0 in-process with a text report and no cache);
- `hit`: `veridot.verifier.codec.read_entry` on a cache entry (the header line; the report is not
  parsed until a reporter reads it);
- `pickle`: dumps + loads of the Report object (what a worker's result would cost as an
  object; workers send the cache entry instead).
Only the serialization is timed, never the checks.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from veridot.verifier import codec, verify  # noqa: E402
from veridot.verifier.inputs import read_inputs  # noqa: E402
from veridot.verifier.readers import read_record  # noqa: E402
from veridot.verifier.report import Report  # noqa: E402


def _reports(data: Path, records: int) -> list[Report]:
    paths = [str(p) for p in sorted((ROOT / "examples").glob("*.jsonl"))]
    out: list[Report] = []
    for item in read_inputs(paths):
        if item.failure is None:
            out.append(verify(read_record(item.obj, line=item.line, default_id=item.default_id)))
    for name in ("gsm8k", "math"):
        path = data / "processbench" / "dataset" / f"{name}.json"
        if not path.exists():
            print(f"{path} is absent: examples only")
            continue
        for record in json.loads(path.read_text(encoding="utf-8"))[: records // 2]:
            out.append(verify(read_record(record)))
    return out


def _per_report(fn: Callable[[], object], n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--records", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    reports = _reports(args.data, args.records)
    n = len(reports)
    texts = [codec.dumps(r.to_dict()) for r in reports]
    entries = [codec.entry(r.to_dict()) for r in reports]
    pickles = [pickle.dumps(r) for r in reports]

    def encode() -> object:
        return [codec.dumps(r.to_dict()) for r in reports]

    def decode() -> object:
        return [Report.from_dict(json.loads(t)) for t in texts]

    def hit() -> object:
        return [codec.read_entry(e) for e in entries]

    def pickled() -> object:
        return [pickle.loads(pickle.dumps(r)) for r in reports]

    size = sum(map(len, texts)) / n
    print(f"{n} reports, {size:.0f} characters of JSON each on average; microseconds per report:")
    enc, dec = _per_report(encode, n, args.repeat), _per_report(decode, n, args.repeat)
    print(f"  encode      {enc:8.1f}")
    print(f"  decode      {dec:8.1f}")
    print(f"  round trip  {enc + dec:8.1f}  (the old runner's per-record cost)")
    print(f"  hit         {_per_report(hit, n, args.repeat):8.1f}")
    print(f"  pickle      {_per_report(pickled, n, args.repeat):8.1f}  ({len(pickles[0])} bytes)")


if __name__ == "__main__":
    main()
