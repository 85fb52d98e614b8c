"""The exported grammars as a real guided-decoding engine reads them (llguidance).

llguidance is the grammar engine behind vLLM's `guidance` backend, llama.cpp's optional
LLGuidance build and SGLang; its GBNF reader follows llama.cpp's syntax. A byte-level
tokenizer stands in for a model's, so acceptance is checked character by character.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import pytest
from test_gbnf import INVALID, VALID

from veridot.parser.gbnf import export_grammar

llguidance = pytest.importorskip("llguidance")


class _ByteTokenizer:
    """Token i is byte i; token 256 is end of sequence."""

    eos_token_id = 256
    bos_token_id = None
    tokens: ClassVar[list[bytes]] = [bytes([i]) for i in range(256)] + [b"<eos>"]
    special_token_ids: ClassVar[list[int]] = [256]

    def __call__(self, text: Any) -> list[int]:
        return list(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return llguidance.LLTokenizer(llguidance.TokenizerWrapper(_ByteTokenizer()), slices=[])


@cache
def _grammar(fmt: str, start: str) -> str:
    return str(llguidance.grammar_from(fmt, export_grammar(fmt, start=start)))  # type: ignore[arg-type]


def _accepts(tokenizer: Any, fmt: str, start: str, text: str) -> bool:
    grammar = _grammar(fmt, start)
    matcher = llguidance.LLMatcher(tokenizer, grammar, log_level=0)
    assert not matcher.is_error(), matcher.get_error()
    for byte in text.encode("utf-8"):
        if not matcher.consume_token(byte):
            return False
    return bool(matcher.is_accepting())


@pytest.mark.parametrize("fmt", ["gbnf", "lark"])
@pytest.mark.parametrize("start", ["answer", "formula"])
def test_grammars_validate(fmt: str, start: str) -> None:
    grammar = llguidance.grammar_from(fmt, export_grammar(fmt, start=start))  # type: ignore[arg-type]
    assert llguidance.LLMatcher.validate_grammar(grammar) == ""


@pytest.mark.parametrize("fmt", ["gbnf", "lark"])
def test_valid_answers_are_accepted(tokenizer: Any, fmt: str) -> None:
    for formula in VALID:
        assert _accepts(tokenizer, fmt, "answer", f"FOL: {formula}\n"), formula
    assert _accepts(tokenizer, fmt, "answer", "FOL: Cat(tom)\nFOL: ∃x Dog(x)\n")
    assert _accepts(tokenizer, fmt, "answer", "NO CLAIM")


@pytest.mark.parametrize("fmt", ["gbnf", "lark"])
def test_broken_answers_are_refused(tokenizer: Any, fmt: str) -> None:
    for text in INVALID:
        assert not _accepts(tokenizer, fmt, "answer", f"FOL: {text}\n"), text
    assert not _accepts(tokenizer, fmt, "answer", "Cat(tom)\n")
