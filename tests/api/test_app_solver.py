"""REST service end to end with the real solver pool: prove, parse, verify, verify/stream.

The reports must be exactly what the library (and so `veridot check --report json`) gives
for the same record; errors found inside a worker keep their status, code and position.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import client_for
from fastapi.testclient import TestClient

CATS = ["∀x (Cat(x) → Animal(x))", "Cat(tom)", "¬Animal(felix)"]
CHAIN = {
    "id": "cats",
    "parser": "fol",
    "premises": CATS,
    "steps": [{"fol": "Animal(tom)"}, {"fol": "Dog(tom)"}, {"fol": "Cat(felix)"}],
}
TRANSCRIPT = (
    "<problem>\n@node id=1 role=problem\n@prop id=1 ∀x (Cat(x) → Animal(x)) ∧ Cat(tom)\n"
    "All cats are animals; Tom is a cat.\n</problem>\n"
    "<proposer>\n@node id=2 role=proposer\n@edge src=1 dst=2 kind=use\n@prop id=2 Animal(tom)\n"
    "So Tom is an animal.\n</proposer>\n"
)
# Only infinite models: Z3 gives up at its timeout.
INFINITE = [
    "∀x (N(x) → N(s(x)))", "N(z)", "∀x (s(x) ≠ z)", "∀x ∀y (s(x) = s(y) → x = y)",
]  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    yield from client_for(max_formula_chars=2_000)


def without_timings(value: Any) -> Any:
    """A report with its elapsed_ms fields removed (they differ from run to run)."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k != "elapsed_ms"}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def metric(client: TestClient, prefix: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(prefix):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.parametrize(
    ("conclusion", "verdict", "used"),
    [("Animal(tom)", "entailed", [0, 1]), ("Cat(felix)", "contradicted", [0, 2]),
     ("Dog(tom)", "unsupported", [])],
)  # fmt: skip
def test_prove_verdicts(client: TestClient, conclusion: str, verdict: str, used: list[int]) -> None:
    r = client.post("/v1/prove", json={"premises": CATS, "conclusion": conclusion})
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == verdict
    assert body["used_premises"] == used
    assert body["elapsed_ms"] >= 0
    if verdict == "unsupported":
        assert "Cat(tom)" in body["countermodel"]["true_atoms"]
        assert "Dog(tom)" not in body["countermodel"]["true_atoms"]
    else:
        assert body["countermodel"] is None


def test_prove_ascii_syntax(client: TestClient) -> None:
    r = client.post("/v1/prove", json={"premises": ["all x. (P(x) -> Q(x))", "P(a)"],
                                       "conclusion": "Q(a)"})  # fmt: skip
    assert r.json()["verdict"] == "entailed"


@pytest.mark.parametrize(
    ("premises", "conclusion", "verdict"),
    [(["2x + 3 = 11"], "x = 5", "contradicted"), (["x^2 = 9", "x > 0"], "x = 3", "entailed")],
)
def test_prove_reads_math_notation_as_the_cli_and_library_do(
    client: TestClient, premises: list[str], conclusion: str, verdict: str
) -> None:
    # The README's `veridot prove` examples; /v1/prove answered 422 syntax_error ('^', '2x').
    from veridot.verifier import prove

    # (a generous timeout: the library's covers loading the math reader on first use)
    assert prove(premises, conclusion, timeout=30).verdict.value == verdict
    r = client.post("/v1/prove", json={"premises": premises, "conclusion": conclusion})
    assert r.status_code == 200, r.text
    assert r.json()["verdict"] == verdict


def test_prove_syntax_error_has_position(client: TestClient) -> None:
    r = client.post("/v1/prove", json={"premises": ["P(a)", "∀x (P(x) →"], "conclusion": "Q(a)"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "syntax_error"
    assert error["location"] == "premises[1]"
    assert error["line"] == 1
    assert error["column"] >= 1


def test_prove_arity_clash_is_422(client: TestClient) -> None:
    r = client.post("/v1/prove", json={"premises": ["P(a)"], "conclusion": "P(a, b)"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "sort_error"


def test_prove_timeout_is_unknown_and_counted(client: TestClient) -> None:
    before = metric(client, 'veridot_solver_timeouts_total{kind="solver"}')
    r = client.post("/v1/prove", json={"premises": INFINITE, "conclusion": "∃x (N(x) ∧ ¬N(x))",
                                       "timeout_ms": 300})  # fmt: skip
    assert r.status_code == 200
    assert r.json()["verdict"] == "unknown"
    assert metric(client, 'veridot_solver_timeouts_total{kind="solver"}') == before + 1


def test_parse_fol_gives_both_syntaxes_and_vocabulary(client: TestClient) -> None:
    r = client.post("/v1/parse", json={"text": "forall x (Cat(x) -> Animal(f(x), tom))",
                                       "parser": "fol"})  # fmt: skip
    assert r.status_code == 200
    body = r.json()
    (formula,) = body["formulas"]
    assert formula["unicode"].startswith("∀x")
    assert "->" in formula["ascii"]
    assert body["vocabulary"]["predicates"] == {"Animal": 2, "Cat": 1}
    assert body["vocabulary"]["functions"] == {"f": 1}
    assert body["vocabulary"]["constants"] == ["tom"]
    # The two renderings parse back to the same formula.
    again = client.post("/v1/parse", json={"text": formula["ascii"], "parser": "fol"}).json()
    assert again["formulas"] == body["formulas"]


def test_parse_error_has_line_and_column(client: TestClient) -> None:
    r = client.post("/v1/parse", json={"text": "P(a) ∧\n(Q(b) ∨", "parser": "fol"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "syntax_error"
    assert error["line"] == 2


def test_parse_llm_without_model_is_422(client: TestClient) -> None:
    r = client.post("/v1/parse", json={"text": "All cats are animals.", "parser": "llm"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "unknown_parser"


def test_verify_returns_the_library_report(client: TestClient) -> None:
    from veridot.verifier.check import verify

    r = client.post("/v1/verify", json=CHAIN)
    assert r.status_code == 200
    body = r.json()
    assert without_timings(body) == without_timings(verify(CHAIN).to_dict())
    assert body["verdict"] == "invalid"
    assert body["first_error"] == 1
    assert [n["status"] for n in body["nodes"]][3:] == ["entailed", "unsupported", "contradicted"]
    assert "@status target=" in body["transcript"]


def test_verify_allow_unsupported(client: TestClient) -> None:
    record = {**CHAIN, "steps": CHAIN["steps"][:2]}
    assert client.post("/v1/verify", json=record).json()["verdict"] == "invalid"
    assert client.post("/v1/verify?allow=unsupported", json=record).json()["verdict"] == "valid"


def test_verify_transcript(client: TestClient) -> None:
    r = client.post("/v1/verify", json={"id": "t", "transcript": TRANSCRIPT})
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == "valid"
    assert {n["id"]: n["status"] for n in body["nodes"]}["2"] == "entailed"
    assert "mark=validated" in body["transcript"]


def test_verify_unreadable_inputs_are_422(client: TestClient) -> None:
    r = client.post("/v1/verify", json={"id": "x", "question": "what?"})
    assert (r.status_code, r.json()["error"]["code"]) == (422, "bad_record")
    r = client.post("/v1/verify", json={"transcript": "<problem>\nTom.\n</proposer>"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert (error["code"], error["line"]) == ("syntax_error", 3)
    r = client.post(
        "/v1/verify", json={"premises": ["P(a)"], "steps": [{"fol": "P(a)", "from": ["p9"]}]}
    )
    assert r.status_code == 422


def test_verify_transcript_node_limit_is_413(client: TestClient) -> None:
    blocks = "".join(
        f"<proposer>\n@node id={i} role=proposer\n@prop id={i} P(c{i})\n</proposer>\n"
        for i in range(1, 14)
    )
    r = client.post("/v1/verify", json={"transcript": blocks})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_many_nodes"


def test_verify_stream_sends_nodes_then_the_report(client: TestClient) -> None:
    with client.stream("POST", "/v1/verify/stream", json=CHAIN) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/x-ndjson")
        events = [json.loads(line) for line in r.iter_lines() if line]
    assert [e["event"] for e in events] == ["node"] * 6 + ["report"]
    assert [e["node"]["id"] for e in events[:-1]] == ["p0", "p1", "p2", "s0", "s1", "s2"]
    report = events[-1]["report"]
    assert without_timings(report) == without_timings(client.post("/v1/verify", json=CHAIN).json())
    assert [without_timings(e["node"]) for e in events[:-1]] == without_timings(report["nodes"])


def test_verify_stream_input_error_is_an_http_error(client: TestClient) -> None:
    r = client.post("/v1/verify/stream", json={"transcript": "<problem>\nTom.\n</proposer>"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "syntax_error"


def test_verdicts_are_counted(client: TestClient) -> None:
    key = 'veridot_verdicts_total{kind="record",verdict="invalid"}'
    before = metric(client, key)
    client.post("/v1/verify", json=CHAIN)
    assert metric(client, key) == before + 1


def test_unusable_llm_setting_is_422_not_500() -> None:
    for llm_client in client_for(llm="no-colon-here", pool_size=1):
        r = llm_client.post("/v1/parse", json={"text": "All cats are animals.", "parser": "llm"})
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "llm_unavailable"


def test_report_cache_serves_repeats(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    for cached in client_for(cache_path=str(path), pool_size=1):
        first = cached.post("/v1/verify", json=CHAIN).json()
        again = cached.post("/v1/verify", json=CHAIN).json()
        assert again == first  # elapsed_ms included: the stored report, not a new run
        with cached.stream("POST", "/v1/verify/stream", json=CHAIN) as r:
            events = [json.loads(line) for line in r.iter_lines() if line]
        assert [e["node"] for e in events[:-1]] == first["nodes"]
        assert events[-1]["report"] == first
        # Options are part of the key: the same record under another option is checked anew.
        record = {**CHAIN, "steps": CHAIN["steps"][:2]}
        assert cached.post("/v1/verify", json=record).json()["verdict"] == "invalid"
        relaxed = cached.post("/v1/verify?allow=unsupported", json=record).json()
        assert relaxed["verdict"] == "valid"
    assert path.exists()


def test_prove_with_another_prover_and_an_unknown_one(client: TestClient) -> None:
    from veridot.provers.registry import available_provers

    body = {"premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"], "conclusion": "Animal(tom)"}
    if "cvc5" in available_provers():
        r = client.post("/v1/prove", json={**body, "prover": "cvc5"})
        assert r.status_code == 200
        assert r.json()["verdict"] == "entailed"
        assert r.json()["prover"].startswith("cvc5")
    r = client.post("/v1/prove", json={**body, "prover": "vampire"})
    assert r.status_code == 422


def test_verify_with_cvc5_equals_the_library_report(client: TestClient) -> None:
    from veridot.provers.registry import available_provers
    from veridot.verifier.check import verify

    if "cvc5" not in available_provers():
        pytest.skip("cvc5 is not installed")
    r = client.post("/v1/verify", json={**CHAIN, "prover": "cvc5"})
    assert r.status_code == 200
    expected = verify(CHAIN, prover="cvc5").to_dict()
    assert without_timings(r.json()) == without_timings(expected)
