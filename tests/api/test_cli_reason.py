"""`veridot reason` and `veridot grammar` on the command line (scripted model, no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from lark import Lark
from typer.testing import CliRunner

from veridot.api.cli.main import app

runner = CliRunner()

STEP = (
    "<proposer>\n@node id=4 role=proposer\n@edge src=2 dst=4 kind=use\n"
    "@edge src=3 dst=4 kind=use\n@prop id=4 Animal(tom)\nSo Tom is an animal.\n</proposer>"
)
SUMMARY = (
    "<summarizer>\n@node id=6 role=summarizer\n@edge src=4 dst=6 kind=use\n"
    "@prop id=6 Animal(tom)\nYes.\n</summarizer>"
)


@pytest.fixture
def context(tmp_path: Path) -> Path:
    path = tmp_path / "context.txt"
    path.write_text("# premises\n∀x (Cat(x) → Animal(x))\nCat(tom)\n", encoding="utf-8")
    return path


def _use_model(monkeypatch: pytest.MonkeyPatch, replies: list[str]) -> list[str]:
    specs: list[str] = []

    def fake_loader(spec: str, **kwargs: object) -> FakeListChatModel:
        specs.append(spec)
        return FakeListChatModel(responses=replies)

    monkeypatch.setattr("veridot.parser.llm_models.load_chat_model", fake_loader)
    monkeypatch.setenv("VERIDOT_CACHE", "off")
    return specs


def test_reason_accepts_and_prints_the_transcript(
    monkeypatch: pytest.MonkeyPatch, context: Path
) -> None:
    specs = _use_model(monkeypatch, [STEP, SUMMARY])
    result = runner.invoke(
        app, ["reason", "Is Tom an animal?", "--context", str(context), "--llm", "fake:m"]
    )
    assert result.exit_code == 0, result.stderr
    assert specs == ["fake:m"]
    assert "@status target=4 mark=validated" in result.stdout
    assert "accepted:" in result.stdout
    assert "round 1: proposer node 4: entailed" in result.stderr


def test_reason_json_and_round_limit_exit_1(monkeypatch: pytest.MonkeyPatch, context: Path) -> None:
    _use_model(monkeypatch, [STEP.replace("Animal(tom)", "Dog(tom)")])
    monkeypatch.setenv("VERIDOT_LLM", "fake:env")
    result = runner.invoke(
        app,
        ["reason", "Is Tom an animal?", "--context", str(context), "--max-rounds", "1", "--json"],
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "round_limit"
    assert data["rounds"][0]["status"] == "unsupported"
    assert data["report"]["verdict"] == "invalid"


def test_reason_without_a_model_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VERIDOT_LLM", raising=False)
    result = runner.invoke(app, ["reason", "Is Tom an animal?"])
    assert result.exit_code == 2
    assert "--llm" in result.stderr


def test_reason_with_a_missing_provider_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    if importlib.util.find_spec("langchain_openai") is not None:
        pytest.skip("langchain-openai is installed")
    result = runner.invoke(app, ["reason", "Q?", "--llm", "openai:gpt-4o-mini"])
    assert result.exit_code == 2
    assert "veridot[openai]" in result.stderr
    assert "Traceback" not in result.stderr


def test_reason_unreadable_context(tmp_path: Path) -> None:
    result = runner.invoke(app, ["reason", "Q?", "--context", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "cannot read context file" in result.stderr


@pytest.mark.parametrize("fmt", ["gbnf", "lark"])
def test_grammar_command(fmt: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["grammar", "--format", fmt])
    assert result.exit_code == 0
    if fmt == "gbnf":
        rules = [line for line in result.stdout.splitlines() if not line.startswith("#")]
        assert rules[0].startswith("root ::=")
    else:
        Lark(result.stdout, parser="lalr").parse("FOL: Cat(tom)\n")
    out = tmp_path / f"fol.{fmt}"
    written = runner.invoke(app, ["grammar", "--format", fmt, "--start", "formula", "-o", str(out)])
    assert written.exit_code == 0
    assert out.read_text(encoding="utf-8").strip()


def test_grammar_rejects_unknown_format() -> None:
    result = runner.invoke(app, ["grammar", "--format", "ebnf"])
    assert result.exit_code == 2
