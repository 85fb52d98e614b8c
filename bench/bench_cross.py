"""Issue 7 figures: z3 against cvc5 on every FOL benchmark set, and portfolio against z3 alone.

(a) Cross-check: every FOL sample of FOLIO gold (validation; train has no conclusion FOL,
    so each train story gives a leave-one-out check: its last premise from the others),
    Logic-LM's recorded
    FOLIO programs (every model), LINC's recorded FOLIO samples (10 per problem) and the
    project's entailment corpus is decided by z3 and by cvc5 (same parse, same timeout).
    Printed per set: samples, agreements, one-side unknowns, and every disagreement (both
    definite, different verdicts) with its formulas, for explanation in BENCHMARKS.md.
(b) Portfolio vs z3 alone on FOLIO gold (validation) and on quantifier-heavy problems (FOLIO
    validation problems and train leave-one-out checks with at least 6 quantifiers or an ∀∃
    alternation): per-problem
    wall time p50/p99 and the number of `unknown` answers. z3 alone runs in-process;
    portfolio includes its inter-process cost (it runs both provers in child processes).

Usage: python bench/bench_cross.py [--data ../shared/data] [--timeout 2] [--jobs 2] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veridot.parser.ast import Exists, Forall, Formula, walk
from veridot.parser.errors import ParseError
from veridot.parser.fol import parse_fol
from veridot.provers.registry import get_prover
from veridot.verifier.datasets import Problem, load_problems

ROOT = Path(__file__).resolve().parents[1]
_PR7 = "pr7_open_models/outputs/logic_programs/FOLIO_dev_"
LOGIC_LM = {
    "gpt-4": "outputs/logic_programs/FOLIO_dev_gpt-4.json",
    "gpt-3.5-turbo": "outputs/logic_programs/FOLIO_dev_gpt-3.5-turbo.json",
    "text-davinci-003": "outputs/logic_programs/FOLIO_dev_text-davinci-003.json",
    "Llama-2-7b": _PR7 + "meta-llama-Llama-2-7b-hf.json",
    "Llama-2-13b": _PR7 + "meta-llama-Llama-2-13b-hf.json",
    "Llama-2-70b": _PR7 + "meta-llama-Llama-2-70b-hf.json",
    "Mistral-7B": _PR7 + "mistralai-Mistral-7B-v0.1.json",
}
LINC = {
    "gpt-4-0613": "outputs/gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json",
    "gpt-3.5-turbo-16k-0613": (
        "outputs/gpt-3.5-turbo-16k-0613_folio-neurosymbolic-8shot_generations_raw.json"
    ),
}
Job = tuple[str, str, tuple[str, ...], str]  # set, id, premises, conclusion


def parse(job: Job) -> tuple[list[Formula], Formula] | None:
    try:
        return [parse_fol(p) for p in job[2]], parse_fol(job[3])
    except (ParseError, RecursionError):
        return None


def decide(job: Job, timeout: float) -> dict[str, Any]:
    """Both provers' verdicts on one sample (in a pool worker)."""
    parsed = parse(job)
    if parsed is None:
        return {"set": job[0], "id": job[1], "z3": "untranslated", "cvc5": "untranslated"}
    row: dict[str, Any] = {"set": job[0], "id": job[1]}
    for name in ("z3", "cvc5"):
        start = time.perf_counter()
        try:
            result = get_prover(name).prove(*parsed, timeout=timeout)
            row[name] = result.verdict.value
            row[f"{name}_reason"] = result.reason
        except ParseError:
            row[name] = "untranslated"
        except Exception as exc:
            row[name] = f"error: {type(exc).__name__}"
        row[f"{name}_ms"] = (time.perf_counter() - start) * 1000
    return row


def _decide_star(args: tuple[Job, float]) -> dict[str, Any]:
    return decide(*args)


def jobs_of(set_name: str, problems: list[Problem]) -> list[Job]:
    return [
        (set_name, f"{p.id}#{k}", tuple(s.premises), s.conclusion)
        for p in problems
        for k, s in enumerate(p.samples)
        if not s.error
    ]


def folio_train_jobs(data: Path) -> list[Job]:
    """FOLIO train has gold premise FOL but no conclusion FOL: each distinct story becomes a
    leave-one-out check (its last premise from the others)."""
    path = data / "folio" / "folio-train.jsonl"
    if not path.exists():
        return []
    seen: set[tuple[str, ...]] = set()
    work: list[Job] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        premises = tuple(json.loads(line).get("premises-FOL") or ())
        if len(premises) >= 2 and premises not in seen:
            seen.add(premises)
            work.append(
                (
                    "FOLIO gold train (leave-one-out)",
                    f"story{len(work)}",
                    premises[:-1],
                    premises[-1],
                )
            )
    return work


def corpus_jobs() -> list[Job]:
    path = ROOT / "tests" / "corpus" / "entailment.jsonl"
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [("corpus", c["id"], tuple(c["premises"]), c["claim"]) for c in cases]


def cross_check(
    data: Path, timeout: float, jobs: int, quick: bool, only: str | None = None
) -> dict[str, Any]:
    work: list[Job] = corpus_jobs()
    path = data / "folio" / "folio-validation.jsonl"
    if path.exists():
        work += jobs_of("FOLIO gold validation", load_problems(path, "folio"))
    if not quick:
        work += folio_train_jobs(data)
    for model, rel in LOGIC_LM.items():
        path = data / "logic-llm" / rel
        if path.exists() and (not quick or model == "gpt-4"):
            work += jobs_of(f"Logic-LM {model}", load_problems(path, "logic-llm"))
    for model, rel in LINC.items():
        path = data / "linc" / rel
        if path.exists() and (not quick or model == "gpt-4-0613"):
            work += jobs_of(f"LINC {model}", load_problems(path, "linc"))
    if only:
        work = [job for job in work if only in job[0]]
    print(f"(a) cross-check: {len(work)} samples, timeout {timeout} s, {jobs} processes")
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(_decide_star, [(job, timeout) for job in work], chunksize=8))
    elapsed = time.perf_counter() - start
    by_set: dict[str, Counter[str]] = {}
    disagreements = []
    one_sided: list[dict[str, Any]] = []
    for job, row in zip(work, rows, strict=True):
        counts = by_set.setdefault(row["set"], Counter())
        counts["samples"] += 1
        z, c = row["z3"], row["cvc5"]
        if z == "untranslated":
            counts["untranslated"] += 1
        elif z == c:
            counts["agree"] += 1
            counts[f"agree_{z}"] += 1
        elif "unknown" in (z, c):
            counts[f"{'z3' if z == 'unknown' else 'cvc5'}_unknown_only"] += 1
            one_sided.append(row)
        else:
            counts["disagree"] += 1
            disagreements.append({**row, "premises": job[2], "conclusion": job[3]})
    for name, counts in by_set.items():
        print(f"  {name}: {dict(sorted(counts.items()))}")
    print(f"  disagreements: {len(disagreements)}  [{elapsed:.1f} s]")
    for d in disagreements:
        print(
            f"  - {d['set']} {d['id']}: z3={d['z3']} ({d['z3_reason']}) cvc5={d['cvc5']}"
            f" ({d['cvc5_reason']})"
        )
        for p in d["premises"]:
            print(f"      P: {p}")
        print(f"      C: {d['conclusion']}")
    print(f"  one side unknown: {len(one_sided)}")
    for r in one_sided:
        print(
            f"  - {r['set']} {r['id']}: z3={r['z3']} ({r['z3_reason']}, {r['z3_ms']:.0f} ms)"
            f" cvc5={r['cvc5']} ({r['cvc5_reason']}, {r['cvc5_ms']:.0f} ms)"
        )
    z3_ms = [r["z3_ms"] for r in rows if "z3_ms" in r]
    cvc5_ms = [r["cvc5_ms"] for r in rows if "cvc5_ms" in r]
    print(
        f"  per-sample ms: z3 p50 {pct(z3_ms, 50):.1f} p99 {pct(z3_ms, 99):.1f}; "
        f"cvc5 p50 {pct(cvc5_ms, 50):.1f} p99 {pct(cvc5_ms, 99):.1f}"
    )
    return {"by_set": {k: dict(v) for k, v in by_set.items()}, "disagreements": disagreements}


def pct(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def quantifier_heavy(premises: list[Formula], claim: Formula) -> bool:
    count = 0
    alternation = False
    for formula in (*premises, claim):
        for node in walk(formula):
            if isinstance(node, Forall | Exists):
                count += 1
                inner = node.body
                while isinstance(inner, Forall | Exists):
                    if type(inner) is not type(node):
                        alternation = True
                    inner = inner.body
    return count >= 6 or alternation


def race(data: Path, timeout: float, quick: bool) -> dict[str, Any]:
    val = load_problems(data / "folio" / "folio-validation.jsonl", "folio")
    sets: dict[str, list[tuple[list[Formula], Formula]]] = {"FOLIO gold validation": []}
    heavy: list[tuple[list[Formula], Formula]] = []
    everything = (
        val if quick else val + load_problems(data / "folio" / "folio-train.jsonl", "folio")
    )
    for problem in everything:
        for sample in problem.samples:
            parsed = parse(("", "", tuple(sample.premises), sample.conclusion))
            if parsed is None:
                continue
            if problem in val:
                sets["FOLIO gold validation"].append(parsed)
            if quantifier_heavy(*parsed):
                heavy.append(parsed)
    sets["quantifier-heavy (FOLIO)"] = heavy
    out: dict[str, Any] = {}
    print(f"\n(b) portfolio vs z3 alone, timeout {timeout} s")
    for title, problems in sets.items():
        row: dict[str, Any] = {"n": len(problems)}
        for name in ("z3", "portfolio"):
            prover = get_prover(name)
            if name == "portfolio":  # start the children outside the timed loop
                prover.prove(*problems[0], timeout=timeout)
            times, unknown = [], 0
            for premises, claim in problems:
                start = time.perf_counter()
                try:
                    verdict = prover.prove(premises, claim, timeout=timeout).verdict.value
                except ParseError:
                    continue
                times.append((time.perf_counter() - start) * 1000)
                unknown += verdict == "unknown"
            row[name] = {
                "p50_ms": round(pct(times, 50), 1),
                "p99_ms": round(pct(times, 99), 1),
                "mean_ms": round(statistics.fmean(times), 1) if times else 0.0,
                "unknown": unknown,
            }
        print(f"  {title} ({row['n']} problems): z3 {row['z3']}; portfolio {row['portfolio']}")
        out[title] = row
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--part", choices=["a", "b", "ab"], default="ab")
    ap.add_argument("--only", help="(a): only the sets whose name contains this")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()
    result: dict[str, Any] = {}
    if "a" in args.part:
        result["cross"] = cross_check(args.data, args.timeout, args.jobs, args.quick, args.only)
    if "b" in args.part:
        result["race"] = race(args.data, args.timeout, args.quick)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
