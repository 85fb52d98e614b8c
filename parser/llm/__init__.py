"""The LLM semantic parser: a LangChain chat model formalises text into veridot's FOL.

`LlmParser` (name "llm") is the entry point; `prompt` holds what the model sees, `answer`
reads what it says (parse only, never execute), `vote` combines samples, and `recorded`
replays recorded model outputs for offline benchmarks and tests. LangChain is loaded only
when `LlmParser` is first used, so importing the prompt (e.g. for the grammar export) is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from veridot.parser.llm.prompt import PROMPT_VERSION

if TYPE_CHECKING:
    from veridot.parser.llm.llm_parser import LlmParser, LlmStats, TranslationCache, model_identity

__all__ = ["PROMPT_VERSION", "LlmParser", "LlmStats", "TranslationCache", "model_identity"]


def __getattr__(name: str) -> Any:
    if name in ("LlmParser", "LlmStats", "TranslationCache", "model_identity"):
        from veridot.parser.llm import llm_parser

        return getattr(llm_parser, name)
    raise AttributeError(f"module 'veridot.parser.llm' has no attribute {name!r}")
