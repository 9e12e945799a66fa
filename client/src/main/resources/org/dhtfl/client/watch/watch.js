// The live page of the ring: reads /ring.json (and /run.json, when a run is watched) about every
// second and draws the ring on a circle of 2^m identifiers. Plain JavaScript and SVG; the program
// serves everything, nothing comes from elsewhere.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const CENTER = 410;
const RADIUS = 300;
const LABEL_RADIUS = RADIUS + 58;
const POLL_MS = 1000;

const state = { ring: null, run: null, chosen: null, updates: 0, lastOk: 0, runMissing: false };

function el(tag, attrs, parent, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    node.setAttribute(k, v);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  if (parent) {
    parent.appendChild(node);
  }
  return node;
}

function html(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    node.setAttribute(k, v);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  if (parent) {
    parent.appendChild(node);
  }
  return node;
}

function clear(node) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
}

// Angle of an identifier: 0 at the top, clockwise.
function angleOf(id, size) {
  return 2 * Math.PI * id / size;
}

function point(angle, radius) {
  return [CENTER + radius * Math.sin(angle), CENTER - radius * Math.cos(angle)];
}

function fmt(p) {
  return p[0].toFixed(1) + " " + p[1].toFixed(1);
}

// Clockwise arc on a circle of the given radius from identifier a to identifier b.
function arcPath(a, b, size, radius) {
  const from = point(angleOf(a, size), radius);
  const to = point(angleOf(b, size), radius);
  const distance = ((b - a) % size + size) % size;
  const large = distance > size / 2 ? 1 : 0;
  return "M " + fmt(from) + " A " + radius + " " + radius + " 0 " + large + " 1 " + fmt(to);
}

// ---------------------------------------------------------------- labels without overlaps

// Places one label per node near the node's angle on the label circle. Labels are horizontal
// text; the room one takes along the circle depends on where it sits (its width at the top and
// bottom, its height at the sides). Neighbours closer than their room are pushed apart, around
// the circle, until none overlap; the font shrinks when the circle cannot hold them all.
function layoutLabels(items) {
  const n = items.length;
  if (n === 0) {
    return { font: 12, placed: [] };
  }
  let font = 12;
  const room = (item, angle, size) => {
    const w = item.text.length * size * 0.62 + 6;
    const h = size + 4;
    return (Math.abs(w * Math.cos(angle)) + Math.abs(h * Math.sin(angle))) / LABEL_RADIUS;
  };
  const need = (size) => items.reduce((sum, it) => sum + room(it, it.angle, size), 0);
  while (font > 6 && need(font) > 2 * Math.PI * 0.97) {
    font -= 0.5;
  }
  const placed = items.map((it) => ({ item: it, angle: it.angle }))
    .sort((a, b) => a.angle - b.angle);
  if (n > 1) {
    for (let round = 0; round < 400; round++) {
      let moved = false;
      for (let i = 0; i < n; i++) {
        const a = placed[i];
        const b = placed[(i + 1) % n];
        let gap = b.angle - a.angle;
        if (i === n - 1) {
          gap += 2 * Math.PI;
        }
        const want = (room(a.item, a.angle, font) + room(b.item, b.angle, font)) / 2 + 0.004;
        if (gap < want) {
          const push = (want - gap) / 2 + 1e-4;
          a.angle -= push;
          b.angle += push;
          moved = true;
        }
      }
      if (!moved) {
        break;
      }
    }
  }
  return { font: font, placed: placed };
}

// ---------------------------------------------------------------- drawing the ring

function draw() {
  const ring = state.ring;
  const layers = {};
  for (const name of ["ticks", "arcs", "selected", "files", "nodes", "labels"]) {
    layers[name] = document.getElementById("layer-" + name);
    clear(layers[name]);
  }
  if (!ring || ring.bits === 0) {
    el("text", { x: CENTER, y: CENTER, "text-anchor": "middle", class: "tick-label" }, layers.ticks,
      "no member answers");
    return;
  }
  const size = Math.pow(2, ring.bits);
  const members = ring.members;
  const byId = new Map(members.map((m) => [m.id, m]));
  const silentIds = new Set(ring.unreachable.map((s) => s.id));
  if (state.chosen === null || (!byId.has(state.chosen) && !silentIds.has(state.chosen))) {
    state.chosen = members.length ? members[0].id : null;
  }

  drawTicks(layers.ticks, size);
  for (const m of members) {
    if (m.successors.length) {
      const next = m.successors[0];
      el("path", { d: arcPath(m.id, next, size, RADIUS), class: "successor-arc" + (silentIds.has(next) ? " broken" : ""),
        "data-from": m.id, "data-to": next }, layers.arcs);
    }
  }
  drawFiles(layers.files, members, size);
  const chosen = byId.get(state.chosen);
  if (chosen) {
    drawChosen(layers.selected, chosen, size);
  }
  drawNodes(layers.nodes, layers.labels, members, ring.unreachable, size);
}

function drawTicks(layer, size) {
  el("circle", { cx: CENTER, cy: CENTER, r: RADIUS, class: "circle" }, layer);
  const ticks = Math.min(size, 128);
  for (let i = 0; i < ticks; i++) {
    const id = Math.round(i * size / ticks);
    const major = i % (ticks / 4) === 0;
    const a = angleOf(id, size);
    const p1 = point(a, RADIUS - (major ? 8 : 4));
    const p2 = point(a, RADIUS + (major ? 8 : 4));
    el("line", { x1: p1[0], y1: p1[1], x2: p2[0], y2: p2[1], class: "tick" }, layer);
    if (major) {
      const p = point(a, RADIUS - 46);
      el("text", { x: p[0], y: p[1], "text-anchor": "middle", "dominant-baseline": "middle", class: "tick-label" },
        layer, String(id));
    }
  }
  el("text", { x: 16, y: 24, class: "tick-label" }, layer, "m = " + Math.log2(size) + ": identifiers 0.."
    + (size - 1) + ", 0 at the top, clockwise");
}

// The keys of the files the members hold, inside the circle: one mark per file at its key,
// stacked inward where keys meet; the files the chosen node trained or trains are outlined.
function drawFiles(layer, members, size) {
  const rank = { training: 4, queued: 3, done: 2, failed: 1 };
  const files = new Map();
  for (const m of members) {
    for (const f of m.files) {
      const known = files.get(f.file);
      const better = !known || rank[f.state] > rank[known.state]
        || (rank[f.state] === rank[known.state] && f.round > known.round);
      const holders = known ? known.holders : [];
      holders.push(m.id);
      // The node that trained the file, or trains it now; the others keep copies.
      const trainers = known ? known.trainers : [];
      if (f.trainedBy === m.id || f.state === "training" || f.state === "queued") {
        trainers.push(m.id);
      }
      const merged = { holders: holders, trainers: trainers };
      files.set(f.file, better ? Object.assign({}, f, merged) : Object.assign(known, merged));
    }
  }
  const stacks = new Map();
  const marks = Array.from(files.values()).sort((a, b) => a.key - b.key || a.file.localeCompare(b.file));
  for (const f of marks) {
    const level = stacks.get(f.key) || 0;
    stacks.set(f.key, level + 1);
    if (level > 12) {
      continue;
    }
    const p = point(angleOf(f.key, size), RADIUS - 16 - level * 8);
    const mine = f.trainers.includes(state.chosen);
    const mark = el("rect", { x: p[0] - 3, y: p[1] - 3, width: 6, height: 6,
      class: "file-key " + f.state + (mine ? " mine" : ""), "data-file": f.file, "data-key": f.key }, layer);
    el("title", {}, mark, f.file + ": key " + f.key + ", " + f.state + " (run " + f.run + ", round " + f.round
      + "), held by " + f.holders.join(", "));
  }
}

// The chosen node's fingers as chords through the circle, the starts of its fingers, its successor
// list as arcs outside the circle, and its predecessor.
function drawChosen(layer, node, size) {
  const from = point(angleOf(node.id, size), RADIUS);
  const targets = new Map();
  for (const f of node.fingers) {
    const start = point(angleOf(f.start, size), RADIUS);
    const inner = point(angleOf(f.start, size), RADIUS - 9);
    el("line", { x1: start[0], y1: start[1], x2: inner[0], y2: inner[1], class: "finger-start",
      "data-index": f.index }, layer);
    if (f.node === node.id) {
      continue;
    }
    if (!targets.has(f.node)) {
      targets.set(f.node, []);
    }
    targets.get(f.node).push(f.index);
  }
  for (const [target, indices] of targets) {
    const to = point(angleOf(target, size), RADIUS);
    const mid = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
    const control = [CENTER + (mid[0] - CENTER) * 0.35, CENTER + (mid[1] - CENTER) * 0.35];
    el("path", { d: "M " + fmt(from) + " Q " + fmt(control) + " " + fmt(to), class: "finger-chord",
      "data-node": target, "data-indices": indices.join(",") }, layer);
    const at = [0.25 * from[0] + 0.5 * control[0] + 0.25 * to[0], 0.25 * from[1] + 0.5 * control[1] + 0.25 * to[1]];
    el("text", { x: at[0], y: at[1] - 3, "text-anchor": "middle", class: "finger-index" }, layer,
      indices.length > 2 ? indices[0] + "-" + indices[indices.length - 1] : indices.join(","));
  }
  node.successors.forEach((s, i) => {
    el("path", { d: arcPath(node.id, s, size, RADIUS + 14 + i * 7), class: "succlist-arc", "data-to": s,
      "data-rank": i }, layer);
  });
  if (node.predecessor !== undefined && node.predecessor !== null && node.predecessor !== node.id) {
    el("path", { d: arcPath(node.predecessor, node.id, size, RADIUS - 6), class: "pred-arc" }, layer);
  }
}

function drawNodes(nodeLayer, labelLayer, members, silent, size) {
  const items = [];
  for (const m of members) {
    const a = angleOf(m.id, size);
    const p = point(a, RADIUS);
    const dot = el("circle", { cx: p[0], cy: p[1], r: m.id === state.chosen ? 8 : 6,
      class: "member-dot" + (m.id === state.chosen ? " chosen" : ""), "data-id": m.id }, nodeLayer);
    el("title", {}, dot, m.id + " at " + m.host + ":" + m.port);
    dot.addEventListener("click", () => choose(m.id));
    items.push({ id: m.id, text: String(m.id), angle: a, silent: false });
  }
  for (const s of silent) {
    const a = angleOf(s.id, size);
    const p = point(a, RADIUS);
    const dot = el("circle", { cx: p[0], cy: p[1], r: 7, class: "silent-dot", "data-id": s.id }, nodeLayer);
    el("title", {}, dot, s.id + " at " + s.host + ":" + s.port + " does not answer");
    el("line", { x1: p[0] - 4, y1: p[1] - 4, x2: p[0] + 4, y2: p[1] + 4, class: "silent-cross" }, nodeLayer);
    el("line", { x1: p[0] - 4, y1: p[1] + 4, x2: p[0] + 4, y2: p[1] - 4, class: "silent-cross" }, nodeLayer);
    dot.addEventListener("click", () => choose(s.id));
    items.push({ id: s.id, text: s.id + " \u2715", angle: a, silent: true });
  }
  const layout = layoutLabels(items);
  for (const placed of layout.placed) {
    const it = placed.item;
    const p = point(placed.angle, LABEL_RADIUS);
    if (Math.abs(placed.angle - it.angle) > 0.01) {
      const near = point(it.angle, RADIUS + 9);
      const far = point(placed.angle, LABEL_RADIUS - layout.font * 0.8);
      el("line", { x1: near[0], y1: near[1], x2: far[0], y2: far[1], class: "leader" }, labelLayer);
    }
    const label = el("text", { x: p[0], y: p[1], "text-anchor": "middle", "dominant-baseline": "central",
      "font-size": layout.font, class: "node-label" + (it.silent ? " silent" : "") + (it.id === state.chosen ? " chosen" : ""),
      "data-id": it.id }, labelLayer, it.text);
    label.addEventListener("click", () => choose(it.id));
  }
}

// ---------------------------------------------------------------- the side panel

function choose(id) {
  state.chosen = id;
  history.replaceState(null, "", "#node=" + id);
  render();
}

function renderLists() {
  const ring = state.ring;
  const list = document.getElementById("member-list");
  clear(list);
  document.getElementById("member-count").textContent = ring ? "(" + ring.members.length + ")" : "";
  for (const m of ring ? ring.members : []) {
    const training = m.files.filter((f) => f.state === "training").length;
    const queued = m.files.filter((f) => f.state === "queued").length;
    const text = m.id + "  " + m.host + ":" + m.port + "  " + m.files.length + " file(s)"
      + (training ? ", " + training + " training" : "") + (queued ? ", " + queued + " queued" : "");
    const li = html("li", { class: "member" + (m.id === state.chosen ? " chosen" : ""), "data-id": m.id }, list, text);
    li.addEventListener("click", () => choose(m.id));
  }
  renderPhysical(ring);
  const silentList = document.getElementById("silent-list");
  clear(silentList);
  const silent = ring ? ring.unreachable : [];
  document.getElementById("silent-title").hidden = silent.length === 0;
  for (const s of silent) {
    const why = [];
    if (s.referencedBy.length) {
      why.push("named by " + s.referencedBy.join(", "));
    }
    if (s.listedBySupernode) {
      why.push("listed by the supernode");
    }
    if (s.lastSeen) {
      why.push("last answered " + Math.round((Date.now() - Date.parse(s.lastSeen)) / 1000) + " s ago");
    }
    const li = html("li", { class: "silent" + (s.id === state.chosen ? " chosen" : ""), "data-id": s.id }, silentList,
      s.id + "  " + s.host + ":" + s.port + "  (" + why.join("; ") + ")");
    li.addEventListener("click", () => choose(s.id));
  }
}

// The physical nodes, when members hold several positions each (computenode --virtual): one line per
// node with its positions; a click chooses its first position.
function renderPhysical(ring) {
  const nodes = ring && ring.nodes ? ring.nodes : [];
  document.getElementById("physical-panel").hidden = nodes.length === 0;
  document.getElementById("physical-count").textContent = nodes.length ? "(" + nodes.length + ")" : "";
  const list = document.getElementById("physical-list");
  clear(list);
  for (const n of nodes) {
    const li = html("li", { class: "physical" + (n.positions.includes(state.chosen) ? " chosen" : ""),
      "data-port": n.port }, list, n.host + ":" + n.port + "  positions " + n.positions.join(", "));
    li.addEventListener("click", () => choose(n.positions[0]));
  }
}

function renderNode() {
  const ring = state.ring;
  const node = ring ? ring.members.find((m) => m.id === state.chosen) : null;
  const silent = ring ? ring.unreachable.find((s) => s.id === state.chosen) : null;
  document.getElementById("selected-id").textContent = state.chosen === null ? "" : String(state.chosen);
  const address = node || silent;
  document.getElementById("selected-address").textContent = address ? address.host + ":" + address.port
    + (silent ? " (not answering)" : "") : "";
  const neighbours = document.getElementById("selected-neighbours");
  neighbours.textContent = node ? "predecessor " + (node.predecessor === undefined ? "unknown" : node.predecessor)
    + ", successors " + (node.successors.length ? node.successors.join(", ") : "(alone)") : "";
  const fingers = document.querySelector("#finger-table tbody");
  clear(fingers);
  for (const f of node ? node.fingers : []) {
    const tr = html("tr", { "data-index": f.index }, fingers);
    html("td", {}, tr, String(f.index));
    html("td", {}, tr, String(f.start));
    html("td", { class: "finger-node" }, tr, String(f.node));
  }
  const files = document.querySelector("#file-table tbody");
  clear(files);
  for (const f of node ? node.files.slice(0, 200) : []) {
    const tr = html("tr", {}, files);
    html("td", {}, tr, f.file);
    html("td", {}, tr, String(f.key));
    html("td", {}, tr, f.run + " / " + f.round);
    html("td", {}, tr, f.state + (f.trainedBy !== undefined && f.trainedBy !== node.id ? " (copy of " + f.trainedBy
      + "'s)" : ""));
  }
}

function renderRun() {
  const run = state.run;
  const panel = document.getElementById("run-panel");
  panel.hidden = !run;
  if (!run) {
    return;
  }
  document.getElementById("run-id").textContent = run.runId;
  const last = run.curve.length ? run.curve[run.curve.length - 1] : null;
  let line = run.mode === "reference" ? "the reference job" : "round " + run.round + " of " + run.rounds;
  line += ": " + run.filesDone + " of " + run.files + " files done";
  if (last) {
    line += "; validation error after round " + last.round + ": " + (100 * last.validationError).toFixed(2) + "%";
  }
  if (run.state !== "running") {
    line += " (" + run.state + (run.message ? ": " + run.message : "") + ")";
  }
  document.getElementById("run-line").textContent = line;
  document.getElementById("run-bar").style.width = (run.files ? 100 * run.filesDone / run.files : 0) + "%";
  drawCurve(run);
}

function drawCurve(run) {
  const svg = document.getElementById("curve");
  clear(svg);
  const left = 40, right = 330, top = 10, bottom = 130;
  el("line", { x1: left, y1: bottom, x2: right, y2: bottom, class: "axis" }, svg);
  el("line", { x1: left, y1: top, x2: left, y2: bottom, class: "axis" }, svg);
  el("text", { x: (left + right) / 2, y: 152, "text-anchor": "middle" }, svg, "round");
  const points = run.curve;
  const maxRound = Math.max(run.rounds || 1, points.length ? points[points.length - 1].round : 1);
  const maxError = Math.max(0.05, ...points.map((p) => p.validationError)) * 1.1;
  el("text", { x: left - 4, y: top + 4, "text-anchor": "end" }, svg, (100 * maxError).toFixed(0) + "%");
  el("text", { x: left - 4, y: bottom, "text-anchor": "end" }, svg, "0%");
  el("text", { x: right, y: bottom + 12, "text-anchor": "end" }, svg, String(maxRound));
  const x = (r) => maxRound === 1 ? (left + right) / 2 : left + (right - left) * (r - 1) / (maxRound - 1);
  const y = (e) => bottom - (bottom - top) * e / maxError;
  if (points.length) {
    el("polyline", { points: points.map((p) => x(p.round).toFixed(1) + "," + y(p.validationError).toFixed(1)).join(" "),
      class: "line" }, svg);
    for (const p of points) {
      const c = el("circle", { cx: x(p.round), cy: y(p.validationError), r: 3 }, svg);
      el("title", {}, c, "round " + p.round + ": " + (100 * p.validationError).toFixed(2) + "%, " + p.seconds.toFixed(1)
        + " s");
    }
  } else {
    el("text", { x: (left + right) / 2, y: (top + bottom) / 2, "text-anchor": "middle" }, svg,
      "validation error per round, after the first round");
  }
}

// The rings the members' first successors make: each member's walk ends in a cycle, one entry per
// cycle (its IDs in order); a walk that reaches a node that did not answer is left out. After a
// network partition there are two or more until the rings merge.
function ringsOf(members) {
  const next = new Map(members.map(m => [m.id, m.successors.length ? m.successors[0] : m.id]));
  const cycles = new Map();
  for (const m of members) {
    const seen = [];
    let at = m.id;
    while (next.has(at) && !seen.includes(at)) {
      seen.push(at);
      at = next.get(at);
    }
    if (!next.has(at)) {
      continue;
    }
    const cycle = seen.slice(seen.indexOf(at)).sort((a, b) => a - b);
    cycles.set(cycle[0], cycle);
  }
  return Array.from(cycles.values()).sort((a, b) => a[0] - b[0]);
}

function renderStatus() {
  const status = document.getElementById("status");
  const age = (Date.now() - state.lastOk) / 1000;
  if (state.lastOk === 0 || age > 3.5) {
    status.textContent = state.lastOk === 0 ? "connecting..." : "the program serving this page does not answer ("
      + Math.round(age) + " s)";
    status.className = "status stale";
  } else {
    status.textContent = "live, read " + new Date(Date.parse(state.ring.time)).toLocaleTimeString();
    status.className = "status";
  }
  const ring = state.ring;
  if (ring) {
    const supernode = ring.supernode;
    const rings = ringsOf(ring.members);
    document.getElementById("summary").textContent = ring.members.length + " members"
      + (ring.nodes ? " on " + ring.nodes.length + " nodes" : "") + ", m = " + ring.bits
      + (ring.unreachable.length ? ", " + ring.unreachable.length + " not answering" : "")
      + (rings.length > 1 ? ", split into " + rings.length + " rings: " + rings.map(r => r.join(" ")).join(" | ") : "")
      + (supernode ? "; supernode " + supernode.host + ":" + supernode.port + (supernode.answering ? "" : " does not answer")
        : "");
  }
}

function render() {
  draw();
  renderLists();
  renderNode();
  renderRun();
  renderStatus();
  document.body.dataset.updates = String(state.updates);
}

async function poll() {
  try {
    const response = await fetch("ring.json", { cache: "no-store" });
    if (response.ok) {
      state.ring = await response.json();
      state.lastOk = Date.now();
      state.updates++;
    }
  } catch (e) {
    // Shown as a stale status below.
  }
  if (!state.runMissing) {
    try {
      const response = await fetch("run.json", { cache: "no-store" });
      if (response.status === 404) {
        state.runMissing = true;
        state.run = null;
      } else if (response.ok) {
        state.run = await response.json();
      }
    } catch (e) {
      // Kept as it was.
    }
  }
  render();
  setTimeout(poll, POLL_MS);
}

const match = /node=(\d+)/.exec(location.hash);
if (match) {
  state.chosen = Number(match[1]);
}
poll();
