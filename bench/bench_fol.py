"""FOL parser figures on real recorded formulas: share parsed, why the rest fail, speed.

Sources (read from `--data`, default `../shared/data`):
- FOLIO validation gold annotations (`premises-FOL`, `conclusion-FOL`), Unicode dialect;
- Logic-LM's GPT-4 FOLIO programs (the formula before ` ::: ` under Premises/Conclusion);
- LINC's GPT-4 FOLIO samples (every `FOL:` line of every sample), NLTK dialect.

For each: formulas parsed, failures by label, print-and-reparse checks (Unicode and ASCII),
parse speed (best of 3, parser already built) and the one-off grammar build time.

    python bench/bench_fol.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import time
from pathlib import Path

from veridot.parser.errors import ParseError


def folio(data: Path) -> list[str]:
    out: list[str] = []
    with (data / "folio" / "folio-validation.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            out.extend([*record["premises-FOL"], record["conclusion-FOL"]])
    return out


def logic_lm(data: Path) -> list[str]:
    path = data / "logic-llm" / "outputs" / "logic_programs" / "FOLIO_dev_gpt-4.json"
    out: list[str] = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        section = None
        for line in record["raw_logic_programs"][0].split("\n"):
            stripped = line.strip()
            if stripped.startswith(("Premises:", "Conclusion:", "Predicates:")):
                section = None if stripped.startswith("Predicates:") else stripped
                continue
            if section and ":::" in stripped:
                out.append(stripped.split(":::")[0].strip())
    return out


def linc(data: Path) -> list[str]:
    path = data / "linc" / "outputs" / "gpt-4-0613_folio-neurosymbolic-8shot_generations_raw.json"
    out: list[str] = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        for sample in item:
            out.extend(line[4:].strip() for line in sample.split("\n") if line.startswith("FOL:"))
    return out


def measure(name: str, formulas: list[str]) -> None:
    from veridot.parser.fol import _parse_cached, parse_fol
    from veridot.parser.printer import to_ascii, to_unicode

    labels: collections.Counter[str] = collections.Counter()
    parsed = []
    for text in formulas:
        try:
            parsed.append(parse_fol(text))
        except ParseError as err:
            labels[err.label or "other syntax error"] += 1
    round_trip = sum(parse_fol(to_unicode(f)) == f and parse_fol(to_ascii(f)) == f for f in parsed)
    cold = warm = float("inf")
    for _ in range(3):
        # CPU time of this process: the figure stays meaningful on a loaded machine.
        _parse_cached.cache_clear()
        start = time.process_time()
        for text in formulas:
            with contextlib.suppress(ParseError):
                _parse_cached(text)  # every formula parsed, repeats included
            _parse_cached.cache_clear()
        cold = min(cold, time.process_time() - start)
        start = time.process_time()
        for text in formulas:
            with contextlib.suppress(ParseError):
                parse_fol(text)  # repeats answered from the parse cache
        warm = min(warm, time.process_time() - start)
    share = len(parsed) / len(formulas)
    print(
        f"| {name} | {len(formulas):,} | {len(parsed):,} ({share:.1%}) | "
        f"{round_trip:,}/{len(parsed):,} | {len(formulas) / cold:,.0f} | "
        f"{len(formulas) / warm:,.0f} | "
        f"{', '.join(f'{label} {n}' for label, n in labels.most_common())} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    args = ap.parse_args()
    start = time.perf_counter()
    from veridot.parser.fol import fol_lark  # imported here: the import and build time is the point

    imported = time.perf_counter()
    fol_lark()
    print(
        f"import veridot.parser.fol: {imported - start:.2f} s; LALR tables: "
        f"{time.perf_counter() - imported:.2f} s (from the per-user cache file when present)\n"
    )
    print(
        "| source | formulas | parsed | round trips | parses/CPU-s | with parse cache |"
        " failures by label |"
    )
    print("|---|---|---|---|---|---|---|")
    measure("FOLIO gold (validation)", folio(args.data))
    measure("Logic-LM GPT-4 FOLIO programs", logic_lm(args.data))
    measure("LINC GPT-4 FOLIO samples", linc(args.data))


if __name__ == "__main__":
    main()
