// The pozuzo-kg query page: runs the named queries, the search and the SPARQL editor through the endpoint and
// shows the answer as a table (IRIs of the graph link to their pages). No library, nothing loaded from elsewhere. MIT.
"use strict";

(function () {
  const body = document.body;
  const root = body.dataset.root;
  const namespace = body.dataset.namespace;
  const messages = JSON.parse(document.getElementById("mensajes").textContent);
  const status = document.getElementById("estado");
  const table = document.getElementById("tabla");
  const results = document.getElementById("resultados");
  const accept = "application/sparql-results+json, text/turtle;q=0.9";

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function href(iri) {
    // IRIs of the graph's own namespace are answered by this server at their path.
    if (iri.startsWith(namespace + "id/")) {
      return root + iri.slice(namespace.length);
    }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  // The longest namespace first, so unidad: wins over a shorter prefix of the same IRI.
  const prefixes = Object.entries(messages.prefixes).sort((a, b) => b[1].length - a[1].length);

  function compact(iri) {
    for (const [prefix, namespace] of prefixes) {
      const local = iri.slice(namespace.length);
      if (iri.startsWith(namespace) && /^[\w.-]+$/.test(local)) {
        return prefix + ":" + local;
      }
    }
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) {
      return td;
    }
    if (term.type === "uri") {
      const target = href(term.value);
      if (target) {
        const link = document.createElement("a");
        link.href = target;
        link.textContent = compact(term.value);
        link.title = term.value;
        td.appendChild(link);
      } else {
        td.textContent = compact(term.value);
        td.title = term.value;
      }
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) {
        td.lang = term["xml:lang"];
      }
    }
    return td;
  }

  function showSolutions(data, truncated) {
    table.replaceChildren();
    if (typeof data.boolean === "boolean") {
      say(data.boolean ? messages.yes : messages.no);
      return;
    }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const grid = document.createElement("table");
    const caption = document.createElement("caption");
    const count = format(rows.length === 1 ? messages.one_row : messages.rows, { n: rows.length });
    caption.textContent = count;
    grid.appendChild(caption);
    const head = grid.createTHead().insertRow();
    for (const name of vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    }
    const tbody = grid.createTBody();
    for (const row of rows) {
      const tr = tbody.insertRow();
      for (const name of vars) {
        tr.appendChild(cell(row[name]));
      }
    }
    table.appendChild(grid);
    say(truncated ? count + " " + format(messages.truncated, { n: truncated }) : count);
  }

  function showText(text) {
    const pre = document.createElement("pre");
    pre.textContent = text;
    table.replaceChildren(pre);
    say(messages.graph);
  }

  async function run(form) {
    say(messages.running);
    table.replaceChildren();
    const data = new FormData(form);
    let response;
    try {
      if (form.dataset.kind === "sparql") {
        response = await fetch(form.action, {
          method: "POST",
          headers: { "Accept": accept, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(data),
        });
      } else {
        const url = form.action + "?" + new URLSearchParams(data).toString();
        response = await fetch(url, { headers: { "Accept": accept } });
      }
    } catch (problem) {
      say(messages.unreachable, true);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      say(format(messages.failed, { status: response.status, message: (await response.text()).trim() }), true);
      return;
    }
    if (type.includes("json")) {
      showSolutions(await response.json(), response.headers.get("Pozuzo-Truncated"));
    } else {
      showText(await response.text());
    }
    results.focus();
  }

  for (const form of document.querySelectorAll("form.consulta")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run(form);
    });
  }
})();
