"""Logic-LM files: evaluation sets and the recorded `logic_programs` of its LLM translators.

Both are JSON lists of `{id, context, question, options, answer}`; program files add
`raw_logic_programs`, a list of programs. A FOLIO program has `Predicates:`, `Premises:` and
`Conclusion:` blocks whose lines read `formula ::: sentence`; as in Logic-LM's own solver, the
premises are every line of the `Premises:` block and the conclusion is the first line of the
`Conclusion:` block, each cut at ` ::: `. The natural-language view takes the context (split
into sentences later) and the statement the question asks about. The gold label is the
option text (`"C) Uncertain"`) that the `answer` letter picks.
"""

from __future__ import annotations

import re
from pathlib import Path

from veridot.verifier.datasets.base import (
    DatasetError,
    Label,
    Problem,
    Sample,
    expect_str,
    expect_str_list,
    normalize_label,
    read_json,
)

# "…, is the following statement true, false, or uncertain? S" / "Is the following statement
# true or false? S": the statement is whatever follows the question mark.
_STATEMENT = re.compile(r"\btrue\b[^?]*\?\s*(?P<statement>\S.*)$", re.IGNORECASE | re.DOTALL)
_OPTION = re.compile(r"^\s*(?P<letter>[A-Z])\s*[).:]\s*(?P<text>.+?)\s*$")


def question_statement(question: str) -> str | None:
    """The statement a Logic-LM question asks about, or None when the shape is unknown."""
    match = _STATEMENT.search(question)
    return match.group("statement").strip() if match else None


def split_program(program: str) -> Sample:
    """Cut one Logic-LM FOLIO program into premise and conclusion FOL texts."""
    if "Premises:" not in program or "Conclusion:" not in program:
        return Sample((), "", error="not a FOL program: no 'Premises:' and 'Conclusion:' blocks")
    head, _, conclusion_block = program.partition("Conclusion:")
    premise_block = head.split("Premises:", 1)[1]
    premises = tuple(
        line.split(":::", 1)[0].strip() for line in premise_block.splitlines() if line.strip()
    )
    conclusions = [line for line in conclusion_block.splitlines() if line.strip()]
    if not conclusions:
        return Sample(premises, "", error="empty 'Conclusion:' block")
    return Sample(premises, conclusions[0].split(":::", 1)[0].strip())


def gold_label(obj: dict[str, object], *, where: str) -> Label:
    """The label named by the option that the `answer` letter selects."""
    answer = expect_str(obj, "answer", where=where).strip()
    for option in expect_str_list(obj, "options", where=where):
        match = _OPTION.match(option)
        if match and match.group("letter") == answer:
            return normalize_label(match.group("text"), where=where)
    raise DatasetError(f"{where}: answer {answer!r} matches none of the options")


def load_logic_llm(path: Path) -> list[Problem]:
    """Every record of a Logic-LM evaluation set or logic-programs file as a `Problem`."""
    data = read_json(path)
    if not isinstance(data, list):
        raise DatasetError(f"{path}: expected a JSON list of records")
    problems: list[Problem] = []
    for index, obj in enumerate(data):
        where = f"{path}: record {index}"
        if not isinstance(obj, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        label = gold_label(obj, where=where)
        problem_id = str(obj.get("id", index))
        samples: tuple[Sample, ...] = ()
        if "raw_logic_programs" in obj:
            programs = expect_str_list(obj, "raw_logic_programs", where=where)
            samples = tuple(split_program(program) for program in programs) or (
                Sample((), "", error="no program recorded"),
            )
        text: Sample | None = None
        if isinstance(obj.get("context"), str) and isinstance(obj.get("question"), str):
            question = expect_str(obj, "question", where=where)
            statement = question_statement(question)
            text = Sample(
                premises=(),
                conclusion=statement or "",
                context=expect_str(obj, "context", where=where),
                error="" if statement else f"no statement found in question {question!r}",
            )
        if not samples and text is None:
            raise DatasetError(f"{where}: neither 'raw_logic_programs' nor context and question")
        problems.append(Problem(id=problem_id, label=label, samples=samples, text=text))
    return problems
