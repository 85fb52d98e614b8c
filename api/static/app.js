// veridot page: send the pasted record to /v1/verify/stream and draw the diagram with
// diagram.js (loaded before this file). Plain DOM, no libraries, no network besides this
// server.
"use strict";

const EXAMPLES = {
  chain: JSON.stringify({
    id: "cats", parser: "fol",
    premises: ["∀x (Cat(x) → Animal(x))", "Cat(tom)", "¬Animal(felix)"],
    steps: [
      { fol: "Animal(tom)" },
      { fol: "Dog(tom)" },
      { fol: "Cat(felix)" },
      { fol: "Dog(tom) ∨ Cat(felix)" },
    ],
  }, null, 2),
  dot: [
    "<problem>", "@node id=1 role=problem", "@prop id=1 ∀x (Cat(x) → Animal(x)) ∧ Cat(tom)",
    "All cats are animals; Tom is a cat.", "</problem>",
    "<proposer>", "@node id=2 role=proposer", "@edge src=1 dst=2 kind=use",
    "@prop id=2 Animal(tom)", "So Tom is an animal.", "</proposer>",
    "<proposer>", "@node id=3 role=proposer", "@edge src=1 dst=3 kind=use",
    "@edge src=2 dst=3 kind=use", "@prop id=3 ¬Cat(tom)", "Hence Tom is not a cat.",
    "</proposer>",
  ].join("\n"),
};

function readRecord(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return JSON.parse(trimmed);
  return { transcript: text };
}

function showError(message) {
  const status = document.getElementById("status");
  status.className = "error";
  status.textContent = message;
}

function describe(error) {
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ""})` : "";
  return `${error.code}: ${error.message}${where}`;
}

function showReport(report) {
  draw(document.getElementById("diagram"), report.nodes);
  const verdict = document.getElementById("verdict");
  verdict.replaceChildren();
  const strong = document.createElement("strong");
  strong.className = report.verdict;
  strong.textContent = report.verdict;
  verdict.append("Record ", report.id + ": ", strong,
    report.first_error >= 0 ? ` (first error at step ${report.first_error})` : "");
  for (const s of report.structural_errors || []) {
    const p = document.createElement("div");
    p.textContent = `structural: ${s.code} ${s.line ? "line " + s.line + ": " : ""}${s.message}`;
    verdict.append(p);
  }
  const box = document.getElementById("transcript-box");
  box.hidden = !report.transcript;
  document.getElementById("transcript").textContent = report.transcript || "";
}

async function verify() {
  const status = document.getElementById("status");
  status.className = "";
  status.textContent = "checking…";
  let record;
  try { record = readRecord(document.getElementById("source").value); }
  catch (e) { showError("not valid JSON: " + e.message); return; }
  const parser = document.getElementById("parser").value;
  if (parser) record.parser = parser;
  const headers = { "Content-Type": "application/json" };
  const key = document.getElementById("apikey").value;
  if (key) headers["X-API-Key"] = key;
  const response = await fetch("/v1/verify/stream", { method: "POST", headers, body: JSON.stringify(record) });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ error: { code: String(response.status), message: response.statusText } }));
    showError(describe(body.error));
    return;
  }
  const nodes = [];
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, cut).trim();
      buffer = buffer.slice(cut + 1);
      if (!line) continue;
      const event = JSON.parse(line);
      if (event.event === "node") { nodes.push(event.node); draw(document.getElementById("diagram"), nodes); }
      else if (event.event === "report") { showReport(event.report); status.textContent = "done"; }
      else if (event.event === "error") { showError(describe(event.error)); }
    }
    if (done) break;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  legend(document.getElementById("legend"));
  for (const button of document.querySelectorAll("[data-example]")) {
    button.addEventListener("click", () => {
      document.getElementById("source").value = EXAMPLES[button.dataset.example];
    });
  }
  document.getElementById("verify").addEventListener("click", () => {
    verify().catch((e) => showError(String(e)));
  });
});
