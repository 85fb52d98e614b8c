"""How records are checked: one `CheckOptions` for the library, the CLI, the runner and the service.

`CheckOptions` names the semantic parser (or is handed one), the prover, the per-check timeout,
the relaxations and what the LLM parser uses. It is built once per call (`verify`, the CLI's
`check`, a service job) and travels as it is: to the checker, to the runner's worker processes
(it pickles when `parser` is a name, `llm` a `provider:model` spec and `cache` a path, which is
how the CLI and the service build it: each worker loads its own model and opens its own cache),
and into the cache key of a report (`key()`). `CheckKeywords` is the same options as keyword
arguments, the form `verify`, `iter_verify` and `verify_each` take.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypedDict

from veridot.provers.base import DEFAULT_TIMEOUT_S

if TYPE_CHECKING:
    from veridot.parser.semantic import SemanticParser


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How to verify: parser, prover, per-check timeout, relaxations, LLM and its cache.

    `parser`: `auto` | `fol` | `math` | `english` | `llm`, or a `SemanticParser` instance (a
    record's or node's own `parser` name still wins); `prover`: a name from
    `veridot.provers.registry.available_provers()`; `timeout`: seconds per prover check;
    `allow_unsupported`: unsupported steps do not make a record invalid; `llm`: a LangChain
    chat model or its `provider:model` spec, for the `llm` parser; `transcript`: include the
    critic-annotated DoT transcript; `cache`: a `veridot.verifier.cache.Cache`, or its path, where
    the LLM parser keeps its translations.
    """

    parser: str | SemanticParser = "auto"
    prover: str = "z3"
    timeout: float = DEFAULT_TIMEOUT_S
    allow_unsupported: bool = False
    llm: object | None = None
    transcript: bool = True
    cache: object | None = None

    @property
    def parser_name(self) -> str:
        """The parser's name (an instance's own `name`)."""
        return self.parser if isinstance(self.parser, str) else self.parser.name

    @property
    def llm_spec(self) -> str | None:
        """The LLM as a `provider:model` spec, when it was given as one."""
        return self.llm if isinstance(self.llm, str) else None

    def chat_model(self) -> object | None:
        """The chat model: `llm` itself, or loaded from its spec (once per process)."""
        if not isinstance(self.llm, str):
            return self.llm
        if not self.llm:
            return None
        if self.llm not in _MODELS:
            from veridot.parser.llm_models import load_chat_model

            _MODELS[self.llm] = load_chat_model(self.llm)
        return _MODELS[self.llm]

    def translation_cache(self) -> object | None:
        """The LLM translation cache: `cache` itself, or opened from its path (once per process).

        A path is opened only when an LLM is set: nothing else reads the cache."""
        if not isinstance(self.cache, str):
            return self.cache
        if not self.cache or not self.llm:
            return None
        if self.cache not in _CACHES:
            from veridot.verifier.cache import Cache

            _CACHES[self.cache] = Cache(self.cache)
        return _CACHES[self.cache]

    def key(self) -> dict[str, Any]:
        """What a report depends on besides its record, for `veridot.verifier.cache.report_key`."""
        return {
            "parser": self.parser_name,
            "prover": self.prover,
            "timeout": self.timeout,
            "allow_unsupported": self.allow_unsupported,
            "llm": self.llm_spec,
        }

    def check_parser(self) -> None:
        """The caller's parser must exist (a record's own unknown parser only leaves its nodes
        untranslated); raises `veridot.parser.registry.UnknownParserError`, a ValueError."""
        if not isinstance(self.parser, str):
            return
        from veridot.parser.registry import PARSER_NAMES, UnknownParserError

        if self.parser not in PARSER_NAMES:
            raise UnknownParserError(
                f"unknown parser {self.parser!r}; choose one of {', '.join(PARSER_NAMES)}"
            )
        if self.parser == "llm" and self.llm is None:
            raise UnknownParserError("parser 'llm' needs a chat model (llm=...)")


class CheckKeywords(TypedDict, total=False):
    """`CheckOptions` as the keyword arguments of `verify`, `iter_verify` and `verify_each`."""

    parser: str | SemanticParser
    prover: str
    timeout: float
    allow_unsupported: bool
    llm: object | None
    transcript: bool
    cache: object | None


def check_options(keywords: CheckKeywords) -> CheckOptions:
    """The options named by `keywords` (the rest at their defaults), the parser checked."""
    options = CheckOptions(**keywords)
    options.check_parser()
    return options


OPTION_NAMES = tuple(f.name for f in fields(CheckOptions))

# Per process: a worker loads each model and opens each cache once, not once per record.
_MODELS: dict[str, object] = {}
_CACHES: dict[str, object] = {}
