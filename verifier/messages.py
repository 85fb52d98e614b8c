"""Plain-English critic messages: findings rendered for people and models.

`render(finding, names)` turns one `Finding` into a sentence such as "Step s1 does not follow
from p0 and p2: in a world where Bob is blue and cold but not round, every premise holds and
'Bob is nice' is false." The evidence clauses (a countermodel in words, an arithmetic slip)
come from `veridot.verifier.worlds`. `Names` decides how node ids read: chain ids as they are ("p0",
"s1"), numeric DoT ids as "node 4"; the annotated transcript renders the same findings with
its own renumbered ids. Everything here is text formatting: no prover, no parser. Outputs do
not call `render` themselves: `veridot.verifier.prose.Prose` words a report's findings once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from veridot.verifier import findings as F
from veridot.verifier.findings import Finding

MAX_QUOTE = 160  # characters of a step's text quoted in a message
MAX_FORMULAS = 4  # used formulas listed after "used:"
MAX_REFS = 8  # node ids listed before "and N more nodes"


# Chain readers give these nodes a word for an id; "the conclusion" reads better than an id.
_NAMED = frozenset({"conclusion", "problem", "question"})


@dataclass(frozen=True)
class Names:
    """How node ids read in messages.

    `roles` maps ids to roles (for "Step s1" vs "Premise p0"); `alias` renames ids (the
    annotated transcript's renumbering). Numeric ids read as "node 4", others as themselves.
    """

    roles: Mapping[str, str] = field(default_factory=dict)
    alias: Mapping[str, str] = field(default_factory=dict)

    def _plain(self, id: str) -> str:
        return self.alias.get(id, id)

    def ref(self, id: str) -> str:
        """One node: `p0`, `s1`, `node 4`, or `the conclusion` (a chain's named nodes)."""
        name = self._plain(id)
        if name in _NAMED:
            return f"the {name}"
        return f"node {name}" if name.isdigit() else name

    def refs(self, ids: Sequence[str]) -> str:
        """Several nodes: `p0 and p2`, `p0, p1 and s0`, `nodes 1 and 2`, `nothing`."""
        names = [self._plain(i) for i in ids]
        if not names:
            return "nothing"
        if len(names) > MAX_REFS:  # a long chain's "every earlier node": keep it readable
            head = [self.ref(i) for i in ids[: MAX_REFS - 2]]
            return ", ".join(head) + f" and {len(names) - len(head)} more nodes"
        if all(n.isdigit() for n in names):
            return ("node " if len(names) == 1 else "nodes ") + join_and(names)
        return join_and([self.ref(i) for i in ids])

    def subject(self, id: str) -> str:
        """A node as the subject of a sentence: `Step s1`, `Premise p0`, `Node 4`."""
        name = self._plain(id)
        if name.isdigit():
            return f"Node {name}"
        if name in _NAMED:
            return f"The {name}"
        role = self.roles.get(id, "proposer")
        word = {"premise": "Premise", "problem": "Problem", "summarizer": "Conclusion"}.get(
            role, "Step"
        )
        return f"{word} {name}"


def join_and(items: Sequence[str], word: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def quote(text: str) -> str:
    """A step's text, on one line and shortened, in single quotes."""
    flat = " ".join(text.split()).rstrip(".")
    if len(flat) > MAX_QUOTE:
        flat = flat[: MAX_QUOTE - 1].rstrip() + "…"
    return f"'{flat}'"


def _used_formulas(args: Mapping[str, Any]) -> str:
    formulas = [str(f) for f in args.get("used_formulas") or ()]
    if not formulas:
        return ""
    shown = [f if len(f) <= 120 else f[:119] + "…" for f in formulas[:MAX_FORMULAS]]
    more = ", …" if len(formulas) > MAX_FORMULAS else ""
    return f" (used: {', '.join(shown)}{more})"


def _is_are(ids: Sequence[str]) -> str:
    return "is" if len(ids) == 1 else "are"


def _ids(args: Mapping[str, Any], key: str) -> list[str]:
    return [str(v) for v in args.get(key) or ()]


def render(finding: Finding, names: Names) -> str:
    """The plain-English sentence for one finding, naming nodes with `names`."""
    a = finding.args
    node = finding.node or ""
    subject = names.subject(node) if node else "The record"
    renderer = _RENDERERS.get(finding.code)
    if renderer is None:
        return finding.short()
    return renderer(a, node, subject, names)


def _world_clause(a: Mapping[str, Any]) -> str:
    world = str(a.get("world") or "")
    return f"in a world where {world}, " if world else "in some world, "


_WITHIN = "what the step itself states before it"


def _r_entailed(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    used = _ids(a, "used")
    if a.get("within"):
        sources = join_and([*(names.ref(u) for u in used), _WITHIN])
        return f"{subject} follows from {sources}{_used_formulas(a)}."
    if not used:
        return f"{subject} holds in every world; it needs no premise."
    return f"{subject} follows from {names.refs(used)}{_used_formulas(a)}."


def _sourced(a: Mapping[str, Any], node: str, names: Names) -> str:
    """`2·x + 3 = 11 (s0) and 2·x = 8 (s1)`: each used formula with the node it came from."""
    formulas = [str(f) for f in a.get("used_formulas") or ()]
    owners = _ids(a, "used_from")
    parts = []
    for formula, owner in list(zip(formulas, owners, strict=False))[:MAX_FORMULAS]:
        where = "stated earlier in the step" if owner == node else names.ref(owner)
        parts.append(f"{formula} ({where})")
    if len(formulas) > MAX_FORMULAS:
        parts.append(f"{len(formulas) - MAX_FORMULAS} more")
    return join_and(parts)


def _r_contradicted(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    used = _ids(a, "used")
    if a.get("value") and a.get("used_from"):
        against = _sourced(a, node, names)
        return f"{subject}: {a.get('formula', '')} contradicts {against}: {a['value']}."
    if not used:
        slip = f" ({a['arithmetic']})" if a.get("arithmetic") else ""
        return (
            f"{subject} is false in every world: {quote(str(a.get('claim', '')))} "
            f"cannot hold{slip}."
        )
    return f"{subject} contradicts {names.refs(used)}{_used_formulas(a)}."


def _r_unsupported(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    rests = _ids(a, "rests_on")
    claim = quote(str(a.get("claim", "")))
    if a.get("witness"):
        return _witnessed(a, subject, names, rests, claim)
    if not rests:
        return (
            f"{subject} rests on nothing and is not true in every world: "
            f"{_world_clause(a)}{claim} is false."
        )
    return (
        f"{subject} does not follow from {names.refs(rests)}: "
        f"{_world_clause(a)}every premise holds and {claim} is false."
    )


def _witnessed(
    a: Mapping[str, Any], subject: str, names: Names, rests: Sequence[str], claim: str
) -> str:
    """ "x = 3 satisfies s0 and s1 but not this step": a witness checked by evaluation."""
    head = f"{subject} does not follow from {names.refs(rests)}" if rests else subject
    satisfied = [names.ref(i) for i in _ids(a, "satisfies")]
    if a.get("within"):
        satisfied.append(_WITHIN)
    unfixed = _ids(a, "unfixed")
    free = f"nothing before it fixes {join_and(unfixed)}, and " if unfixed else ""
    if satisfied:
        holds = f"{a['witness']} satisfies {join_and(satisfied)} but not this step"
    else:
        holds = f"{a['witness']} makes it false"
    return f"{head}: {free}{holds} ({claim})."


def _r_definition(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    given = join_and([str(f) for f in a.get("formulas") or ()])
    return f"{subject} states {given} as given; the steps after it assume it, unchecked."


def _r_definition_conflict(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    given = join_and([str(f) for f in a.get("formulas") or ()])
    used, retired = _ids(a, "used"), _ids(a, "retired")
    aside = f"; {names.refs(retired)} {_is_are(retired)} set aside from here on" if retired else ""
    return (
        f"{subject} states {given} as given, which contradicts {names.refs(used)}"
        f"{_used_formulas(a)}: a new case{aside}."
    )


def _r_definitions_inconsistent(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    used = _ids(a, "used")
    where = f"in {names.refs(used)}" if used else "in the step itself"
    return (
        f"{subject} rests on statements given as definitions that cannot all hold, "
        f"{where}{_used_formulas(a)}; it is left undecided."
    )


def _r_inconsistent(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    used = _ids(a, "used")
    return (
        f"{subject} rests on premises that cannot all hold: {names.refs(used)} "
        f"contradict each other{_used_formulas(a)}."
    )


def _r_unknown(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    reason = str(a.get("reason") or "the prover gave up")
    return f"{subject} could not be decided: {_clip(reason)}."


def _r_prover_disagreement(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    verdicts = a.get("verdicts")
    if isinstance(verdicts, Mapping) and verdicts:
        said = join_and([f"{name} says {verdict}" for name, verdict in verdicts.items()])
    else:
        said = _clip(str(a.get("reason") or "different verdicts"))
    return f"{subject} is undecided because the provers disagree: {said}."


def _r_untranslated(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    reason = str(a.get("reason") or "no parser applies")
    return f"{subject} could not be formalised ({_clip(reason)})."


def _r_llm_unavailable(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    reason = str(a.get("reason") or "the model could not be reached")
    return (
        f"{subject} was not formalised: the language model could not be reached ({_clip(reason)})."
    )


def _r_formula_syntax(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return f"The formula of {names.ref(node)} does not parse: {_clip(str(a.get('reason', '')))}."


def _r_sort_clash(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return (
        f"The formula of {names.ref(node)} uses a symbol differently from earlier nodes: "
        f"{_clip(str(a.get('reason', '')))}."
    )


def _r_confusable_symbol(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return f"{subject} uses a look-alike symbol: {_clip(str(a.get('reason', '')))}."


def _r_no_claim(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return f"{subject} makes no claim to check."


def _r_rests_on_untranslated(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    rests, missing = _ids(a, "rests_on"), _ids(a, "missing")
    base = f"from {names.refs(rests)} alone" if rests else "from nothing"
    return (
        f"{subject} does not follow {base}; it may rest on {names.refs(missing)}, which could "
        f"not be formalised, so it is left undecided."
    )


def _r_rests_on_inconsistent(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    at = str(a.get("at", ""))
    return (
        f"{subject} rests on the inconsistent premises already reported at {names.ref(at)}; "
        f"it is left undecided."
    )


def _r_summary_uses_invalid(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    invalid = _ids(a, "invalid")
    statuses = [str(s) for s in a.get("statuses") or ()]
    why = f" ({join_and(sorted(set(statuses)))})" if statuses else ""
    return f"{subject} uses {names.refs(invalid)}, which {_is_are(invalid)} not valid{why}."


def _r_depends_on_invalid(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    invalid = _ids(a, "invalid")
    return f"It rests on {names.refs(invalid)}, which {_is_are(invalid)} invalid."


def _r_critic_disagrees(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return (
        f"The transcript's own critic marked {names.ref(node)} {a.get('mark', '?')}, "
        f"but the prover finds it {a.get('status', '?')}."
    )


def _r_ambiguous(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    alts = [str(x) for x in a.get("alternatives") or ()]
    return (
        f"The translations of {names.ref(node)} disagreed ({'; '.join(alts[:3])}); "
        f"the majority reading was checked."
    )


def _r_premise_untranslated(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    reason = str(a.get("reason") or "no parser applies")
    return f"{subject} could not be formalised and is not assumed ({_clip(reason)})."


def _r_claim(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    kind = str(a.get("kind", "entails"))
    arrow = "is equivalent to" if kind == "eq" else "entails"
    src, dst = str(a.get("src", "")), str(a.get("dst", ""))
    head = f"The claim that {names.ref(src)} {arrow} {names.ref(dst)}"
    if "reason" in a and a.get("status") in ("unknown", "untranslated"):
        return f"{head} could not be decided: {_clip(str(a['reason']))}."
    world = f": {_world_clause(a).rstrip(', ')}, it fails" if a.get("world") else ""
    return f"{head} does not hold ({a.get('status', '?')}){world}."


def _r_structural(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    detail = str(a.get("detail", "")).strip() or str(a.get("rule", "structural error"))
    detail = detail[:1].upper() + detail[1:]
    return detail if detail.endswith(".") else detail + "."


_Renderer = Callable[[Mapping[str, Any], str, str, Names], str]
_RENDERERS: dict[str, _Renderer] = {
    F.STEP_ENTAILED.code: _r_entailed,
    F.STEP_CONTRADICTED.code: _r_contradicted,
    F.STEP_UNSUPPORTED.code: _r_unsupported,
    F.PREMISES_INCONSISTENT.code: _r_inconsistent,
    F.STEP_UNKNOWN.code: _r_unknown,
    F.PROVER_DISAGREEMENT.code: _r_prover_disagreement,
    F.STEP_UNTRANSLATED.code: _r_untranslated,
    F.LLM_UNAVAILABLE.code: _r_llm_unavailable,
    F.FORMULA_SYNTAX.code: _r_formula_syntax,
    F.SORT_CLASH.code: _r_sort_clash,
    F.CONFUSABLE_SYMBOL.code: _r_confusable_symbol,
    F.NO_CLAIM.code: _r_no_claim,
    F.DEFINITION.code: _r_definition,
    F.DEFINITION_CONFLICT.code: _r_definition_conflict,
    F.DEFINITIONS_INCONSISTENT.code: _r_definitions_inconsistent,
    F.RESTS_ON_UNTRANSLATED.code: _r_rests_on_untranslated,
    F.RESTS_ON_INCONSISTENT.code: _r_rests_on_inconsistent,
    F.SUMMARY_USES_INVALID.code: _r_summary_uses_invalid,
    F.DEPENDS_ON_INVALID.code: _r_depends_on_invalid,
    F.CRITIC_DISAGREES.code: _r_critic_disagrees,
    F.AMBIGUOUS.code: _r_ambiguous,
    F.PREMISE_UNTRANSLATED.code: _r_premise_untranslated,
    F.CLAIM_FAILED.code: _r_claim,
    F.CLAIM_UNDECIDED.code: _r_claim,
    F.STRUCTURAL.code: _r_structural,
}


def _clip(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split()).rstrip(".")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
