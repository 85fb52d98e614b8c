"""The `veridot` command line's entry point: `main()`, and the Typer `app`
(`veridot.api.cli.cli_app`).

A plain `veridot eval` run is read by `veridot.api.cli.eval_argv` and goes straight to the command's
body, without importing typer and pydantic (~0.09 s CPU of a 0.7 s FOLIO run); every other command
line, and any `eval` line the fast reader does not take as plain, goes through the Typer app.
So this module imports nothing heavy itself: `app` and `package_version` are loaded from
`veridot.api.cli.cli_app` on first use (`from veridot.api.cli.main import app` keeps working).
"""

from __future__ import annotations

import sys
from typing import Any


def main(*args: Any) -> None:
    """Console-script entry point."""
    if not args and sys.argv[1:2] == ["eval"]:
        from veridot.api.cli.eval_argv import run_plain

        code = run_plain(sys.argv[2:])
        if code is not None:
            sys.exit(code)
    from veridot.api.cli.cli_app import app

    app(*args)


def __getattr__(name: str) -> Any:
    if name in ("app", "package_version"):
        from veridot.api.cli import cli_app

        return getattr(cli_app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
