"""Transport hiccups of the LLM parser: retried (bounded), and when they persist reported as
`llm_unavailable`, distinct from `untranslated`; other model errors are not retried."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from llm_fakes import DictCache, RecordingFakeChatModel

from veridot.parser.llm import LlmParser
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary

CATS = "∀x (Cat(x) → Animal(x))"


class FlakyChatModel(RecordingFakeChatModel):
    """Raises `error` on its first `failures` calls, then answers like its parent."""

    failures: int = 0
    error: Any = None
    calls: int = 0

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def flaky(failures: int, error: BaseException, replies: list[str]) -> FlakyChatModel:
    return FlakyChatModel(messages=iter(replies), failures=failures, error=error)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError("connection refused"),
        TimeoutError("read timed out"),
        httpx.ConnectError("all connection attempts failed"),
        httpx.ReadTimeout("timed out"),
    ],
)
def test_transport_errors_are_retried_until_the_model_answers(error: BaseException) -> None:
    model = flaky(2, error, [f"FOL: {CATS}"])
    cache = DictCache()
    parser = LlmParser(model, retries=3, retry_wait_s=0, cache=cache)
    result = parser.translate("All cats are animals.", Vocabulary())
    assert result.status is TranslationStatus.CLAIM
    assert model.calls == 3  # two failures, then the answer
    assert cache.data  # a translation that came through is cached as usual


def test_persistent_transport_errors_are_llm_unavailable_not_untranslated() -> None:
    model = flaky(100, httpx.ConnectError("all connection attempts failed"), [])
    cache = DictCache()
    parser = LlmParser(model, retries=2, retry_wait_s=0, cache=cache)
    result = parser.translate("All cats are animals.", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert result.problem == "llm_unavailable"
    assert "after 3 attempt(s)" in result.reason
    assert model.calls == 3  # bounded: the first call and two retries
    assert cache.data == {}  # an outage is never remembered


def test_other_errors_are_not_retried_and_stay_untranslated() -> None:
    model = flaky(100, ValueError("invalid api key"), [])
    result = LlmParser(model, retries=3, retry_wait_s=0).translate("x is y.", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert result.problem == ""
    assert "model call failed" in result.reason
    assert model.calls == 1


def test_retries_zero_turns_retrying_off() -> None:
    model = flaky(1, TimeoutError("timed out"), [f"FOL: {CATS}"])
    result = LlmParser(model, retries=0).translate("All cats are animals.", Vocabulary())
    assert result.problem == "llm_unavailable"
    assert model.calls == 1
    with pytest.raises(ValueError, match="retries"):
        LlmParser(model, retries=-1)


def test_the_report_has_an_llm_unavailable_finding_under_parser_llm_and_auto(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from veridot.verifier.check import verify

    monkeypatch.setattr("veridot.parser.llm.transport.RETRY_WAIT_S", 0.0)  # the default backoff

    record = {
        "id": "r",
        "premises": [{"text": "premise", "fol": "∀x (Cat(x) → Animal(x)) ∧ Cat(tom)"}],
        "steps": ["Tom, being a cat, is therefore an animal of sorts."],
    }
    for parser in ("llm", "auto"):
        model = flaky(100, ConnectionResetError("connection reset by peer"), [])
        report = verify(record, parser=parser, llm=model, transcript=False)
        step = report.node("s0")
        codes = [f.code for f in step.findings]
        assert step.status.value == "untranslated", parser
        assert "llm_unavailable" in codes, (parser, codes)
        assert "untranslated" not in codes
        assert report.verdict.value == "incomplete"
        assert "could not be reached" in step.message
