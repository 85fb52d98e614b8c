"""`LlmParser`: a LangChain chat model as a semantic parser, with repairs, voting and a cache.

For one text: build the prompt (syntax summary, few-shot examples, the problem's vocabulary),
ask the model, parse and check the answer (`veridot.parser.llm.answer`); on an error send the error,
with its position, back to the model, up to `max_repairs` times; then give up honestly
(`untranslated`, last error kept). Transport failures (connection, timeout, rate limit, 5xx)
are retried with backoff (`veridot.parser.llm.transport`); when they persist the text is reported as
`llm_unavailable`, not `untranslated`, and nothing is cached. With `samples=k` this runs k
times and the samples vote (`veridot.parser.llm.vote`). Finished translations are cached keyed by
(model, prompt, text): the prompt includes the vocabulary, so the same sentence in a different
problem is asked afresh.

The model's answer is only ever parsed by the FOL grammar, never executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Protocol

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable

from veridot.parser.errors import ParseError
from veridot.parser.llm import transport
from veridot.parser.llm.answer import parse_answer
from veridot.parser.llm.prompt import PROMPT_VERSION, PromptMessage, build_messages, repair_text
from veridot.parser.llm.transport import (
    DEFAULT_RETRIES,
    UNAVAILABLE_PREFIX,
    is_transport_error,
    with_transport_retry,
)
from veridot.parser.llm.vote import Sample, vote
from veridot.parser.semantic import Role, Translation, TranslationStatus
from veridot.parser.vocabulary import Vocabulary

CACHE_NAMESPACE = "llm-translation"
LLM_UNAVAILABLE = "llm_unavailable"  # the finding code of a text the model never answered
SAMPLES_ENV_VAR = "VERIDOT_LLM_SAMPLES"  # default for `samples` (so every command honours it)
MAX_TEXT_CHARS = 4_000


class TranslationCache(Protocol):
    """The part of `veridot.verifier.cache.Cache` the parser needs (kept structural: no upward
    import)."""

    def get(self, namespace: str, key: str) -> Any: ...

    def put(self, namespace: str, key: str, value: str) -> None: ...


@dataclass
class LlmStats:
    """Counters for benchmarks and logs (one parser instance, one problem stream)."""

    texts: int = 0
    model_calls: int = 0
    repairs: int = 0
    cache_hits: int = 0


def model_identity(model: object) -> str:
    """A stable name for `model` in cache keys: class plus model name when it has one."""
    for attr in ("model_name", "model", "model_id", "deployment_name"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return f"{type(model).__name__}:{value}"
    return type(model).__name__


def _to_langchain(message: PromptMessage) -> BaseMessage:
    match message.role:
        case "system":
            return SystemMessage(content=message.text)
        case "user":
            return HumanMessage(content=message.text)
        case "assistant":
            return AIMessage(content=message.text)


def _reply_text(reply: object) -> str:
    if isinstance(reply, BaseMessage):
        return reply.text
    return str(reply)


class LlmParser:
    """A SemanticParser backed by a LangChain chat model (name "llm").

    `samples`: translations per text, combined by majority vote (default: the number in
    `$VERIDOT_LLM_SAMPLES`, else 1). `max_repairs`: rounds in
    which a parse or vocabulary error is sent back to the model. `cache`: an object with
    `get(namespace, key)` / `put(namespace, key, value)` such as `veridot.verifier.cache.Cache`.
    `model_id` overrides the model's name in cache keys. `max_concurrency` > 1 asks for
    the samples in parallel threads (for remote models; the vote does not depend on order).
    `retries`: further attempts of a model call that failed in transport, waiting from
    `retry_wait_s` seconds (default `transport.RETRY_WAIT_S`) and doubling; 0 retries turns
    retrying off.
    """

    name = "llm"

    def __init__(
        self,
        chat_model: object,
        samples: int | None = None,
        max_repairs: int = 3,
        cache: TranslationCache | None = None,
        *,
        model_id: str | None = None,
        max_concurrency: int = 1,
        retries: int = DEFAULT_RETRIES,
        retry_wait_s: float | None = None,
    ) -> None:
        if not isinstance(chat_model, Runnable):
            raise TypeError(
                f"LlmParser needs a LangChain chat model, got {type(chat_model).__name__}"
            )
        if samples is None:
            raw = os.environ.get(SAMPLES_ENV_VAR, "").strip() or "1"
            if not raw.isdigit():
                raise ValueError(f"{SAMPLES_ENV_VAR}={raw!r} is not a number of samples")
            samples = int(raw)
        if samples < 1:
            raise ValueError("samples must be at least 1")
        if max_repairs < 0:
            raise ValueError("max_repairs must be 0 or more")
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        wait = transport.RETRY_WAIT_S if retry_wait_s is None else retry_wait_s
        self.model: Runnable[Any, Any] = with_transport_retry(
            chat_model, retries=retries, wait_s=wait
        )
        self.retries = retries
        self.samples = samples
        self.max_repairs = max_repairs
        self.cache = cache
        self.model_id = model_id or model_identity(chat_model)
        self.max_concurrency = max(1, max_concurrency)
        self.stats = LlmStats()
        self._lock = threading.Lock()

    # --- SemanticParser ------------------------------------------------------------------

    def translate(self, text: str, vocabulary: Vocabulary, *, role: Role = "claim") -> Translation:
        """Translate `text`; on success the vocabulary learns the new symbols."""
        self.stats.texts += 1
        if not text.strip():
            return Translation.no_claim(parser=self.name, reason="empty text")
        if len(text) > MAX_TEXT_CHARS:
            return Translation.untranslated(
                f"text longer than {MAX_TEXT_CHARS} characters", parser=self.name
            )
        prompt = build_messages(text, vocabulary, role)
        key = self._cache_key(prompt)
        samples = self._cached(key, vocabulary)
        if samples is None:
            samples = self._samples(prompt, vocabulary)
            self._store(key, samples)
        result = vote(samples, parser=self.name)
        if result.status is TranslationStatus.UNTRANSLATED and all(
            s.error.startswith(UNAVAILABLE_PREFIX) for s in samples
        ):
            result = replace(result, problem=LLM_UNAVAILABLE)
        for claim in result.claims:
            vocabulary.observe(claim)
        return result

    # --- samples, each with its repair rounds ---------------------------------------------

    def _samples(self, prompt: tuple[PromptMessage, ...], vocabulary: Vocabulary) -> list[Sample]:
        workers = min(self.max_concurrency, self.samples)
        if workers == 1:
            return [self._sample(prompt, vocabulary) for _ in range(self.samples)]
        # The vocabulary is only read while sampling; it is extended after the vote.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda _: self._sample(prompt, vocabulary), range(self.samples)))

    def _sample(self, prompt: tuple[PromptMessage, ...], vocabulary: Vocabulary) -> Sample:
        history: list[BaseMessage] = [_to_langchain(m) for m in prompt]
        reply = ""
        for attempt in range(1, self.max_repairs + 2):
            with self._lock:  # samples may run in parallel threads
                self.stats.model_calls += 1
            try:
                reply = _reply_text(self.model.invoke(history))
            except Exception as err:  # any provider failure: the step is not translated
                what = f"{type(err).__name__}: {err}"
                if is_transport_error(err):  # already retried `self.retries` times
                    tries = self.retries + 1
                    what = f"{UNAVAILABLE_PREFIX} after {tries} attempt(s): {what}"
                    return Sample(None, error=what, rounds=attempt)
                return Sample(None, error=f"model call failed: {what}", rounds=attempt)
            try:
                answer = parse_answer(reply, vocabulary)
            except ParseError as err:
                if attempt > self.max_repairs:
                    return Sample(
                        None,
                        error=(
                            f"no valid formula after {self.max_repairs} repair round(s); "
                            f"last error: {err}"
                        ),
                        answer=reply,
                        rounds=attempt,
                    )
                with self._lock:
                    self.stats.repairs += 1
                history.append(AIMessage(content=reply))
                history.append(HumanMessage(content=repair_text(str(err))))
                continue
            return Sample(answer.claims, answer=reply, rounds=attempt)
        raise AssertionError("unreachable: the loop always returns")  # pragma: no cover

    # --- cache -----------------------------------------------------------------------------

    def _cache_key(self, prompt: tuple[PromptMessage, ...]) -> str:
        material = json.dumps(
            [
                PROMPT_VERSION,
                self.model_id,
                [[m.role, m.text] for m in prompt],
                self.samples,
                self.max_repairs,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _cached(self, key: str, vocabulary: Vocabulary) -> list[Sample] | None:
        if self.cache is None:
            return None
        raw = self.cache.get(CACHE_NAMESPACE, key)
        if not isinstance(raw, str):
            return None
        try:
            entries = json.loads(raw)
            samples = []
            for entry in entries:
                if entry["ok"]:
                    # Re-parse rather than trust stored formulas: the grammar may have changed.
                    claims = parse_answer(entry["answer"], vocabulary).claims
                    samples.append(Sample(claims, answer=entry["answer"], rounds=entry["rounds"]))
                else:
                    samples.append(Sample(None, error=entry["error"], answer=entry["answer"]))
        except (ValueError, KeyError, TypeError, ParseError):
            return None  # a stale or foreign entry is a miss, never an error
        self.stats.cache_hits += 1
        return samples

    def _store(self, key: str, samples: list[Sample]) -> None:
        if self.cache is None:
            return
        if any(s.error.startswith(("model call failed", UNAVAILABLE_PREFIX)) for s in samples):
            return  # transient failures must not be remembered
        entries = [
            {"ok": s.translatable, "answer": s.answer, "error": s.error, "rounds": s.rounds}
            for s in samples
        ]
        self.cache.put(CACHE_NAMESPACE, key, json.dumps(entries, ensure_ascii=False))
