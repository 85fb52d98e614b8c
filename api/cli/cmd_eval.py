"""`veridot eval`: answer every problem of a FOLIO, Logic-LM or LINC file and score the answers.

This module declares the command's options for typer; what the command does is
`veridot.api.cli.eval_run.run_eval`, which a plain `veridot eval` reaches without typer through
`veridot.api.cli.eval_argv` (whose table of options must agree with the parameters below: a test
checks it). `--semantics proofwriter` and `--free-variables universal` adopt other pipelines'
readings (`veridot.verifier.readings`). `--workers N` answers problems in N processes (`--jobs`, its
old name, still works but is not shown in help).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from veridot.api.cli.eval_run import EvalArgs, run_eval


def eval_command(
    file: Annotated[Path, typer.Argument(help="The benchmark file.", show_default=False)],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="folio | logic-llm | linc", show_default=False)
    ],
    parser: Annotated[
        str | None,
        typer.Option(
            "--parser",
            help="fol | english | auto (default: fol when the file has FOL, else english)",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Prover deadline per sample, seconds.")
    ] = 2.0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="Only the first N problems.")
    ] = None,
    references: Annotated[
        Path | None,
        typer.Option("--references", help="linc: gold labels (default: *_references.json)."),
    ] = None,
    prover: Annotated[str, typer.Option("--prover", help="Prover backend.")] = "z3",
    overloading: Annotated[
        bool,
        typer.Option(
            "--overloading",
            help="Read a name used with two arities or kinds as two symbols, as Prover9 does "
            "(default: such a clash leaves the sample untranslated).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", "-j", min=0, help="Worker processes (0: one per CPU)."),
    ] = 1,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=0, hidden=True, help="Old name of --workers."),
    ] = None,
    details: Annotated[
        bool,
        typer.Option("--details", help="List every wrong problem (with --json: all problems)."),
    ] = False,
    semantics: Annotated[
        str,
        typer.Option(
            "--semantics",
            help="classical | proofwriter: read 'not' as ProofWriter's generator does (a "
            "negated fact is a fact of its own: no contraposition, no reasoning by cases).",
        ),
    ] = "classical",
    free_variables: Annotated[
        str,
        typer.Option(
            "--free-variables",
            help="constants | universal: read a free one-letter lower-case name (x, y2) as "
            "a universally quantified variable, as NLTK and Prover9 do (Logic-LM, LINC).",
        ),
    ] = "constants",
) -> None:
    """Answer True / False / Uncertain for each problem of FILE and report the accuracy.

    Exit codes: 0 when every problem was answered and scored (whatever the accuracy);
    2 on a usage error or an unreadable file; 130 on Ctrl-C.
    """
    args = EvalArgs(
        file=file,
        fmt=fmt,
        parser=parser,
        json_output=json_output,
        timeout=timeout,
        limit=limit,
        references=references,
        prover=prover,
        overloading=overloading,
        workers=workers,
        jobs=jobs,
        details=details,
        semantics=semantics,
        free_variables=free_variables,
    )
    code = run_eval(args)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `eval` to the `veridot` app."""
    app.command("eval")(eval_command)
