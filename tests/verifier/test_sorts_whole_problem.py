"""Sorts come from the whole problem, the same in every interface (issue 11 item 4).

The library's `prove` (also behind `veridot prove` and /v1/prove) and the diagram checker
(`veridot check`, /v1/verify) must read every symbol with the sort the whole problem gives
it: a later formula may decide a sort an earlier one left open, and that is never a clash.
"""

from __future__ import annotations

from typing import Any

import pytest

from veridot.verifier import prove
from veridot.verifier.check import verify
from veridot.verifier.readers import read_record

CASES = [
    # `a` is a number (P(1), P(a)); so is x, and not every number is a: inconsistent premises
    (["∀x (x = a)", "P(1)"], "P(a)", "inconsistent"),
    (["∀x (x = a ∨ x = b)", "Big(a)"], "a = 1", "inconsistent"),
    # the same premises where nothing makes `a` a number: a two-element world
    (["∀x (x = a ∨ x = b)", "Big(a)"], "Q(c)", "unsupported"),
    (["∀x (x = a)", "P(b)"], "P(a)", "entailed"),
]


def _record(premises: list[str], claim: str) -> dict[str, Any]:
    return {
        "id": "sorts",
        "parser": "fol",
        "premises": [{"fol": p} for p in premises],
        "steps": [{"text": "the claim", "fol": claim}],
    }


@pytest.mark.parametrize(("premises", "claim", "verdict"), CASES)
def test_prove_and_verify_agree(premises: list[str], claim: str, verdict: str) -> None:
    assert prove(premises, claim).verdict.value == verdict
    report = verify(read_record(_record(premises, claim))).to_dict()
    step = report["nodes"][-1]
    assert step["status"] == verdict, step


def test_a_real_clash_is_a_sort_error_naming_both_places() -> None:
    report = verify(read_record(_record(["P(a)"], "P(a, b)"))).to_dict()
    step = report["nodes"][-1]
    assert step["status"] == "untranslated"
    messages = " ".join(f["message"] for f in step["findings"])
    assert "P(a)" in messages
    assert "P(a, b)" in messages
