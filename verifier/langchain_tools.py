"""veridot inside LangChain: the verifier as a `Runnable` and as the tool `verify_reasoning`.

`verifier_runnable()` is a `Runnable` from a record (a chain dict `{"premises", "steps"}`, a DoT
transcript string, or a `Diagram`) to the report as a JSON-ready dict, so it composes with `|`
in LCEL chains and supports `batch`. `verify_reasoning_tool()` is a `StructuredTool` an agent
can call with premises and steps (or a transcript): its content is a short plain-English
verdict the model can act on, its artifact the full report dict; unreadable input comes back
to the model as the tool's answer (a `ToolException`), not as a crash of the agent.

This is the one verifier module that imports LangChain (langchain_core only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda
from langchain_core.tools import StructuredTool, ToolException
from pydantic import BaseModel, Field

from veridot.parser.errors import ParseError
from veridot.provers.base import DEFAULT_TIMEOUT_S
from veridot.verifier.check import verify
from veridot.verifier.diagram import Diagram, DiagramError
from veridot.verifier.prose import Prose
from veridot.verifier.report import Report

TOOL_NAME = "verify_reasoning"
TOOL_DESCRIPTION = (
    "Check a piece of reasoning step by step with a theorem prover. Give the premises (facts "
    "taken as true) and the reasoning steps in order, each as first-order logic or as a plain "
    "English sentence; or give a Diagram-of-Thought transcript instead. Returns the verdict "
    "(valid, invalid or incomplete) and, for each step, whether it follows, contradicts the "
    "premises, or does not follow (with a counterexample world)."
)


class VerifyReasoningInput(BaseModel):
    """The tool's arguments: premises and steps, or a DoT transcript."""

    premises: list[str] = Field(
        default_factory=list, description="Facts taken as true, one per item (FOL or English)."
    )
    steps: list[str] = Field(
        default_factory=list,
        description="The reasoning steps in order, one claim per item (FOL or English).",
    )
    transcript: str | None = Field(
        default=None, description="Alternatively, a whole Diagram-of-Thought (DoT) transcript."
    )


def summarize(report: Report, prose: Prose | None = None) -> str:
    """A few plain-English lines: the verdict, then each checked node's status and message
    (worded by `prose`: pass the one that writes the report's JSON too)."""
    prose = prose or Prose()
    lines = [f"verdict: {report.verdict.value}"]
    if report.first_error >= 0:
        lines[0] += f" (first error at step index {report.first_error})"
    for error in report.structural_errors:
        lines.append(f"- structure: {error.code}: {error.message}")
    for node in report.nodes:
        said = node.said(prose).message
        if node.role in ("premise", "problem", "critic"):
            if said:  # e.g. a premise that could not be formalised
                lines.append(f"- {node.id} ({node.role}): {said}")
            continue
        message = f": {said}" if said else ""
        lines.append(f"- {node.id} ({node.status.value}){message}")
    return "\n".join(lines)


def _record(value: Any) -> Mapping[str, Any] | Diagram | str:
    if isinstance(value, Diagram | str):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, Mapping):
        if value.get("transcript"):
            return str(value["transcript"])
        return {k: v for k, v in value.items() if v is not None and k != "transcript"}
    raise TypeError(
        "verify expects a chain dict, a DoT transcript string or a Diagram, "
        f"got {type(value).__name__}"
    )


def verifier_runnable(
    *,
    parser: str = "auto",
    prover: str = "z3",
    timeout: float = DEFAULT_TIMEOUT_S,
    allow_unsupported: bool = False,
    llm: object | None = None,
    cache: object | None = None,
) -> Runnable[Any, dict[str, object]]:
    """A Runnable: record in, report dict out (options as in `veridot.verifier.check.verify`)."""

    def run(record: Any) -> dict[str, object]:
        report = verify(
            _record(record),
            parser=parser,
            prover=prover,
            timeout=timeout,
            allow_unsupported=allow_unsupported,
            llm=llm,
            cache=cache,
        )
        return dict(report.to_dict())

    return RunnableLambda(run, name="veridot_verify")


def verify_reasoning_tool(
    *,
    parser: str = "auto",
    prover: str = "z3",
    timeout: float = DEFAULT_TIMEOUT_S,
    allow_unsupported: bool = False,
    llm: object | None = None,
    cache: object | None = None,
) -> StructuredTool:
    """The `verify_reasoning` tool: text summary as content, the report dict as artifact."""

    def verify_reasoning(
        premises: list[str] | None = None,
        steps: list[str] | None = None,
        transcript: str | None = None,
    ) -> tuple[str, dict[str, object]]:
        if transcript:
            record: Mapping[str, Any] | str = transcript
        else:
            record = {"id": TOOL_NAME, "premises": premises or [], "steps": steps or []}
        try:
            report = verify(
                record,
                parser=parser,
                prover=prover,
                timeout=timeout,
                allow_unsupported=allow_unsupported,
                llm=llm,
                cache=cache,
                transcript=False,
            )
        except (ParseError, DiagramError) as err:
            # Reported back to the calling model as the tool's answer (handle_tool_error).
            raise ToolException(f"the input cannot be read: {err}") from err
        prose = Prose()  # the summary and the JSON artifact word the report once
        return summarize(report, prose), dict(report.to_dict(prose))

    return StructuredTool.from_function(
        func=verify_reasoning,
        name=TOOL_NAME,
        description=TOOL_DESCRIPTION,
        args_schema=VerifyReasoningInput,
        response_format="content_and_artifact",
        handle_tool_error=True,
    )
