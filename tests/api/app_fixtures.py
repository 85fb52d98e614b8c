"""Shared helpers for the REST service tests: small settings, a client, a fake pool."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from veridot.api.service.app import create_app
from veridot.api.settings import Settings

# Small limits so that the 413 paths are cheap to reach.
LIMITS: dict[str, Any] = {
    "pool_size": 2,
    "max_body_bytes": 20_000,
    "max_formula_chars": 400,
    "max_nodes": 12,
    "max_premises": 8,
    "deadline_s": 20.0,
    "queue_wait_s": 5.0,
    "log_json": True,
}


def settings(**overrides: Any) -> Settings:
    return Settings(**{**LIMITS, **overrides})


def client_for(**overrides: Any) -> Iterator[TestClient]:
    app = create_app(settings(**overrides))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


class FakePool:
    """Stands in for the solver pool: raises `error` (or returns `result`) for every job."""

    def __init__(self, error: Exception | None = None, result: Any = None) -> None:
        self.error = error
        self.result = result
        self.jobs: list[tuple[str, dict[str, Any]]] = []
        self.options: list[dict[str, Any]] = []  # keyword options: cancel, long_job
        self.deadlines: list[float] = []

    def start(self) -> None:
        pass

    def run(self, kind: str, payload: dict[str, Any], *, deadline_s: float, **options: Any) -> Any:
        self.deadlines.append(deadline_s)
        self.jobs.append((kind, payload))
        self.options.append(options)
        if self.error is not None:
            raise self.error
        return self.result

    def stream(
        self, kind: str, payload: dict[str, Any], *, deadline_s: float, **options: Any
    ) -> Iterator[Any]:
        self.jobs.append((kind, payload))
        self.options.append(options)
        if self.error is not None:
            raise self.error
        yield "ok", self.result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """Run `app` under uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
