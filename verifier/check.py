"""Verify a diagram: formalise every node, check every claim with one prover session, report.

`verify(record_or_diagram)` returns a `Report`; `iter_verify` yields a `NodeResult` per node
as it is decided, then the `Report` (the REST stream and the reasoning loop use it);
`verify_each(records)` verifies a whole dataset (any iterable of records, such as a Hugging
Face `datasets.Dataset`, duck-typed: no dependency on `datasets`), yielding a `Report` per
record. `mapping={"steps": "solution"}` reads other column names into the known record
shapes (`veridot.verifier.readers.columns`), as `veridot check --map steps=solution` does.

Policy (issue 3 §3, §5), chosen for soundness: veridot never says `entailed` wrongly and
never calls a step wrong because of its own limits.
- A node's formulas: its `formula` (FOL text from `@prop` or a chain step's `"fol"`) if any,
  else its text through the semantic parser named by the node, else by the record, else by
  the caller (`parser="auto"`); one `Vocabulary` and one sort signature per diagram, so a
  symbol used with two arities is reported (`sort_clash`) instead of confusing the prover.
- Premise and problem nodes are assumed. An untranslatable premise is reported
  (`premise_untranslated`) and not assumed. A step whose check then comes out `unsupported`
  while a node it rests on could not be formalised is `unknown` (`rests_on_untranslated`):
  the missing node might have supplied what was needed. `entailed`, `contradicted` and
  `inconsistent` stay as they are: they hold a fortiori with more premises.
- Every proposer and summarizer is checked against the nodes it uses, with ONE prover
  session per diagram: each formula is added once, each check names the formulas it rests
  on, so a chain's cost grows linearly. A node with several claims ("Since A, B") checks
  each; its status is the worst. Later nodes assume a node's claims, except claims found
  `contradicted` (assuming a refuted claim would make everything after it vacuous).
- `inconsistent`: the nodes a claim rests on cannot all hold. Reported once: a later check
  whose premises include an inconsistent set already reported is `unknown`
  (`rests_on_inconsistent`), pointing at the first report.
- `depends_on_invalid` lists the invalid nodes (contradicted, inconsistent, unsupported
  unless allowed) behind a node, transitively: those its proof used when it was decided
  (none for an unsupported step: it is wrong by itself), every one it was checked against
  when it is undecided (`unknown`: it might have needed them). A summarizer (a chain's
  conclusion, a DoT summarizer) is decided from the nodes it uses that are valid and rest on
  nothing invalid: a conclusion that follows from the valid steps is `entailed`, one that
  does not is `unsupported` with a countermodel. Its declared use of an invalid node is
  reported as its own error finding (`summary_uses_invalid`), as the DoT protocol asks.
- `@entails src dst` checks src's claims ⊨ dst's; `@eq` checks both directions.
- Verdict: `invalid` if any claim node or claim record is contradicted, inconsistent or
  unsupported (unless `allow_unsupported`), or the reader found structural errors (the
  transcript breaks the DoT protocol); else `incomplete` if any is unknown or untranslated;
  else `valid`. `first_error` indexes `Diagram.steps()` (proposers in order); an `invalid`
  record always has one (`veridot.verifier.report.first_error`: an invalid conclusion, failed claim
  record or protocol violation counts at the number of steps before it).
- A chain step's "rests on every earlier node" is a prefix span (`Diagram.prefix_uses`),
  checked through running lists (`veridot.verifier.spans`), so a chain's cost grows linearly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Unpack

from veridot.verifier.diagram import Diagram
from veridot.verifier.options import CheckKeywords, CheckOptions, check_options
from veridot.verifier.report import NodeResult, Report


def as_diagram(
    record_or_diagram: Mapping[str, Any] | Diagram | str,
    *,
    mapping: Mapping[str, str] | None = None,
    default_id: str | None = None,
) -> Diagram:
    """A Diagram from a JSON record (a mapping), a DoT transcript (str) or a Diagram.

    `mapping` renames a record's columns to record fields first (`{"steps": "solution"}`);
    `default_id` names a record without an `"id"`. Raises `veridot.verifier.readers.RecordError`
    (a `DiagramError`) or `ParseError` for input that cannot be read; those are the caller's
    "unreadable input" (exit 2 / HTTP 422), and `columns.MappingError` (a ValueError) for
    an unknown target field.
    """
    if isinstance(record_or_diagram, Diagram):
        return record_or_diagram
    from veridot.verifier.readers import read_record, read_transcript

    if isinstance(record_or_diagram, str):
        return read_transcript(record_or_diagram)
    record = dict(record_or_diagram)
    if mapping:
        from veridot.verifier.readers.columns import apply_mapping, check_mapping

        record = apply_mapping(record, check_mapping(mapping))
    return read_record(record, default_id=default_id)


def verify(
    record_or_diagram: Mapping[str, Any] | Diagram | str,
    *,
    mapping: Mapping[str, str] | None = None,
    **options: Unpack[CheckKeywords],
) -> Report:
    """Verify one record (chain dict, DoT transcript text, or Diagram) and return its Report.

    The options are `veridot.verifier.options.CheckOptions`'s: `parser`: `auto` | `fol` | `math` |
    `english` | `llm` or a `SemanticParser` (a record's or node's own `parser` wins);
    `prover`: a name from `veridot.provers.registry.available_provers()`; `timeout`: seconds per
    prover check; `allow_unsupported`: unsupported steps do not make the record invalid;
    `llm`: a LangChain chat model (or its `provider:model` spec) for the `llm` parser;
    `transcript`: include the critic-annotated DoT transcript; `cache`: a
    `veridot.verifier.cache.Cache` the LLM parser may use. `mapping`: column names to read as record
    fields (`{"steps": "solution"}`).
    """
    checked = check_options(options)
    return check(as_diagram(record_or_diagram, mapping=mapping), checked)


def iter_verify(
    record_or_diagram: Mapping[str, Any] | Diagram | str,
    *,
    mapping: Mapping[str, str] | None = None,
    default_id: str | None = None,
    **options: Unpack[CheckKeywords],
) -> Iterator[NodeResult | Report]:
    """Like `verify`, yielding each node's `NodeResult` as it is decided, then the `Report`."""
    checked = check_options(options)
    diagram = as_diagram(record_or_diagram, mapping=mapping, default_id=default_id)
    yield from iter_check(diagram, checked)


def iter_check(diagram: Diagram, options: CheckOptions) -> Iterator[NodeResult | Report]:
    """Each node's `NodeResult` of `diagram` checked with `options`, then the `Report` (the
    service's entry: its options are built and checked already).

    Raises `ProverNotInstalledError` (or `UnknownProverError`) at once when `options.prover`
    cannot be used here, rather than reporting every step `unknown`.
    """
    from veridot.provers.registry import require_prover
    from veridot.verifier.checking.run import check_diagram

    require_prover(options.prover)

    return check_diagram(diagram, options)


def check(diagram: Diagram, options: CheckOptions) -> Report:
    """The Report of `diagram` checked with `options` (the runner's and service's entry)."""
    report: Report | None = None
    for item in iter_check(diagram, options):
        if isinstance(item, Report):
            report = item
    assert report is not None  # the check always ends with the report
    return report


def verify_each(
    records: Iterable[Mapping[str, Any] | Diagram | str],
    *,
    mapping: Mapping[str, str] | None = None,
    **options: Unpack[CheckKeywords],
) -> Iterator[Report]:
    """Verify every record of a dataset, yielding one `Report` per record, in order.

    `records` is any iterable of records: a Hugging Face `datasets.Dataset` (its rows are
    dicts), a list of JSON records, `DataFrame.to_dict("records")`, DoT transcript strings
    or Diagrams. A record without an `"id"` is named `record[i]` (0-based). A record that
    cannot be read raises `RecordError` (or `ParseError`) naming its index, as `verify`
    would; the records before it have been yielded. Options are `verify`'s. Records are
    checked one after another in this process; `veridot check --workers N` runs a dataset
    file in parallel, with a result cache.
    """
    from veridot.verifier.diagram import DiagramError
    from veridot.verifier.readers import RecordError
    from veridot.verifier.readers.columns import check_mapping

    checked_mapping = check_mapping(mapping) if mapping else None
    checked = check_options(options)
    for index, record in enumerate(records):
        if not isinstance(record, Mapping | Diagram | str):
            raise RecordError(
                None,
                f"record {index} is a {type(record).__name__}, not a record "
                "(a mapping such as a dict or a dataset row, a transcript or a Diagram)",
                index=index,
            )
        try:
            yield check(as_diagram(_named(record, index, checked_mapping)), checked)
        except DiagramError as err:
            message = f"record {index}: {err.message}"
            raise RecordError(err.line, message, index=index, code=err.code) from err


def _named(
    record: Mapping[str, Any] | Diagram | str, index: int, mapping: Mapping[str, str] | None
) -> Diagram | str:
    """The record read as a Diagram (a mapping: mapped, and named `record[i]` without an
    id), or a transcript string as it is."""
    if isinstance(record, Mapping):
        return as_diagram(record, mapping=mapping, default_id=f"record[{index}]")
    return record


__all__ = [
    "CheckOptions",
    "as_diagram",
    "check",
    "iter_check",
    "iter_verify",
    "verify",
    "verify_each",
]
