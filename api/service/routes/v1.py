"""The /v1 endpoints: prove, verify, verify/stream, parse (all behind the API key, if set).

Endpoints are plain `def` functions: FastAPI runs them in its thread pool, where waiting on
a solver worker does not block the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from veridot.api.service import handlers as service
from veridot.api.service.auth import require_api_key
from veridot.api.service.errors import OK, openapi_errors
from veridot.api.service.responses import SafeJSONResponse
from veridot.api.service.routes.deps import CancelDep, PoolDep, SettingsDep
from veridot.api.service.schemas import (
    ParseRequest,
    ParseResponse,
    ProveRequest,
    ProveResponse,
    ReportOut,
    StreamEvent,
    VerifyRequest,
    stream_event_schema,
)

# The errors every /v1 endpoint may answer, by code (veridot.api.service.errors chooses their
# statuses).
_ERRORS = (
    "malformed_json",
    "unauthorized",
    "body_too_large",
    "unsupported_media_type",
    "invalid_request",
    "pool_saturated",
)
_TIMED_ERRORS = (*_ERRORS, "deadline_exceeded")  # endpoints whose jobs run to a deadline


# `?allow=unsupported`: unsupported steps do not make a record invalid (as `check --allow`).
AllowQuery = Annotated[
    Literal["unsupported"] | None,
    Query(description="`unsupported`: unsupported steps do not make the record invalid."),
]

router = APIRouter(prefix="/v1", tags=["v1"], dependencies=[Depends(require_api_key)])


@router.post(
    "/prove",
    response_model=ProveResponse,
    responses=openapi_errors(*_ERRORS),
    summary="Decide whether FOL premises entail a conclusion",
)
def prove(
    body: ProveRequest, settings: SettingsDep, pool: PoolDep, cancel: CancelDep
) -> dict[str, Any]:
    """Verdict (entailed, contradicted, unsupported, inconsistent, unknown) with evidence."""
    return service.prove(body, settings, pool, cancel=cancel)


@router.post(
    "/verify",
    response_class=SafeJSONResponse,
    responses={OK: {"model": ReportOut}, **openapi_errors(*_TIMED_ERRORS)},
    summary="Verify every step of one record (chain, DoT transcript, Natural Program)",
)
def verify(
    body: VerifyRequest,
    settings: SettingsDep,
    pool: PoolDep,
    cancel: CancelDep,
    allow: AllowQuery = None,
) -> SafeJSONResponse:
    """The report `veridot check --report json` prints, with the critic-annotated transcript."""
    report = service.verify(
        body, settings, pool, allow_unsupported=allow == "unsupported", cancel=cancel
    )
    return SafeJSONResponse(report)


@router.post(
    "/verify/stream",
    response_class=StreamingResponse,
    responses={
        OK: {
            "description": "NDJSON: one `node` event per node, then the `report` event.",
            "content": {"application/x-ndjson": {"schema": stream_event_schema()}},
        },
        **openapi_errors(*_TIMED_ERRORS),
    },
    summary="Verify one record, streaming node results as NDJSON",
    openapi_extra={"x-stream-event": StreamEvent.__name__},
)
def verify_stream(
    body: VerifyRequest,
    settings: SettingsDep,
    pool: PoolDep,
    cancel: CancelDep,
    allow: AllowQuery = None,
) -> StreamingResponse:
    """Each line is a JSON object: `{"event": "node", ...}`, finally `{"event": "report", ...}`."""
    lines = service.verify_stream(
        body, settings, pool, allow_unsupported=allow == "unsupported", cancel=cancel
    )
    return StreamingResponse(lines, media_type="application/x-ndjson")


@router.post(
    "/parse",
    response_model=ParseResponse,
    responses=openapi_errors(*_TIMED_ERRORS),
    summary="Formalize text: formulas (Unicode and ASCII) and vocabulary, or the parse error",
)
def parse(
    body: ParseRequest, settings: SettingsDep, pool: PoolDep, cancel: CancelDep
) -> dict[str, Any]:
    """A formula or sentence in; its formulas and vocabulary out (422 with line/column)."""
    return service.parse(body, settings, pool, cancel=cancel)
