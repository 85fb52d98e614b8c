"""The verifier as a LangChain Runnable and as the `verify_reasoning` tool (no network)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.runnables import RunnableLambda

from veridot.verifier.langchain_tools import (
    TOOL_NAME,
    VerifyReasoningInput,
    verifier_runnable,
    verify_reasoning_tool,
)

PREMISES = ["∀x (Cat(x) → Animal(x))", "Cat(tom)"]


def test_runnable_verifies_chain_dicts_and_composes() -> None:
    runnable = verifier_runnable(parser="fol")
    report = runnable.invoke({"premises": PREMISES, "steps": ["Animal(tom)"]})
    assert report["verdict"] == "valid"
    # In an LCEL pipeline, after a step that builds the record, and batched.
    chain = RunnableLambda(lambda steps: {"premises": PREMISES, "steps": steps}) | runnable
    valid, invalid = chain.batch([["Animal(tom)"], ["¬Animal(tom)"]])
    assert valid["verdict"] == "valid"
    assert invalid["verdict"] == "invalid"
    assert invalid["first_error"] == 0


def test_runnable_accepts_a_dot_transcript() -> None:
    transcript = (
        "<problem>\n@node id=1 role=problem\n@prop id=1 Cat(tom)\nTom is a cat.\n</problem>\n"
        "<proposer>\n@node id=2 role=proposer\n@edge src=1 dst=2 kind=use\n"
        "@prop id=2 Dog(tom)\nTom is a dog.\n</proposer>\n"
    )
    report = verifier_runnable(parser="fol").invoke(transcript)
    assert report["verdict"] == "invalid"
    statuses = {n["id"]: n["status"] for n in report["nodes"]}  # type: ignore[union-attr]
    assert statuses["2"] == "unsupported"


def test_tool_schema_and_plain_english_answer() -> None:
    tool = verify_reasoning_tool(parser="fol")
    assert tool.name == TOOL_NAME
    assert tool.args_schema is VerifyReasoningInput
    assert set(tool.args) == {"premises", "steps", "transcript"}
    text = tool.invoke({"premises": PREMISES, "steps": ["Animal(tom)", "Dog(tom)"]})
    assert text.splitlines()[0] == "verdict: invalid (first error at step index 1)"
    assert "- s0 (entailed)" in text
    assert "- s1 (unsupported)" in text


def test_tool_call_from_an_agent_returns_content_and_artifact() -> None:
    # A scripted model decides to call the tool, as an agent's model would.
    call = {
        "name": TOOL_NAME,
        "args": {"premises": PREMISES, "steps": ["¬Animal(tom)"]},
        "id": "call-1",
        "type": "tool_call",
    }
    model = GenericFakeChatModel(messages=iter([AIMessage(content="", tool_calls=[call])]))
    decision = model.invoke("Is Tom not an animal? Check it.")
    assert isinstance(decision, AIMessage)
    tool = verify_reasoning_tool(parser="fol")
    message = tool.invoke(decision.tool_calls[0])
    assert isinstance(message, ToolMessage)
    assert message.tool_call_id == "call-1"
    assert "contradicted" in str(message.content)
    assert message.artifact["verdict"] == "invalid"


def test_unreadable_input_is_returned_to_the_model_not_raised() -> None:
    tool = verify_reasoning_tool(parser="fol")
    answer = tool.invoke({"transcript": "<proposer>\n@node id=1 role=proposer\n"})
    assert "cannot be read" in answer


def test_the_bundled_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "langchain_verify.py"
    runpy.run_path(str(example), run_name="__main__")
    out = capsys.readouterr().out
    assert "verdict: invalid (first error at step index 1)" in out
    assert "['valid', 'invalid']" in out
