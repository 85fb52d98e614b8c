"""REST service: HTTP behaviour that needs no solver (errors, limits, auth, health, metrics).

Solver work is replaced by a fake pool where a test needs a specific pool outcome (503, 504,
a worker-reported error), so these tests exercise the mapping of every error to its status
and JSON body, in one place, quickly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from app_fixtures import FakePool, client_for
from fastapi.testclient import TestClient

from veridot.api.service.pool import DeadlineExceeded, JobFailed, PoolSaturated
from veridot.api.service.routes.deps import get_pool

PROVE = {"premises": ["P(a)"], "conclusion": "P(a)"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    yield from client_for()


@pytest.fixture
def fake_pool(client: TestClient) -> Iterator[FakePool]:
    pool = FakePool(
        result={
            "verdict": "entailed",
            "used_premises": [0],
            "countermodel": None,
            "elapsed_ms": 1.0,
        }
    )
    client.app.dependency_overrides[get_pool] = lambda: pool  # type: ignore[attr-defined]
    yield pool
    del client.app.dependency_overrides[get_pool]  # type: ignore[attr-defined]


def error_of(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str)
    assert isinstance(body["error"]["message"], str)
    return body["error"]  # type: ignore[no-any-return]


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert ready.json()["pool"]["size"] == 2


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc123"}).headers["x-request-id"]
        == "abc123"
    )
    assert len(client.get("/healthz").headers["x-request-id"]) == 32


def test_malformed_json_is_400(client: TestClient) -> None:
    r = client.post(
        "/v1/prove", content=b'{"premises": [', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert error_of(r)["code"] == "malformed_json"


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"premises": "P(a)", "conclusion": "P(a)"}, "premises"),
        ({"premises": []}, "conclusion"),
        ({**PROVE, "timeout_ms": 0}, "timeout_ms"),
        # Not 1 ms, 2,000 ms or 1.5 ms: a timeout is a JSON integer.
        ({**PROVE, "timeout_ms": True}, "timeout_ms"),
        ({**PROVE, "timeout_ms": "2000"}, "timeout_ms"),
        ({**PROVE, "timeout_ms": 1.5}, "timeout_ms"),
        ({**PROVE, "surprise": 1}, "surprise"),
    ],
)
def test_schema_violations_are_422_with_location(
    client: TestClient, body: dict[str, object], location: str
) -> None:
    r = client.post("/v1/prove", json=body)
    assert r.status_code == 422
    error = error_of(r)
    assert error["code"] == "invalid_request"
    assert error["location"] == location


@pytest.mark.parametrize("timeout", [True, "500", 500.0])
def test_verify_timeout_must_be_an_integer(client: TestClient, timeout: object) -> None:
    r = client.post("/v1/verify", json={"steps": ["P(a)"], "timeout_ms": timeout})
    assert r.status_code == 422
    assert error_of(r)["location"] == "timeout_ms"


def test_unknown_route_and_method(client: TestClient) -> None:
    assert error_of(client.get("/v1/nope"))["code"] == "not_found"
    r = client.get("/v1/prove")
    assert r.status_code == 405
    assert error_of(r)["code"] == "method_not_allowed"


def test_body_over_limit_is_413(client: TestClient) -> None:
    big = {"premises": ["P(a)"] * 3000, "conclusion": "P(a)"}
    r = client.post("/v1/prove", json=big)
    assert r.status_code == 413
    assert error_of(r)["code"] == "body_too_large"


def test_chunked_body_over_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"premises": ['
        for _ in range(5000):
            yield b'"P(a)",'
        yield b'"P(a)"], "conclusion": "P(a)"}'

    r = client.post("/v1/prove", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert error_of(r)["code"] == "body_too_large"


def test_formula_over_limit_is_413(client: TestClient) -> None:
    r = client.post(
        "/v1/prove", json={"premises": ["P(a)", "Q(" + "a" * 500 + ")"], "conclusion": "P(a)"}
    )
    assert r.status_code == 413
    error = error_of(r)
    assert (error["code"], error["location"]) == ("formula_too_long", "premises[1]")
    r = client.post("/v1/parse", json={"text": "x" * 401})
    assert error_of(r)["code"] == "formula_too_long"


def test_too_many_premises_and_nodes_are_413(client: TestClient) -> None:
    r = client.post("/v1/prove", json={"premises": ["P(a)"] * 9, "conclusion": "P(a)"})
    assert (r.status_code, error_of(r)["code"]) == (413, "too_many_premises")
    r = client.post("/v1/verify", json={"premises": ["P(a)"] * 6, "steps": ["P(a)"] * 7})
    assert (r.status_code, error_of(r)["code"]) == (413, "too_many_nodes")


def test_timeout_over_server_max_is_422(client: TestClient) -> None:
    r = client.post("/v1/prove", json={**PROVE, "timeout_ms": 500_000})
    assert (r.status_code, error_of(r)["code"]) == (422, "invalid_timeout")


def test_saturated_pool_is_503_with_retry_after(client: TestClient, fake_pool: FakePool) -> None:
    fake_pool.error = PoolSaturated("busy")
    calls = [
        ("/v1/prove", PROVE),
        ("/v1/verify", {"steps": ["P(a)"]}),
        ("/v1/verify/stream", {"steps": ["P(a)"]}),
        ("/v1/parse", {"text": "P(a)"}),
    ]
    for path, body in calls:
        r = client.post(path, json=body)
        assert r.status_code == 503, path
        assert r.headers["retry-after"] == "1"
        assert error_of(r)["code"] == "pool_saturated"


def test_deadline_is_504_for_verify_and_unknown_for_prove(
    client: TestClient, fake_pool: FakePool
) -> None:
    fake_pool.error = DeadlineExceeded("too slow")
    r = client.post("/v1/verify", json={"steps": ["P(a)"]})
    assert (r.status_code, error_of(r)["code"]) == (504, "deadline_exceeded")
    r = client.post("/v1/prove", json=PROVE)
    assert r.status_code == 200
    assert r.json()["verdict"] == "unknown"
    assert "deadline" in r.json()["reason"]


def test_worker_errors_keep_status_and_position(client: TestClient, fake_pool: FakePool) -> None:
    fake_pool.error = JobFailed(
        {
            "status": 422,
            "code": "syntax_error",
            "message": "bad",
            "line": 2,
            "column": 5,
            "location": "premises[0]",
        }
    )
    r = client.post("/v1/prove", json=PROVE)
    assert r.status_code == 422
    assert error_of(r) == {
        "code": "syntax_error",
        "message": "bad",
        "line": 2,
        "column": 5,
        "location": "premises[0]",
    }


@pytest.fixture
def uninstalled_cvc5() -> Iterator[None]:
    """cvc5 as on a server without it: `get_prover("cvc5")` raises ProverNotInstalledError."""
    from veridot.provers.base import ProverNotInstalledError
    from veridot.provers.registry import register_prover

    def missing() -> Any:
        raise ProverNotInstalledError("prover 'cvc5' is not available: no module named cvc5")

    register_prover("cvc5", missing)
    yield
    register_prover("cvc5", None)


@pytest.mark.parametrize("path", ["/v1/prove", "/v1/verify"])
def test_prover_unavailable_is_422_on_both_endpoints(
    client: TestClient, fake_pool: FakePool, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """One code, one status: whether a solver worker or the server finds the prover missing."""
    from veridot.api.service.jobs import JobError

    body = {**(PROVE if path == "/v1/prove" else {"steps": ["P(a)"]}), "prover": "cvc5"}
    # Found by a worker: the job's error crosses the pool as a plain dict.
    missing = JobError("prover_unavailable", "prover 'cvc5' is not available")
    fake_pool.error = JobFailed(missing.to_dict())
    r = client.post(path, json=body)
    assert (r.status_code, error_of(r)["code"]) == (422, "prover_unavailable")

    # Found by the server before any job: the prover is not among the installed ones.
    monkeypatch.setattr("veridot.provers.registry.available_provers", lambda: ["z3"])
    fake_pool.jobs.clear()
    r = client.post(path, json=body)
    assert (r.status_code, error_of(r)["code"]) == (422, "prover_unavailable")
    assert error_of(r)["location"] == "prover"
    assert fake_pool.jobs == []


@pytest.mark.usefixtures("uninstalled_cvc5")
def test_a_prove_job_reports_a_missing_prover_as_prover_unavailable() -> None:
    from veridot.api.service.errors import ApiError
    from veridot.api.service.jobs import JobError, run_job

    payload = {"premises": ["P(a)"], "conclusion": "P(a)", "timeout_s": 1.0, "prover": "cvc5"}
    with pytest.raises(JobError) as raised:
        run_job("prove", payload, lambda _event: None)
    assert raised.value.code == "prover_unavailable"
    assert ApiError.from_dict(raised.value.to_dict()).status == 422


def test_every_error_code_raised_has_its_status_in_the_error_module() -> None:
    """A code raised anywhere in api/ has its status in api/service/errors.py (else a KeyError, a
    500)."""
    import ast
    from pathlib import Path

    from veridot.api.service.errors import JOB_STATUS, STATUS

    tables = {"ApiError": STATUS, "too_large": STATUS, "JobError": JOB_STATUS}
    seen: set[str] = set()
    for path in Path(__file__).resolve().parents[2].joinpath("api").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if name in tables and isinstance(first, ast.Constant):
                assert first.value in tables[name], f"{path.name}:{node.lineno}: {first.value!r}"
                seen.add(f"{name}:{first.value}")
    assert {"ApiError:prover_unavailable", "JobError:prover_unavailable"} <= seen
    assert STATUS["prover_unavailable"] == JOB_STATUS["prover_unavailable"] == 422


def test_prove_passes_timeout_and_default(client: TestClient, fake_pool: FakePool) -> None:
    client.post("/v1/prove", json={**PROVE, "timeout_ms": 1500})
    client.post("/v1/prove", json=PROVE)
    assert [job[1]["timeout_s"] for job in fake_pool.jobs] == [1.5, 2.0]


def test_a_prove_request_ends_within_10_percent_of_its_timeout(
    client: TestClient, fake_pool: FakePool
) -> None:
    """The worker is killed past the timeout plus a small bound, not a fixed 2 s (issue 11)."""
    for timeout_ms in (2000, 10_000):
        client.post("/v1/prove", json={**PROVE, "timeout_ms": timeout_ms})
    for timeout_ms, deadline in zip((2000, 10_000), fake_pool.deadlines, strict=True):
        assert timeout_ms / 1000 < deadline <= timeout_ms / 1000 * 1.1


def test_long_timeouts_run_as_long_jobs(client: TestClient, fake_pool: FakePool) -> None:
    """Over `long_job_s` (5 s) a request takes one of the pool's long-job slots (item 10)."""
    fake_pool.result = {"id": "r", "verdict": "valid", "first_error": -1, "nodes": []}
    client.post("/v1/prove", json=PROVE)
    client.post("/v1/prove", json={**PROVE, "timeout_ms": 10_000})
    client.post("/v1/verify", json={"steps": ["P(a)"], "timeout_ms": 6_000})
    client.post("/v1/verify/stream", json={"steps": ["P(a)"]})
    assert [o["long_job"] for o in fake_pool.options] == [False, True, True, False]
    assert all(o["cancel"] is not None for o in fake_pool.options)
    kind, payload = fake_pool.jobs[2]
    assert (kind, payload["timeout_s"]) == ("verify", 6.0)
    assert "timeout_ms" not in payload["record"]  # an option, not part of the record
    r = client.post("/v1/verify", json={"steps": ["P(a)"], "timeout_ms": 500_000})
    assert (r.status_code, error_of(r)["code"]) == (422, "invalid_timeout")


def test_verify_passes_the_record_through(client: TestClient, fake_pool: FakePool) -> None:
    fake_pool.result = {"id": "r", "verdict": "valid", "first_error": -1, "nodes": []}
    record = {
        "id": "r",
        "premises": ["P(a)"],
        "steps": [{"fol": "P(a)", "from": ["p0"]}],
        "parser": "fol",
        "extra": {"kept": True},
    }
    r = client.post("/v1/verify", json=record)
    assert r.status_code == 200
    assert r.json() == fake_pool.result
    kind, payload = fake_pool.jobs[-1]
    assert kind == "verify"
    assert payload["record"] == record
    assert payload["parser"] == "fol"


def test_metrics_count_requests(client: TestClient) -> None:
    def count() -> float:
        for line in client.get("/metrics").text.splitlines():
            if line.startswith(
                'veridot_http_requests_total{method="GET",route="/healthz",status="200"}'
            ):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = count()
    client.get("/healthz")
    client.get("/healthz")
    assert count() == before + 2
    text = client.get("/metrics").text
    for name in (
        "veridot_http_request_duration_seconds_bucket",
        "veridot_pool_busy_workers",
        "process_resident_memory_bytes",
    ):
        assert name in text


@pytest.fixture(scope="module")
def keyed() -> Iterator[TestClient]:
    yield from client_for(api_key="s3cret", pool_size=1)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"}, {"Authorization": "s3cret"}],
)
def test_api_key_required_when_set(keyed: TestClient, headers: dict[str, str]) -> None:
    for path in ("/v1/prove", "/v1/parse"):
        r = keyed.post(
            path, json=PROVE if path == "/v1/prove" else {"text": "P(a)"}, headers=headers
        )
        assert r.status_code == 401
        assert error_of(r)["code"] == "unauthorized"
    assert keyed.get("/metrics", headers=headers).status_code == 401


def test_api_key_accepted_and_health_open(keyed: TestClient) -> None:
    pool = FakePool(
        result={"verdict": "entailed", "used_premises": [], "countermodel": None, "elapsed_ms": 0.0}
    )
    keyed.app.dependency_overrides[get_pool] = lambda: pool  # type: ignore[attr-defined]
    try:
        assert (
            keyed.post(
                "/v1/prove", json=PROVE, headers={"Authorization": "Bearer s3cret"}
            ).status_code
            == 200
        )
        assert (
            keyed.post("/v1/prove", json=PROVE, headers={"X-API-Key": "s3cret"}).status_code == 200
        )
    finally:
        keyed.app.dependency_overrides.clear()  # type: ignore[attr-defined]
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/readyz").status_code == 200
    assert keyed.get("/metrics", headers={"X-API-Key": "s3cret"}).status_code == 200


def test_openapi_documents_endpoints_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/prove", "/v1/verify", "/v1/verify/stream", "/v1/parse"):
        responses = spec["paths"][path]["post"]["responses"]
        for status in ("200", "400", "401", "413", "422", "503"):
            assert status in responses, (path, status)
    assert client.get("/docs").status_code == 200


def test_page_is_served(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "<svg" in r.text
    assert "/static/app.js" in r.text
    js = client.get("/static/app.js")
    assert js.status_code == 200
    assert "http://" not in js.text.replace("http://www.w3.org/2000/svg", "")  # no CDN


def test_serve_command_is_registered() -> None:
    from typer.testing import CliRunner

    from veridot.api.cli.main import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.output


def test_serve_refuses_invalid_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from veridot.api.cli.main import app
    from veridot.api.settings import get_settings

    monkeypatch.setenv("VERIDOT_POOL_SIZE", "zero")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "VERIDOT_" in result.output


def test_stream_error_after_the_first_event_is_an_error_line(
    client: TestClient, fake_pool: FakePool
) -> None:
    node = {"id": "p0", "role": "premise", "status": "premise"}

    def stream(kind: str, payload: dict[str, Any], *, deadline_s: float, **_: Any) -> Iterator[Any]:
        yield "event", {"event": "node", "node": node}
        raise DeadlineExceeded("verify_stream exceeded its 1 s deadline")

    fake_pool.stream = stream  # type: ignore[method-assign]
    r = client.post("/v1/verify/stream", json={"steps": ["P(a)"]})
    assert r.status_code == 200
    events = [json.loads(line) for line in r.text.splitlines()]
    assert events[0] == {"event": "node", "node": node}
    assert events[1]["event"] == "error"
    assert events[1]["error"]["code"] == "deadline_exceeded"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/prove", b'{"premises": ["\\udc00"], "conclusion": "P(a)"}'),
        ("/v1/parse", b'{"text": "P(a) \\ud800"}'),
        ("/v1/verify", b'{"transcript": "<problem>\\ud800</problem>"}'),
        ("/v1/verify", b'{"steps": ["P(a)"], "note": {"\\ud801": 1}}'),
    ],
)
def test_lone_surrogates_are_422(client: TestClient, path: str, body: bytes) -> None:
    r = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert "surrogate" in str(error_of(r)["message"])


def test_json_rendering_never_fails_on_odd_text() -> None:
    from veridot.api.service.responses import SafeJSONResponse, dumps

    assert dumps({"a": "∀"}) == '{"a":"∀"}'
    assert dumps({"a": "\ud800"}) == '{"a":"\\ud800"}'
    assert SafeJSONResponse({"a": "\ud800"}).body == b'{"a":"\\ud800"}'


def test_empty_settings_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    from veridot.api.settings import Settings

    monkeypatch.setenv("VERIDOT_API_KEY", "")
    monkeypatch.setenv("VERIDOT_CACHE_PATH", " ")
    monkeypatch.setenv("VERIDOT_MAX_NODES", "7")
    configured = Settings()
    assert configured.api_key is None
    assert configured.cache_path is None
    assert configured.max_nodes == 7


@pytest.mark.parametrize("key", ["   ", "\t", " s3cret", "s3cret\n"])
def test_a_blank_or_padded_api_key_is_a_startup_error(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """A key of spaces used to mean "no key": auth silently off. Now `serve` refuses it."""
    from pydantic import ValidationError
    from typer.testing import CliRunner

    from veridot.api.cli.main import app
    from veridot.api.settings import Settings, get_settings

    monkeypatch.setenv("VERIDOT_API_KEY", key)
    with pytest.raises(ValidationError, match="VERIDOT_API_KEY has"):
        Settings()
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "VERIDOT_API_KEY has" in result.output
    assert "s3cret" not in result.output  # a padded key is never echoed
