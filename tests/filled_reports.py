"""Reports with every part of the JSON shape filled somewhere, and each optional key left out
somewhere: shared by the tests of that shape (tests/verifier/test_report_json.py) and of the
OpenAPI schema generated from it (tests/api/test_report_schema.py).

Imported by its bare name, as `app_fixtures` is: pytest puts `tests/` on sys.path for the
`conftest.py` there.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from veridot.verifier import verify
from veridot.verifier.report import Report

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _block(role: str, nid: int, *lines: str) -> str:
    return "\n".join([f"<{role}>", f"@node id={nid} role={role}", *lines, f"</{role}>"])


# A transcript that breaks the protocol (a use edge from a node that does not exist).
BROKEN = "\n".join(
    [
        _block("problem", 1, "@prop id=1 Cat(tom)", "Tom is a cat."),
        _block("proposer", 2, "@edge src=1 dst=2 kind=use", "@edge src=9 dst=2 kind=use"),
        "",
    ]
)
CHAIN = {
    "id": "r1",
    "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Cat(tom)"}],
    "steps": [{"fol": "Animal(tom)"}, {"fol": "Dog(tom)"}],
}


def filled_reports() -> list[Report]:
    """A DoT v2 transcript's report (claims), a chain's (countermodels), a broken transcript's
    (structural errors, record findings), and a chain's with `meta` and no `transcript`."""
    v2 = verify((EXAMPLES / "transcript_v2.txt").read_text(encoding="utf-8"))
    chain = verify(CHAIN)
    with_meta = replace(verify(CHAIN, transcript=False), meta={"file": "x.jsonl", "line": 3})
    return [v2, chain, verify(BROKEN), with_meta]
