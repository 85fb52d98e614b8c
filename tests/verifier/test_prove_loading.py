"""`prove`: loading a parser for the first time does not count against the deadline."""

from __future__ import annotations

import time

import pytest

import veridot.parser.registry
from veridot.verifier.prove_claim import prove


def test_a_slow_first_load_of_the_math_reader_leaves_the_solver_its_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = veridot.parser.registry.get_semantic_parser

    def slow_to_load(name: str = "auto", **kwargs: object) -> object:
        if name == "math":
            time.sleep(0.6)  # as importing the reader can take on a loaded machine
        return real(name, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(veridot.parser.registry, "get_semantic_parser", slow_to_load)
    result = prove(["2x + 3 = 11"], "x = 4", timeout=0.5)
    assert result.verdict.value == "entailed"


def test_the_package_name_prove_is_the_function_after_its_module_is_imported() -> None:
    import veridot.verifier.prove_claim  # noqa: F401  (binds the submodule on the package)
    from veridot.verifier import prove as exported

    assert callable(exported)
    assert exported is prove
