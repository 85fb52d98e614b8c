"""A bounded schemathesis run against /openapi.json: no server errors, no schema violations.

Hypothesis generates requests from the OpenAPI schema (valid and invalid bodies, odd
strings in formulas and transcripts); every response must have a documented status, a
documented content type and a body matching its schema, and none may be a 5xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from app_fixtures import serve_in_thread, settings  # noqa: E402
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from schemathesis import checks  # noqa: E402

from api.app import create_app  # noqa: E402

APP = create_app(settings(pool_size=2, deadline_s=10.0, solver_timeout_s=1.0))
_SERVER = serve_in_thread(APP)
SCHEMA = schemathesis.openapi.from_url(next(_SERVER) + "/openapi.json")
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module", autouse=True)
def _server() -> Iterator[None]:
    yield
    _SERVER.close()  # stops uvicorn, whose lifespan stops the solver pool


@SCHEMA.parametrize()
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_openapi_contract(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
