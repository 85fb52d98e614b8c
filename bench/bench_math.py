"""Math chains of thought (issue 10): GSM8K annotations, mutated solutions, ProcessBench.

Usage: python bench/bench_math.py [--data ../shared/data] [--parts gmp] [--workers 2]
       [--limit N] [--seed 0] [--pb-files gsm8k,math,olympiadbench,omnimath] [--parser auto]
       [--json-out FILE]

Every record goes through `veridot.verifier.runner.run` as `veridot check` would read it (no cache),
with the parser `auto` unless `--parser` says otherwise.

- g: GSM8K train (7,473 solutions written by people, `gsm8k/train.jsonl`), each read as a
  chain (`veridot.verifier.readers.gsm8k`): the share of annotated steps (a `<<expr=result>>`
  annotation in the line) that are `entailed` (target >= 95 %), the status of the others,
  and every flagged record listed with the step's text and message, for judging.
- m: the same solutions, each copied with one annotation result changed (a fixed seed picks
  the annotation and the change; the result inside `<<...>>` and the number written right
  after it both change): the share whose reported first error is the changed step (target
  >= 95 %), and how the others came out.
- p: ProcessBench, each set: correct solutions (label -1) flagged (target 0), erroneous
  solutions whose first flagged step is the labelled one, F1 of the two accuracies
  (targets: math 0.35, olympiadbench and gsm8k 0.20, omnimath 0.12), precision of flagged
  steps (first flags at the labelled step / all first flags), the share of steps decided
  (entailed, contradicted, unsupported or inconsistent), and every flag on a correct
  solution or before the labelled step, listed for judging.
- t: timing only: the four ProcessBench sets (3,400 records) in one run with `--workers`
  (target <= 60 s with 2 workers). Run it alone on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from veridot.verifier.options import CheckOptions  # noqa: E402
from veridot.verifier.report import Report  # noqa: E402
from veridot.verifier.runner import run  # noqa: E402

ANNOTATION = re.compile(r"<<([^<>=]*)=([^<>]*)>>")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_FINAL = re.compile(r"^[ \t]*####", re.MULTILINE)
FLAGGED = frozenset({"contradicted", "unsupported", "inconsistent"})
DECIDED = FLAGGED | {"entailed"}
PB_TARGETS = {"gsm8k": 0.20, "math": 0.35, "olympiadbench": 0.20, "omnimath": 0.12}
QUOTE = 220  # characters of a step quoted in a listing


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def check(path: Path, options: CheckOptions, workers: int) -> tuple[list[Report | None], float]:
    """Reports of every record of `path` (None for an unreadable one) and the wall time."""
    started = time.perf_counter()
    reports = [outcome.report for outcome in run([str(path)], options, workers=workers)]
    return reports, time.perf_counter() - started


def quote(text: str, limit: int = QUOTE) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def flagged_nodes(report: Report) -> list[Any]:
    return [n for n in report.nodes if n.role == "proposer" and n.status.value in FLAGGED]


# --- GSM8K train ----------------------------------------------------------------------------


def gsm8k_rows(data: Path, limit: int | None) -> list[dict[str, Any]]:
    lines = (data / "gsm8k" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()][:limit]
    for index, row in enumerate(rows):
        row.setdefault("id", f"train-{index}")
    return rows


def bench_gsm8k(
    rows: Sequence[dict[str, Any]], tmp: Path, options: CheckOptions, workers: int
) -> dict[str, Any]:
    reports, elapsed = check(write_jsonl(tmp / "gsm8k.jsonl", rows), options, workers)
    annotated: Counter[str] = Counter()
    flagged_records = 0
    unreadable = 0
    listing: list[str] = []
    for row, report in zip(rows, reports, strict=True):
        if report is None:
            unreadable += 1
            continue
        for node in report.nodes:
            if node.role == "proposer" and ANNOTATION.search(node.text):
                annotated[node.status.value] += 1
        bad = flagged_nodes(report)
        if bad:
            flagged_records += 1
            for node in bad:
                listing.append(
                    f"  {row['id']} {node.id} {node.status.value}: {quote(node.text)}\n"
                    f"      {node.message[:400]}"
                )
    total = sum(annotated.values())
    share = annotated["entailed"] / max(total, 1)
    print(
        f"(g) GSM8K train: {len(rows)} solutions, {total} annotated steps: entailed "
        f"{annotated['entailed']} ({100 * share:.2f} %, target 95 %: "
        f"{'meets' if share >= 0.95 else 'MISSES'}); {dict(annotated.most_common())}; "
        f"records flagged {flagged_records}; unreadable {unreadable}; {elapsed:.1f} s",
        flush=True,
    )
    print("\n".join(listing), flush=True)
    return {
        "solutions": len(rows),
        "annotated_steps": total,
        "annotated_statuses": dict(annotated),
        "entailed_share": share,
        "records_flagged": flagged_records,
    }


# --- mutated GSM8K --------------------------------------------------------------------------


def changed(result: str, rng: random.Random) -> str:
    """A different number written like `result`: same decimal places, shifted by 1 to 5
    units of its last place, never crossing from non-negative to negative."""
    places = len(result.split(".")[1]) if "." in result else 0
    unit = Fraction(1, 10**places)
    value = Fraction(result)
    delta = rng.choice([1, 2, 3, 4, 5]) * unit * rng.choice([-1, 1])
    if value >= 0 > value + delta:
        delta = -delta
    new = value + delta
    if places == 0:
        return str(new.numerator)
    sign = "-" if new < 0 else ""
    whole, frac = divmod(abs(new) * 10**places, 10**places)
    return f"{sign}{int(whole)}.{int(frac):0{places}d}"


def mutate(answer: str, rng: random.Random) -> tuple[str, int] | None:
    """The answer with one annotation result changed (inside `<<...>>` and right after it)
    and the index of the step (non-blank line before `####`) holding it; None when the
    answer has no annotation with a plain numeric result."""
    final = _FINAL.search(answer)
    body_end = final.start() if final else len(answer)
    candidates = [
        m for m in ANNOTATION.finditer(answer, 0, body_end) if _NUMBER.match(m.group(2).strip())
    ]
    if not candidates:
        return None
    m = rng.choice(candidates)
    old = m.group(2).strip()
    new = changed(old, rng)
    after = answer[m.end() :]
    tail = new + after[len(old) :] if after.startswith(old) else after
    mutated = answer[: m.start()] + f"<<{m.group(1)}={new}>>" + tail
    before = answer[: m.start()].split("\n")
    step = sum(1 for line in before[:-1] if line.strip())
    return mutated, step


def bench_mutated(
    rows: Sequence[dict[str, Any]], tmp: Path, options: CheckOptions, workers: int, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    copies: list[dict[str, Any]] = []
    where: list[int] = []
    for row in rows:
        made = mutate(row["answer"], rng)
        if made is None:
            continue
        copies.append({**row, "id": f"{row['id']}-mutated", "answer": made[0]})
        where.append(made[1])
    reports, elapsed = check(write_jsonl(tmp / "mutated.jsonl", copies), options, workers)
    outcome: Counter[str] = Counter()
    changed_status: Counter[str] = Counter()
    for step, report in zip(where, reports, strict=True):
        if report is None:
            outcome["unreadable"] += 1
            continue
        steps = [n for n in report.nodes if n.role == "proposer"]
        changed_status[steps[step].status.value if step < len(steps) else "missing"] += 1
        if report.first_error == step:
            outcome["first error = changed step"] += 1
        elif report.first_error == -1:
            outcome["not flagged"] += 1
        elif report.first_error < step:
            outcome["flagged earlier"] += 1
        else:
            outcome["flagged later"] += 1
    hit = outcome["first error = changed step"]
    share = hit / max(len(copies), 1)
    print(
        f"(m) GSM8K train, one annotation result changed (seed {seed}): {len(copies)} copies "
        f"({len(rows) - len(copies)} without an annotation); the changed step is the first "
        f"error in {hit} ({100 * share:.2f} %, target 95 %: "
        f"{'meets' if share >= 0.95 else 'MISSES'}); {dict(outcome.most_common())}; "
        f"changed step's status {dict(changed_status.most_common())}; {elapsed:.1f} s",
        flush=True,
    )
    return {
        "copies": len(copies),
        "first_error_is_changed_step": hit,
        "share": share,
        "outcomes": dict(outcome),
        "changed_step_status": dict(changed_status),
    }


# --- ProcessBench ---------------------------------------------------------------------------


def bench_processbench(
    data: Path, names: Sequence[str], options: CheckOptions, workers: int, limit: int | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        path = data / "processbench" / "dataset" / f"{name}.json"
        rows = json.loads(path.read_text(encoding="utf-8"))
        if limit:  # an even sample: the sets are ordered (correct and erroneous in runs)
            rows = rows[:: max(1, len(rows) // limit)][:limit]
        with tempfile.TemporaryDirectory() as tmpdir:
            reports, elapsed = check(
                write_jsonl(Path(tmpdir) / f"{name}.jsonl", rows), options, workers
            )
        err_ok = err_n = ok_ok = ok_n = flagged = at_label = 0
        steps: Counter[str] = Counter()
        listing: list[str] = []
        for row, report in zip(rows, reports, strict=True):
            label = row["label"]
            predicted = report.first_error if report is not None else -1
            if report is not None:
                for node in report.nodes:
                    if node.role == "proposer":
                        steps[node.status.value] += 1
            if label == -1:
                ok_n += 1
                ok_ok += predicted == -1
            else:
                err_n += 1
                err_ok += predicted == label
            if predicted == -1:
                continue
            flagged += 1
            at_label += predicted == label
            if report is not None and (label == -1 or predicted < label):
                node = report.nodes[[n.id for n in report.nodes].index(f"s{predicted}")]
                listing.append(
                    f"  {row['id']} label {label} flagged s{predicted} {node.status.value}: "
                    f"{quote(node.text)}\n      {node.message[:400]}"
                )
        a, b = err_ok / max(err_n, 1), ok_ok / max(ok_n, 1)
        f1 = 2 * a * b / (a + b) if a + b else 0.0
        total_steps = sum(steps.values())
        decided = sum(v for k, v in steps.items() if k in DECIDED)
        precision = at_label / max(flagged, 1)
        target = PB_TARGETS.get(name, 0.0)
        print(
            f"(p) ProcessBench {name}: correct flagged {ok_n - ok_ok}/{ok_n} (target 0); "
            f"erroneous caught at the label {err_ok}/{err_n} ({a:.3f}); correct passed "
            f"{ok_ok}/{ok_n} ({b:.3f}); F1 {f1:.3f} (target {target}: "
            f"{'meets' if f1 >= target else 'MISSES'}); precision of flagged steps "
            f"{at_label}/{flagged} = {precision:.3f}; steps decided {decided}/{total_steps} "
            f"({100 * decided / max(total_steps, 1):.1f} %) {dict(steps.most_common())}; "
            f"{elapsed:.1f} s",
            flush=True,
        )
        print("\n".join(listing), flush=True)
        out[name] = {
            "correct_flagged": ok_n - ok_ok,
            "correct": ok_n,
            "erroneous_caught": err_ok,
            "erroneous": err_n,
            "f1": f1,
            "precision_flagged": precision,
            "flagged": flagged,
            "steps_decided": decided,
            "steps": total_steps,
        }
    return out


def bench_timing(data: Path, names: Sequence[str], options: CheckOptions, workers: int) -> None:
    """The four sets as one run, as `veridot check --workers N` would do it (no cache)."""
    with tempfile.TemporaryDirectory() as tmpdir:
        rows: list[dict[str, Any]] = []
        for name in names:
            path = data / "processbench" / "dataset" / f"{name}.json"
            rows.extend(json.loads(path.read_text(encoding="utf-8")))
        path = write_jsonl(Path(tmpdir) / "processbench.jsonl", rows)
        reports, elapsed = check(path, options, workers)
    print(
        f"(t) ProcessBench {'+'.join(names)}: {len(reports)} records with {workers} workers "
        f"in {elapsed:.1f} s ({len(reports) / elapsed:.1f} records/s; target <= 60 s)",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--parts", default="gmp", help="g, m, p, t (default gmp; t = timing)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--limit",
        type=int,
        default=None,
        help="records per file: GSM8K's first N, an even sample of each ProcessBench set",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--parser", default="auto")
    ap.add_argument("--timeout", type=float, default=2.0, help="seconds per prover check")
    ap.add_argument("--pb-files", default="gsm8k,math,olympiadbench,omnimath")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()
    options = CheckOptions(parser=args.parser, timeout=args.timeout, transcript=False)
    names = args.pb_files.split(",")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if "g" in args.parts or "m" in args.parts:
            rows = gsm8k_rows(args.data, args.limit)
            if "g" in args.parts:
                figures["gsm8k"] = bench_gsm8k(rows, tmp, options, args.workers)
            if "m" in args.parts:
                figures["mutated"] = bench_mutated(rows, tmp, options, args.workers, args.seed)
        if "p" in args.parts:
            figures["processbench"] = bench_processbench(
                args.data, names, options, args.workers, args.limit
            )
        if "t" in args.parts:
            bench_timing(args.data, names, options, args.workers)
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
