"""REST service: inputs built to break it get a 4xx with a stable code, never a 500.

Numbers too long for Python's integer conversion, bodies nested past pydantic's depth, bytes
that are not UTF-8 and bodies that are not JSON at all (issue 12, item 11).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from app_fixtures import client_for
from fastapi.testclient import TestClient

HUGE = "9" * 5000
BIG = "9" * 900  # under the service's digit limit; its fifth power is not


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    yield from client_for(max_formula_chars=12_000, max_body_bytes=200_000)


def error_of(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}, body
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "body", "location"),
    [
        ("/v1/prove", {"premises": [f"x = {HUGE}"], "conclusion": "x > 1"}, "premises[0]"),
        (
            "/v1/prove",
            {"premises": [f"x = {HUGE}"], "conclusion": "x > 1", "prover": "cvc5"},
            "premises[0]",
        ),
        ("/v1/prove", {"premises": [], "conclusion": f"{HUGE} > 1"}, "conclusion"),
        ("/v1/parse", {"text": f"x = {HUGE}"}, "text"),
        ("/v1/verify", {"premises": [f"x = {HUGE}"], "steps": ["x > 1"]}, "premises[0]"),
        ("/v1/verify", {"steps": [{"fol": f"x = {HUGE}"}]}, "steps[0]"),
        ("/v1/verify/stream", {"premises": [f"x = {HUGE}"], "steps": ["x > 1"]}, "premises[0]"),
        ("/v1/verify", {"steps": ["P(a)"], "note": {"n": f"the id {HUGE}"}}, "note.n"),
    ],
)
def test_a_number_of_5000_digits_is_too_large(
    client: TestClient, path: str, body: dict[str, object], location: str
) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 413, r.text
    error = error_of(r)
    assert (error["code"], error["location"]) == ("too_large", location)
    assert "5000 digits" in str(error["message"])


def test_a_json_number_of_5000_digits_is_too_large(client: TestClient) -> None:
    raw = b'{"premises": [], "conclusion": "P(a)", "timeout_ms": ' + HUGE.encode() + b"}"
    r = client.post("/v1/prove", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert error_of(r)["code"] == "too_large"


@pytest.mark.parametrize("prover", ["z3", "cvc5"])
def test_a_result_too_long_to_render_is_too_large_not_500(client: TestClient, prover: str) -> None:
    """Every number is under the limit, but the countermodel's x has 4,500 digits.

    Printing it raised Python's int-to-str ValueError (a 500); now the model is printed in
    full, or, where it still cannot be, the answer is 413 `too_large`."""
    product = "*".join([BIG] * 5)
    body = {"premises": [f"x = {product}"], "conclusion": "z > x", "prover": prover}
    r = client.post("/v1/prove", json=body)
    assert r.status_code in (200, 413), r.text
    if r.status_code == 413:
        assert error_of(r)["code"] == "too_large"
    else:
        assert r.json()["verdict"] in ("unsupported", "unknown")


@pytest.mark.parametrize("path", ["/v1/verify", "/v1/verify/stream", "/v1/prove"])
def test_json_nested_300_deep_is_too_deep(client: TestClient, path: str) -> None:
    deep = "[" * 300 + "]" * 300
    base = {"steps": ["P(a)"]} if "verify" in path else {"premises": [], "conclusion": "P(a)"}
    raw = json.dumps(base)[:-1] + ', "extra": ' + deep + "}"
    r = client.post(path, content=raw.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text
    assert error_of(r)["code"] == "too_deep"


def test_nesting_within_the_limit_and_brackets_in_strings_pass(client: TestClient) -> None:
    record = {"steps": ["P(a)"], "parser": "fol", "meta": {"a": [[[{"b": 1}]]]}, "s": "[[[[" * 40}
    r = client.post("/v1/verify", json=record)
    assert r.status_code == 200, r.text


def test_invalid_utf8_is_malformed_json_with_its_position(client: TestClient) -> None:
    raw = b'{"premises": [],\n "conclusion": "P(\xff)"}'
    r = client.post("/v1/prove", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    error = error_of(r)
    assert error["code"] == "malformed_json"
    assert (error["line"], error["column"]) == (2, 19)
    assert "UTF-8" in str(error["message"])


def test_malformed_json_has_its_position(client: TestClient) -> None:
    raw = b'{"premises": [],\n "conclusion": "P(a)" x}'
    r = client.post("/v1/prove", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    error = error_of(r)
    assert (error["code"], error["line"], error["column"]) == ("malformed_json", 2, 23)


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_wrong_content_type_is_415(client: TestClient, content_type: str | None) -> None:
    raw = b'{"premises": [], "conclusion": "P(a)"}'
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/v1/prove", content=raw, headers=headers)
    assert r.status_code == 415
    assert error_of(r)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_json_content_types_are_accepted(client: TestClient, content_type: str) -> None:
    raw = b'{"premises": ["P(a)"], "conclusion": "P(a)"}'
    r = client.post("/v1/prove", content=raw, headers={"Content-Type": content_type})
    assert r.status_code == 200, r.text
    assert r.json()["verdict"] == "entailed"


def test_body_checks_take_linear_time_on_unterminated_strings() -> None:
    """200 KB of escaped quotes with no closing quote: once minutes (a regex rescanning
    from every quote, blocking the event loop), now a JSON error at once."""
    import time

    from veridot.api.service.body import check_json_body

    body = ('"' + '\\"' * 100_000).encode()
    start = time.monotonic()
    error = check_json_body(body, "application/json", 32)
    assert error is not None
    assert error.code == "malformed_json"
    assert time.monotonic() - start < 10  # quadratic: 15 s for a fifth of this size
