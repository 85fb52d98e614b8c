"""Findings of one diagram: a kind, the node it is about and its evidence, with its sentence.

`Say(names)` makes every `Finding` the checker reports (its line defaults to the node's, its
message is rendered by `veridot.verifier.messages` with the diagram's `Names`); `node_message` joins
a node's findings into the node's one-paragraph message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from veridot.verifier import findings as F
from veridot.verifier.diagram import Node
from veridot.verifier.findings import Finding, Severity
from veridot.verifier.messages import Names, render


class Say:
    """Builds the findings of one diagram, worded with its node names."""

    def __init__(self, names: Names) -> None:
        self.names = names

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
        finding = Finding(
            kind=what,
            node=node.id if node else None,
            line=line if line is not None else (node.line if node else None),
            args=args,
            severity_override=severity,
        )
        return replace(finding, message=render(finding, self.names))


def node_message(notes: Sequence[Finding]) -> str:
    """The node's message: its findings' sentences, without the claims that held when
    another claim of the node failed (the failure is the news; the findings keep all)."""
    failed = any(f.severity is Severity.ERROR for f in notes)
    return " ".join(f.message for f in notes if not (failed and f.kind is F.STEP_ENTAILED))
