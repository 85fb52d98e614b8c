#!/usr/bin/env bash
# The README's two commands on a fresh checkout: wall time and venv size of each.
#
#   bash bench/bench_install.sh [REF] [--with-tests]
#
# Exports REF (default HEAD) of this repository into a temporary folder (no .venv, no caches
# of ours), reads the first two ```bash blocks of that README, and runs them there in order,
# timing each and measuring .venv with `du` after each. pip's HTTP cache is off
# (PIP_NO_CACHE_DIR=1) so every wheel is fetched again; pip's configured indexes (on this
# machine, local mirrors next to PyPI) still make downloads faster than on a fresh machine.
# The test suite itself is not run unless --with-tests is given: the second command is cut
# before `python -m pytest` and only its install part is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=HEAD
with_tests=0
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=1 ;;
    *) ref="$arg" ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive --format=tar "$ref" | tar -x -C "$work"
cd "$work"

# The first two fenced bash blocks of the README, one command line each.
mapfile -t commands < <(awk '/^```bash$/ {inside=1; next} /^```$/ {if (inside) n++; inside=0; if (n == 2) exit; next} inside' README.md)
[ "${#commands[@]}" -eq 2 ] || { echo "expected two one-line commands, got: ${commands[*]}" >&2; exit 2; }

export PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
python3 --version
echo "ref: $(git -C "$OLDPWD" rev-parse --short "$ref")"
for i in 0 1; do
  cmd=${commands[$i]}
  if [ "$i" = 1 ] && [ "$with_tests" = 0 ]; then
    cmd=${cmd%% && python -m pytest*}
  fi
  echo "=== command $((i + 1)): $cmd"
  start=$(date +%s.%N)
  # --exit-zero keeps the first command at 0; a failing command is reported, not hidden.
  if ! bash -c "$cmd" >"$work/out$i.txt" 2>&1; then
    tail -20 "$work/out$i.txt"
    echo "command $((i + 1)) failed" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  printf 'wall: %.0f s\n' "$(echo "$end - $start" | bc)"
  echo "venv: $(du -sm .venv | cut -f1) MB, $(.venv/bin/python -m pip list 2>/dev/null | tail -n +3 | wc -l) distributions"
done
