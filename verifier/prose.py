"""A report's prose: its findings as plain-English sentences, made at the edge, each once.

The checker's output (`Report`, `NodeResult`, `RelationResult`, `Finding`) is data: a kind,
the node, the line, the evidence, a severity; it holds no sentence. Words are made only where
a report leaves veridot: the JSON encoder (the `message` keys of `--report json`, the API,
the cache entry), the text, JUnit and GitHub reporters, the critic messages of the reasoning
loop and of the LangChain tool, and the annotated transcript. They all ask a `Prose`, which
renders each group of findings once (`veridot.verifier.messages.render`) and remembers it, so
one output path that shows a report twice (a streamed node, then the whole report; the
cache's JSON, then the terminal) renders it once.

Naming: a finding names the node it is about by that node's role ("Premise p0", "Step s1",
"The conclusion"). Every finding of a node is about that node, so its role comes with the
findings (`say(node.findings, node.role)`): a `NodeResult` rendered alone (a streamed node,
`iter_verify`) reads exactly as it does in its report, with no other node at hand. Record and
`@entails` findings are about no node. `alias` renames node ids (the annotated transcript's
renumbering).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from veridot.verifier import findings as F
from veridot.verifier.findings import Finding, Severity
from veridot.verifier.messages import Names, render


class Said(NamedTuple):
    """A group of findings in words: one sentence per finding, and the joined `message`."""

    sentences: tuple[str, ...]
    message: str


class Prose:
    """Renders findings in words, each group once; one per output path (see the module)."""

    def __init__(self, alias: Mapping[str, str] | None = None) -> None:
        self._alias: Mapping[str, str] = dict(alias or {})
        # Keyed by the findings object's identity, which the entry keeps alive (so the id is
        # never reused while this Prose lives); a stale entry is never read (`is` check).
        self._said: dict[tuple[int, str], tuple[Sequence[Finding], Said]] = {}

    def say(self, findings: Sequence[Finding], role: str = "") -> Said:
        """The sentences of `findings`, all about one node of this `role` (or about none)."""
        key = (id(findings), role)
        hit = self._said.get(key)
        if hit is not None and hit[0] is findings:
            return hit[1]
        said = _say(findings, role, self._alias)
        self._said[key] = (findings, said)
        return said


def _say(findings: Sequence[Finding], role: str, alias: Mapping[str, str]) -> Said:
    roles = {f.node: role for f in findings if f.node is not None and role}
    names = Names(roles=roles, alias=alias)
    sentences = tuple(render(f, names) or f.short() for f in findings)
    return Said(sentences, paragraph(findings, sentences))


def paragraph(findings: Sequence[Finding], sentences: Sequence[str]) -> str:
    """A node's message: its findings' sentences, without the claims that held when another
    claim of the node failed (the failure is the news; the findings keep all)."""
    failed = any(f.severity is Severity.ERROR for f in findings)
    return " ".join(
        s
        for f, s in zip(findings, sentences, strict=True)
        if not (failed and f.kind is F.STEP_ENTAILED)
    )
