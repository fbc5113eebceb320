// zhkg serve's page: pick or type a query, run it against /sparql, show the answer as a table.
// Plain script, no libraries: the page must work without a network.
"use strict";

const MAX_ROWS = 2000; // rows drawn; the count says how many there were
const $ = (id) => document.getElementById(id);
let prefixes = [];

function compact(iri) {
  for (const [p, ns] of prefixes) {
    if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
  }
  return "<" + iri + ">";
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.className = "iri";
    td.textContent = compact(term.value);
    td.title = term.value;
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.textContent = term.value;
    const tag = term["xml:lang"] ? "@" + term["xml:lang"] : "";
    if (tag) {
      const m = document.createElement("span");
      m.className = "meta";
      m.textContent = " " + tag;
      td.append(m);
    }
    if (term.datatype) td.title = compact(term.datatype);
  }
  return td;
}

function table(json) {
  const vars = json.head.vars || [];
  const rows = json.results.bindings;
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  const n = document.createElement("th");
  n.className = "n";
  n.textContent = "#";
  head.append(n);
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  const body = t.createTBody();
  rows.slice(0, MAX_ROWS).forEach((b, i) => {
    const tr = body.insertRow();
    const num = document.createElement("td");
    num.className = "n";
    num.textContent = i + 1;
    tr.append(num);
    for (const v of vars) tr.append(cell(b[v]));
  });
  return t;
}

function plural(n, word) {
  return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
}

async function run() {
  const button = $("run");
  const result = $("result");
  const error = $("error");
  const status = $("status");
  button.disabled = true;
  status.textContent = "running…";
  error.hidden = true;
  // the last answer goes at once: a table left up while the next query runs reads as its answer
  result.replaceChildren();
  const started = performance.now();
  try {
    const resp = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query: $("query").value }),
    });
    const text = await resp.text();
    const ms = Math.round(performance.now() - started);
    result.replaceChildren();
    if (!resp.ok) {
      error.textContent = resp.status + " " + resp.statusText + "\n\n" + text.trimEnd();
      error.hidden = false;
      status.textContent = ms + " ms";
      return;
    }
    const type = resp.headers.get("Content-Type") || "";
    if (type.startsWith("application/sparql-results+json")) {
      const json = JSON.parse(text);
      if (typeof json.boolean === "boolean") {
        const pre = document.createElement("pre");
        pre.textContent = String(json.boolean);
        result.append(pre);
        status.textContent = "ASK: " + json.boolean + " · " + ms + " ms";
      } else {
        const rows = json.results.bindings.length;
        result.append(table(json));
        const shown = rows > MAX_ROWS ? " (first " + MAX_ROWS.toLocaleString("en") + " shown)" : "";
        status.textContent = plural(rows, "row") + shown + " · " + ms + " ms";
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = text;
      result.append(pre);
      const lines = text.split("\n").filter((l) => l.trim().endsWith(".")).length;
      status.textContent = "Turtle, " + plural(lines, "statement") + " · " + ms + " ms";
    }
  } catch (e) {
    error.textContent = "The endpoint did not answer: " + e.message;
    error.hidden = false;
    status.textContent = "";
  } finally {
    button.disabled = false;
  }
}

function describe(text) {
  // the first comment sentence of a query file says what it lists
  const first = text.split("\n").filter((l) => l.startsWith("#")).map((l) => l.replace(/^#\s?/, "")).join(" ");
  const end = first.search(/[.:;](\s|$)/);
  return end > 0 ? first.slice(0, end) : first;
}

async function init() {
  $("endpoint").textContent = new URL("sparql", location.href).href;
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  const ex = await (await fetch("examples.json")).json();
  prefixes = Object.entries(ex.prefixes).sort((a, b) => b[1].length - a[1].length);
  $("prefixes").textContent = Object.keys(ex.prefixes).join(" ");
  const select = $("examples");
  for (const q of ex.queries) select.add(new Option(q.name.replace(/\.rq$/, ""), q.name));
  const show = () => {
    const q = ex.queries.find((q) => q.name === select.value);
    $("query").value = q.text;
    $("about").textContent = describe(q.text);
    $("about").title = $("about").textContent;
  };
  select.value = ex.first;
  select.addEventListener("change", show);
  show();
}

init();
