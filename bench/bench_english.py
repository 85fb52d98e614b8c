"""Benchmarks of the controlled-English parser (issue 4): accuracy, gold chains, arithmetic, speed.

Usage: python bench/bench_english.py [--data ../shared/data] [--only NAME ...] [--limit N]

- proofwriter: Logic-LM ProofWriter dev (600, depth 5, open world): context -> premises,
  the question's statement -> conclusion, Z3 verdict -> answer (entailed A, contradicted B,
  unsupported C);
- prontoqa: Logic-LM ProntoQA dev (500), the same with answers A (True) / B (False);
- linc: LINC's 360 ProofWriter problems (True / False / Uncertain);
- chains: PrOntoQA gold chains of thought (every hop-count file, all examples, and 8hop) and
  the ProntoQA dev `explanation` chains: each step checked against the context and the chain
  sentences before it; share entailed (all steps, and derived steps = not in the context);
- gsm8k: ProcessBench gsm8k (400) with arithmetic claims only: the first step holding a false
  equation is the predicted earliest error (`--pb-files gsm8k,math,olympiadbench,omnimath`
  runs the same on the other ProcessBench sets);
- speed: sentences per second on the distinct ProofWriter sentences, one core, cold cache, then
  the whole context stream with the per-sentence cache.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from veridot.parser.ast import Formula
from veridot.parser.english import EnglishParser, parse_sentence, parse_text, split_sentences
from veridot.parser.english.parser import clear_caches
from veridot.parser.math.evaluate import evaluate
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.base import Verdict
from veridot.provers.registry import get_prover
from veridot.verifier.readings import Reading, apply_reading

ANSWER = {Verdict.ENTAILED: "A", Verdict.CONTRADICTED: "B", Verdict.UNSUPPORTED: "C"}
LABEL_TO_LETTER = {"True": "A", "False": "B", "Uncertain": "C", "Unknown": "C"}


def translate_all(texts: Iterable[str], vocab: Vocabulary) -> list[Formula] | str:
    """Formulas of every text, or the first untranslated reason."""
    parser = EnglishParser()
    out: list[Formula] = []
    for text in texts:
        tr = parser.translate(text, vocab, role="premise")
        if tr.status is TranslationStatus.UNTRANSLATED:
            return tr.reason
        out.extend(tr.claims)
    return out


def decide(
    premises: Sequence[str], statement: str, timeout: float, *, semantics: str = "classical"
) -> tuple[str, str]:
    """(answer letter or outcome, reason) for one problem."""
    vocab = Vocabulary()
    prem = translate_all(premises, vocab)
    if isinstance(prem, str):
        return "untranslated", prem
    concl = translate_all([statement], vocab)
    if isinstance(concl, str):
        return "untranslated", concl
    if len(concl) != 1:
        return "untranslated", f"conclusion gives {len(concl)} formulas"
    prover = get_prover("z3")
    # "literal": ProofWriter's reading of "not", as `veridot eval --semantics proofwriter`.
    reading = Reading("proofwriter" if semantics == "literal" else "classical")
    result = apply_reading(
        reading, prem, concl[0], lambda ps, c: prover.prove(ps, c, timeout=timeout)
    )
    return ANSWER.get(result.verdict, result.verdict.value), result.reason


def question_statement(question: str) -> str:
    return question.rsplit("? ", 1)[-1].strip()


def bench_logic_llm(
    path: Path, name: str, limit: int | None, timeout: float, semantics: str = "classical"
) -> None:
    rows = json.loads(path.read_text())[:limit]
    t0 = time.perf_counter()
    correct = 0
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    misses: Counter[str] = Counter()
    for row in rows:
        got, reason = decide(
            split_sentences(row["context"]),
            question_statement(row["question"]),
            timeout,
            semantics=semantics,
        )
        outcomes[got] += 1
        if got == row["answer"]:
            correct += 1
        else:
            misses[f"{row['answer']}->{got}"] += 1
            if len(failures) < 5:
                failures.append(f"  {row['id']}: gold {row['answer']} got {got} {reason}")
    dt = time.perf_counter() - t0
    print(
        f"{name} [{semantics}]: accuracy {correct}/{len(rows)} = {100 * correct / len(rows):.2f} %"
        f"  outcomes {dict(outcomes)}  ({dt:.1f} s, {1000 * dt / len(rows):.1f} ms/problem)"
    )
    if misses:
        print(f"  misses (gold->answer): {dict(misses)}")
    for line in failures:
        print(line)


def bench_linc(data: Path, limit: int | None, timeout: float, semantics: str = "classical") -> None:
    rows = json.loads((data / "linc/derived/proofwriter_problems_reconstructed.json").read_text())
    rows = rows[:limit]
    t0 = time.perf_counter()
    correct = 0
    outcomes: Counter[str] = Counter()
    for row in rows:
        got, _ = decide(row["premises"], row["conclusion"], timeout, semantics=semantics)
        outcomes[got] += 1
        correct += got == LABEL_TO_LETTER[row["label"]]
    dt = time.perf_counter() - t0
    print(
        f"linc-proofwriter [{semantics}]: accuracy {correct}/{len(rows)}"
        f" = {100 * correct / len(rows):.2f} %"
        f"  outcomes {dict(outcomes)}  ({dt:.1f} s)"
    )


def check_chain(
    context: Sequence[str], chain: Sequence[str], timeout: float
) -> list[tuple[bool, bool, str]]:
    """For each chain step: (entailed, derived, verdict), checked with one solver session."""
    vocab = Vocabulary()
    parser = EnglishParser()
    session = get_prover("z3").session(timeout=timeout)
    try:
        ids: list[int] = []
        for sentence in context:
            tr = parser.translate(sentence, vocab, role="premise")
            ids.extend(session.add(f) for f in tr.claims)
        context_set = {s.strip() for s in context}
        out: list[tuple[bool, bool, str]] = []
        for step in chain:
            tr = parser.translate(step, vocab, role="claim")
            derived = step.strip() not in context_set
            if tr.status is not TranslationStatus.CLAIM:
                out.append((False, derived, tr.status.value))
                continue
            verdicts = [session.check(list(ids), f).verdict for f in tr.claims]
            ok = all(v is Verdict.ENTAILED for v in verdicts)
            out.append((ok, derived, ",".join(v.value for v in verdicts)))
            ids.extend(session.add(f) for f in tr.claims)
        return out
    finally:
        session.close()


def _chain_report(name: str, results: list[list[tuple[bool, bool, str]]], dt: float) -> None:
    steps = [s for chain in results for s in chain]
    derived = [s for s in steps if s[1]]
    ok_chains = sum(all(s[0] for s in chain) for chain in results)
    print(
        f"{name}: steps entailed {sum(s[0] for s in steps)}/{len(steps)}"
        f" = {100 * sum(s[0] for s in steps) / max(1, len(steps)):.2f} %;"
        f" derived steps {sum(s[0] for s in derived)}/{len(derived)};"
        f" chains fully entailed {ok_chains}/{len(results)}  ({dt:.1f} s)"
    )
    bad = Counter(s[2] for s in steps if not s[0])
    if bad:
        print(f"  failing verdicts: {dict(bad)}")


def bench_chains(data: Path, limit: int | None, timeout: float) -> None:
    files = sorted(glob.glob(str(data / "prontoqa/learning/prontoqa/*.json")))
    total: list[list[tuple[bool, bool, str]]] = []
    for file in files:
        t0 = time.perf_counter()
        results = []
        for problem in list(json.loads(Path(file).read_text()).values())[:limit]:
            for example in problem.values():
                context = split_sentences(example["question"])
                results.append(check_chain(context, example["chain_of_thought"], timeout))
        _chain_report(f"prontoqa-gold {Path(file).stem}", results, time.perf_counter() - t0)
        total.extend(results)
    _chain_report("prontoqa-gold ALL files", total, 0.0)
    t0 = time.perf_counter()
    rows = json.loads((data / "logic-llm/data/ProntoQA/dev.json").read_text())[:limit]
    results = [check_chain(split_sentences(r["context"]), r["explanation"], timeout) for r in rows]
    _chain_report("prontoqa-dev explanations", results, time.perf_counter() - t0)


def false_step(step: str) -> int:
    """Number of false arithmetic claims in a step (claims from equations only)."""
    parsed = parse_text(step)
    if not parsed.arithmetic:
        return 0
    bad = 0
    for claim in parsed.claims:
        if not _holds(claim):
            bad += 1
    return bad


def _holds(claim: Formula) -> bool:
    from veridot.parser.ast import And, Compare, Eq

    match claim:
        case Eq(left=left, right=right):
            return evaluate(left) == evaluate(right)  # type: ignore[arg-type]
        case And(args=args):
            return all(_holds(a) for a in args)
        case Compare(op=op, left=left, right=right):
            a, b = evaluate(left), evaluate(right)  # type: ignore[arg-type]
            return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        case _:
            return True  # logic claims are not judged here


def bench_gsm8k(data: Path, limit: int | None, verbose: bool, name: str = "gsm8k") -> None:
    rows = json.loads((data / f"processbench/dataset/{name}.json").read_text())[:limit]
    t0 = time.perf_counter()
    flagged = right = caught = wrong_on_correct = 0
    errors = sum(r["label"] != -1 for r in rows)
    claims = 0
    steps_with_claims = 0
    for row in rows:
        predicted = -1
        for i, step in enumerate(row["steps"]):
            parsed = parse_text(step)
            if parsed.arithmetic:
                steps_with_claims += 1
                claims += len(parsed.claims)
            if false_step(step):
                predicted = i
                break
        if predicted == -1:
            continue
        flagged += 1
        if row["label"] == -1:
            wrong_on_correct += 1
            if verbose:
                print(
                    f"  FLAGGED CORRECT {row['id']} step {predicted}: "
                    f"{row['steps'][predicted][:300]!r}"
                )
        elif predicted == row["label"]:
            right += 1
            caught += 1
        elif verbose:
            print(
                f"  MISPLACED {row['id']} gold {row['label']} got {predicted}: "
                f"{row['steps'][predicted][:300]!r}"
            )
    dt = time.perf_counter() - t0
    print(
        f"processbench-{name}: flagged {flagged}; precision of flagged earliest errors"
        f" {right}/{flagged} = {right / max(1, flagged):.3f}; erroneous solutions caught"
        f" {caught}/{errors} = {100 * caught / max(1, errors):.1f} %; correct solutions flagged"
        f" {wrong_on_correct}/{len(rows) - errors}; {claims} arithmetic claims in"
        f" {steps_with_claims} steps  ({dt:.1f} s)"
    )


def bench_speed(data: Path) -> None:
    rows = json.loads((data / "logic-llm/data/ProofWriter/dev.json").read_text())
    stream = [s for r in rows for s in split_sentences(r["context"])]
    distinct = list(dict.fromkeys(stream))
    parse_sentence("warm up the pipeline.")
    # CPU time of this process: the machine is shared, and wall time under load measures the
    # neighbours. Shapes, lemmas and symbols are learned during the timed run.
    clear_caches()
    c0, t0 = time.process_time(), time.perf_counter()
    for s in distinct:
        parse_sentence(s)
    cold_cpu, cold_wall = time.process_time() - c0, time.perf_counter() - t0
    clear_caches()
    c0 = time.process_time()
    for s in stream:
        parse_sentence(s)
    warm_cpu = time.process_time() - c0
    load = os.getloadavg()[0]
    print(
        f"speed (one core, CPU time): {len(distinct) / cold_cpu:,.0f} sentences/s on"
        f" {len(distinct)} distinct ProofWriter sentences, all caches empty at start"
        f" (wall: {len(distinct) / cold_wall:,.0f}/s at load average {load:.1f});"
        f" {len(stream) / warm_cpu:,.0f} sentences/s on the {len(stream)}-sentence context"
        " stream with the per-sentence cache"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = os.environ.get(
        "VERIDOT_DATA", str(Path(__file__).resolve().parent.parent.parent / "shared/data")
    )
    ap.add_argument("--data", default=default)
    ap.add_argument(
        "--only",
        nargs="*",
        default=None,
        choices=["proofwriter", "prontoqa", "linc", "chains", "gsm8k", "speed"],
    )
    ap.add_argument("--limit", type=int, default=None, help="first N items of each set")
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--pb-files", default="gsm8k", help="gsm8k part: ProcessBench sets, comma-separated"
    )
    args = ap.parse_args()
    data = Path(args.data)
    only = set(args.only or ["proofwriter", "prontoqa", "linc", "chains", "gsm8k", "speed"])
    if "speed" in only:
        bench_speed(data)
    if "proofwriter" in only:
        for semantics in ("classical", "literal"):
            bench_logic_llm(
                data / "logic-llm/data/ProofWriter/dev.json",
                "proofwriter-logiclm-dev",
                args.limit,
                args.timeout,
                semantics,
            )
    if "prontoqa" in only:
        bench_logic_llm(
            data / "logic-llm/data/ProntoQA/dev.json",
            "prontoqa-logiclm-dev",
            args.limit,
            args.timeout,
        )
    if "linc" in only:
        for semantics in ("classical", "literal"):
            bench_linc(data, args.limit, args.timeout, semantics)
    if "chains" in only:
        bench_chains(data, args.limit, args.timeout)
    if "gsm8k" in only:
        for name in args.pb_files.split(","):
            bench_gsm8k(data, args.limit, args.verbose, name)


if __name__ == "__main__":
    main()
