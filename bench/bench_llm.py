"""LLM-parser benchmark (issue 5): recorded real LLM translations of FOLIO through `LlmParser`.

The recorded outputs of Logic-LM (GPT-4, GPT-3.5-turbo, text-davinci-003; Llama-2 and Mistral
from the unmerged PR #7) and LINC (GPT-4, 10 samples per problem) are served, sentence by
sentence, by `veridot.parser.llm.recorded.RecordedChatModel`. Every sentence goes through the real
LLM-parser path: prompt with the problem's vocabulary, answer parsing, vocabulary (arity and
kind) checks, repair requests (a recording cannot improve, so a failed sentence stays failed),
then Z3 decides premises ⊢ conclusion. Beside it, on the same programs in the same run: the
Prover9 pipeline LINC and Logic-LM use (`bench/bench_folio.py`'s functions, 10 s per call)
and veridot's direct FOL path (`--parser fol`, no vocabulary checks).

The text of a sentence is what the model echoed next to its formula (`formula ::: sentence`
in Logic-LM programs, `TEXT:` lines in LINC samples).

Usage: python bench/bench_llm.py [--data ../shared/data] [--quick] [--no-prover9]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_folio import LINC_RUNS, LOGIC_LM_MODELS, prover9_answers, score

from veridot.parser.llm import LlmParser
from veridot.parser.llm.recorded import (
    NOT_RECORDED,
    Pair,
    RecordedChatModel,
    linc_pairs,
    logic_lm_pairs,
    normalize_text,
)
from veridot.provers.registry import get_prover
from veridot.verifier.datasets import Problem, Sample, load_problems
from veridot.verifier.evaluate import Answer, evaluate, evaluate_sample, majority

ROOT = Path(__file__).resolve().parents[1]


# --- one problem through the LLM parser ------------------------------------------------------


class Tally:
    """Counters over one model's run."""

    def __init__(self) -> None:
        self.calls = 0
        self.repairs = 0
        self.texts = 0
        self.ambiguous = 0
        self.reasons: Counter[str] = Counter()

    def add(self, parser: LlmParser) -> None:
        self.calls += parser.stats.model_calls
        self.repairs += parser.stats.repairs
        self.texts += parser.stats.texts


def reason_kind(reason: str) -> str:
    """A coarse class of why a problem was untranslated (for the table)."""
    if "in the vocabulary" in reason:
        return "vocabulary clash (arity/kind)"
    if "disagree" in reason or "sort" in reason.lower() or "arity" in reason.lower():
        return "sort/arity clash"
    if "ambiguous" in reason:
        return "samples tie"
    if NOT_RECORDED in reason or "no 'FOL:'" in reason or "program" in reason:
        return "no usable recording"
    return "FOL syntax"


def run_sample(
    pairs: Sequence[Pair], conclusion: Pair, *, model_name: str, tally: Tally, timeout: float
) -> tuple[Answer, str]:
    """Translate and decide one recorded program through LlmParser + Z3."""
    model = RecordedChatModel.from_pairs([*pairs, conclusion], model_name=model_name)
    parser = LlmParser(model)
    sample = Sample(tuple(text for text, _ in pairs), conclusion[0])
    result = evaluate_sample(sample, parser, get_prover("z3"), timeout=timeout)
    tally.add(parser)
    return result.outcome, result.reason


def run_voting(
    samples: Sequence[str], *, model_name: str, tally: Tally, timeout: float, k: int
) -> tuple[Answer, str]:
    """LINC samples voted per sentence inside LlmParser (samples=k), then one proof."""
    runs = [linc_pairs(s) for s in samples]
    reference = next((r for r in runs if len(r) >= 2), None)
    if reference is None:
        return "untranslated", "no sample with premises and conclusion"
    answers: dict[str, list[str]] = {}
    for run in runs:
        for text, formula in run:
            answers.setdefault(normalize_text(text), []).append(f"FOL: {formula}")
    padded = {key: (v + [NOT_RECORDED] * k)[:k] for key, v in answers.items()}
    model = RecordedChatModel.from_mapping(padded, model_name=model_name)
    parser = LlmParser(model, samples=k)
    texts = [text for text, _ in reference]
    sample = Sample(tuple(texts[:-1]), texts[-1])
    result = evaluate_sample(sample, parser, get_prover("z3"), timeout=timeout)
    tally.add(parser)
    return result.outcome, result.reason


# --- figures ----------------------------------------------------------------------------------


def summarize(
    title: str,
    problems: Sequence[Problem],
    outcomes: Sequence[Answer],
    reasons: Sequence[str],
    tally: Tally,
    elapsed: float,
    prover9: dict[str, object] | None,
    direct: dict[str, object] | None,
) -> dict[str, object]:
    ours = score(problems, list(outcomes))
    for outcome, reason in zip(outcomes, reasons, strict=True):
        if outcome == "untranslated":
            tally.reasons[reason_kind(reason)] += 1
    n = len(problems)
    translated = n - int(ours["untranslated"])  # type: ignore[call-overload]
    row: dict[str, object] = {
        "title": title,
        "n": n,
        "translated": translated,
        "translated_share": translated / n if n else 0.0,
        "correct": ours["correct"],
        "accuracy": ours["accuracy"],
        "accuracy_translated": ours["accuracy_translated"],
        "outcomes": dict(Counter(outcomes)),
        "untranslated_reasons": dict(tally.reasons),
        "texts": tally.texts,
        "model_calls": tally.calls,
        "repair_requests": tally.repairs,
        "elapsed_s": round(elapsed, 2),
        "prover9": prover9,
        "veridot_fol_direct": direct,
    }
    print(f"\n### {title}")
    print(
        f"LLM parser: translated {translated}/{n} ({100 * translated / n:.1f} %), "
        f"right {ours['correct']}/{n} ({100 * float(ours['accuracy']):.1f} %), "  # type: ignore[arg-type]
        f"on translated {100 * float(ours['accuracy_translated']):.1f} %  "  # type: ignore[arg-type]
        f"[{elapsed:.1f} s, {tally.texts} texts, {tally.calls} model calls, "
        f"{tally.repairs} repair requests]"
    )
    print(f"  untranslated because: {dict(tally.reasons)}")
    for name, figures in (("Prover9 pipeline", prover9), ("veridot --parser fol", direct)):
        if figures:
            t = int(figures["n"]) - int(figures["untranslated"])  # type: ignore[call-overload]
            print(
                f"{name}: translated {t}/{figures['n']}, right {figures['correct']}/"
                f"{figures['n']} ({100 * float(figures['accuracy']):.1f} %)"  # type: ignore[arg-type]
            )
    return row


def _baselines(
    problems: Sequence[Problem], binary: Path | None, timeout: float
) -> tuple[dict[str, object] | None, dict[str, object] | None]:
    p9 = score(problems, [a for a, _ in prover9_answers(binary, problems)]) if binary else None
    direct = evaluate(problems, parser="fol", timeout=timeout).to_dict()
    return p9, {k: direct[k] for k in ("n", "correct", "accuracy", "untranslated")}


def bench_logic_lm(name: str, path: Path, binary: Path | None, timeout: float) -> dict[str, object]:
    records = json.loads(path.read_text(encoding="utf-8"))
    problems = load_problems(path, "logic-llm")
    assert len(records) == len(problems)
    tally = Tally()
    outcomes: list[Answer] = []
    reasons: list[str] = []
    start = time.perf_counter()
    for record in records:
        split = logic_lm_pairs(record["raw_logic_programs"][0])
        if split is None:
            outcomes.append("untranslated")
            reasons.append("not a FOL program")
            continue
        outcome, reason = run_sample(*split, model_name=name, tally=tally, timeout=timeout)
        outcomes.append(outcome)
        reasons.append(reason)
    elapsed = time.perf_counter() - start
    p9, direct = _baselines(problems, binary, timeout)
    return summarize(
        f"Logic-LM {name} (FOLIO dev, 204)", problems, outcomes, reasons, tally, elapsed, p9, direct
    )


def bench_linc(
    name: str, path: Path, binary: Path | None, timeout: float, *, voting: bool
) -> dict[str, object]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    problems = load_problems(path, "linc")
    tally = Tally()
    outcomes: list[Answer] = []
    reasons: list[str] = []
    start = time.perf_counter()
    for samples in raw:
        if voting:
            outcome, reason = run_voting(
                samples, model_name=name, tally=tally, timeout=timeout, k=len(samples)
            )
        else:
            per_sample: list[Answer] = []
            why: list[str] = []
            for sample in samples:
                pairs = linc_pairs(sample)
                if len(pairs) < 1:
                    per_sample.append("untranslated")
                    why.append("no 'FOL:' line")
                    continue
                o, r = run_sample(
                    pairs[:-1], pairs[-1], model_name=name, tally=tally, timeout=timeout
                )
                per_sample.append(o)
                why.append(r)
            outcome = majority(per_sample)
            reason = why[0] if outcome == "untranslated" and why else ""
        outcomes.append(outcome)
        reasons.append(reason)
    elapsed = time.perf_counter() - start
    p9, direct = _baselines(problems, binary, timeout) if not voting else (None, None)
    how = "per-sentence vote in LlmParser (samples=10)" if voting else "majority of 10 samples"
    return summarize(
        f"LINC {name} (FOLIO, 182), {how}", problems, outcomes, reasons, tally, elapsed, p9, direct
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--timeout", type=float, default=2.0, help="Z3 deadline per proof (s)")
    ap.add_argument("--quick", action="store_true", help="GPT-4 runs only")
    ap.add_argument("--no-prover9", action="store_true", help="skip the Prover9 baseline")
    ap.add_argument("--json-out", type=Path, help="also write every figure as JSON here")
    args = ap.parse_args()
    binary: Path | None = None
    if not args.no_prover9:
        from prover9_pipeline import find_prover9

        try:
            binary = find_prover9()
        except Exception as exc:  # the baseline is optional; say so and go on
            print(f"(Prover9 baseline skipped: {exc})")
    rows: list[dict[str, object]] = []
    for name, rel in LOGIC_LM_MODELS.items():
        path = args.data / "logic-llm" / rel
        if path.exists() and (not args.quick or name == "gpt-4"):
            rows.append(bench_logic_lm(name, path, binary, args.timeout))
    for name, rel in LINC_RUNS.items():
        path = args.data / "linc" / rel
        if path.exists() and (not args.quick or name == "gpt-4-0613"):
            rows.append(bench_linc(name, path, binary, args.timeout, voting=False))
            rows.append(bench_linc(name, path, binary, args.timeout, voting=True))
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
