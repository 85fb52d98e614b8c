"""The FastAPI application: `create_app(settings)` wires routers, middleware, errors, the pool.

Nothing here holds logic: settings come from `veridot.api.settings`, errors are mapped in
`veridot.api.service.errors`, the endpoints live in `veridot.api.service.routes`, their work in
`veridot.api.service.handlers`, and solver work in `veridot.api.service.pool`. The pool starts with
the app's lifespan and stops with it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import veridot.api.service.routes.ops
import veridot.api.service.routes.page
import veridot.api.service.routes.v1
from veridot.api.service import metrics
from veridot.api.service.errors import install_error_handlers
from veridot.api.service.middleware import JsonLogFormatter, ServiceMiddleware
from veridot.api.service.pool import SolverPool
from veridot.api.service.responses import SafeJSONResponse
from veridot.api.service.routes.page import STATIC
from veridot.api.settings import Settings, get_settings

VERSION = "0.1.0"


def configure_logging(settings: Settings) -> None:
    """JSON lines on stderr for the service's loggers (once per process)."""
    logger = logging.getLogger("veridot")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(JsonLogFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service; `settings` defaults to the environment's (`VERIDOT_*`)."""
    settings = settings or get_settings()
    configure_logging(settings)
    for message in settings.deprecations():
        logging.getLogger("veridot.api").warning(message)
    pool = SolverPool(
        settings.pool_size,
        queue_wait_s=settings.queue_wait_s,
        max_queue=settings.max_queue,
        max_jobs=settings.worker_max_jobs,
        demote_after_s=settings.demote_after_s,
        max_long=settings.max_long_jobs,
        check_grace_s=settings.deadline_grace_s,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Endpoints run in AnyIO's thread pool and wait there for a solver worker. Enough
        # threads for every worker plus the whole wait queue, so that the pool's own queue
        # (bounded, answering 503 when full) is where requests wait, not AnyIO's (unbounded).
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(
            limiter.total_tokens, settings.pool_size + settings.max_queue + 8
        )
        pool.start()
        try:
            yield
        finally:
            pool.close()
            metrics.mark_exited()  # with several server processes: drop our live gauges

    app = FastAPI(
        title="veridot",
        version=VERSION,
        summary="Check each step of machine reasoning with a theorem prover.",
        lifespan=lifespan,
        default_response_class=SafeJSONResponse,
    )
    app.state.pool = pool
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(
        ServiceMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_json_depth=settings.max_json_depth,
    )
    app.include_router(veridot.api.service.routes.v1.router)
    app.include_router(veridot.api.service.routes.ops.router)
    app.include_router(veridot.api.service.routes.page.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
