"""`veridot reason`: let a chat model reason as a Diagram of Thought, with veridot as the critic.

The model (`--llm provider:model`, or `$VERIDOT_LLM`) writes one DoT v2 block per round;
veridot verifies it and appends its critic block; the transcript goes back to the model until
a summarizer is accepted or `--max-rounds` is reached. Prints each round as it happens (on
stderr), then the full transcript and the outcome; `--json` prints one JSON object instead.
Exit 0 when an answer was accepted, 1 when not (round limit or model failure), 2 on usage
errors. LangChain and the prover are imported inside the command.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from veridot.api.cli.output import require_stdout


def _read_context(path: Path | None) -> list[str]:
    """Premises from `path`, one per non-empty line (`#` starts a comment line)."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read context file {path}: {exc}", err=True)
        raise typer.Exit(2) from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def reason_command(
    question: Annotated[str, typer.Argument(help="The question to reason about.")],
    context: Annotated[
        Path | None,
        typer.Option("--context", help="Premises, one per line (FOL or plain English)."),
    ] = None,
    llm: Annotated[
        str | None,
        typer.Option("--llm", help="Chat model as provider:model (default: $VERIDOT_LLM)."),
    ] = None,
    max_rounds: Annotated[
        int, typer.Option("--max-rounds", min=1, help="Model turns at most.")
    ] = 8,
    parser: Annotated[
        str,
        typer.Option("--parser", help="Parser for text without @prop: auto|fol|math|english|llm."),
    ] = "auto",
    prover: Annotated[str, typer.Option("--prover", help="Prover backend.")] = "z3",
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Seconds per prover check.")
    ] = 2.0,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (rounds, transcript, report).")
    ] = False,
) -> None:
    """Reason with an LLM, every step checked by a theorem prover."""
    require_stdout()  # the model's answer would be lost: say so before calling it
    premises = _read_context(context)
    try:
        from veridot.parser.llm_models import (
            GRAMMAR_ENV_VAR,
            ModelConfigError,
            configured_spec,
            load_chat_model,
        )

        spec = configured_spec(llm)
        if spec is None:
            typer.echo("error: no model: pass --llm provider:model or set VERIDOT_LLM", err=True)
            raise typer.Exit(2)
        try:
            model = load_chat_model(spec, constrained=False)
            # The translator (text without @prop) may be grammar-constrained; the reasoner
            # writes DoT blocks, so it never is.
            translator = (
                load_chat_model(spec, constrained=True)
                if os.environ.get(GRAMMAR_ENV_VAR)
                else model
            )
        except ModelConfigError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        from veridot.verifier.cache import Cache
        from veridot.verifier.reason import ReasonResult, iter_reason

        result: ReasonResult | None = None
        for item in iter_reason(
            question,
            model=model,
            context=premises,
            max_rounds=max_rounds,
            parser=parser,
            prover=prover,
            timeout=timeout,
            translator=translator,
            cache=Cache.default(),
        ):
            if isinstance(item, ReasonResult):
                result = item
            elif not json_output:
                where = f"node {item.node}" if item.node else "not added"
                typer.echo(
                    f"round {item.number}: {item.role or '?'} {where}: "
                    f"{item.status or '-'} {item.feedback}".rstrip(),
                    err=True,
                )
    except typer.Exit:
        raise
    except Exception as exc:  # the CLI promise: one line, never a traceback
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None
    assert result is not None
    if json_output:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        typer.echo(result.transcript, nl=False)
        typer.echo(f"\n{result.status}: {result.message}")
        if result.answer:
            typer.echo(f"answer: {result.answer}")
        typer.echo(f"transcript verdict: {result.report.verdict.value}")
    raise typer.Exit(0 if result.status == "accepted" else 1)


def register(app: typer.Typer) -> None:
    """Add `reason` to the `veridot` app."""
    app.command("reason")(reason_command)
