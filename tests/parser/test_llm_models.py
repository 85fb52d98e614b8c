"""Choosing a chat model by spec, and replaying recorded translations as a chat model."""

from __future__ import annotations

from typing import Any

import pytest

from veridot.parser.fol import parse_fol
from veridot.parser.llm import LlmParser
from veridot.parser.llm.recorded import RecordedChatModel, normalize_text
from veridot.parser.llm_models import (
    ENV_VAR,
    GRAMMAR_ENV_VAR,
    ModelConfigError,
    configured_spec,
    load_chat_model,
    load_configured_model,
)
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary


def _provider_installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@pytest.mark.skipif(_provider_installed("langchain_openai"), reason="langchain-openai installed")
def test_missing_provider_package_names_the_extra() -> None:
    with pytest.raises(ModelConfigError) as caught:
        load_chat_model("openai:gpt-4o-mini")
    message = str(caught.value)
    assert "langchain-openai" in message
    assert "pip install 'veridot[openai]'" in message


@pytest.mark.skipif(_provider_installed("langchain_ollama"), reason="langchain-ollama installed")
def test_missing_ollama_package_names_the_extra() -> None:
    with pytest.raises(ModelConfigError, match=r"veridot\[ollama\]"):
        load_chat_model("ollama:llama3.1")


@pytest.mark.parametrize("spec", ["gpt-4o", "openai:", ":gpt-4o", ""])
def test_malformed_spec(spec: str) -> None:
    with pytest.raises(ModelConfigError, match="provider:model"):
        load_chat_model(spec)


def test_unknown_provider_is_a_clear_error() -> None:
    with pytest.raises(ModelConfigError, match="cannot create model"):
        load_chat_model("no-such-provider:model")


def test_spec_comes_from_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert configured_spec(None) is None
    assert load_configured_model(None) is None
    monkeypatch.setenv(ENV_VAR, "ollama:llama3.1")
    assert configured_spec(None) == "ollama:llama3.1"
    assert configured_spec("openai:gpt-4o") == "openai:gpt-4o"


# --- recorded outputs ------------------------------------------------------------------------


def test_recorded_model_serves_the_translation_of_the_asked_sentence() -> None:
    model = RecordedChatModel.from_pairs(
        [
            ("All cats are animals.", "∀x (Cat(x) → Animal(x))"),
            ("Tom is a cat.", "Cat(tom)"),
        ],
        model_name="gpt-4",
    )
    parser = LlmParser(model)
    vocabulary = Vocabulary()
    tom = parser.translate("Tom is a cat", vocabulary, role="premise")
    cats = parser.translate("all cats are  animals.", vocabulary, role="premise")
    assert tom.claims == (parse_fol("Cat(tom)"),)
    assert cats.claims == (parse_fol("∀x (Cat(x) → Animal(x))"),)
    assert parser.model_id == "RecordedChatModel:gpt-4"


def test_recorded_model_cannot_repair_and_unknown_text_is_untranslated() -> None:
    model = RecordedChatModel.from_pairs([("Tom is a cat.", "Cat(tom")])
    parser = LlmParser(model)
    broken = parser.translate("Tom is a cat.", Vocabulary())
    assert broken.status is TranslationStatus.UNTRANSLATED
    assert parser.stats.model_calls == 4  # the same recording, answered again on each repair
    unknown = parser.translate("Something never recorded.", Vocabulary())
    assert unknown.status is TranslationStatus.UNTRANSLATED


def test_recorded_samples_are_served_in_turn_for_voting() -> None:
    model = RecordedChatModel.from_mapping(
        {"Tom is a pet.": ["FOL: Cat(tom)", "FOL: Cat(tom)", "FOL: Dog(tom)"]}
    )
    result = LlmParser(model, samples=3).translate("Tom is a pet.", Vocabulary())
    assert result.claims == (parse_fol("Cat(tom)"),)
    assert set(result.alternatives) == {parse_fol("Cat(tom)"), parse_fol("Dog(tom)")}


def test_normalize_text() -> None:
    assert normalize_text("  Tom  is a CAT. ") == normalize_text("tom is a cat")


# --- grammar-constrained decoding ------------------------------------------------------------


def _capture_init(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    captured: dict[str, Any] = {}

    def fake_init(spec: str, **kwargs: Any) -> str:
        captured.update(kwargs, spec=spec)
        return "model"

    monkeypatch.setattr("langchain.chat_models.init_chat_model", fake_init)
    return captured


def test_gbnf_mode_sends_the_grammar_to_a_llama_cpp_server(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = _capture_init(monkeypatch)
    monkeypatch.setenv(GRAMMAR_ENV_VAR, "gbnf")
    load_chat_model("openai:local", base_url="http://localhost:8080/v1")  # on by default
    assert captured["base_url"] == "http://localhost:8080/v1"
    assert captured["extra_body"]["grammar"].count("root ::=") == 1


def test_vllm_mode_sends_a_lark_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = _capture_init(monkeypatch)
    monkeypatch.setenv(GRAMMAR_ENV_VAR, "vllm")
    load_chat_model("openai:qwen", constrained=True)
    body = captured["extra_body"]
    assert body["guided_grammar"] == body["structured_outputs"]["grammar"]
    assert body["guided_grammar"].startswith("// Lark grammar")


def test_grammar_can_be_turned_off_per_model(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = _capture_init(monkeypatch)
    monkeypatch.setenv(GRAMMAR_ENV_VAR, "gbnf")
    load_chat_model("openai:local", constrained=False)  # the reasoning model
    assert "extra_body" not in captured


def test_grammar_mode_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    _capture_init(monkeypatch)
    monkeypatch.setenv(GRAMMAR_ENV_VAR, "gbnf")
    with pytest.raises(ModelConfigError, match="OpenAI-compatible"):
        load_chat_model("ollama:llama3.1", constrained=True)
    monkeypatch.setenv(GRAMMAR_ENV_VAR, "regex")
    with pytest.raises(ModelConfigError, match="not a grammar mode"):
        load_chat_model("openai:local", constrained=True)
