"""The verified DoT loop end to end with scripted chat models (no network)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from veridot.verifier.reason import Round as ReasonRound
from veridot.verifier.reason import (
    extract_block,
    formalise_context,
    initial_transcript,
    iter_reason,
    next_free_id,
    reason,
)
from veridot.verifier.report import RecordVerdict

CONTEXT = ["∀x (Cat(x) → Animal(x))", "Cat(tom)"]  # problem nodes 2 and 3
QUESTION = "Is Tom an animal?"


class ScriptedModel(GenericFakeChatModel):
    """Answers with a fixed script and remembers every conversation it was sent."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def script(*replies: str) -> ScriptedModel:
    return ScriptedModel(messages=iter(list(replies)))


def proposer(nid: int, prop: str, uses: tuple[int, ...], *, refine: int | None = None) -> str:
    edges = [f"@edge src={u} dst={nid} kind=use" for u in uses]
    if refine is not None:
        edges.append(f"@edge src={refine} dst={nid} kind=refine")
    body = "\n".join([f"@node id={nid} role=proposer", *edges, f"@prop id={nid} {prop}"])
    return f"<proposer>\n{body}\nA step.\n</proposer>"


def summarizer(nid: int, prop: str, uses: tuple[int, ...]) -> str:
    edges = "\n".join(f"@edge src={u} dst={nid} kind=use" for u in uses)
    return (
        f"<summarizer>\n@node id={nid} role=summarizer\n{edges}\n@prop id={nid} {prop}\n"
        "Yes, Tom is an animal.\n</summarizer>"
    )


def test_a_wrong_step_is_criticised_and_corrected() -> None:
    model = script(
        proposer(4, "Dog(tom)", (2,)),  # wrong: does not follow
        proposer(6, "Animal(tom)", (2, 3), refine=4),
        summarizer(8, "Animal(tom)", (6,)),
    )
    result = reason(QUESTION, model=model, context=CONTEXT, parser="fol")
    assert result.status == "accepted"
    assert result.formula == "Animal(tom)"
    assert result.answer == "Yes, Tom is an animal."
    assert [(r.node, r.status) for r in result.rounds] == [
        ("4", "unsupported"),
        ("6", "entailed"),
        ("8", "entailed"),
    ]
    # The critic block for the wrong step went back to the model in the next turn.
    second_turn = model.seen[1][-1].text
    assert "@status target=4 mark=invalidated" in second_turn
    assert "Next free id: 6" in second_turn
    # The full transcript keeps the wrong step, its critique, the fix and the summary.
    assert "@status target=6 mark=validated" in result.transcript
    assert result.transcript.count("role=critic") == 3
    assert result.report.verdict is RecordVerdict.INVALID  # the invalidated step stays on record


def test_a_model_that_never_recovers_stops_at_the_round_limit() -> None:
    model = script(
        proposer(4, "Dog(tom)", (2,)),
        proposer(6, "¬Animal(tom)", (2, 3)),
        summarizer(8, "Dog(tom)", (2,)),
        proposer(8, "Animal(tom)", (2, 3)),  # never asked: the limit is 3 rounds
    )
    result = reason(QUESTION, model=model, context=CONTEXT, parser="fol", max_rounds=3)
    assert result.status == "round_limit"
    assert result.answer is None
    assert len(model.seen) == 3
    assert len(result.rounds) == 3
    assert result.rounds[1].status == "contradicted"
    assert "within 3 round(s)" in result.message
    assert result.report.verdict is RecordVerdict.INVALID


def test_a_block_breaking_the_protocol_is_not_added() -> None:
    model = script(
        proposer(2, "Animal(tom)", (2, 3)),  # stale id: ids must be fresh and increasing
        proposer(4, "Animal(tom)", (2, 3)),
        summarizer(6, "Animal(tom)", (4,)),
    )
    result = reason(QUESTION, model=model, context=CONTEXT, parser="fol")
    assert result.status == "accepted"
    first = result.rounds[0]
    assert first.node is None
    assert first.feedback  # the validator's message
    assert "Your last block was not added" in model.seen[1][-1].text
    assert result.transcript.count("<proposer>") == 1


def test_a_reply_without_a_block_is_answered_with_a_format_note() -> None:
    model = script(
        "Tom is an animal.", proposer(4, "Animal(tom)", (2, 3)), summarizer(6, "Animal(tom)", (4,))
    )
    result = reason(QUESTION, model=model, context=CONTEXT, parser="fol")
    assert result.status == "accepted"
    assert result.rounds[0].node is None
    assert "no <proposer> or <summarizer> block" in model.seen[1][-1].text


def test_a_failing_model_ends_the_loop_honestly() -> None:
    model = script(proposer(4, "Animal(tom)", (2, 3)))  # then the script runs out
    result = reason(QUESTION, model=model, context=CONTEXT, parser="fol", max_rounds=5)
    assert result.status == "model_error"
    assert "round 2" in result.message
    assert len(result.rounds) == 1


def test_iter_reason_streams_rounds_then_the_result() -> None:
    model = script(proposer(4, "Animal(tom)", (2, 3)), summarizer(6, "Animal(tom)", (4,)))
    items = list(iter_reason(QUESTION, model=model, context=CONTEXT, parser="fol"))
    assert [type(i).__name__ for i in items] == ["Round", "Round", "ReasonResult"]
    assert isinstance(items[0], ReasonRound)
    assert items[-1].to_dict()["status"] == "accepted"  # type: ignore[union-attr]


def test_rejects_a_zero_round_limit() -> None:
    with pytest.raises(ValueError, match="max_rounds"):
        reason(QUESTION, model=script(), max_rounds=0)


def test_transcript_helpers() -> None:
    premises = [*CONTEXT, "Tom purrs."]
    formulas = formalise_context(premises, parser="fol")
    assert formulas == ["∀x (Cat(x) → Animal(x))", "Cat(tom)", None]
    start = initial_transcript(QUESTION, premises, formulas)
    assert "@prop id=2 ∀x (Cat(x) → Animal(x))" in start
    assert "@node id=4 role=problem" in start
    assert "@prop id=4" not in start  # left for the verifier's parser
    assert next_free_id(start) == 5
    block = extract_block("Sure!\n" + proposer(5, "Animal(tom)", (2, 3)) + "\nDone.")
    assert block is not None
    assert block[:2] == ("proposer", "5")
    assert extract_block("<critic>\n@node id=5 role=critic\n</critic>") is None


def test_english_context_is_formalised_up_front_so_the_model_sees_the_symbols() -> None:
    model = script(proposer(4, "Animal(tom)", (2, 3)), summarizer(6, "Animal(tom)", (4,)))
    context = ["All cats are animals.", "Tom is a cat."]
    result = reason(QUESTION, model=model, context=context, parser="english")
    first_turn = model.seen[0][-1].text
    assert "@prop id=3 Cat(tom)" in first_turn
    assert result.status == "accepted"
