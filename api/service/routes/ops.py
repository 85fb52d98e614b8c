"""Operations endpoints: liveness, readiness (the solver pool is up), Prometheus metrics.

These are `async def` so they answer on the event loop even when every worker thread is
waiting for a solver.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from veridot.api.service import metrics
from veridot.api.service.auth import require_api_key
from veridot.api.service.errors import NOT_READY, OK
from veridot.api.service.schemas import Health, Readiness

router = APIRouter(tags=["ops"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up and serving HTTP."""
    return Health()


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={NOT_READY: {"model": Readiness, "description": "The solver pool is not ready."}},
)
async def readyz(request: Request) -> JSONResponse:
    """Ready when the solver pool has live workers."""
    pool = request.app.state.pool
    ready = pool.ready()
    body = Readiness(status="ready" if ready else "not_ready", pool=pool.stats())
    return JSONResponse(body.model_dump(), status_code=OK if ready else NOT_READY)


@router.get(
    "/metrics",
    response_class=Response,
    dependencies=[Depends(require_api_key)],
    responses={OK: {"content": {"text/plain": {}}, "description": "Prometheus text format."}},
)
async def prometheus_metrics() -> Response:
    """Requests, latency histogram, verdict counts, solver timeouts, pool gauges."""
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
