"""The OpenAPI schema of a report is the shape the library writes: no drift between the two.

The service documents /v1/verify's report with the TypedDicts of `veridot.verifier.report_json`; the
library's `Report.to_dict()` is typed against the same declaration. These tests take real
reports (every part filled somewhere) and the generated OpenAPI document and check that each
documented object has exactly the keys the library writes (required ones always written),
that every report validates against the schema, and that every `$ref` of the document resolves.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args

import pytest
from app_fixtures import settings
from filled_reports import filled_reports

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    from veridot.api.service.app import create_app

    return create_app(settings()).openapi()


@pytest.fixture(scope="module")
def reports() -> list[dict[str, Any]]:
    return [dict(r.to_dict()) for r in filled_reports()]


def _component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


def _items(document: dict[str, Any], schema: dict[str, Any], key: str) -> dict[str, Any]:
    return _component(document, schema["properties"][key]["items"]["$ref"])


def _same_keys(schema: dict[str, Any], objects: list[dict[str, Any]]) -> None:
    """The schema names exactly the keys written, and requires those always written."""
    assert objects, schema["title"]
    written = {k for o in objects for k in o}
    always = {k for k in written if all(k in o for o in objects)}
    assert set(schema["properties"]) == written, schema["title"]
    assert set(schema.get("required", ())) == always, schema["title"]


def test_the_report_schema_names_exactly_the_keys_the_library_writes(
    document: dict[str, Any], reports: list[dict[str, Any]]
) -> None:
    verify_op = document["paths"]["/v1/verify"]["post"]["responses"]["200"]
    report = _component(document, verify_op["content"]["application/json"]["schema"]["$ref"])
    nodes = [n for r in reports for n in r["nodes"]]
    claims = [c for r in reports for c in r["claims"]]
    findings = [f for r in reports for f in r["findings"]]
    findings += [f for n in nodes for f in n["findings"]]
    _same_keys(report, reports)
    _same_keys(_items(document, report, "nodes"), nodes)
    _same_keys(_items(document, report, "claims"), claims)
    _same_keys(_items(document, report, "findings"), findings)
    _same_keys(_items(document, report, "structural_errors"), [
        s for r in reports for s in r["structural_errors"]
    ])  # fmt: skip
    # The stream's node and report events name the same components.
    stream = document["paths"]["/v1/verify/stream"]["post"]["responses"]["200"]
    event = stream["content"]["application/x-ndjson"]["schema"]["properties"]
    assert {"$ref": verify_op["content"]["application/json"]["schema"]["$ref"]} in event["report"][
        "anyOf"
    ]
    assert {"$ref": report["properties"]["nodes"]["items"]["$ref"]} in event["node"]["anyOf"]


def test_every_report_validates_against_the_document(
    document: dict[str, Any], reports: list[dict[str, Any]]
) -> None:
    verify_op = document["paths"]["/v1/verify"]["post"]["responses"]["200"]
    ref = verify_op["content"]["application/json"]["schema"]["$ref"]
    schema = {"$ref": ref, "components": document["components"]}
    for report in reports:
        jsonschema.validate(json.loads(json.dumps(report)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**reports[0], "verdict": "fine"}, schema)


def test_every_reference_of_the_document_resolves(document: dict[str, Any]) -> None:
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs <= set(document["components"]["schemas"])


def test_the_request_enums_are_the_registries_names() -> None:
    # The request schemas name parsers and provers as Literals (the OpenAPI document lists
    # them); a parser or prover added to its registry must be added there too (ARCHITECTURE.md).
    from veridot.api.service.schemas import ParserName, ProverName
    from veridot.parser.registry import PARSER_NAMES
    from veridot.provers.registry import BACKENDS

    assert get_args(ParserName) == PARSER_NAMES
    assert get_args(ProverName) == tuple(BACKENDS)
