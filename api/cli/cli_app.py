"""The `veridot` Typer app; each command lives in its own `api/cli/cmd_*.py` (entry:
`veridot.api.cli.main`).

Commands import heavy modules (z3, spaCy, LangChain) inside their bodies so that `veridot
--help` and light commands start fast. Exit codes are shared by every command: 0 success (for
`check`: every record valid), 1 findings (`check`: some record invalid), 2 usage errors,
unreadable input, or syntax errors, 130 on Ctrl-C. No traceback ever reaches the user:
unexpected errors are printed as one line and exit 2.

Help shows no type placeholders: a flag is just its name (`--strict`), an option taking a
value shows the value's name (`--workers WORKERS`), as argparse and click do, instead of
Typer's `<bool>` / `<int>` (`_plain_help`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from veridot.api.cli import (
    cmd_check,
    cmd_eval,
    cmd_export,
    cmd_grammar,
    cmd_prove,
    cmd_reason,
    cmd_serve,
)
from veridot.api.cli.output import require_stdout


def _plain_help(params: list[Any]) -> list[Any]:
    """Give each parameter a metavar so help shows names, not Python types."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""
        elif isinstance(param, TyperOption) and param.metavar is None and param.opts:
            # Named after the option (`--format FORMAT`), not the Python parameter (`fmt`).
            param.metavar = max(param.opts, key=len).lstrip("-").replace("-", "_").upper()
        elif isinstance(param, TyperArgument) and param.name:
            if param.metavar is None:
                param.metavar = param.name.upper()
            # The argument's name column already says what it is.
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    return params


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


app = typer.Typer(
    name="veridot",
    cls=_Group,
    help="Check each step of machine reasoning with a theorem prover.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each command module registers its own commands, listed in help in this order: `check`,
# the main command, first. Keep this list in step with api/cli/cmd_*.py.
for module in (cmd_check, cmd_prove, cmd_eval, cmd_reason, cmd_serve, cmd_export, cmd_grammar):
    module.register(app)
for info in app.registered_commands:
    if info.cls in (None, TyperCommand):
        info.cls = _Command


def package_version() -> str:
    """The installed veridot version ("unknown" when run from a tree that is not installed)."""
    try:
        return version("veridot")
    except PackageNotFoundError:
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        require_stdout()
        typer.echo(f"veridot {package_version()}")
        raise typer.Exit(0)


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Check each step of machine reasoning with a theorem prover."""
