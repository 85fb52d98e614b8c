// veridot diagram drawer, shared by the service page (api/static/app.js) and the HTML report
// (api/cli/report_html.py inlines this file): an arc diagram, one node per row, in order; edges
// as arcs on the left; the critic's message to the right. Plain DOM + SVG, no libraries.
// Every text it draws is set through textContent / setAttribute, never parsed as HTML.
"use strict";

const COLORS = {
  entailed: "#c8e6c9", contradicted: "#ffcdd2", unsupported: "#ffe0b2",
  inconsistent: "#e1bee7", unknown: "#fff9c4", untranslated: "#e0e0e0",
  no_claim: "#f5f5f5", premise: "#bbdefb", problem: "#bbdefb", critic: "#d7ccc8",
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

// A node's head line: id, role and status, each only when it says something new
// ("p0 · premise", "s1 · proposer · unsupported", "problem" for the node named problem).
function label(node) {
  const parts = [node.id];
  if (node.role !== node.id) parts.push(node.role);
  if (node.status !== node.role) parts.push(node.status);
  return parts.join(" · ");
}

// Draw `nodes` (a report's node objects, in order) into the <svg> element `svg`.
function draw(svg, nodes) {
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
    g.append(el("text", { x: BOX_X + 8, y: y + 18 }, label(node)));
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

// The colour key, appended to the element `box`.
function legend(box) {
  for (const [status, color] of Object.entries(COLORS)) {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = color;
    item.append(swatch, status);
    box.append(item);
  }
}

