"""`veridot check --report html`: one self-contained HTML file for people and CI artifacts.

The file needs no network: the page's stylesheet and diagram drawer (`api/static/style.css`,
`api/static/diagram.js`, the same code the service page runs) are inlined, with a little
report CSS and JS. Each record is a `<details>` element, collapsed, whose summary line says
its verdict, id, where it came from and where it first goes wrong; its JSON report (exactly
what `--report json` writes for it, `meta` included) sits beside it in a
`<script type="application/json">` block and is drawn on first open, so a report of
thousands of records opens at once. A summary table of verdict counts, with a checkbox per
verdict, filters the records. The file is streamed record by record (memory stays flat);
the summary is written last and shown first by CSS order.

Everything the user gave is escaped: HTML text through `html.escape`, JSON blocks with every
`<` written as `\\u003c` (so no `</script>` can end a block early), and the drawer sets text
through `textContent` only.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import IO

from veridot.verifier.reporters import outcome_json
from veridot.verifier.runner import Outcome, Summary

STATIC = Path(__file__).resolve().parents[1] / "static"  # api/static, shared
VERDICTS = ("invalid", "incomplete", "error", "valid")  # the summary table's order

_CSS = """
#report { display: flex; flex-direction: column; }
header { order: -2; }
#summary { order: -1; }
#summary table { border-collapse: collapse; margin: 0.4em 0; }
#summary td, #summary th { border: 1px solid #ccc; padding: 0.2em 0.7em; text-align: left; }
#summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
details.record { border-top: 1px solid #e3e3e3; padding: 0.25em 0; }
details.record > summary { cursor: pointer; }
details.record .where { color: #777; font-size: 0.9em; }
details.record ul { margin: 0.3em 0; }
.verdict { display: inline-block; min-width: 6.5em; font-weight: bold; }
.verdict.valid { color: #1b5e20; } .verdict.invalid { color: #b71c1c; }
.verdict.incomplete { color: #8d6e00; } .verdict.error { color: #6a1b9a; }
"""

# Filtering is one class per hidden verdict on the list: instant for thousands of records.
_HIDE_CSS = "".join(
    f"#records.hide-{v} details[data-verdict={v}] {{ display: none; }}\n" for v in VERDICTS
)

_JS = """
"use strict";
function drawRecord(details) {
  if (details.dataset.drawn) return;
  details.dataset.drawn = "1";
  const data = details.querySelector("script.data");
  if (!data) return;
  const report = JSON.parse(data.textContent);
  const body = details.querySelector("div.body");
  const problems = [...(report.structural_errors || []).map((s) =>
      `structural: ${s.code}${s.line ? " line " + s.line : ""}: ${s.message}`),
    ...(report.findings || []).filter((f) => f.severity !== "info").map((f) =>
      `[${f.code}] ${f.message}`),
    ...(report.claims || []).filter((c) => c.message).map((c) =>
      `@${c.kind} ${c.src} ${c.dst} ${c.status}: ${c.message}`)];
  if (problems.length) {
    const list = document.createElement("ul");
    for (const text of problems) {
      const item = document.createElement("li");
      item.textContent = text;
      list.append(item);
    }
    body.append(list);
  }
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "diagram");
  svg.setAttribute("width", "100%");
  body.append(svg);
  draw(svg, report.nodes || []);
  if (report.transcript) {
    const box = document.createElement("details");
    const head = document.createElement("summary");
    head.textContent = "Critic-annotated transcript";
    const pre = document.createElement("pre");
    pre.textContent = report.transcript;
    box.append(head, pre);
    body.append(box);
  }
}
document.addEventListener("DOMContentLoaded", () => {
  legend(document.getElementById("legend"));
  const records = document.getElementById("records");
  records.addEventListener("toggle", (e) => {
    if (e.target.open && e.target.classList.contains("record")) drawRecord(e.target);
  }, true);
  for (const box of document.querySelectorAll("input[data-filter]")) {
    box.addEventListener("change", () => {
      records.classList.toggle("hide-" + box.dataset.filter, !box.checked);
    });
  }
  for (const details of document.querySelectorAll("details.record[open]")) drawRecord(details);
});
"""


def _json_block(text: str) -> str:
    """JSON text safe inside <script>: `<` only occurs in strings, where \\u003c means it."""
    return text.replace("<", "\\u003c")


def _where(outcome: Outcome) -> str:
    return f"{outcome.source}:{outcome.line}" if outcome.line is not None else outcome.source


class HtmlReporter:
    """Writes the self-contained HTML report to `stream` as the outcomes arrive."""

    def __init__(
        self, stream: IO[str], *, summary_stream: IO[str] | None = None, title: str = ""
    ) -> None:
        self.stream = stream
        self.summary_stream = summary_stream
        self.title = title or "veridot report"
        self.count = 0

    def start(self) -> None:
        style = (STATIC / "style.css").read_text(encoding="utf-8")
        title = html.escape(self.title)
        self.stream.write(
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>\n{style}{_CSS}{_HIDE_CSS}</style>\n</head>\n"
            f'<body>\n<div id="report">\n<header><h1>{title}</h1></header>\n'
            '<section id="records">\n'
        )

    def outcome(self, outcome: Outcome) -> None:
        self.count += 1
        write = self.stream.write
        where = f'<span class="where">{html.escape(_where(outcome))}</span>'
        report = outcome.report
        if report is None:
            failure = outcome.failure
            code = failure.code if failure is not None else "no_report"
            message = failure.message if failure is not None else "no report"
            write(
                f'<details class="record" data-verdict="error" data-index="{self.count}">'
                f'<summary><span class="verdict error">unreadable</span> {where}</summary>'
                f'<div class="body"><p>[{html.escape(code)}] {html.escape(message)}</p></div>'
                "</details>\n"
            )
            return
        verdict = report.verdict.value
        first = report.first_error_text()
        counts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts().items()))
        notes = [f"first error {first}"] if first else []
        notes.append(counts)
        if outcome.cached:
            notes.append("cached")
        write(
            f'<details class="record" data-verdict="{verdict}" data-id="{html.escape(report.id)}"'
            f' data-index="{self.count}"><summary><span class="verdict {verdict}">{verdict}'
            f"</span> <b>{html.escape(report.id)}</b> {where} "
            f'<span class="where">({html.escape("; ".join(notes))})</span></summary>'
            '<div class="body"></div><script type="application/json" class="data">'
            f"{_json_block(outcome_json(outcome))}</script></details>\n"
        )

    def finish(self, summary: Summary) -> None:
        counts = {
            "invalid": summary.invalid,
            "incomplete": summary.incomplete,
            "error": summary.errors,
            "valid": summary.valid,
        }
        names = {"error": "unreadable"}
        rows = "".join(
            f'<tr><td><label><input type="checkbox" data-filter="{v}" checked> '
            f'<span class="verdict {v}">{names.get(v, v)}</span></label></td>'
            f'<td class="n">{counts[v]}</td></tr>\n'
            for v in VERDICTS
        )
        nodes = ", ".join(f"{n} {status}" for status, n in sorted(summary.nodes.items()))
        drawer = (STATIC / "diagram.js").read_text(encoding="utf-8")
        self.stream.write(
            '</section>\n<section id="summary">\n'
            f"<p>{html.escape(summary.line())}</p>\n"
            "<table><tr><th>verdict (shown)</th><th>records</th></tr>\n"
            f'{rows}<tr><td>all</td><td class="n">{summary.records}</td></tr></table>\n'
            f"<p>Nodes: {html.escape(nodes or 'none')}. Click a record to draw its diagram: "
            "nodes coloured by status, arcs from the nodes each step used (grey), "
            "rests on when undecided (dotted) or invalid ones it depends on (red).</p>\n"
            '<div id="legend" class="legend"></div>\n</section>\n</div>\n'
            f"<script>\n{drawer}\n{_JS}</script>\n</body>\n</html>\n"
        )
        self.stream.flush()
        if self.summary_stream is not None:
            self.summary_stream.write(summary.line() + "\n")
