"""`veridot prove`: decide one conclusion from premises (FOL or math) and show the evidence.

Each input is FOL, or else mathematics the `math` parser reads (`2x + 3 = 11`, LaTeX).

Prints the verdict, the premises the proof used (as the user wrote them, numbered from 0 in
the order given, as `used_premises` in `--json`) or a readable countermodel; `--json` prints
one JSON object instead. Exit codes: 0 whenever a verdict is reached, whichever it is; 2 for
bad input. Syntax, arity and sort errors go to
stderr with line, column and a caret context, and exit 2. The verifier and z3 are imported
inside the command so `veridot --help` stays fast.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from veridot.api.cli.output import require_stdout

if TYPE_CHECKING:
    from veridot.parser.ast import Formula
    from veridot.provers.base import Model, ProofResult


def _parse_inputs(premises: list[str], conclusion: str) -> tuple[list[Formula], Formula]:
    """Parse each input, naming which one failed (exit 2 on the first error)."""
    from veridot.parser.errors import ParseError
    from veridot.parser.semantic import Role
    from veridot.parser.vocabulary import Vocabulary
    from veridot.verifier.prove_claim import read_formula

    vocabulary = Vocabulary()

    def parse(text: str, what: str) -> Formula:
        role: Role = "claim" if what == "conclusion" else "premise"
        try:
            return read_formula(text, vocabulary, role=role)
        except ParseError as exc:
            shown = text if len(text) <= 80 else text[:77] + "..."
            typer.echo(f"error in {what} {shown!r}:\n{exc}", err=True)
            raise typer.Exit(2) from None

    parsed = [parse(text, f"premise [{i}]") for i, text in enumerate(premises)]
    return parsed, parse(conclusion, "conclusion")


def render_model(model: Model, indent: str = "  ") -> list[str]:
    """A model as short text lines: domain, constants, true atoms, numeric values."""
    lines = [f"{indent}domain: {{{', '.join(model.domain)}}}"]
    if model.constants:
        pairs = ", ".join(f"{name} = {elem}" for name, elem in sorted(model.constants.items()))
        lines.append(f"{indent}constants: {pairs}")
    atoms = ", ".join(model.true_atoms) if model.true_atoms else "(none)"
    lines.append(f"{indent}true atoms: {atoms}")
    if model.numbers:
        values = ", ".join(f"{name} = {value}" for name, value in sorted(model.numbers.items()))
        lines.append(f"{indent}numbers: {values}")
    if model.omitted:
        lines.append(f"{indent}left out (too big to show): {'; '.join(model.omitted)}")
    elif not model.checked:
        lines.append(
            f"{indent}(not checked by evaluation: this world does not settle every formula)"
        )
    return lines


def render_result(result: ProofResult, premises: list[str]) -> str:
    """The human-readable report of one proof."""
    lines = [f"{result.verdict.value}  ({result.elapsed_ms:.1f} ms, {result.prover or 'prover'})"]
    if result.used_premises:
        title = "inconsistent premises" if result.verdict == "inconsistent" else "used premises"
        lines.append(f"{title}:")
        # Numbered from 0, as `used_premises` in `--json` and the library number them.
        lines.extend(f"  [{i}] {premises[i]}" for i in result.used_premises)
    elif result.verdict in ("entailed", "contradicted"):
        lines.append("used premises: none (the conclusion is valid or unsatisfiable by itself)")
    if result.countermodel is not None:
        lines.append("countermodel (premises true, conclusion false):")
        lines.extend(render_model(result.countermodel))
    if result.witness is not None:
        lines.append("witness (premises and conclusion true):")
        lines.extend(render_model(result.witness))
    if result.reason:
        lines.append(f"reason: {result.reason}")
    return "\n".join(lines)


def result_json(result: ProofResult, premises: list[str]) -> dict[str, object]:
    """The `--json` object: the issue's four keys first, then the rest of the evidence."""
    data = result.to_dict()
    return {
        "verdict": data["verdict"],
        "used_premises": data["used_premises"],
        "countermodel": data["countermodel"],
        "elapsed_ms": data["elapsed_ms"],
        "used_formulas": [premises[i] for i in result.used_premises],
        "witness": data["witness"],
        "reason": data["reason"],
        "prover": data["prover"],
    }


def prove_command(
    conclusion: Annotated[
        str, typer.Option("--conclusion", "-c", help="The claim, in FOL or math notation.")
    ],
    premise: Annotated[
        list[str] | None,
        typer.Option(
            "--premise", "-p", help="A premise in FOL or math notation; repeat for several."
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of text.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Deadline in seconds.")
    ] = 2.0,
    prover: Annotated[str, typer.Option("--prover", help="Prover backend.")] = "z3",
) -> None:
    """Decide whether the premises entail, contradict or leave open the conclusion.

    Exit codes: 0 when the prover reached a verdict, whichever it is (entailed,
    contradicted, unsupported, inconsistent, unknown: read it from the output or `--json`);
    2 on a syntax, arity or sort error or a usage error; 130 on Ctrl-C.
    """
    require_stdout()  # the verdict would be lost: say so before solving
    premises = list(premise or [])
    try:
        from veridot.parser.errors import ParseError
        from veridot.provers.base import ProverError

        formulas, claim = _parse_inputs(premises, conclusion)
        from veridot.verifier.prove_claim import prove

        try:
            result = prove(formulas, claim, timeout=timeout, prover=prover)
        except ParseError as exc:  # sort and arity clashes are found once all inputs are typed
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        except (ProverError, ValueError, KeyError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    except typer.Exit:
        raise
    except Exception as exc:  # the CLI promise: one line, never a traceback
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None
    if json_output:
        typer.echo(json.dumps(result_json(result, premises), ensure_ascii=False))
    else:
        typer.echo(render_result(result, premises))


def register(app: typer.Typer) -> None:
    """Add `prove` to the `veridot` app."""
    app.command("prove")(prove_command)
