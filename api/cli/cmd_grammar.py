"""`veridot grammar`: print the FOL grammar for grammar-constrained decoding.

`--format gbnf` writes a llama.cpp GBNF grammar (`llama-cli --grammar-file`, or the server's
`grammar` field); `--format lark` writes a plain Lark grammar for OpenAI-compatible servers
that accept one for guided decoding (vLLM's `guided_grammar` / structured outputs). By
default the grammar describes the LLM parser's whole answer (`FOL: ...` lines or `NO CLAIM`);
`--start formula` gives just one formula.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from veridot.api.cli.output import require_stdout


class _Format(StrEnum):
    GBNF = "gbnf"
    LARK = "lark"


class _Start(StrEnum):
    ANSWER = "answer"
    FORMULA = "formula"


def grammar_command(
    fmt: Annotated[
        _Format, typer.Option("--format", "-f", help="gbnf (llama.cpp) or lark (vLLM et al.).")
    ] = _Format.GBNF,
    start: Annotated[
        _Start,
        typer.Option(
            "--start", help="answer: the LLM parser's answer lines; formula: one formula."
        ),
    ] = _Start.ANSWER,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the FOL grammar as GBNF or Lark for grammar-constrained LLM decoding."""
    if output is None:
        require_stdout()
    try:
        from veridot.parser.gbnf import export_grammar

        text = export_grammar(fmt.value, start=start.value)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # the CLI promise: one line, never a traceback
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    """Add `grammar` to the `veridot` app."""
    app.command("grammar")(grammar_command)
