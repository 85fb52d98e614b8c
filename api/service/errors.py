"""Every error the service returns, and its HTTP mapping, in one place.

Errors are JSON: `{"error": {"code", "message", "line"?, "column"?, "location"?}}` with a
stable `code` clients can branch on. Mapping: malformed JSON 400; invalid content (schema,
syntax, sorts, diagram structure, a prover not installed here) 422; a body, formula or node
count over its limit 413; a missing or wrong API key 401; a saturated solver pool 503 with
`Retry-After`; a request that hit its hard deadline 504. Anything unexpected is logged with its
traceback and answered 500 `internal_error` without details: bad input must never reach that
branch. HTTP statuses are chosen here only, from the error's code (`STATUS`, `JOB_STATUS`):
the rest of the service raises codes, documents them by code (`openapi_errors`) and names
the two statuses that are not errors (`OK`, `NOT_READY`); tests/api/test_statuses.py
checks that no other module writes a status.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from veridot.api.service.responses import SafeJSONResponse
from veridot.api.service.schemas import ErrorBody

log = logging.getLogger("veridot.api")

# The status of each code the server process raises (`ApiError(code, ...)`).
STATUS: dict[str, int] = {
    "bad_request": 400,
    "malformed_json": 400,
    "unauthorized": 401,
    "not_found": 404,
    "method_not_allowed": 405,
    "not_acceptable": 406,
    "too_large": 413,
    "body_too_large": 413,
    "too_deep": 413,  # the JSON body's nesting; a formula nested too deep is a job's 422
    "too_many_premises": 413,
    "too_many_nodes": 413,
    "formula_too_long": 413,
    "unsupported_media_type": 415,
    "invalid_request": 422,
    "invalid_timeout": 422,
    "prover_unavailable": 422,
    "client_closed_request": 499,  # nginx's "client closed request": only logs see it
    "internal_error": 500,
    "worker_crashed": 500,
    "pool_saturated": 503,
    "deadline_exceeded": 504,
}

# The status of each code a solver job reports (`veridot.api.service.jobs.JobError`, in a worker
# process that does not import FastAPI). Any other code is one of the library's input errors
# (ParseError, DiagramError: `syntax_error`, `sort_error`, `too_deep`, `dangling_ref`, ...): invalid
# content, 422. It is a table of its own because those names may meet a request-level code.
JOB_STATUS: dict[str, int] = {
    "too_large": 413,
    "too_many_nodes": 413,
    "formula_too_long": 413,
    "prover_unavailable": 422,
    "unsupported_formula": 422,
    "unknown_parser": 422,
    "llm_unavailable": 422,
    "untranslated": 422,
    "internal_error": 500,
}

# Statuses that are not errors: a success, and /readyz while no solver worker can take a job
# (its body is the pool's state, not an error).
OK = 200
NOT_READY = 503
# What each error status means, for the OpenAPI description of the /v1 endpoints.
_DESCRIPTIONS = {
    400: "Malformed JSON or invalid UTF-8 (with line and column).",
    401: "Missing or wrong API key (only when VERIDOT_API_KEY is set).",
    413: "Over a limit: body size, nesting (too_deep), number digits (too_large), formula"
    " length, node count.",
    415: "The body is not sent as application/json.",
    422: "Invalid content: schema, syntax (with line and column), sorts, diagram.",
    503: "Every solver worker is busy; see Retry-After.",
    504: "The request ran past its deadline; the solver was stopped.",
}

# Codes for statuses Starlette raises itself (unknown route, wrong method, ...).
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
}


class ApiError(Exception):
    """An error with its stable code, the code's HTTP status and optional source position.

    `status` is for this module only: a status Starlette chose, or a job error's.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        location: str | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = STATUS[code] if status is None else status
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.location = location
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body: only the keys that carry a value."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.line:
            error["line"] = self.line
        if self.column:
            error["column"] = self.column
        if self.location:
            error["location"] = self.location
        return {"error": error}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApiError:
        """Rebuild an error a pool worker sent as a plain dict (workers do not import FastAPI)."""
        code = str(data.get("code", "invalid_input"))
        return cls(
            code,
            str(data.get("message", "invalid input")),
            line=data.get("line") or None,
            column=data.get("column") or None,
            location=data.get("location") or None,
            status=JOB_STATUS.get(code, 422),
        )


def openapi_errors(*codes: str) -> dict[int | str, dict[str, Any]]:
    """A route's documented errors (`responses=`): each code's status, with what it means."""
    statuses = sorted({STATUS[code] for code in codes})
    return {s: {"model": ErrorBody, "description": _DESCRIPTIONS[s]} for s in statuses}


def too_large(code: str, message: str, *, location: str | None = None) -> ApiError:
    """A 413 for one of the configurable limits."""
    assert STATUS[code] == 413, code
    return ApiError(code, message, location=location)


def saturated(retry_after_s: int, why: str = "all solver workers are busy") -> ApiError:
    """A 503: every solver worker (or long-job slot) is busy and the wait is over or full."""
    return ApiError(
        "pool_saturated",
        f"{why}; retry later",
        headers={"Retry-After": str(retry_after_s)},
    )


def error_response(error: ApiError) -> JSONResponse:
    return SafeJSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first: dict[str, Any] = errors[0] if errors else {"msg": "invalid request", "loc": ()}
    if first.get("type") == "json_invalid":
        # The body is not JSON at all: a 400, with the position pydantic reports.
        ctx = first.get("ctx") or {}
        return error_response(
            ApiError("malformed_json", f"body is not valid JSON: {ctx.get('error', '')}")
        )
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    location = _location(first.get("loc", ()))
    return error_response(
        ApiError(
            "invalid_request",
            f"{location}: {first.get('msg', 'invalid')}{more}",
            location=location,
        )
    )


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    headers = dict(exc.headers or {})
    return error_response(ApiError(code, str(exc.detail), headers=headers, status=exc.status_code))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(ApiError("internal_error", "internal server error"))


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception type to its JSON response."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
