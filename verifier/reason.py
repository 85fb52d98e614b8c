"""The verified Diagram-of-Thought loop: a model proposes, veridot criticises, until done.

`reason(question, model=...)` starts a DoT v2 transcript with the problem (the question, and
one problem node per context premise, formalised up front so the model sees the problem's
symbols in `@prop` lines), then repeats: send the transcript to the model, take
the one block it writes (a proposer with `@prop`, or a summarizer), verify the whole
transcript, and append veridot's critic block after the new node (`veridot.verifier.annotate`). The
loop ends when a summarizer's `@prop` is entailed by the validated steps it uses (`accepted`),
or when `max_rounds` model turns are spent (`round_limit`), or when the model fails
(`model_error`). A block that breaks the DoT protocol (a stale id, a summarizer using an
invalidated step) is not added; the validator's message goes back to the model instead.

The result keeps the full transcript (wrong steps and their critiques included, as DoT
intends) and the last report. `accepted` only means the summary follows from validated
steps; the report's verdict still counts the invalidated steps on the way. An answer that
is not a formula entailed by the steps ("it cannot be determined") is never accepted: such a
run ends at the round limit, and the transcript shows why.

The model is any LangChain chat model, called with plain `(role, text)` pairs, so this module
needs no LangChain import; its answer is only parsed, never executed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from veridot.parser.errors import ParseError
from veridot.parser.llm.prompt import SYNTAX_SUMMARY
from veridot.provers.base import DEFAULT_TIMEOUT_S
from veridot.verifier.annotate import escape_line
from veridot.verifier.check import verify
from veridot.verifier.diagram import DiagramError
from veridot.verifier.report import NodeStatus, Report

ReasonStatus = Literal["accepted", "round_limit", "model_error"]
DEFAULT_MAX_ROUNDS = 8

_BLOCK = re.compile(r"<(proposer|summarizer)>\s*\n?(.*?)</\1>", re.DOTALL)
_NODE_ID = re.compile(r"^@node\s+id=(\d+)", re.MULTILINE)

SYSTEM_PROMPT = f"""\
You reason as a Diagram of Thought, one block per turn, in the DoT v2 transcript format.
A theorem prover checks every step you write and answers in a critic block: validated
steps may be used later; invalidated ones may not.

A step:
<proposer>
@node id=N role=proposer
@edge src=I dst=N kind=use
@prop id=N <the step's claim, in first-order logic>
The step in words.
</proposer>

Write one `@edge ... kind=use` line for every node the step rests on (problem nodes and
validated proposers, all with ids below N). When the critic invalidated one of your steps,
do not build on it: write a corrected step, optionally with `@edge src=<its id> dst=N
kind=refine`.

When the question is settled, write the answer:
<summarizer>
@node id=N role=summarizer
@edge src=I dst=N kind=use
@prop id=N <the answer, in first-order logic>
The answer in words.
</summarizer>
A summarizer uses only validated proposers.

Rules: N is exactly the "next free id" you are given. Reuse the predicate and constant names
of the @prop lines already in the transcript. Write exactly one block and nothing else.

{SYNTAX_SUMMARY}"""


@dataclass(frozen=True, slots=True)
class Round:
    """One model turn: what it wrote, whether it was added, and what veridot said."""

    number: int
    reply: str
    node: str | None  # the new node's id when the block was added
    role: str | None  # proposer | summarizer
    status: str | None  # the verifier's status for the new node
    feedback: str  # the critic's message, or why the block was not added

    def to_dict(self) -> dict[str, object]:
        return {
            "round": self.number,
            "node": self.node,
            "role": self.role,
            "status": self.status,
            "feedback": self.feedback,
            "reply": self.reply,
        }


@dataclass(frozen=True, slots=True)
class ReasonResult:
    """How the loop ended, the answer (when accepted), every round, transcript and report."""

    status: ReasonStatus
    answer: str | None
    rounds: tuple[Round, ...]
    transcript: str
    report: Report
    message: str
    formula: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "answer": self.answer,
            "formula": self.formula,
            "message": self.message,
            "rounds": [r.to_dict() for r in self.rounds],
            "transcript": self.transcript,
            "report": self.report.to_dict(),
        }


def _block_lines(text: str) -> list[str]:
    return [escape_line(line.strip()) for line in text.strip().splitlines() if line.strip()]


def formalise_context(
    context: Sequence[str], *, parser: str = "auto", translator: object | None = None
) -> list[str | None]:
    """The FOL of each premise (one shared vocabulary), or None where no parser managed.

    Done up front so the model sees the problem's symbols in the first transcript and
    reuses them in its steps.
    """
    from veridot.parser.printer import to_unicode
    from veridot.parser.semantic import TranslationStatus
    from veridot.parser.vocabulary import Vocabulary
    from veridot.verifier.translate import semantic_parser

    chosen = semantic_parser(parser, translator)
    vocabulary = Vocabulary()
    out: list[str | None] = []
    for premise in context:
        translation = chosen.translate(premise.strip(), vocabulary, role="premise")
        if translation.status is TranslationStatus.CLAIM and translation.claims:
            out.append(" ∧ ".join(to_unicode(c) for c in translation.claims))
        else:
            out.append(None)
    return out


def initial_transcript(
    question: str, context: Sequence[str] = (), formulas: Sequence[str | None] = ()
) -> str:
    """The problem blocks: the question (node 1), then one node per context premise.

    `formulas[i]` (when given and not None) becomes premise i's `@prop`; a premise without
    one is formalised by the verifier's semantic parser when a step uses it.
    """
    blocks = ["<problem>", "@node id=1 role=problem", *_block_lines(question), "</problem>"]
    premises = [p.strip() for p in context if p.strip()]
    for index, text in enumerate(premises):
        number = index + 2
        lines = ["<problem>", f"@node id={number} role=problem"]
        formula = formulas[index] if index < len(formulas) else None
        if formula:
            lines.append(f"@prop id={number} {formula}")
        lines += [*_block_lines(text), "</problem>"]
        blocks += lines
    return "\n".join(blocks) + "\n"


def next_free_id(transcript: str) -> int:
    ids = [int(m) for m in _NODE_ID.findall(transcript)]
    return max(ids, default=0) + 1


def extract_block(reply: str) -> tuple[str, str, str] | None:
    """(role, node id, block text) of the first proposer or summarizer block in `reply`."""
    match = _BLOCK.search(reply)
    if match is None:
        return None
    role, body = match.group(1), match.group(2)
    node = _NODE_ID.search(body)
    if node is None:
        return None
    return role, node.group(1), f"<{role}>\n{body.strip()}\n</{role}>\n"


def _reply_text(reply: object) -> str:
    """The text of a chat model's reply (LangChain message, or anything with `content`)."""
    text = getattr(reply, "text", None)
    if isinstance(text, str):
        return text
    content = getattr(reply, "content", reply)
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in content
            if isinstance(part, str | dict)
        )
    return str(content)


def _user_message(question: str, transcript: str, next_id: int, note: str) -> str:
    parts = [
        f"Question: {question.strip()}",
        "Transcript so far (the critic blocks are veridot's checks):",
        transcript.rstrip(),
    ]
    if note:
        parts.append(f"Your last block was not added: {note}")
    parts.append(f"Next free id: {next_id}. Write the next block.")
    return "\n\n".join(parts)


def iter_reason(
    question: str,
    *,
    model: Any,
    context: Sequence[str] = (),
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    parser: str = "auto",
    prover: str = "z3",
    timeout: float = DEFAULT_TIMEOUT_S,
    translator: object | None = None,
    cache: object | None = None,
) -> Iterator[Round | ReasonResult]:
    """Like `reason`, yielding each `Round` as it completes, then the `ReasonResult`."""
    if max_rounds < 1:
        raise ValueError("max_rounds must be at least 1")

    def check(text: str) -> Report:
        return verify(
            text, parser=parser, prover=prover, timeout=timeout, llm=translator, cache=cache
        )

    premises = [p.strip() for p in context if p.strip()]
    start = initial_transcript(
        question, premises, formalise_context(premises, parser=parser, translator=translator)
    )
    report = check(start)
    transcript = report.transcript or start
    rounds: list[Round] = []
    note = ""
    for number in range(1, max_rounds + 1):
        next_id = next_free_id(transcript)
        messages = [
            ("system", SYSTEM_PROMPT),
            ("human", _user_message(question, transcript, next_id, note)),
        ]
        try:
            reply = _reply_text(model.invoke(messages))
        except Exception as err:  # any provider failure ends the loop with an honest report
            message = f"the model call failed in round {number}: {type(err).__name__}: {err}"
            yield ReasonResult("model_error", None, tuple(rounds), transcript, report, message)
            return
        block = extract_block(reply)
        if block is None:
            note = (
                "no <proposer> or <summarizer> block with an @node line was found; "
                "write exactly one block"
            )
            rounds.append(Round(number, reply, None, None, None, note))
            yield rounds[-1]
            continue
        role, node_id, text = block
        try:
            candidate_report = check(transcript + text)
        except (ParseError, DiagramError) as err:  # the block does not even read as DoT
            note = f"the block cannot be read: {err}"
            rounds.append(Round(number, reply, None, role, None, note))
            yield rounds[-1]
            continue
        if candidate_report.structural_errors:
            note = "; ".join(f"{e.code}: {e.message}" for e in candidate_report.structural_errors)
            rounds.append(Round(number, reply, None, role, None, note))
            yield rounds[-1]
            continue
        report = candidate_report
        transcript = report.transcript or transcript + text
        note = ""
        result = next((n for n in report.nodes if n.id == node_id), None)
        status = result.status.value if result else None
        feedback = result.message if result else ""
        rounds.append(Round(number, reply, node_id, role, status, feedback))
        yield rounds[-1]
        if role == "summarizer" and result is not None and result.status is NodeStatus.ENTAILED:
            answer = result.text.strip() or (result.formula or "")
            yield ReasonResult(
                "accepted",
                answer,
                tuple(rounds),
                transcript,
                report,
                f"summarizer {node_id} follows from validated steps (round {number})",
                formula=result.formula,
            )
            return
    last = rounds[-1].feedback if rounds else ""
    message = f"no summarizer was accepted within {max_rounds} round(s)" + (
        f"; last critic message: {last}" if last else ""
    )
    yield ReasonResult("round_limit", None, tuple(rounds), transcript, report, message)


def reason(
    question: str,
    *,
    model: Any,
    context: Sequence[str] = (),
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    parser: str = "auto",
    prover: str = "z3",
    timeout: float = DEFAULT_TIMEOUT_S,
    translator: object | None = None,
    cache: object | None = None,
) -> ReasonResult:
    """Run the verified DoT loop with `model` (a LangChain chat model) on `question`.

    `context`: premises, one per item (FOL or text). `max_rounds`: model turns at most.
    `parser`/`prover`/`timeout`: as in `verify`. `translator`: the chat model used to
    formalise text without `@prop` (for the `llm` and `auto` parsers); None keeps the
    translation to the FOL and English parsers. `cache`: a `veridot.verifier.cache.Cache`.
    """
    result: ReasonResult | None = None
    for item in iter_reason(
        question,
        model=model,
        context=context,
        max_rounds=max_rounds,
        parser=parser,
        prover=prover,
        timeout=timeout,
        translator=translator,
        cache=cache,
    ):
        if isinstance(item, ReasonResult):
            result = item
    assert result is not None  # iter_reason always ends with a result
    return result
