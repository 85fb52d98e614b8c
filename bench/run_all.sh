#!/usr/bin/env bash
# Run every benchmark in turn: bash bench/run_all.sh [--data ../shared/data]
# Figures go to stdout (and bench/results/, ignored by git); BENCHMARKS.md records them with
# the command of each part. Needs the bench extra: pip install -e '.[dev,bench]'.
# The REST load test (bench_api.py, ~7 minutes with its soak) runs last; skip it with SKIP_API=1.
set -euo pipefail
cd "$(dirname "$0")/.."
data_args=("$@")
mkdir -p bench/results
run() {
  echo "=== python $*" >&2
  python "$@" "${data_args[@]}" | tee "bench/results/$(basename "$1" .py).txt"
}
run bench/bench_fol.py
run bench/bench_prover.py
run bench/bench_readers.py
run bench/bench_folio.py
run bench/bench_english.py
run bench/bench_check.py
run bench/bench_llm.py
run bench/bench_cross.py
run bench/bench_ray.py
run bench/bench_abuse_cli.py
if [ "${SKIP_API:-0}" != 1 ]; then
  echo "=== python bench/bench_api.py" >&2
  python bench/bench_api.py | tee bench/results/bench_api.txt
fi
