"""Findings of one diagram: a kind, the node it is about, the line and its evidence, as data.

`Say()` makes every `Finding` the checker reports (its line defaults to the node's). It
writes no sentence: the words are made where a report is shown (`veridot.verifier.prose`).
"""

from __future__ import annotations

from typing import Any

from veridot.verifier import findings as F
from veridot.verifier.diagram import Node
from veridot.verifier.findings import Finding, Severity


class Say:
    """Builds the findings of one diagram."""

    def __call__(
        self,
        what: F.FindingKind,
        node: Node | None,
        /,
        *,
        line: int | None = None,
        severity: Severity | None = None,
        **args: Any,
    ) -> Finding:
        """A finding of kind `what` about `node` (None: the record) with evidence `args`."""
        return Finding(
            kind=what,
            node=node.id if node else None,
            line=line if line is not None else (node.line if node else None),
            args=args,
            severity_override=severity,
        )
