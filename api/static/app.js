// veridot page: send the pasted record to /v1/verify/stream and draw the diagram as an
// arc diagram (one node per row, in order; edges as arcs on the left; the critic's message
// to the right). Plain DOM + SVG, no libraries, no network besides this server.
"use strict";

const COLORS = {
  entailed: "#c8e6c9", contradicted: "#ffcdd2", unsupported: "#ffe0b2",
  inconsistent: "#e1bee7", unknown: "#fff9c4", untranslated: "#e0e0e0",
  no_claim: "#f5f5f5", premise: "#bbdefb", problem: "#bbdefb", critic: "#d7ccc8",
};

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

const SVG = "http://www.w3.org/2000/svg";
const BOX_X = 70, BOX_W = 300, MSG_X = 390, LINE = 16, GAP = 14;

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function wrap(text, width) {
  const lines = [];
  for (const para of String(text || "").split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/)) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

function draw(nodes) {
  const svg = document.getElementById("diagram");
  svg.replaceChildren();
  const rows = new Map();
  let y = 10;
  nodes.forEach((node, i) => {
    const msg = wrap(node.message, 80);
    const h = Math.max(46, msg.length * LINE + 12);
    rows.set(node.id, { i, top: y, mid: y + 23 });
    const g = el("g", { class: "node", "data-id": node.id, "data-status": node.status });
    const rect = el("rect", { x: BOX_X, y, width: BOX_W, height: 46, rx: 6,
      fill: COLORS[node.status] || "#ffffff", stroke: "#777" });
    rect.append(el("title", {}, (node.formula || node.text || "") + "\n" + (node.message || "")));
    g.append(rect);
    g.append(el("text", { x: BOX_X + 8, y: y + 18 }, `${node.id} · ${node.role} · ${node.status}`));
    g.append(el("text", { x: BOX_X + 8, y: y + 36 }, clip(node.formula || node.text || "", 38)));
    const t = el("text", { class: "msg", x: MSG_X, y: y + 16 });
    msg.forEach((line, k) => t.append(el("tspan", { x: MSG_X, dy: k ? LINE : 0 }, line)));
    g.append(t);
    svg.append(g);
    y += h + GAP;
  });
  // Arcs into each node: what the prover used (grey), invalid nodes it rests on (red,
  // dashed), and for a step with nothing used, what it was checked against (dotted).
  for (const node of nodes) {
    const dst = rows.get(node.id);
    const invalid = node.depends_on_invalid || [];
    const used = (node.used || []).filter((s) => !invalid.includes(s));
    const restsOn = used.length ? [] : (node.findings || []).flatMap((f) => (f.args && f.args.rests_on) || []);
    const edges = [...used.map((s) => [s, "use"]), ...invalid.map((s) => [s, "invalid"]),
      ...restsOn.filter((s) => !invalid.includes(s)).map((s) => [s, "rests"])];
    for (const [src, kind] of edges) {
      const from = rows.get(src);
      if (!from || !dst) continue;
      const bend = BOX_X - Math.min(60, 8 + 10 * Math.abs(dst.i - from.i));
      svg.append(el("path", { class: kind, "data-src": src, "data-dst": node.id,
        d: `M${BOX_X},${from.mid} C${bend},${from.mid} ${bend},${dst.mid} ${BOX_X},${dst.mid}` }));
    }
  }
  svg.setAttribute("height", String(y));
}

function legend() {
  const box = document.getElementById("legend");
  for (const [status, color] of Object.entries(COLORS)) {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = color;
    item.append(swatch, status);
    box.append(item);
  }
}

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
  draw(report.nodes);
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
      if (event.event === "node") { nodes.push(event.node); draw(nodes); }
      else if (event.event === "report") { showReport(event.report); status.textContent = "done"; }
      else if (event.event === "error") { showError(describe(event.error)); }
    }
    if (done) break;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  legend();
  for (const button of document.querySelectorAll("[data-example]")) {
    button.addEventListener("click", () => {
      document.getElementById("source").value = EXAMPLES[button.dataset.example];
    });
  }
  document.getElementById("verify").addEventListener("click", () => {
    verify().catch((e) => showError(String(e)));
  });
});
