"""Reporters: a run's outcomes rendered as text, JSON lines, JUnit XML or GitHub annotations.

Each reporter gets `start()`, one `outcome(o)` per record in input order (so text, JSON and
GitHub output stream), and `finish(summary)`, which also writes the summary line to
`summary_stream` when one is given (the CLI passes stderr unless a text report is on
stdout). They only format what the checker decided, worded by the outcome's one
`veridot.verifier.prose.Prose` (`Outcome.prose`: the same one that wrote its JSON, so no
finding is rendered twice):
- `text`: a verdict line per record, a line per error or warning finding, then the summary.
- `json`: one JSON object per line: the report (`Report.to_dict()`, with `meta.file` and
  `meta.line`), or `{"id": null, "verdict": "error", "error": {...}, "file", "line"}`.
- `junit`: JUnit XML written at the end: one testsuite per input file, one testcase per
  record; an invalid record is a `<failure>` carrying every message, an unreadable one an
  `<error>`, an incomplete one `<skipped>` (undecided is not a failure).
- `github`: `::error file=…,line=…,title=…::message` per error finding and `::warning` per
  warning finding (workflow commands that GitHub Actions shows on the diff).
Every text they print that came from the input (file names, record ids, steps, messages quoting
them) has its control characters shown as escapes (`\n`, `\x1b`): a newline in a record id
must not start a line of its own (a stdout line `::error ...` is a GitHub workflow command), a
terminal escape must not reach the terminal, and JUnit XML must stay well-formed.
The CLI's `html` report (`veridot.api.cli.report_html`) embeds each record's `outcome_json` and
draws it with the service page's drawer, so it lives with the page in `api`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import IO, Protocol

from veridot.verifier.findings import Finding, Severity
from veridot.verifier.report import RecordVerdict, Report
from veridot.verifier.runner import Outcome, RecordFailure, Summary

REPORT_FORMATS = ("text", "json", "junit", "github")


class Reporter(Protocol):
    """Receives a run's outcomes in input order."""

    def start(self) -> None: ...

    def outcome(self, outcome: Outcome) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def _problems(outcome: Outcome, report: Report) -> list[tuple[Finding, str]]:
    """Error and warning findings of a report with their sentences, in order (info findings
    are evidence only)."""
    said = report.sentences(outcome.prose)
    return [(f, s) for f, s in said if f.severity is not Severity.INFO]


def _where(outcome: Outcome) -> str:
    return f"{outcome.source}:{outcome.line}" if outcome.line is not None else outcome.source


# C0 and C1 control characters; XML 1.0 also refuses U+FFFE, U+FFFF and lone surrogates.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_control(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: str) -> str:
    """`text` on one line with its control characters written as escapes (`\\n`, `\\x1b`)."""
    return _CONTROLS.sub(_escape_control, text)


def _xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold written as escapes (newlines stay)."""
    return _NOT_XML.sub(_escape_control, text)


class TextReporter:
    """Human-readable lines; `verbose` adds every node, not only the problematic ones."""

    def __init__(
        self, stream: IO[str], *, verbose: bool = False, summary_stream: IO[str] | None = None
    ) -> None:
        self.stream = stream
        self.verbose = verbose
        self.summary_stream = summary_stream

    def start(self) -> None:
        pass

    def _line(self, text: str) -> None:
        self.stream.write(printable(text) + "\n")

    def outcome(self, outcome: Outcome) -> None:
        write = self._line
        if outcome.report is None:
            assert outcome.failure is not None
            write(f"{_where(outcome)}: error [{outcome.failure.code}] {outcome.failure.message}")
            return
        r = outcome.report
        prose = outcome.prose
        where = r.first_error_text()
        first = f" (first error {where})" if where else ""
        cached = " [cached]" if outcome.cached else ""
        write(f"{_where(outcome)}: {r.id}: {r.verdict.value}{first}{cached}")
        for f, sentence in zip(r.findings, prose.say(r.findings).sentences, strict=True):
            at = f" line {f.line}:" if f.line is not None else ""  # a structural error's line
            write(f"  [{f.code}]{at} {sentence}")
        # A node others rest on but could not be formalised is shown with its reason: the
        # steps' "could not be formalised" alone would not say what to fix.
        needed = {
            str(m)
            for node in r.nodes
            for g in node.findings
            if g.severity is not Severity.INFO
            for m in (g.args.get("missing") or ())
        }
        for node in r.nodes:
            shown = (
                self.verbose
                or node.id in needed
                or any(g.severity is not Severity.INFO for g in node.findings)
            )
            message = node.said(prose).message if shown else ""
            if message:
                write(f"  {node.id} {node.status.value}: {message}")
        for claim in r.claims:
            if claim.findings:
                head = f"@{claim.kind} {claim.src} {claim.dst} {claim.status.value}"
                write(f"  {head}: {claim.said(prose).message}")

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary.line() + "\n")
        if self.summary_stream is not None:  # the report went to a file: tell the terminal too
            self.summary_stream.write(summary.line() + "\n")


def outcome_json(outcome: Outcome) -> str:
    """One record's JSON object as `--report json` writes it (one line, no newline)."""
    text = outcome.report_json() if outcome.failure is None else None
    if text is not None:
        # The report's JSON (a cache hit's stored text, copied) with `meta` and `cached` added.
        extra = json.dumps({"meta": outcome.meta, "cached": outcome.cached})
        return text.rstrip()[:-1] + ", " + extra[1:]
    failure = outcome.failure or RecordFailure("no_report", "no report", outcome.line)
    return json.dumps(
        {
            "id": None,
            "verdict": "error",
            "error": failure.to_dict(),
            "file": outcome.source,
            "line": outcome.line,
        },
        ensure_ascii=False,
    )


class JsonReporter:
    """One JSON object per record per line; the summary line goes to `summary_stream`."""

    def __init__(self, stream: IO[str], *, summary_stream: IO[str] | None = None) -> None:
        self.stream = stream
        self.summary_stream = summary_stream

    def start(self) -> None:
        pass

    def outcome(self, outcome: Outcome) -> None:
        self.stream.write(outcome_json(outcome) + "\n")
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        if self.summary_stream is not None:
            self.summary_stream.write(summary.line() + "\n")


class JunitReporter:
    """JUnit XML for CI dashboards, written in `finish` (the totals come first in the file)."""

    def __init__(self, stream: IO[str], *, summary_stream: IO[str] | None = None) -> None:
        self.stream = stream
        self.summary_stream = summary_stream
        self.suites: dict[str, ET.Element] = {}

    def start(self) -> None:
        pass

    def _suite(self, source: str) -> ET.Element:
        if source not in self.suites:
            self.suites[source] = ET.Element("testsuite", name=printable(source))
        return self.suites[source]

    def outcome(self, outcome: Outcome) -> None:
        suite = self._suite(outcome.source)
        r = outcome.report
        name = printable(r.id) if r is not None else f"line {outcome.line}"
        case = ET.SubElement(suite, "testcase", classname=_classname(outcome.source), name=name)
        if outcome.line is not None:
            case.set("file", printable(outcome.source))
            case.set("line", str(outcome.line))
        if r is None:
            assert outcome.failure is not None
            err = ET.SubElement(case, "error", type=outcome.failure.code)
            err.set("message", printable(outcome.failure.message))
            err.text = _xml_text(outcome.failure.message)
            return
        case.set("time", f"{r.elapsed_ms / 1000:.3f}")
        problems = _problems(outcome, r)
        body = "\n".join(f"[{f.code}] {f.node or '-'}: {s}" for f, s in problems)
        if r.verdict is RecordVerdict.INVALID:
            errors = [p for p in problems if p[0].severity is Severity.ERROR] or problems
            fail = ET.SubElement(case, "failure", type="invalid")
            fail.set("message", printable(errors[0][1]) if errors else "invalid")
            fail.text = _xml_text(body)
        elif r.verdict is RecordVerdict.INCOMPLETE:
            skip = ET.SubElement(case, "skipped")
            skip.set("message", "incomplete: " + printable(problems[0][1] if problems else ""))
            skip.text = _xml_text(body)

    def finish(self, summary: Summary) -> None:
        root = ET.Element("testsuites", name="veridot")
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for suite in self.suites.values():
            counts = {
                "tests": len(suite),
                "failures": sum(1 for c in suite if c.find("failure") is not None),
                "errors": sum(1 for c in suite if c.find("error") is not None),
                "skipped": sum(1 for c in suite if c.find("skipped") is not None),
            }
            for key, value in counts.items():
                suite.set(key, str(value))
                totals[key] += value
            root.append(suite)
        for key, value in totals.items():
            root.set(key, str(value))
        root.set("time", f"{summary.elapsed_s:.3f}")
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")
        if self.summary_stream is not None:
            self.summary_stream.write(summary.line() + "\n")


def _classname(source: str) -> str:
    stem = "stdin" if source == "-" else source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "veridot." + "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in stem)


def _escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands, one per error or warning finding."""

    def __init__(self, stream: IO[str], *, summary_stream: IO[str] | None = None) -> None:
        self.stream = stream
        self.summary_stream = summary_stream

    def start(self) -> None:
        pass

    def _emit(self, level: str, file: str, line: int | None, title: str, message: str) -> None:
        props = [f"file={_escape_property(file)}"]
        if line is not None:
            props.append(f"line={line}")
        props.append(f"title={_escape_property(title)}")
        self.stream.write(f"::{level} {','.join(props)}::{_escape_data(message)}\n")

    def outcome(self, outcome: Outcome) -> None:
        if outcome.report is None:
            assert outcome.failure is not None
            title = f"veridot: unreadable record ({outcome.failure.code})"
            self._emit("error", outcome.source, outcome.line, title, outcome.failure.message)
            return
        r = outcome.report
        for f, sentence in _problems(outcome, r):
            level = "error" if f.severity is Severity.ERROR else "warning"
            # JSONL: the record's line; a transcript file: the finding's own line.
            line = outcome.line if outcome.line is not None else f.line
            where = f" {f.node}" if f.node else ""
            title = f"veridot {r.id}{where}: {f.code}"
            self._emit(level, outcome.source, line, title, sentence)

    def finish(self, summary: Summary) -> None:
        if self.summary_stream is not None:
            self.summary_stream.write(summary.line() + "\n")


def make_reporter(
    name: str, stream: IO[str], *, summary_stream: IO[str] | None = None, verbose: bool = False
) -> Reporter:
    """The reporter called `name` (one of REPORT_FORMATS) writing to `stream`."""
    makers: dict[str, Callable[[], Reporter]] = {
        "text": lambda: TextReporter(stream, verbose=verbose, summary_stream=summary_stream),
        "json": lambda: JsonReporter(stream, summary_stream=summary_stream),
        "junit": lambda: JunitReporter(stream, summary_stream=summary_stream),
        "github": lambda: GithubReporter(stream, summary_stream=summary_stream),
    }
    if name not in makers:
        raise ValueError(
            f"unknown report format {name!r}; choose one of {', '.join(REPORT_FORMATS)}"
        )
    return makers[name]()
