"""Problem-level evaluation: answer True / False / Uncertain per benchmark problem.

For each sample of a problem (see `veridot.verifier.datasets`) the premises and the conclusion are
translated by a semantic parser (one vocabulary per sample) and handed to a prover; the
verdict gives the sample's outcome and the samples vote (`veridot.verifier.scores`, which also holds
the result types and `EvalSummary`; they are re-exported here). Every failure to translate or
decide is an outcome with its reason, never an exception: one broken problem must not end a
run over hundreds.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable, Iterable, Iterator

from veridot.parser.ast import Formula, conj
from veridot.parser.errors import ParseError
from veridot.parser.identifiers import confusable_reason
from veridot.parser.semantic import SemanticParser, TranslationStatus
from veridot.parser.vocabulary import Vocabulary
from veridot.provers.base import DEFAULT_TIMEOUT_S, ProofResult, Prover, ProverError
from veridot.verifier.datasets import Problem, Sample
from veridot.verifier.overload import separate_overloads
from veridot.verifier.readings import CLASSICAL, Reading, apply_reading
from veridot.verifier.scores import (
    ANSWERS,
    Answer,
    EvalSummary,
    ProblemResult,
    SampleResult,
    answer_of,
    majority,
)

# The old names of `Answer` and `ANSWERS` (exported before: scripts may import them); in
# `verifier` an `Outcome` is one record's result in a dataset run (`veridot.verifier.outcome`).
Outcome = Answer
OUTCOMES = ANSWERS

__all__ = [
    "ANSWERS",
    "OUTCOMES",
    "Answer",
    "EvalSummary",
    "Outcome",
    "ProblemResult",
    "SampleResult",
    "answer_of",
    "evaluate",
    "evaluate_problem",
    "evaluate_sample",
    "has_view",
    "iter_evaluate",
    "majority",
    "translate_sample",
    "view_of",
]


class _Untranslated(Exception):
    """Internal: a sample text that the parser could not turn into formulas."""


def _premise_texts(sample: Sample) -> tuple[str, ...]:
    if sample.premises or not sample.context:
        return sample.premises
    # Imported here: only natural-language samples need the (spaCy-backed) sentence splitter.
    from veridot.parser.english import split_sentences

    return tuple(split_sentences(sample.context))


def translate_sample(sample: Sample, parser: SemanticParser) -> tuple[list[Formula], Formula]:
    """Premise formulas and the conclusion formula of `sample`, sharing one vocabulary.

    Raises `_Untranslated` with the reason when any premise or the conclusion does not
    translate: dropping a premise could turn a right answer into a confident wrong one.
    """
    if sample.error:
        raise _Untranslated(sample.error)
    vocabulary = Vocabulary()
    premises: list[Formula] = []
    for index, text in enumerate(_premise_texts(sample), start=1):
        translation = parser.translate(text, vocabulary, role="premise")
        if translation.status is TranslationStatus.UNTRANSLATED:
            raise _Untranslated(f"premise {index} {text!r}: {translation.reason}")
        premises.extend((*translation.definitions, *translation.claims))
    translation = parser.translate(sample.conclusion, vocabulary, role="claim")
    if translation.status is not TranslationStatus.CLAIM or not translation.claims:
        reason = translation.reason or "no claim found"
        raise _Untranslated(f"conclusion {sample.conclusion!r}: {reason}")
    confused = confusable_reason((*premises, *translation.claims))
    if confused:  # `Саt` from English or an LLM would silently differ from `Cat`
        raise _Untranslated(f"confusable symbol: {confused}")
    return premises, conj(*translation.claims)


def evaluate_sample(
    sample: Sample,
    parser: SemanticParser,
    prover: Prover,
    *,
    timeout: float,
    overloading: bool = False,
    reading: Reading = CLASSICAL,
) -> SampleResult:
    """Translate and decide one sample; every failure becomes an outcome with its reason.

    `overloading=True` reads a name used with two arities or kinds as two symbols, as
    Prover9 does (`veridot.verifier.overload`); by default such a clash is untranslated. `reading`
    picks another pipeline's convention for "not" or free variables (`veridot.verifier.readings`).
    """
    start = time.perf_counter()

    def done(outcome: Answer, reason: str = "") -> SampleResult:
        return SampleResult(outcome, reason, (time.perf_counter() - start) * 1000)

    try:
        premises, conclusion = translate_sample(sample, parser)
    except _Untranslated as exc:
        return done("untranslated", str(exc))
    except (ParseError, RecursionError) as exc:
        return done("untranslated", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    if overloading:
        *premises, conclusion = separate_overloads([*premises, conclusion])
    try:
        result = apply_reading(
            reading,
            premises,
            conclusion,
            lambda ps, c: _prove_verdict(prover, ps, c, timeout),
        )
    except ParseError as exc:  # sort or arity clash found when the problem is typed
        return done("untranslated", str(exc).splitlines()[0])
    except ProverError as exc:
        return done("unknown", f"prover error: {exc}")
    except Exception as exc:  # one broken problem must not end a run over hundreds
        return done("unknown", f"internal error: {type(exc).__name__}: {exc}")
    outcome = answer_of(result.verdict)
    return done(outcome, result.reason if outcome == "unknown" else "")


def _prove_verdict(
    prover: Prover, premises: list[Formula], conclusion: Formula, timeout: float
) -> ProofResult:
    """`prover.prove`, asking for the verdict only when the backend offers that.

    Evaluation reads nothing but the verdict, so a backend whose `prove` takes
    `evidence=False` (Z3) skips rendering countermodels; the verdict is decided alike.
    """
    if _takes_evidence(type(prover)):
        prove: Callable[..., ProofResult] = prover.prove
        return prove(premises, conclusion, timeout=timeout, evidence=False)
    return prover.prove(premises, conclusion, timeout=timeout)


@functools.cache
def _takes_evidence(backend: type) -> bool:
    prove = getattr(backend, "prove", None)
    if prove is None:
        return False
    try:
        return "evidence" in inspect.signature(prove).parameters
    except (TypeError, ValueError):  # no introspectable signature
        return False


def view_of(problem: Problem, parser_name: str) -> tuple[Sample, ...]:
    """The samples a parser reads: FOL samples for `fol`, the text for `english`/`llm`;
    `auto` takes FOL when the record has it, else the text."""
    if parser_name == "fol" or (parser_name == "auto" and problem.samples):
        return problem.samples
    return (problem.text,) if problem.text is not None else ()


def has_view(problems: Iterable[Problem], parser_name: str) -> bool:
    """True when at least one problem offers something `parser_name` can read."""
    return any(view_of(problem, parser_name) for problem in problems)


def evaluate_problem(
    problem: Problem,
    parser: SemanticParser,
    prover: Prover,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    overloading: bool = False,
    reading: Reading = CLASSICAL,
) -> ProblemResult:
    """Decide every sample of `problem` and vote."""
    start = time.perf_counter()
    samples = view_of(problem, parser.name)
    if not samples:
        missing = "FOL" if parser.name == "fol" else "text"
        results: tuple[SampleResult, ...] = (
            SampleResult("untranslated", f"no {missing} for parser {parser.name!r}"),
        )
    else:
        results = tuple(
            evaluate_sample(
                s, parser, prover, timeout=timeout, overloading=overloading, reading=reading
            )
            for s in samples
        )
    return ProblemResult(
        id=problem.id,
        gold=problem.label,
        predicted=majority(r.outcome for r in results),
        samples=results,
        elapsed_ms=(time.perf_counter() - start) * 1000,
    )


def iter_evaluate(
    problems: Iterable[Problem],
    *,
    parser: str = "fol",
    prover: str = "z3",
    timeout: float = DEFAULT_TIMEOUT_S,
    overloading: bool = False,
    reading: Reading = CLASSICAL,
) -> Iterator[ProblemResult]:
    """One `ProblemResult` per problem, as each is decided (for progress display)."""
    from veridot.parser.registry import get_semantic_parser
    from veridot.provers.registry import get_prover

    semantic_parser = get_semantic_parser(parser)
    backend = get_prover(prover)
    for problem in problems:
        yield evaluate_problem(
            problem,
            semantic_parser,
            backend,
            timeout=timeout,
            overloading=overloading,
            reading=reading,
        )


def evaluate(
    problems: Iterable[Problem],
    *,
    parser: str = "fol",
    prover: str = "z3",
    timeout: float = DEFAULT_TIMEOUT_S,
    overloading: bool = False,
    jobs: int = 1,
    on_result: Callable[[ProblemResult], None] | None = None,
    semantics: str = "classical",
    free_variables: str = "constants",
) -> EvalSummary:
    """Evaluate every problem and summarize; see `EvalSummary.to_dict` for the figures.

    `jobs` > 1 decides problems in that many worker processes (same results, same order).
    `on_result` is called with each problem's result as it arrives (progress display).
    `semantics` (`classical` | `proofwriter`) and `free_variables` (`constants` |
    `universal`) adopt another pipeline's reading (`veridot.verifier.readings`); a ValueError names
    an unknown value.
    """
    start = time.perf_counter()
    reading = Reading(semantics, free_variables)  # type: ignore[arg-type]  # checked inside
    items = list(problems)
    stream: Iterable[ProblemResult]
    if jobs > 1 and len(items) >= 2 * jobs:
        from veridot.provers.registry import require_prover
        from veridot.verifier.evaluate_pool import evaluate_in_processes
        from veridot.verifier.options import CheckOptions

        require_prover(prover)  # one clear error here, not a traceback from every worker

        stream = evaluate_in_processes(
            items,
            decide=functools.partial(evaluate_problem, overloading=overloading, reading=reading),
            jobs=jobs,
            options=CheckOptions(parser=parser, prover=prover, timeout=timeout),
        )
    else:
        stream = iter_evaluate(
            items,
            parser=parser,
            prover=prover,
            timeout=timeout,
            overloading=overloading,
            reading=reading,
        )
    results: list[ProblemResult] = []
    for result in stream:
        results.append(result)
        if on_result is not None:
            on_result(result)
    return EvalSummary(
        tuple(results), time.perf_counter() - start, parser=parser, prover=prover, reading=reading
    )
