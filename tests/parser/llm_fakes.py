"""Test helpers: LangChain fake chat models that also remember what they were sent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field


class RecordingFakeChatModel(GenericFakeChatModel):
    """`GenericFakeChatModel` that keeps every conversation it was asked to continue."""

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


def scripted(replies: Iterable[str]) -> RecordingFakeChatModel:
    """A fake model answering with `replies` in order (StopIteration after the last)."""
    return RecordingFakeChatModel(messages=iter(list(replies)))


class DictCache:
    """An in-memory stand-in for `veridot.verifier.cache.Cache` (same get/put signature)."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}

    def get(self, namespace: str, key: str) -> str | None:
        return self.data.get((namespace, key))

    def put(self, namespace: str, key: str, value: str) -> None:
        self.data[(namespace, key)] = value
