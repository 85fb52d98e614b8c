"""Plain-English critic messages: findings and countermodels rendered for people and models.

`render(finding, names)` turns one `Finding` into a sentence such as "Step s1 does not follow
from p0 and p2: in a world where Bob is blue and cold but not round, every premise holds and
'Bob is nice' is false." `describe_world` renders a prover countermodel in those words, using
the problem's vocabulary glosses. `Names` decides how node ids read: chain ids as they are
("p0", "s1"), numeric DoT ids as "node 4"; the annotated transcript renders the same findings
with its own renumbered ids. Everything here is text formatting: no prover, no parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from parser.ast import Arith, Eq, Formula, Num, Pred, Term, walk
from parser.vocabulary import Vocabulary
from provers.base import Model
from verifier import findings as F
from verifier.findings import Finding

MAX_QUOTE = 160  # characters of a step's text quoted in a message
MAX_FORMULAS = 4  # used formulas listed after "used:"
MAX_SUBJECTS = 4  # individuals described in a countermodel
MAX_FACTS = 6  # facts per individual
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


def _r_entailed(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    used = _ids(a, "used")
    if not used:
        return f"{subject} holds in every world; it needs no premise."
    return f"{subject} follows from {names.refs(used)}{_used_formulas(a)}."


def _r_contradicted(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    used = _ids(a, "used")
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
    if not rests:
        return (
            f"{subject} rests on nothing and is not true in every world: "
            f"{_world_clause(a)}{claim} is false."
        )
    return (
        f"{subject} does not follow from {names.refs(rests)}: "
        f"{_world_clause(a)}every premise holds and {claim} is false."
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


def _r_formula_syntax(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return f"The formula of {names.ref(node)} does not parse: {_clip(str(a.get('reason', '')))}."


def _r_sort_clash(a: Mapping[str, Any], node: str, subject: str, names: Names) -> str:
    return (
        f"The formula of {names.ref(node)} uses a symbol differently from earlier nodes: "
        f"{_clip(str(a.get('reason', '')))}."
    )


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
    F.FORMULA_SYNTAX.code: _r_formula_syntax,
    F.SORT_CLASH.code: _r_sort_clash,
    F.NO_CLAIM.code: _r_no_claim,
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


# --- countermodels in words -----------------------------------------------------------------

_ATOM = re.compile(r"^\s*([^\s()]+)\s*(?:\((.*)\))?\s*$")
_VERBISH = ("is ", "are ", "has ", "have ", "can ", "does ", "do ")


def _split_args(text: str) -> list[str]:
    """Top-level comma split of an atom's argument list (`f(a, b), c` -> two args)."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def words_of(symbol: str) -> str:
    """A symbol as words: `TalentShows` -> `talent shows`, `is_blue` -> `is blue`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", symbol).replace("_", " ")
    return spaced.lower().strip()


def predicates_of(formulas: Iterable[Formula]) -> dict[str, int]:
    """Predicate names with arities, in order of first appearance (walk is iterative)."""
    seen: dict[str, int] = {}
    for f in formulas:
        for node in walk(f):
            if isinstance(node, Pred):
                seen.setdefault(node.name, len(node.args))
    return seen


def describe_world(
    model: Model | None,
    *,
    vocabulary: Vocabulary | None = None,
    relevant: Mapping[str, int] | None = None,
    exclude_negative: Iterable[str] = (),
) -> str:
    """A countermodel as an English clause: "Bob is blue and cold but not round".

    `relevant` (predicate -> arity) restricts and orders the predicates mentioned (those of
    the premises and the claim); atoms the model does not list as true are false.
    `exclude_negative` names predicates whose falsity is already said elsewhere (the
    claim's own). Empty when the model says nothing relevant.
    """
    if model is None:
        return ""
    glosses = vocabulary.glosses if vocabulary is not None else {}
    elem_name: dict[str, str] = {}
    for const, elem in sorted(model.constants.items()):
        elem_name.setdefault(elem, const)
    relevant = relevant or {}
    relevant_set = set(relevant)
    order = {p: i for i, p in enumerate(relevant)}

    def display(term: str) -> str:
        name = elem_name.get(term, term)
        gloss = glosses.get(name)
        if gloss and len(gloss) <= 40:
            return gloss
        if name in model.constants or name in elem_name.values():
            return name[:1].upper() + name[1:] if name[:1].isalpha() else name
        return f"individual {name}"

    def pred_words(pred: str) -> str:
        return glosses.get(pred) or words_of(pred)

    positives: dict[str, list[str]] = {}
    relations: list[str] = []
    nullary: list[str] = []
    unary_seen: set[str] = set()
    for atom in model.true_atoms:
        m = _ATOM.match(atom)
        if not m:
            continue
        pred, argtext = m.group(1), m.group(2)
        if relevant_set and pred not in relevant_set:
            continue
        args = _split_args(argtext) if argtext else []
        if not args:
            nullary.append(f"{pred_words(pred)} holds")
        elif len(args) == 1:
            subj = elem_name.get(args[0], args[0])
            positives.setdefault(subj, []).append(pred)
            unary_seen.add(pred)
        elif len(relations) < MAX_FACTS:
            words = pred_words(pred)
            rest = " and ".join(display(x) for x in args[1:])
            relations.append(f"{display(args[0])} {words} {rest}")
    unary_relevant = [p for p, arity in relevant.items() if arity == 1] or sorted(unary_seen)
    skip_neg = set(exclude_negative)
    named = _named_subjects(model, positives)
    clauses: list[str] = []
    for subj in named[:MAX_SUBJECTS]:
        pos = sorted(positives.get(subj, []), key=lambda p: order.get(p, len(order)))
        neg = [
            p
            for p in unary_relevant
            if p not in pos and p not in skip_neg and subj in model.constants
        ]
        clause = _subject_clause(
            display(subj),
            [pred_words(p) for p in pos[:MAX_FACTS]],
            [pred_words(p) for p in neg[:MAX_FACTS]],
        )
        if clause:
            clauses.append(clause)
    clauses.extend(relations)
    clauses.extend(nullary)
    for name, value in sorted(model.numbers.items())[:MAX_FACTS]:
        clauses.append(f"{name} = {value}")
    return join_and(clauses)


def _named_subjects(model: Model, positives: Mapping[str, list[str]]) -> list[str]:
    """Constants (alphabetical); unnamed elements only when no constant exists (a world
    for a quantified claim), since "Tom is a cat" says more than "individual e1 is a cat"."""
    consts = sorted(model.constants)
    return consts or [e for e in positives if e not in model.constants]


def _subject_clause(subject: str, pos: Sequence[str], neg: Sequence[str]) -> str:
    """`Bob is blue and cold but not round or nice`; verb glosses (`has wings`) stand alone."""

    def verbish(words: str) -> bool:
        return words.startswith(_VERBISH)

    def negate(words: str) -> str:
        verb, _, rest = words.partition(" ")
        return f"{verb} not {rest}"

    pos_adj = [w for w in pos if not verbish(w)]
    neg_adj = [w for w in neg if not verbish(w)]
    parts = ["is " + join_and(pos_adj)] if pos_adj else []
    parts += [w for w in pos if verbish(w)]
    neg_parts = [("not " if pos_adj else "is not ") + join_and(neg_adj, "or")] if neg_adj else []
    neg_parts += [negate(w) for w in neg if verbish(w)]
    if parts and neg_parts:
        return f"{subject} {join_and(parts)} but {join_and(neg_parts)}"
    if parts or neg_parts:
        return f"{subject} {join_and(parts or neg_parts)}"
    return ""


# --- arithmetic slips -------------------------------------------------------------------------


def ground_value(term: Term) -> Fraction | None:
    """The exact value of a variable-free arithmetic term (None: not ground, or x/0)."""
    values: dict[int, Fraction] = {}
    stack: list[tuple[Term, bool]] = [(term, False)]
    while stack:  # post-order without recursion
        node, done = stack.pop()
        if isinstance(node, Num):
            values[id(node)] = node.value
        elif isinstance(node, Arith) and not done:
            stack.extend(((node, True), (node.left, False), (node.right, False)))
        elif isinstance(node, Arith):
            left, right = values.get(id(node.left)), values.get(id(node.right))
            if left is None or right is None or (node.op == "/" and right == 0):
                return None
            values[id(node)] = _apply(node.op, left, right)
        else:
            return None
    return values.get(id(term))


def _apply(op: str, left: Fraction, right: Fraction) -> Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return left / right


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value} ≈ {float(value):.6g}"


def arithmetic_slip(claim: Formula) -> str:
    """For a false ground equation such as `2 / 5 * 4000 = 800`: "2 / 5 * 4000 is 1600".

    Empty when the claim is not an equation between variable-free arithmetic terms."""
    if not isinstance(claim, Eq) or not isinstance(claim.left, Num | Arith):
        return ""
    left, right = ground_value(claim.left), ground_value(claim.right)
    if left is None or right is None or left == right:
        return ""
    from parser.printer import to_unicode

    return f"{to_unicode(claim.left)} is {_number(left)}, not {_number(right)}"
