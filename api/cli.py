"""The `veridot` command line: one Typer app; each command lives in its own `api/cmd_*.py`.

Commands import heavy modules (z3, spaCy, LangChain) inside their bodies so that `veridot
--help` and light commands start fast. Exit codes are shared by every command: 0 success (for
`check`: every record valid), 1 findings (`check`: some record invalid), 2 usage errors,
unreadable input, or syntax errors, 130 on Ctrl-C. No traceback ever reaches the user:
unexpected errors are printed as one line and exit 2.
"""

from __future__ import annotations

import typer

from api import cmd_check, cmd_eval, cmd_export, cmd_grammar, cmd_prove, cmd_reason, cmd_serve

app = typer.Typer(
    name="veridot",
    help="Check each step of machine reasoning with a theorem prover.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each command module registers its own commands; keep this list in step with api/cmd_*.py.
for module in (cmd_prove, cmd_eval, cmd_serve, cmd_grammar, cmd_check, cmd_reason, cmd_export):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
