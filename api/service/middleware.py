"""ASGI middleware: request ids, the body checks, metrics and one JSON log line per request.

Written as plain ASGI (not Starlette's BaseHTTPMiddleware) so that streamed responses pass
through untouched and the per-request overhead stays small. The body limit is enforced here,
before FastAPI reads the body: a declared `Content-Length` over the limit is refused at once,
and a chunked body is buffered only up to the limit. A /v1 body must then pass
`veridot.api.service.body.check_json_body` (JSON content type, UTF-8, nesting depth, number length).

Once a request's body has been read, the middleware is the only reader of the connection:
it watches for `http.disconnect` while the app runs and sets the request's `cancel` event
(`scope["state"]["cancel"]`, a `threading.Event`) the moment the client leaves, so the solver
job behind a plain request or a stream stops at once instead of when its result is ready
or its generator is garbage-collected.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from typing import Any

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from veridot.api.service import metrics
from veridot.api.service.body import check_json_body
from veridot.api.service.errors import STATUS, ApiError

log = logging.getLogger("veridot.access")

# Bodies up to this size are checked on the event loop (well under a millisecond); larger
# ones in a worker thread, so that a 1 MB body does not stall every other connection.
_INLINE_CHECK_BYTES = 64 * 1024


class ServiceMiddleware:
    """Assigns `X-Request-ID`, refuses oversized bodies (413), records metrics and logs."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_json_depth: int = 32) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_json_depth = max_json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = STATUS["internal_error"]  # logged and counted if no answer ever starts

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode("latin-1")),
                ]
            await send(message)

        try:
            body_error, body = await self._read_body(scope, headers, receive)
            if body_error is not None:
                await self._send_error(body_error, send_wrapper)
            elif body is None:  # no body to read (GET), or the client left while sending it
                await self.app(scope, receive, send_wrapper)
            else:
                await self._run_watched(scope, body, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            metrics.REQUESTS.labels(template, scope["method"], str(status)).inc()
            metrics.LATENCY.labels(template).observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "request",
                    extra={
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round(elapsed * 1000, 2),
                    },
                )

    async def _run_watched(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        """Run the app on the read `body` while a task watches for the client leaving."""
        cancel = threading.Event()
        scope.setdefault("state", {})["cancel"] = cancel
        gone = anyio.Event()
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone.wait()  # what a streaming response listens for
            return {"type": "http.disconnect"}

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            cancel.set()  # also after a complete response: harmless, the job is over
            gone.set()

        failure: Exception | None = None
        async with anyio.create_task_group() as group:
            group.start_soon(watch)
            try:
                await self.app(scope, replay, send)
            except Exception as exc:  # re-raised as itself, not inside an ExceptionGroup
                failure = exc
            finally:
                group.cancel_scope.cancel()
        if failure is not None:
            raise failure

    async def _read_body(
        self, scope: Scope, headers: dict[str, str], receive: Receive
    ) -> tuple[ApiError | None, bytes | None]:
        """(error, None), or (None, the whole body), or (None, None) when none was read."""
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return None, None
        too_big = ApiError("body_too_large", f"request body exceeds {self.max_body_bytes} bytes")
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            return too_big, None
        chunks: list[bytes] = []
        size = 0
        complete = False
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; let the app see it
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return too_big, None
            chunks.append(chunk)
            if not message.get("more_body", False):
                complete = True
                break
        if not complete:
            return None, None  # the client went away mid-body: nothing left to serve
        body = b"".join(chunks)
        if scope["method"] == "POST" and scope["path"].startswith("/v1/"):
            check = (body, headers.get("content-type"), self.max_json_depth)
            if len(body) > _INLINE_CHECK_BYTES:  # a large body is parsed off the event loop
                error = await anyio.to_thread.run_sync(check_json_body, *check)
            else:
                error = check_json_body(*check)
            if error is not None:
                return error, None
        return None, body

    @staticmethod
    async def _send_error(error: ApiError, send: Send) -> None:
        payload = json.dumps(error.body()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line, with the record's extra fields (request id, status, ...)."""

    _standard = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message"}

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in self._standard and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)
