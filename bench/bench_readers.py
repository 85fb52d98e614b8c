"""Benchmarks of the readers (issue 3): dataset read speed and long-chain construction.

Usage: python bench/bench_readers.py [--data ../shared/data] [--repeat N]

- datasets: every ProcessBench and verify_cot (Natural Program) file read with `read_jsonl`:
  records, unreadable records (with the reason), nodes, edges and records per second;
- transcripts: a generated 1,000-block v2 transcript and a 500-pair v1 transcript;
- chains: `read_record` on plain chains of 100 and 1,000 steps (each step rests on every
  earlier step and premise, so edges grow quadratically: ~5k and ~500k) and the time ratio.
Times are the best of `--repeat` runs, reading only (no parsing of steps, no solver).
"""

from __future__ import annotations

import argparse
import glob
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veridot.verifier.readers import RecordError, read_jsonl, read_record, read_transcript


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench_datasets(data: Path, repeat: int) -> None:
    files = sorted(glob.glob(str(data / "processbench/dataset/*.json")))
    files += sorted(glob.glob(str(data / "verify_cot/data/human_annotation/*.json")))
    if not files:
        print(f"datasets: no ProcessBench / verify_cot files under {data}")
        return
    print("file                               records  unreadable  nodes   edges   records/s")
    for name in files:
        secs, out = _best(lambda n=name: list(read_jsonl(n)), repeat)  # type: ignore[misc]
        assert isinstance(out, list)
        bad = [x for x in out if isinstance(x, RecordError)]
        good = [x for x in out if not isinstance(x, RecordError)]
        nodes = sum(len(d.nodes) for d in good)
        edges = sum(len(d.edges) for d in good)
        rel = Path(name).relative_to(data)
        print(
            f"{rel.name:<34} {len(out):>7} {len(bad):>11} {nodes:>6} {edges:>7} "
            f"{len(out) / secs:>10.0f}"
        )
        for err in bad:
            print(f"    unreadable record {err.index}: [{err.code}] {err.message.splitlines()[0]}")


def bench_transcripts(repeat: int) -> None:
    blocks = ["<problem>\n@node id=1 role=problem\n@prop id=1 P0(a)\np\n</problem>"]
    for i in range(2, 1001):
        blocks.append(
            f"<proposer>\n@node id={i} role=proposer\n@edge src={i - 1} dst={i} kind=use\n"
            f"@prop id={i} P{i}(a)\nstep {i}\n</proposer>"
        )
    v2 = "\n".join(blocks)
    secs, _ = _best(lambda: read_transcript(v2), repeat)
    print(f"v2 transcript, 1,000 blocks ({len(v2) // 1024} KiB): {secs * 1000:.0f} ms")
    v1 = "\n".join(
        f"<proposer> Step {i}. </proposer> <critic> correct </critic>" for i in range(500)
    )
    secs, _ = _best(lambda: read_transcript(v1), repeat)
    print(f"v1 transcript, 500 proposer/critic pairs (~125k implicit edges): {secs * 1000:.0f} ms")


def bench_chains(repeat: int) -> None:
    times = {}
    for n in (100, 1000):
        rec = {"premises": ["Bob is blue."], "steps": [f"Bob is x{i}." for i in range(n)]}
        secs, d = _best(lambda r=rec: read_record(r), repeat)  # type: ignore[misc]
        times[n] = secs
        edges = len(d.edges)  # type: ignore[attr-defined]
        print(f"chain of {n:>5} steps: {edges:>7} edges, {secs * 1000:.1f} ms")
    print(f"1,000-step / 100-step read time: {times[1000] / times[100]:.0f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data"
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench_datasets(args.data, args.repeat)
    bench_transcripts(args.repeat)
    bench_chains(args.repeat)


if __name__ == "__main__":
    main()
