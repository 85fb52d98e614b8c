"""Formalising a diagram's nodes: FOL text or a semantic parser, one vocabulary per diagram.

`Formaliser.formalise(node)` gives a node's `Formal`: its claims (formulas, main claim last),
their Unicode printing, or why there are none. A node's own `formula` (from `@prop` or a
chain step's `"fol"`) is parsed with the FOL parser and never second-guessed from its text;
otherwise the text goes through the semantic parser named by the node, else by the record,
else by the caller (a name, or a parser instance). Every formula is sort-checked together
with the diagram's other formulas (`veridot.parser.sorts.SortInference`: a sort nothing has forced
yet stays open), so a predicate used with two arities becomes an honest `sort_clash` instead of a
prover error, and `signature()` gives the sorts of the whole diagram, the same as for the same
formulas proved at once. Parser instances named are cached per process (spaCy and LLM clients
are costly to build); they hold no per-problem state.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from veridot.parser.ast import Formula
from veridot.parser.errors import ParseError, SortError
from veridot.parser.identifiers import ConfusableSymbolError, confusable_reason, mixed_word_reason
from veridot.parser.semantic import Role as ParseRole
from veridot.parser.semantic import SemanticParser, Translation, TranslationStatus
from veridot.parser.sorts import Signature, SortInference
from veridot.parser.vocabulary import Vocabulary
from veridot.verifier import findings as F
from veridot.verifier.diagram import Node

_PARSERS: dict[tuple[str, int], tuple[object, SemanticParser]] = {}


def semantic_parser(
    name: str, llm: object | None = None, cache: object | None = None
) -> SemanticParser:
    """The parser called `name` (cached per process); raises `UnknownParserError`."""
    key = (name, id(llm))
    hit = _PARSERS.get(key)
    if hit is None:
        from veridot.parser.registry import get_semantic_parser

        parser = get_semantic_parser(name, llm=llm)
        _attach_cache(parser, cache)
        # Keep `llm` alive with the entry so its id cannot be reused by another object.
        hit = _PARSERS[key] = (llm, parser)
    return hit[1]


def _attach_cache(parser: object, cache: object | None) -> None:
    """Give an LLM parser (alone or inside `auto`) the translation cache, when it has none."""
    if cache is None:
        return
    for p in [parser, *getattr(parser, "parsers", ())]:
        if getattr(p, "name", "") == "llm" and getattr(p, "cache", "absent") is None:
            p.cache = cache


@dataclass(frozen=True, slots=True)
class Formal:
    """A node's formalisation: `claims` (main last) and their printing, or why there is none.

    `definitions` (printed in `printed_definitions`) are what the node states as given: the
    checker assumes them for the node's own claims and for every node resting on it, and
    never checks them. A node with definitions and no claim has status `no_claim`.
    `problem` names the finding kind that explains an untranslated node (`formula_syntax`,
    `sort_clash`, `confusable_symbol`, `llm_unavailable` or `untranslated`); `alternatives`
    are competing LLM translations.
    """

    status: TranslationStatus
    claims: tuple[Formula, ...] = ()
    printed: tuple[str, ...] = ()
    reason: str = ""
    parser: str = ""
    problem: F.FindingKind | None = None
    alternatives: tuple[str, ...] = ()
    definitions: tuple[Formula, ...] = ()
    printed_definitions: tuple[str, ...] = ()

    @property
    def formulas(self) -> tuple[str, ...]:
        """Every formula of the node, printed: definitions first, then claims (main last)."""
        return (*self.printed_definitions, *self.printed)

    def problems(self, *, premise: bool) -> Iterator[tuple[F.FindingKind, dict[str, Any]]]:
        """The finding explaining why the node has no formula (none when it has one)."""
        if self.status is not TranslationStatus.UNTRANSLATED:
            return
        kind = self.problem or F.STEP_UNTRANSLATED
        if premise and kind is F.STEP_UNTRANSLATED:
            kind = F.PREMISE_UNTRANSLATED
        yield kind, {"reason": self.reason, "parser": self.parser}

    def notes(self) -> Iterator[tuple[F.FindingKind, dict[str, Any]]]:
        """Informational findings about the translation itself (competing LLM readings)."""
        if self.alternatives:
            yield F.AMBIGUOUS, {"alternatives": list(self.alternatives)}


class Formaliser:
    """Formalises the nodes of one diagram, sharing one vocabulary and sort signature."""

    def __init__(
        self,
        *,
        default_parser: str | SemanticParser = "auto",
        record_parser: str | None = None,
        llm: object | None = None,
        cache: object | None = None,
    ) -> None:
        self.default_parser = default_parser
        self.record_parser = record_parser
        self.llm = llm
        self.cache = cache
        self.vocabulary = Vocabulary()
        # The diagram's sorts, inferred over every formula admitted so far in O(formula)
        # each (a union-find kept between nodes).
        self._sorts = SortInference()
        self._formal: dict[str, Formal] = {}

    def get(self, nid: str) -> Formal | None:
        """The formalisation of node `nid` if it was formalised."""
        return self._formal.get(nid)

    def claim(self, key: tuple[str, int]) -> Formula:
        """Claim k of a node for key (node, k); definition j for key (node, -1 - j)."""
        formal = self._formal[key[0]]
        k = key[1]
        return formal.claims[k] if k >= 0 else formal.definitions[-1 - k]

    def printed(self, key: tuple[str, int]) -> str:
        """The printing of `claim(key)`."""
        formal = self._formal[key[0]]
        k = key[1]
        return formal.printed[k] if k >= 0 else formal.printed_definitions[-1 - k]

    def formalise(self, node: Node, *, role: ParseRole) -> Formal:
        """The node's formalisation (memoised: each node is translated once)."""
        hit = self._formal.get(node.id)
        if hit is None:
            hit = self._formal[node.id] = self._formalise(node, role)
        return hit

    def _formalise(self, node: Node, role: ParseRole) -> Formal:
        if node.formula is not None and node.formula.strip():
            from veridot.parser.fol import parse_fol

            try:
                translation = Translation.of(parse_fol(node.formula), parser="fol")
            except ParseError as err:
                confused = isinstance(err, ConfusableSymbolError)
                return Formal(
                    TranslationStatus.UNTRANSLATED,
                    reason=str(err).splitlines()[0],
                    parser="fol",
                    problem=F.CONFUSABLE_SYMBOL if confused else F.FORMULA_SYNTAX,
                )
        elif not node.text.strip():
            return Formal(TranslationStatus.NO_CLAIM, reason="empty text")
        else:
            translation = self._translate(node, role)
            mixed = translation.status is TranslationStatus.UNTRANSLATED and mixed_word_reason(
                node.text
            )
            if mixed:  # "¬Cаt(tom)" as text: name the look-alike, not just the parse failure
                return Formal(
                    TranslationStatus.UNTRANSLATED,
                    reason=mixed,
                    parser=translation.parser,
                    problem=F.CONFUSABLE_SYMBOL,
                )
        return self._admit(translation)

    def _translate(self, node: Node, role: ParseRole) -> Translation:
        chosen = node.parser or self.record_parser or self.default_parser
        name = chosen if isinstance(chosen, str) else chosen.name
        try:
            parser = (
                semantic_parser(chosen, self.llm, self.cache) if isinstance(chosen, str) else chosen
            )
            return parser.translate(node.text, self.vocabulary, role=role)
        except ValueError as err:  # UnknownParserError, ModelConfigError: a usage problem
            return Translation.untranslated(_plain(err) or str(err), parser=name)
        except Exception as err:  # a parser bug or a model/network failure: undecided, not fatal
            reason = _plain(err) or f"{type(err).__name__}: {err}"
            return Translation.untranslated(reason, parser=name)

    def _check_sorts(self, claims: tuple[Formula, ...]) -> None:
        """Infer the claims' sorts together with the diagram's (SortError on a clash)."""
        self._sorts.add(claims)

    def signature(self) -> Signature:
        """The sorts of every formula admitted so far (the whole diagram, once all nodes are
        formalised): a session given it reads each symbol as every node does."""
        return self._sorts.signature()

    def _admit(self, translation: Translation) -> Formal:
        """Sort-check and print a translation's definitions and claims; a clash makes the
        node untranslated. Definitions count only in a translation that is not untranslated."""
        definitions = (
            translation.definitions
            if translation.status is not TranslationStatus.UNTRANSLATED
            else ()
        )
        claims = translation.claims if translation.status is TranslationStatus.CLAIM else ()
        if not claims and not definitions:
            status = (
                TranslationStatus.NO_CLAIM
                if translation.status is TranslationStatus.CLAIM
                else translation.status
            )
            return Formal(
                status,
                reason=translation.reason,
                parser=translation.parser,
                problem=F.KINDS.get(translation.problem) if translation.problem else None,
            )
        from veridot.parser.printer import to_unicode

        confused = confusable_reason((*translation.claims, *translation.definitions))
        if confused:  # English and LLM symbols: `Саt` would silently differ from `Cat`
            return Formal(
                TranslationStatus.UNTRANSLATED,
                reason=confused,
                parser=translation.parser,
                problem=F.CONFUSABLE_SYMBOL,
            )
        try:
            self._check_sorts((*definitions, *claims))
        except SortError as err:
            return Formal(
                TranslationStatus.UNTRANSLATED,
                reason=str(err).splitlines()[0],
                parser=translation.parser,
                problem=F.SORT_CLASH,
            )
        for formula in (*definitions, *claims):
            self.vocabulary.observe(formula)
        return Formal(
            TranslationStatus.CLAIM if claims else TranslationStatus.NO_CLAIM,
            claims=claims,
            printed=tuple(to_unicode(c) for c in claims),
            reason=translation.reason,
            parser=translation.parser,
            alternatives=tuple(to_unicode(a) for a in translation.alternatives),
            definitions=definitions,
            printed_definitions=tuple(to_unicode(d) for d in definitions),
        )


def _plain(err: Exception) -> str | None:
    """A reason for people when Python's own message would show its internals: a numeral
    too long for `int()` gets Python's advice about `sys.set_int_max_str_digits()`."""
    if isinstance(err, ValueError) and "integer string conversion" in str(err):
        return (
            f"a number has more than {sys.get_int_max_str_digits()} digits, more than veridot reads"
        )
    return None
