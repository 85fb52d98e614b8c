"""`veridot serve`: run the REST service (FastAPI under uvicorn).

Settings come from `VERIDOT_*` environment variables (see `veridot.api.settings`); the options here
only choose where to listen and how many server processes to run. Each server process owns
its own solver pool of `VERIDOT_POOL_SIZE` workers. With several server processes, the
command also gives them one directory for their metric files (prometheus_client's
multiprocess mode, see `veridot.api.service.metrics`), so that `/metrics` in any of them reports all
of them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Annotated

import typer

# Read by prometheus_client when it is first imported, in each server process
# (veridot.api.service.metrics).
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# The files prometheus_client writes there: `<type>_<pid>.db`.
_METRIC_FILE = re.compile(r"(counter|histogram|summary|gauge_\w+?)_\d+\.db")


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the CLI."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
        workers: Annotated[
            int, typer.Option(help="Server processes (each with its own solver pool).", min=1)
        ] = 1,
    ) -> None:
        """Serve the REST API and the diagram page (OpenAPI docs at /docs)."""
        import uvicorn
        from pydantic import ValidationError

        from veridot.api.settings import get_settings

        try:
            settings = get_settings()
        except ValidationError as exc:
            # One line per bad setting, never its value: it may be (part of) the API key.
            for error in exc.errors(include_input=False, include_url=False):
                name = "VERIDOT_" + "_".join(str(part) for part in error["loc"]).upper()
                message = error["msg"].removeprefix("Value error, ")
                typer.echo(f"error: invalid setting {name}: {message}", err=True)
            raise typer.Exit(2) from None
        for message in settings.deprecations():
            typer.echo(f"warning: {message}", err=True)
        # One process keeps its metrics in memory, as it always did: no directory, no files.
        one_view = shared_metrics_dir(settings.metrics_dir) if workers > 1 else nullcontext()
        with one_view:
            uvicorn.run(
                "veridot.api.service.app:create_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                access_log=False,  # the service logs one JSON line per request itself
                log_level="info",
            )


@contextmanager
def shared_metrics_dir(configured: str | None) -> Iterator[None]:
    """Point the server processes at one metrics directory while they run.

    `configured` (VERIDOT_METRICS_DIR) is created if missing and cleared of the metric files
    a previous run left (they would add to this run's counters); nothing else in it is
    touched. Unset: a fresh temporary directory, removed when the server exits.
    """
    if configured is None:
        path = tempfile.mkdtemp(prefix="veridot-metrics-")
    else:
        path = configured
        try:
            os.makedirs(path, exist_ok=True)
            for name in os.listdir(path):
                if _METRIC_FILE.fullmatch(name):
                    os.remove(os.path.join(path, name))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            typer.echo(f"error: VERIDOT_METRICS_DIR {path!r} is unusable: {reason}", err=True)
            raise typer.Exit(2) from None
    previous = os.environ.get(MULTIPROC_ENV)
    os.environ[MULTIPROC_ENV] = path  # inherited by the server processes uvicorn starts
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(MULTIPROC_ENV, None)
        else:
            os.environ[MULTIPROC_ENV] = previous
        if configured is None:
            shutil.rmtree(path, ignore_errors=True)
