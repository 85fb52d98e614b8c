"""Replay recorded LLM translations as a LangChain chat model (offline benchmarks and tests).

Logic-LM and LINC published what GPT-4, GPT-3.5, text-davinci-003, Llama-2 and Mistral wrote
when asked to formalise FOLIO sentences. `RecordedChatModel` serves those outputs through the
ordinary chat-model interface, so they go through exactly the path a live model takes: the
prompt, the answer parser, the vocabulary checks, the repair rounds and the votes.

The model finds the sentence in the task message (after `TEXT_MARKER`) and answers with the
next recorded translation of it; several recordings of one sentence are served in turn (the
samples of a vote). A recording cannot improve, so a repair request gets the same answer
again, which is what a model that ignores feedback would do. Unknown sentences get an answer
that does not parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from veridot.parser.llm.prompt import ANSWER_PREFIX, TEXT_MARKER

NOT_RECORDED = "(no recorded translation for this text)"

Pair = tuple[str, str]  # (sentence, formula)


def logic_lm_pairs(program: str) -> tuple[list[Pair], Pair] | None:
    """Premise pairs and the conclusion pair of a Logic-LM FOLIO program (None if malformed).

    Lines read `formula ::: sentence`; as in Logic-LM's own solver the conclusion is the first
    line of the `Conclusion:` block. A line without a sentence is keyed by its formula.
    """
    if "Premises:" not in program or "Conclusion:" not in program:
        return None
    head, _, conclusion_block = program.partition("Conclusion:")

    def pair(line: str) -> Pair:
        formula, _, sentence = line.partition(":::")
        return (sentence.strip() or formula.strip(), formula.strip())

    premises = [pair(x) for x in head.split("Premises:", 1)[1].splitlines() if x.strip()]
    conclusions = [pair(x) for x in conclusion_block.splitlines() if x.strip()]
    return (premises, conclusions[0]) if conclusions else None


def linc_pairs(sample: str) -> list[Pair]:
    """(TEXT, FOL) pairs of one LINC neurosymbolic sample, in order (the last is the goal)."""
    pairs: list[Pair] = []
    text: str | None = None
    for line in sample.splitlines():
        if line.startswith("TEXT:"):
            text = line[5:].strip()
        elif line.startswith("FOL:") and line[4:].strip():
            pairs.append((text or line[4:].strip(), line[4:].strip()))
            text = None
    return pairs


def normalize_text(text: str) -> str:
    """The lookup key for a sentence: whitespace collapsed, case folded, end punctuation cut."""
    return " ".join(text.split()).casefold().rstrip(" .")


def _task_text(messages: Sequence[BaseMessage]) -> tuple[str, bool]:
    """(the text being formalised, whether the last message is a repair request)."""
    for position in range(len(messages) - 1, -1, -1):
        message = messages[position]
        if isinstance(message, HumanMessage) and TEXT_MARKER in message.text:
            text = message.text.split(TEXT_MARKER, 1)[1].strip()
            return text, position != len(messages) - 1
    return "", False


class RecordedChatModel(BaseChatModel):
    """A chat model whose answers are recorded translations, keyed by sentence.

    `responses` maps `normalize_text(sentence)` to the recorded answers, each a complete model
    reply (use `from_pairs` to build it from `(sentence, formula)` pairs).
    """

    responses: dict[str, list[str]]
    model_name: str = "recorded"
    _served: dict[str, int] = PrivateAttr(default_factory=dict)
    _last: dict[str, str] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[tuple[str, str]], *, model_name: str = "recorded"
    ) -> RecordedChatModel:
        """One recorded answer `FOL: <formula>` per (sentence, formula) pair, in order."""
        responses: dict[str, list[str]] = {}
        for sentence, formula in pairs:
            responses.setdefault(normalize_text(sentence), []).append(
                f"{ANSWER_PREFIX} {formula.strip()}"
            )
        return cls(responses=responses, model_name=model_name)

    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, Sequence[str]], *, model_name: str = "recorded"
    ) -> RecordedChatModel:
        """Answers given as full replies per sentence (e.g. LINC's samples of one sentence)."""
        responses = {normalize_text(k): list(v) for k, v in mapping.items()}
        return cls(responses=responses, model_name=model_name)

    @property
    def _llm_type(self) -> str:
        return "veridot-recorded"

    def reply_for(self, messages: Sequence[BaseMessage]) -> str:
        """The answer for this conversation (advances to the next recording of a sentence)."""
        text, repair = _task_text(messages)
        key = normalize_text(text)
        recorded = self.responses.get(key)
        if not recorded:
            return NOT_RECORDED
        if repair and key in self._last:
            return self._last[key]
        index = self._served.get(key, 0)
        self._served[key] = index + 1
        answer = recorded[index % len(recorded)]
        self._last[key] = answer
        return answer

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = AIMessage(content=self.reply_for(messages))
        return ChatResult(generations=[ChatGeneration(message=message)])
