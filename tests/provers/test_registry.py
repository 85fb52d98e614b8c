"""The prover registry: names, availability, errors."""

from __future__ import annotations

import pytest

from veridot.provers.base import ProverError
from veridot.provers.registry import BACKENDS, available_provers, get_prover


def test_z3_is_available_and_named() -> None:
    assert "z3" in available_provers()
    assert get_prover().name == "z3"
    assert get_prover("z3").name == "z3"


def test_available_provers_are_registered_and_loadable() -> None:
    for name in available_provers():
        assert name in BACKENDS
        assert get_prover(name).name == name


def test_unknown_prover_is_a_prover_error() -> None:
    with pytest.raises(ProverError, match="unknown prover"):
        get_prover("prover9000")
