"""`veridot export`: write every check of a dataset as a TPTP or SMT-LIB 2 problem.

    veridot export --format tptp|smtlib FILE [FILE ...] [--output DIR] [--parser P]

Each record is verified with a recording backend (`veridot.provers.export.RecordingProver`), so the
problems are exactly the checks `veridot check` makes: every claim node of every record, with
the formulas it rests on. With `--output DIR` each problem is one file
(`DIR/<record>_<n>.smt2` or `.p`, the record id cut to 100 characters; a name already used in
the run gets `-2`, `-3`, ... so no problem overwrites another); without it, all problems go to
stdout (SMT-LIB scripts separated by `(reset)`, TPTP problems by a comment line). Inputs are
read as `veridot check` reads them (`veridot.verifier.inputs`: same formats, per-record size limit).
Exit 0, or 2 when a file or record is unreadable (each is reported on stderr and the rest is
still exported), on a usage error, or when the problems cannot be written (one line).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from veridot.api.cli.output import OutputError, one_line_errors, stdout_stream, usage_error

_FORMATS = {"smtlib": ".smt2", "tptp": ".p"}
_RECORDER = "veridot-export"
_MAX_STEM = 100  # characters of a record id kept in a problem's file name


def export_command(
    files: Annotated[
        list[str], typer.Argument(help="JSONL datasets, .json records, DoT transcripts.")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="tptp or smtlib.")] = "smtlib",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Directory for one file per problem.")
    ] = None,
    parser: Annotated[
        str, typer.Option("--parser", help="Semantic parser: auto, fol or english.")
    ] = "auto",
) -> None:
    """Write each check (claim node + the formulas it rests on) as a prover problem."""
    if fmt not in _FORMATS:
        raise usage_error(f"unknown format {fmt!r}; choose tptp or smtlib")
    with one_line_errors():
        code = _export(files, fmt, output, parser)
    raise typer.Exit(code)


def _export(files: list[str], fmt: str, output: str | None, parser: str) -> int:
    from veridot.parser.errors import ParseError
    from veridot.provers.export import RecordingProver, to_smtlib, to_tptp
    from veridot.provers.registry import register_prover
    from veridot.verifier.check import verify
    from veridot.verifier.diagram import DiagramError
    from veridot.verifier.inputs import read_inputs
    from veridot.verifier.readers import read_record

    write = to_smtlib if fmt == "smtlib" else to_tptp
    folder = Path(output) if output else None
    stream = None
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise usage_error(
                f"--output {output} is a file; export writes one file per problem into a directory"
            )
        folder.mkdir(parents=True, exist_ok=True)
    else:
        try:
            stream = stdout_stream()
        except OutputError:
            raise usage_error(
                "stdout is closed; write the problems to a directory with --output"
            ) from None
    taken: set[str] = set()
    code = 0
    problems = 0
    # Records are read exactly as `veridot check` reads them (same formats, same limits).
    for raw in read_inputs(files):
        where = f"{raw.source}:{raw.line}" if raw.line is not None else raw.source
        if raw.failure is not None:
            typer.echo(f"error: {where}: [{raw.failure.code}] {raw.failure.message}", err=True)
            code = 2
            continue
        try:
            record = read_record(raw.obj, line=raw.line, default_id=raw.default_id)
        except (DiagramError, ParseError) as exc:
            typer.echo(f"error: {where}: [{exc.code}] {exc}", err=True)
            code = 2
            continue
        recorder = RecordingProver()
        register_prover(_RECORDER, lambda recorder=recorder: recorder)  # type: ignore[misc]
        try:
            verify(record, parser=parser, prover=_RECORDER, transcript=False)
        finally:
            register_prover(_RECORDER, None)
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", record.id or Path(raw.source).stem) or "record"
        stem = stem[:_MAX_STEM]  # file systems refuse names over 255 bytes; _unique tells apart
        for n, check in enumerate(recorder.checks):
            name = _unique(f"{stem}_{n}", taken)
            text = write(list(check.premises), check.claim, name=name)
            problems += 1
            if folder is not None:
                (folder / f"{name}{_FORMATS[fmt]}").write_text(text, encoding="utf-8")
            elif stream is not None:
                separator = "(reset)\n" if fmt == "smtlib" else "% ----\n"
                stream.write(text if problems == 1 else separator + text)
    typer.echo(f"{problems} problems written", err=True)
    return code


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`, ...: records may share an id (or one after the characters
    a file name cannot hold are replaced), and each problem must keep its own file. Compared
    case-folded, as a case-insensitive file system would."""
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate.casefold())
    return candidate


def register(app: typer.Typer) -> None:
    """Add `export` to the `veridot` app."""
    app.command("export")(export_command)
