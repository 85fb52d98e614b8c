"""One record's result in a dataset run (`Outcome`) and the run's verdict counts (`Summary`).

An `Outcome` carries the record's `Report` as an object, as the checker made it, never as
JSON to parse again: the reporters read the object. Its JSON text is written only at an edge,
once: when the report is stored in the cache (`veridot.verifier.codec`) or printed by `--report
json`. A cache hit, and a report a worker process sent back as its cache entry, keep that text,
so printing it is a copy, and build the object only when a reporter reads it. The report's
words are made by the outcome's one `Prose` (`prose`), shared by its JSON and its reporters,
so a finding is rendered once however the outcome is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from veridot.verifier.codec import Stored, dumps
from veridot.verifier.prose import Prose
from veridot.verifier.raw_records import RecordFailure
from veridot.verifier.report import Report


@dataclass
class Outcome:
    """One record of a run: its report (or failure), where it came from, cache use.

    `checked` is the report as checked; a cache hit (or a worker's result) carries its
    `stored` entry instead, whose
    report is built only when a reporter asks for it (`report`), so a run that only copies
    JSON never parses it. `report` adds `meta.file` and `meta.line` saying where the record
    came from. `text` is the report's JSON text once written (a cache hit, a stored report);
    see `report_json`. `prose` words the report for every output of this outcome.
    """

    source: str
    line: int | None
    failure: RecordFailure | None = None
    cached: bool = False
    checked: Report | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)
    stored: Stored | None = field(default=None, repr=False)
    prose: Prose = field(default_factory=Prose, repr=False)
    _report: Report | None = field(default=None, repr=False)

    @property
    def meta(self) -> dict[str, object]:
        return {"file": self.source, "line": self.line}

    @property
    def verdict(self) -> str:
        """The record's verdict, or `error` when it could not be read or checked."""
        if self.checked is not None:
            return self.checked.verdict.value
        return self.stored.verdict if self.stored is not None else "error"

    @property
    def counts(self) -> dict[str, int]:
        """How many of the record's nodes have each status."""
        if self.checked is not None:
            return self.checked.counts()
        return dict(self.stored.counts) if self.stored is not None else {}

    @property
    def report(self) -> Report | None:
        """The report, with `meta.file` / `meta.line` saying where the record came from."""
        if self._report is None and self.checked is None and self.stored is not None:
            self.checked = self.stored.report()
            if self.checked is None:  # a stored text that holds no report: never crash
                message = "the cached report cannot be read; check again with --no-cache"
                self.failure = RecordFailure("bad_cache_entry", message, self.line)
        if self._report is None and self.checked is not None:
            meta = {**self.checked.meta, **self.meta}
            self._report = replace(self.checked, meta=meta)
        return self._report

    def report_json(self) -> str | None:
        """The report's JSON text (`veridot.verifier.codec.dumps`), written on first use."""
        if self.text is None and self.checked is not None:
            self.text = dumps(self.checked.to_dict(self.prose))
        return self.text


@dataclass
class Summary:
    """Verdict counts of a run and the exit code they imply."""

    records: int = 0
    valid: int = 0
    invalid: int = 0
    incomplete: int = 0
    errors: int = 0
    cached: int = 0
    elapsed_s: float = 0.0
    nodes: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.records += 1
        self.cached += outcome.cached
        if outcome.failure is not None:
            self.errors += 1
            return
        match outcome.verdict:
            case "valid":
                self.valid += 1
            case "invalid":
                self.invalid += 1
            case _:
                self.incomplete += 1
        for status, n in outcome.counts.items():
            self.nodes[status] = self.nodes.get(status, 0) + n

    def exit_code(self, *, strict: bool = False) -> int:
        """1 if any record is invalid (or, with `strict`, incomplete); else 2 if any record or
        file was unreadable; else 0."""
        if self.invalid or (strict and self.incomplete):
            return 1
        return 2 if self.errors else 0

    def line(self) -> str:
        """One line for people: `12 records in 3.1 s: 9 valid, 2 invalid, ...`."""
        rate = f" ({self.records / self.elapsed_s:.1f}/s)" if self.elapsed_s > 0 else ""
        records = f"{self.records} record{'' if self.records == 1 else 's'}"
        return (
            f"{records} in {self.elapsed_s:.2f} s{rate}: {self.valid} valid, "
            f"{self.invalid} invalid, {self.incomplete} incomplete, {self.errors} unreadable"
            f" ({self.cached} from cache)"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "valid": self.valid,
            "invalid": self.invalid,
            "incomplete": self.incomplete,
            "errors": self.errors,
            "cached": self.cached,
            "elapsed_s": round(self.elapsed_s, 3),
            "nodes": dict(sorted(self.nodes.items())),
        }
