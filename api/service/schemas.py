"""Every request and response body of the REST service, as pydantic models (one module).

Responses that the library builds are described here for the OpenAPI schema: the report
(`Report.to_dict()`) by the TypedDicts of `veridot.verifier.report_json`, which the library's
encoder is typed against; `ProofResult.to_dict()` by models that allow extra keys, so that a field
the library adds later is passed through rather than dropped.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    model_validator,
    with_config,
)

from veridot.verifier.report_json import (
    ClaimJSON,
    FindingJSON,
    NodeJSON,
    ReportJSON,
    StructuralErrorJSON,
)

ParserName = Literal["auto", "fol", "math", "english", "llm"]
ProverName = Literal["z3", "cvc5", "both", "portfolio"]
VerdictName = Literal["entailed", "contradicted", "unsupported", "inconsistent", "unknown"]


_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_surrogates(value: Any, path: str = "body") -> None:
    """Raise ValueError if any string in `value` holds a lone surrogate (not Unicode text).

    JSON's `\\ud800` escapes can smuggle them in; nothing downstream could print them.
    """
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise ValueError(f"{where} contains a lone surrogate (not valid Unicode text)")
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}") for k, v in item.items())
            stack.extend((k, where) for k in item if isinstance(k, str))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))


class RequestModel(BaseModel):
    """Base of request bodies: every string must be valid Unicode text."""

    @model_validator(mode="before")
    @classmethod
    def _unicode_text(cls, data: Any) -> Any:
        _reject_surrogates(data)
        return data


# -- errors ----------------------------------------------------------------------------------
class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. syntax_error, too_large.")
    message: str = Field(description="What went wrong, for people.")
    line: int | None = Field(None, description="1-based line of a syntax error.")
    column: int | None = Field(None, description="1-based column of a syntax error.")
    location: str | None = Field(None, description="Where in the request, e.g. premises[1].")


class ErrorBody(BaseModel):
    error: ErrorDetail


# -- prove -----------------------------------------------------------------------------------
class ProveRequest(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
                    "conclusion": "Animal(tom)",
                    "timeout_ms": 2000,
                }
            ]
        },
    )

    premises: list[str] = Field(description="FOL premises (Unicode or ASCII syntax).")
    conclusion: str = Field(description="The FOL claim to decide.")
    timeout_ms: StrictInt | None = Field(
        None, ge=1, le=600_000, description="Solver timeout; the server caps it."
    )
    prover: ProverName | None = Field(None, description="Default: z3.")


class ModelOut(BaseModel):
    """A finite world: domain elements, constants' denotations, true ground atoms, numbers."""

    model_config = ConfigDict(extra="allow")

    domain: list[str] = []
    constants: dict[str, str] = {}
    true_atoms: list[str] = []
    numbers: dict[str, str] = {}


class ProveResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    verdict: VerdictName
    used_premises: list[int] = Field(description="0-based indices of the premises used.")
    countermodel: ModelOut | None = Field(description="Premises true, conclusion false.")
    elapsed_ms: float
    witness: ModelOut | None = None
    reason: str = ""
    prover: str = ""


# -- parse -----------------------------------------------------------------------------------
class ParseRequest(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"text": "forall x (Cat(x) -> Animal(x))", "parser": "fol"}]
        },
    )

    text: str = Field(description="A formula, or a sentence for the english or llm parser.")
    parser: ParserName | None = Field(None, description="Default: the server's (auto).")


class FormulaOut(BaseModel):
    unicode: str
    ascii: str


class VocabularyOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    predicates: dict[str, int] = {}
    functions: dict[str, int] = {}
    constants: list[str] = []
    glosses: dict[str, str] = {}


class ParseResponse(BaseModel):
    parser: str = Field(description="The parser that produced the formulas.")
    status: Literal["claim", "no_claim"]
    formulas: list[FormulaOut]
    vocabulary: VocabularyOut


# -- verify ----------------------------------------------------------------------------------
class ChainStep(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    text: str | None = None
    fol: str | None = None
    from_: list[str] | None = Field(None, alias="from", description="Ids this step rests on.")


class VerifyRequest(RequestModel):
    """One record as `veridot check` reads it: a chain, a DoT transcript, a Natural Program.

    Chain: `premises` and `steps` (a step is a string or `{text?, fol?, from?}`). DoT:
    `transcript` (v1 role tags or v2 typed records). Natural Program: `answer` with `#1.`
    steps citing `(by #i #j)`. ProcessBench: `problem`, `steps`, `label`. The shape is
    detected from the keys by the same reader `veridot check` uses; other keys are kept.
    """

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "id": "cats",
                    "premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
                    "steps": [{"fol": "Animal(tom)"}],
                    "parser": "fol",
                },
                {
                    "id": "dot",
                    "transcript": "<problem>\n@node id=1 role=problem\n@prop id=1 Cat(tom)\n"
                    "Tom is a cat.\n</problem>\n<proposer>\n@node id=2 role=proposer\n"
                    "@edge src=1 dst=2 kind=use\n@prop id=2 Cat(tom)\nSo Tom is a cat.\n"
                    "</proposer>",
                },
            ]
        },
    )

    id: StrictStr | StrictInt | None = None
    parser: ParserName | None = Field(None, description="Default: the record's, else auto.")
    prover: ProverName | None = Field(None, description="Default: z3.")
    timeout_ms: StrictInt | None = Field(
        None, ge=1, le=600_000, description="Solver timeout of each check; the server caps it."
    )
    premises: list[str] | None = None
    steps: list[str | ChainStep] | None = None
    transcript: str | None = None
    problem: str | None = None
    label: int | None = Field(None, ge=-1, description="ProcessBench: earliest wrong step.")
    question: str | None = None
    answer: str | None = Field(None, description="A Natural Program chain (#1. ... (by #i)).")


# The report and its nodes are the JSON the library writes (`Report.to_dict()`), declared once
# in `veridot.verifier.report_json` (mypy ties the encoder to it): the schema is generated from that
# declaration, not written again here, so it cannot drift from what /v1/verify returns
# (tests/api/test_report_schema.py).
NodeOut = NodeJSON
ReportOut = ReportJSON
for _shape in (FindingJSON, StructuralErrorJSON, NodeJSON, ClaimJSON, ReportJSON):
    # The strings under the keys there describe them here (pydantic reads config only
    # from the class; verifier/ does not import pydantic, so it is set from this side).
    with_config(ConfigDict(use_attribute_docstrings=True))(_shape)


class StreamEvent(BaseModel):
    """One NDJSON line of /v1/verify/stream: node events, then the report (or an error)."""

    event: Literal["node", "report", "error"]
    node: NodeOut | None = None
    report: ReportOut | None = None
    error: ErrorDetail | None = None


def stream_event_schema() -> dict[str, Any]:
    """StreamEvent's JSON schema for the NDJSON response, its nested objects referring to the
    OpenAPI components (a StreamEvent is no request or response model of its own, so FastAPI
    would not list it among the components)."""
    schema = StreamEvent.model_json_schema(
        ref_template="#/components/schemas/{model}", mode="serialization"
    )
    schema.pop("$defs", None)
    return schema


# -- health ----------------------------------------------------------------------------------
class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready", "not_ready"]
    pool: dict[str, int]
