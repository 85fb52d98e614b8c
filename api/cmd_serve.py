"""`veridot serve`: run the REST service (FastAPI under uvicorn).

Settings come from `VERIDOT_*` environment variables (see `api.settings`); the options here
only choose where to listen and how many server processes to run. Each server process owns
its own solver pool of `VERIDOT_POOL_SIZE` workers.
"""

from __future__ import annotations

from typing import Annotated

import typer


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

        from api.settings import get_settings

        try:
            get_settings()
        except ValidationError as exc:
            # One line per bad setting, never its value: it may be (part of) the API key.
            for error in exc.errors(include_input=False, include_url=False):
                name = "VERIDOT_" + "_".join(str(part) for part in error["loc"]).upper()
                message = error["msg"].removeprefix("Value error, ")
                typer.echo(f"error: invalid setting {name}: {message}", err=True)
            raise typer.Exit(2) from None
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,  # the service logs one JSON line per request itself
            log_level="info",
        )
