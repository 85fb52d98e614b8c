"""A bounded schemathesis run against /openapi.json: no server errors, no schema violations.

Hypothesis generates requests from the OpenAPI schema (valid and invalid bodies, odd
strings in formulas and transcripts) and sends them over HTTP to uvicorn on loopback; every
response must have a documented status, a documented content type and a body matching its
schema, and none may be a 5xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from app_fixtures import serve_in_thread, settings  # noqa: E402
from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis import checks  # noqa: E402

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema() -> Iterator[Any]:
    from veridot.api.service.app import create_app

    app = create_app(settings(pool_size=2, deadline_s=10.0, solver_timeout_s=1.0))
    for url in serve_in_thread(app):
        yield schemathesis.openapi.from_url(url + "/openapi.json")


def test_openapi_contract(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 7  # 4 under /v1, healthz, readyz, metrics
    modes = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
    for operation in operations:
        strategy = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in modes))

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=50,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case: Any) -> None:
            case.call_and_validate(checks=CHECKS)

        check()
