"""LlmParser with LangChain's fake chat models: good answers, repairs, give-ups, votes, cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from llm_fakes import DictCache, scripted

from veridot.parser.errors import ParseError
from veridot.parser.fol import parse_fol
from veridot.parser.llm import LlmParser
from veridot.parser.llm.prompt import TEXT_MARKER
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary

CATS = "∀x (Cat(x) → Animal(x))"


def test_good_answer_is_parsed_and_extends_the_vocabulary() -> None:
    model = FakeListChatModel(responses=[f"FOL: {CATS}"])
    vocabulary = Vocabulary()
    result = LlmParser(model).translate("All cats are animals.", vocabulary, role="premise")
    assert result.status is TranslationStatus.CLAIM
    assert result.claims == (parse_fol(CATS),)
    assert result.parser == "llm"
    assert vocabulary.predicates == {"Cat": 1, "Animal": 1}


def test_prompt_carries_syntax_examples_vocabulary_and_text() -> None:
    model = scripted([f"FOL: {CATS}"])
    vocabulary = Vocabulary()
    vocabulary.observe(parse_fol("Loves(tom, mary)"))
    LlmParser(model).translate("All cats are animals.", vocabulary)
    messages = model.seen[0]
    assert isinstance(messages[0], SystemMessage)
    assert "∀x" in messages[0].text
    assert "Precedence" in messages[0].text
    # few-shot turns: user/assistant pairs before the task
    assert any(isinstance(m, AIMessage) for m in messages[1:-1])
    task = messages[-1]
    assert isinstance(task, HumanMessage)
    assert "predicate Loves/2" in task.text
    assert "constant tom" in task.text
    assert f"{TEXT_MARKER} All cats are animals." in task.text


def test_several_claims_keep_the_main_claim_last() -> None:
    model = FakeListChatModel(responses=["FOL: Cat(tom)\nFOL: Animal(tom)"])
    result = LlmParser(model).translate("Since Tom is a cat, he is an animal.", Vocabulary())
    assert result.claims == (parse_fol("Cat(tom)"), parse_fol("Animal(tom)"))
    assert result.main == parse_fol("Animal(tom)")


def test_no_claim_answer() -> None:
    model = FakeListChatModel(responses=["NO CLAIM"])
    result = LlmParser(model).translate("Let's think step by step.", Vocabulary())
    assert result.status is TranslationStatus.NO_CLAIM


def test_code_fences_and_a_bare_single_line_are_accepted() -> None:
    model = FakeListChatModel(responses=[f"```\nFOL: {CATS}\n```", CATS])
    parser = LlmParser(model)
    assert parser.translate("a", Vocabulary()).claims == (parse_fol(CATS),)
    assert parser.translate("b", Vocabulary()).claims == (parse_fol(CATS),)


def test_malformed_then_repaired_and_the_repair_prompt_carries_the_error() -> None:
    broken = "∀x (Cat(x) → Animal(x)"
    model = scripted([f"FOL: {broken}", f"FOL: {CATS}"])
    parser = LlmParser(model)
    result = parser.translate("All cats are animals.", Vocabulary())
    assert result.status is TranslationStatus.CLAIM
    assert result.claims == (parse_fol(CATS),)
    assert len(model.seen) == 2
    repair = model.seen[1]
    # the conversation goes on: the bad answer, then the error as the last user message
    assert isinstance(repair[-2], AIMessage)
    assert broken in repair[-2].text
    assert isinstance(repair[-1], HumanMessage)
    with pytest.raises(ParseError) as caught:
        parse_fol(broken)
    parser_error = str(caught.value)
    first_line = parser_error.splitlines()[0]
    assert first_line in repair[-1].text
    assert "column" in repair[-1].text
    assert parser.stats.repairs == 1


def test_vocabulary_arity_clash_is_sent_back_for_repair() -> None:
    vocabulary = Vocabulary()
    vocabulary.observe(parse_fol("Cat(tom)"))
    model = scripted(["FOL: Cat(tom, felix)", "FOL: Cat(felix)"])
    result = LlmParser(model).translate("Felix is a cat.", vocabulary)
    assert result.claims == (parse_fol("Cat(felix)"),)
    assert "predicate Cat takes 1 argument" in model.seen[1][-1].text


def test_kind_clash_with_the_vocabulary_is_an_error() -> None:
    vocabulary = Vocabulary()
    vocabulary.observe(parse_fol("Cat(tom)"))
    model = FakeListChatModel(responses=["FOL: Likes(tom, Cat)"])
    result = LlmParser(model, max_repairs=0).translate("Tom likes Cat.", vocabulary)
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "Cat is a predicate in the vocabulary but is used as a constant" in result.reason


def test_untagged_extra_lines_are_rejected_not_ignored() -> None:
    # A continuation line silently dropped would change the meaning; it must be repaired.
    model = scripted(["FOL: Cat(tom)\n∧ Animal(tom)", "FOL: Cat(tom) ∧ Animal(tom)"])
    result = LlmParser(model).translate("Tom is a cat and an animal.", Vocabulary())
    assert result.claims == (parse_fol("Cat(tom) ∧ Animal(tom)"),)
    assert "line 2" in model.seen[1][-1].text


def test_never_valid_gives_up_after_three_repairs_with_the_last_error() -> None:
    model = scripted(["FOL: Cat(", "FOL: Cat(x", "FOL: Cat(x,", "FOL: ∀x (Cat(x) →"])
    parser = LlmParser(model)
    result = parser.translate("All cats are animals.", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert len(model.seen) == 4  # one answer plus three repair rounds
    assert "3 repair round(s)" in result.reason
    assert "∀x (Cat(x) →" in result.reason  # the last answer's error is the one kept
    assert result.claims == ()


def test_max_repairs_is_configurable() -> None:
    model = scripted(["FOL: Cat(", "FOL: Cat(tom)"])
    result = LlmParser(model, max_repairs=0).translate("Tom is a cat.", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert len(model.seen) == 1


def test_model_output_is_parsed_never_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    payload = "FOL: __import__('os').system('touch pwned')"
    model = FakeListChatModel(responses=[payload])
    result = LlmParser(model, max_repairs=0).translate("x", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert not (tmp_path / "pwned").exists()


def test_model_failure_is_untranslated_not_a_crash() -> None:
    model = scripted([])  # the iterator is empty: the model raises on the first call
    cache = DictCache()
    result = LlmParser(model, cache=cache).translate("All cats are animals.", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "model call failed" in result.reason
    assert cache.data == {}  # transient failures are not remembered


# --- voting -----------------------------------------------------------------------------------


def test_majority_vote_counts_alpha_variants_as_one_and_reports_ambiguity() -> None:
    model = FakeListChatModel(
        responses=[f"FOL: {CATS}", "FOL: ∀y (Cat(y) → Animal(y))", "FOL: ∃x (Cat(x) ∧ Animal(x))"]
    )
    result = LlmParser(model, samples=3).translate("Cats are animals.", Vocabulary())
    assert result.status is TranslationStatus.CLAIM
    assert result.claims == (parse_fol(CATS),)
    assert result.alternatives == (parse_fol(CATS), parse_fol("∃x (Cat(x) ∧ Animal(x))"))
    assert result.reason.startswith("ambiguous")
    assert "2 of 3" in result.reason


def test_unanimous_samples_are_not_ambiguous() -> None:
    model = FakeListChatModel(responses=[f"FOL: {CATS}"])
    result = LlmParser(model, samples=3).translate("All cats are animals.", Vocabulary())
    assert result.claims == (parse_fol(CATS),)
    assert result.alternatives == ()
    assert result.reason == ""


def test_vote_is_over_translatable_samples_only() -> None:
    model = FakeListChatModel(responses=["FOL: Cat(", f"FOL: {CATS}", "FOL: Cat("])
    result = LlmParser(model, samples=2, max_repairs=0).translate("x", Vocabulary())
    assert result.status is TranslationStatus.CLAIM
    assert result.claims == (parse_fol(CATS),)


def test_a_tie_is_untranslated_with_both_formulas_as_alternatives() -> None:
    model = FakeListChatModel(responses=["FOL: Cat(tom)", "FOL: Dog(tom)"])
    vocabulary = Vocabulary()
    result = LlmParser(model, samples=2).translate("Tom is a pet.", vocabulary)
    assert result.status is TranslationStatus.UNTRANSLATED
    assert set(result.alternatives) == {parse_fol("Cat(tom)"), parse_fol("Dog(tom)")}
    assert "tie" in result.reason
    assert vocabulary.is_empty()  # nothing was accepted, so nothing was learnt


# --- cache ------------------------------------------------------------------------------------


def test_translations_are_cached_by_model_prompt_and_text() -> None:
    cache = DictCache()
    first = LlmParser(FakeListChatModel(responses=[f"FOL: {CATS}"]), cache=cache)
    assert first.translate("All cats are animals.", Vocabulary()).claims == (parse_fol(CATS),)
    assert len(cache.data) == 1
    # A second parser whose model would fail: the answer must come from the cache.
    again = LlmParser(scripted([]), cache=cache, model_id=first.model_id)
    result = again.translate("All cats are animals.", Vocabulary())
    assert result.claims == (parse_fol(CATS),)
    assert again.stats.cache_hits == 1
    assert again.stats.model_calls == 0
    # Another text, another vocabulary or another model is a miss.
    vocabulary = Vocabulary()
    vocabulary.observe(parse_fol("Dog(rex)"))
    other = LlmParser(FakeListChatModel(responses=["FOL: Dog(rex)"]), cache=cache)
    other.translate("All cats are animals.", vocabulary)
    assert other.stats.cache_hits == 0
    renamed = LlmParser(FakeListChatModel(responses=["NO CLAIM"]), cache=cache, model_id="m2")
    renamed.translate("All cats are animals.", Vocabulary())
    assert renamed.stats.cache_hits == 0


def test_works_with_the_sqlite_cache(tmp_path: Path) -> None:
    from veridot.verifier.cache import Cache

    cache = Cache(tmp_path / "c.sqlite3")
    LlmParser(FakeListChatModel(responses=[f"FOL: {CATS}"]), cache=cache, model_id="m").translate(
        "All cats are animals.", Vocabulary()
    )
    hit = LlmParser(scripted([]), cache=cache, model_id="m")
    assert hit.translate("All cats are animals.", Vocabulary()).claims == (parse_fol(CATS),)


def test_rejects_non_models_and_bad_settings() -> None:
    with pytest.raises(TypeError):
        LlmParser(object())
    model = FakeListChatModel(responses=["NO CLAIM"])
    with pytest.raises(ValueError, match="samples"):
        LlmParser(model, samples=0)
    with pytest.raises(ValueError, match="max_repairs"):
        LlmParser(model, max_repairs=-1)


def test_registry_builds_the_llm_parser() -> None:
    from veridot.parser.registry import get_semantic_parser

    model = FakeListChatModel(responses=["NO CLAIM"])
    assert get_semantic_parser("llm", llm=model).name == "llm"


def test_auto_tries_fol_then_english_then_the_llm() -> None:
    from veridot.parser.registry import get_semantic_parser

    model = scripted(["FOL: ∀x (Raven(x) → Black(x))"])
    auto = get_semantic_parser("auto", llm=model)
    vocabulary = Vocabulary()
    assert auto.translate("Cat(tom)", vocabulary).parser == "fol"
    assert auto.translate("Tom is a cat.", vocabulary).parser == "english"
    assert model.seen == []  # the model is not asked while a cheaper parser succeeds
    fallback = auto.translate("Ravens, without exception, happen to be black.", vocabulary)
    assert fallback.parser == "llm"
    assert fallback.claims == (parse_fol("∀x (Raven(x) → Black(x))"),)
    # the model saw the symbols the other parsers had put in the shared vocabulary
    assert "predicate Cat/1" in model.seen[0][-1].text


def test_every_few_shot_example_answer_is_valid_fol() -> None:
    from veridot.parser.llm.answer import parse_answer
    from veridot.parser.llm.prompt import EXAMPLES, NO_CLAIM_ANSWER

    for example in EXAMPLES:
        # The example's vocabulary listing, read back: its answer must respect it.
        vocabulary = Vocabulary()
        for line in example.vocabulary.splitlines():
            kind, _, symbol = line.partition(" ")
            name, _, arity = symbol.partition("/")
            if kind == "predicate":
                vocabulary.predicates[name] = int(arity)
            elif kind == "function":
                vocabulary.functions[name] = int(arity)
            else:
                assert kind == "constant", line
                vocabulary.constants.add(name)
        answer = parse_answer(example.answer, vocabulary)
        assert answer.no_claim == (example.answer == NO_CLAIM_ANSWER), example.text


def test_samples_can_be_asked_in_parallel() -> None:
    model = FakeListChatModel(responses=[f"FOL: {CATS}"])
    parser = LlmParser(model, samples=4, max_concurrency=4)
    result = parser.translate("All cats are animals.", Vocabulary())
    assert result.claims == (parse_fol(CATS),)
    assert parser.stats.model_calls == 4


def test_samples_default_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    model = FakeListChatModel(responses=["NO CLAIM"])
    monkeypatch.delenv("VERIDOT_LLM_SAMPLES", raising=False)
    assert LlmParser(model).samples == 1
    monkeypatch.setenv("VERIDOT_LLM_SAMPLES", "5")
    assert LlmParser(model).samples == 5
    assert LlmParser(model, samples=2).samples == 2
    monkeypatch.setenv("VERIDOT_LLM_SAMPLES", "many")
    with pytest.raises(ValueError, match="VERIDOT_LLM_SAMPLES"):
        LlmParser(model)


def test_disagreeing_samples_become_an_ambiguous_finding_in_the_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from veridot.verifier.check import verify

    monkeypatch.setenv("VERIDOT_LLM_SAMPLES", "3")
    model = FakeListChatModel(
        responses=["FOL: Animal(tom)", "FOL: Animal(tom)", "FOL: Pet(tom)"]  # per step: 2 vs 1
    )
    record = {
        "id": "r",
        "premises": [{"text": "premise", "fol": "∀x (Cat(x) → Animal(x)) ∧ Cat(tom)"}],
        "steps": ["So Tom is, in every respect, an animal."],
        "parser": "llm",
    }
    report = verify(record, parser="llm", llm=model, transcript=False)
    step = next(n for n in report.nodes if n.id == "s0")
    assert step.status.value == "entailed"  # the majority translation was checked
    assert "ambiguous" in [f.code for f in step.findings]
