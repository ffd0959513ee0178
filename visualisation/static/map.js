/* Ansvarskarta's map: draws the page's JSON data with vis-network, filters it, finds nodes,
 * and shows the claims, quotes and sources of what a user clicks in the side panel.
 *
 * Every text in the data comes from documents written by others: it reaches the page only
 * through textContent (never innerHTML), and node titles are plain strings, which
 * vis-network shows as text. window.ansvarMap exposes the network and state for tests. */
(function () {
  "use strict";

  var api = (window.ansvarMap = { drawnAt: null, stabilizedAt: null, ready: false });
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var meta = data.meta;
  api.data = data;

  // -- the page's tables (visualisation/payload.py) read back into nodes, claims and edges ----
  var W = data.words;
  function word(k) { return k === undefined || k === null ? null : W[k]; }

  var nodeList = data.nodes.map(function (r) {
    var extra = r[7] || {};
    var n = { id: r[0], name: r[1], type: W[r[2]], jurisdiction: word(r[3]), x: r[4], y: r[5], size: r[6],
              issue: word(extra.issue), gaps: extra.gaps || [], more: extra.more || 0, claims: [] };
    n.group = extra.group || n.type;
    n.fullLabel = n.gaps.length ? n.name + "\n" + meta.gapSymbol + " " + n.gaps.join(", ") : n.name;
    n.title = n.name + " (" + n.type + ")";
    if (!meta.labelsOnDemand || n.gaps.length) n.label = n.fullLabel;
    return n;
  });
  var byId = new Map();
  var issueNodes = new Map();  // issue@jurisdiction → the issue's node there
  nodeList.forEach(function (n) {
    byId.set(n.id, n);
    if (n.issue) issueNodes.set(n.issue + "@" + (n.jurisdiction || ""), n.id);
  });

  function nodeId(ref) { return typeof ref === "number" ? nodeList[ref].id : ref; }
  function nameOf(ref) { return typeof ref === "number" ? nodeList[ref].name : (data.names[ref] || ref); }

  var claims = data.claims.map(function (r) {
    var c = {
      id: r.id, subject: nodeId(r.s), predicate: W[r.p], object: r.o === undefined ? null : nodeId(r.o),
      issue: word(r.i), jurisdiction: word(r.j), mode: word(r.m), basis: word(r.b), status: word(r.st),
      negated: r.n === 1, review: r.r || null, role: r.role, what: r.what, since: r.since, until: r.until,
      attributed_to: r.a === undefined ? null : nodeId(r.a),
      quotes: r.q.map(function (q) { return { quote: q[0], document: data.documents[q[1]] }; }),
    };
    c.subject_name = nameOf(r.s);
    if (c.object) c.object_name = nameOf(r.o);
    if (c.issue) c.issue_label = data.issueLabels[c.issue];
    if (c.attributed_to) c.attributed_name = nameOf(r.a);
    return c;
  });
  var claimById = new Map(claims.map(function (c) { return [c.id, c]; }));
  // a claim's edge joins its subject to its object, or to its issue's node in its jurisdiction
  function target(c) { return c.object || issueNodes.get(c.issue + "@" + (c.jurisdiction || "")) || null; }
  data.claims.forEach(function (r, k) {
    if (r.g) return;  // cited by a gap only: not the view's
    var c = claims[k];
    [c.subject, target(c)].forEach(function (id, i, ends) {
      if (id && byId.has(id) && (i === 0 || id !== ends[0])) byId.get(id).claims.push(c.id);
    });
  });
  Object.keys(data.gaps).forEach(function (id) {
    data.gaps[id].forEach(function (g) { g.claims = g.claims.map(function (k) { return claims[k].id; }); });
  });

  // "A owns B (about X)": who, the predicate (negated or not), what or whom, between the given marks
  function claimText(c, afterSubject, afterVerb) {
    var s = c.subject_name + afterSubject + (c.negated ? "not " : "") + words(c.predicate) + afterVerb +
      ((c.object ? c.object_name : c.issue_label) || "");
    return c.object && c.issue ? s + " (about " + c.issue_label + ")" : s;
  }

  function edgeTitle(c) {
    var extra = [c.mode, c.basis, c.status !== "current" ? c.status : null].filter(Boolean).join(", ");
    return claimText(c, " ", " ") + (extra ? " [" + extra + "]" : "");
  }

  var edgeList = [];
  var pairs = new Map();  // edges between the same two nodes curve apart on a small map
  data.claims.forEach(function (r, k) {
    if (r.e === undefined) return;
    var c = claims[k];
    var e = Object.assign({ id: c.id, from: c.subject, to: target(c), predicate: c.predicate, issue: c.issue,
                            title: edgeTitle(c) }, data.edgeStyles[r.e]);
    if (!meta.large) {
      var pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
      var seen = pairs.get(pair) || 0;
      pairs.set(pair, seen + 1);
      if (seen) e.smooth = { enabled: true, type: "curvedCW", roundness: 0.18 * seen };
    }
    edgeList.push(e);
  });
  data.gapLinks.links.forEach(function (g) {
    var from = nodeList[g[0]], to = nodeList[g[1]];
    edgeList.push(Object.assign({ id: "gap:" + from.id + ":" + to.id, from: from.id, to: to.id,
                                  predicate: data.gapLinks.predicate, issue: from.issue,
                                  title: "named in the gap: " + g[2] }, data.gapLinks.style));
  });

  var adjacency = new Map();
  nodeList.forEach(function (n) { adjacency.set(n.id, []); });
  edgeList.forEach(function (e) {
    adjacency.get(e.from).push(e);
    if (e.to !== e.from) adjacency.get(e.to).push(e);
  });

  // -- small DOM helpers: text only ---------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function words(s) { return String(s || "").replace(/_/g, " "); }
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // -- filters ------------------------------------------------------------------------------
  var state = {
    types: new Set(data.filters.types),
    predicates: new Set(data.filters.predicates),
    issue: "",
    gaps: "",
  };
  var visibleNodes = new Set(byId.keys());
  var visibleEdges = new Set(edgeList.map(function (e) { return e.id; }));

  function computeVisibility() {
    var edgesOk = edgeList.filter(function (e) { return state.predicates.has(e.predicate); });
    var nodesOk = new Set();
    byId.forEach(function (n, id) { if (state.types.has(n.type)) nodesOk.add(id); });
    if (state.issue) {
      var keep = new Set();
      byId.forEach(function (n, id) { if (n.issue === state.issue) keep.add(id); });
      edgesOk.forEach(function (e) { if (e.issue === state.issue) { keep.add(e.from); keep.add(e.to); } });
      edgesOk = edgesOk.filter(function (e) { return e.issue === state.issue || (!e.issue && keep.has(e.from) && keep.has(e.to)); });
      nodesOk = new Set(Array.from(nodesOk).filter(function (id) { return keep.has(id); }));
    }
    if (state.gaps) {
      var near = new Set();
      byId.forEach(function (n, id) {
        if (!n.gaps.length || (state.gaps !== "*" && n.gaps.indexOf(state.gaps) < 0)) return;
        near.add(id);
        adjacency.get(id).forEach(function (e) { near.add(e.from); near.add(e.to); });
        (data.gaps[id] || []).forEach(function (g) {
          if (state.gaps !== "*" && g.kind !== state.gaps) return;
          g.claims.forEach(function (cid) {
            var c = claimById.get(cid);
            if (!c) return;
            near.add(c.subject);
            if (c.object) near.add(c.object);
          });
        });
      });
      nodesOk = new Set(Array.from(nodesOk).filter(function (id) { return near.has(id); }));
    }
    visibleNodes = nodesOk;
    visibleEdges = new Set(edgesOk.filter(function (e) {
      return nodesOk.has(e.from) && nodesOk.has(e.to);
    }).map(function (e) { return e.id; }));
  }

  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visibleEdges.has(e.id); } });

  function applyFilters() {
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
    showCounts();
    updateLabels();
  }

  function showCounts() {
    var text = visibleNodes.size + " of " + byId.size + " nodes · " + visibleEdges.size + " of " +
      edgeList.length + " edges · " + meta.counts.gaps + " gaps";
    document.getElementById("map-counts").textContent = text;
  }

  function checkbox(container, value, label, set) {
    var wrap = el("label", "map-check");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = value;
    box.addEventListener("change", function () {
      if (box.checked) set.add(value); else set.delete(value);
      applyFilters();
    });
    wrap.appendChild(box);
    wrap.appendChild(document.createTextNode(" " + label));
    container.appendChild(wrap);
  }

  function buildControls() {
    var types = document.getElementById("filter-types");
    data.filters.types.forEach(function (t) { checkbox(types, t, words(t), state.types); });
    var preds = document.getElementById("filter-predicates");
    data.filters.predicates.forEach(function (p) { checkbox(preds, p, words(p), state.predicates); });
    var issue = document.getElementById("filter-issue");
    data.filters.issues.forEach(function (pair) {
      var opt = el("option", null, pair[1]);
      opt.value = pair[0];
      issue.appendChild(opt);
    });
    issue.addEventListener("change", function () { state.issue = issue.value; applyFilters(); });
    var gaps = document.getElementById("filter-gaps");
    data.filters.gapKinds.forEach(function (k) {
      var opt = el("option", null, "gaps only: " + k);
      opt.value = k;
      gaps.appendChild(opt);
    });
    gaps.addEventListener("change", function () { state.gaps = gaps.value; applyFilters(); });
    document.getElementById("toggle-labels").addEventListener("change", updateLabels);
    document.getElementById("map-reset").addEventListener("click", function () {
      resetFilters();
      network.fit();
    });
  }

  function resetFilters() {
    state.types = new Set(data.filters.types);
    state.predicates = new Set(data.filters.predicates);
    state.issue = "";
    state.gaps = "";
    document.querySelectorAll(".map-controls input[type=checkbox][value]").forEach(function (b) { b.checked = true; });
    document.getElementById("filter-issue").value = "";
    document.getElementById("filter-gaps").value = "";
    applyFilters();
  }

  // -- the network --------------------------------------------------------------------------
  var container = document.getElementById("map-canvas");
  var options = data.options;  // groups give each type its look; large maps have no physics
  computeVisibility();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  api.network = network;
  api.nodes = nodes;
  api.edges = edges;
  api.nodeView = nodeView;
  api.edgeView = edgeView;

  network.once("afterDrawing", function () {
    api.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });
  network.once("stabilized", function () {
    network.setOptions({ physics: { enabled: false } });
    network.once("animationFinished", function () { api.stabilizedAt = performance.now(); });
    network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  });
  if (!meta.large) {
    // start where Python put the nodes, framed
    network.once("afterDrawing", function () { network.fit({ animation: false }); });
  }

  // -- labels on demand (large maps) ----------------------------------------------------------
  var LABEL_SCALE = 0.55;
  var LABEL_MAX = 400;
  var permanent = new Set(nodeList.filter(function (n) { return n.label; }).map(function (n) { return n.id; }));
  var labelled = new Set();
  var wanted = new Set();  // selected nodes and their neighbours

  function setLabels(ids) {
    var updates = [];
    labelled.forEach(function (id) {
      if (!ids.has(id) && !permanent.has(id)) updates.push({ id: id, label: "" });
    });
    ids.forEach(function (id) {
      if (!labelled.has(id) && !permanent.has(id)) updates.push({ id: id, label: byId.get(id).fullLabel });
    });
    labelled = ids;
    if (updates.length) nodes.update(updates);
  }

  function updateLabels() {
    if (!meta.labelsOnDemand) return;
    var ids = new Set(wanted);
    if (document.getElementById("toggle-labels").checked) {
      visibleNodes.forEach(function (id) { ids.add(id); });
    } else if (network.getScale() >= LABEL_SCALE) {
      var scale = network.getScale();
      var centre = network.getViewPosition();
      var halfW = container.clientWidth / scale / 2, halfH = container.clientHeight / scale / 2;
      var pos = network.getPositions(Array.from(visibleNodes));
      var count = 0;
      for (var id in pos) {
        if (count >= LABEL_MAX) break;
        var p = pos[id];
        if (Math.abs(p.x - centre.x) <= halfW && Math.abs(p.y - centre.y) <= halfH) { ids.add(id); count++; }
      }
    }
    setLabels(ids);
  }

  var labelTimer = null;
  function laterLabels() {
    if (labelTimer) clearTimeout(labelTimer);
    labelTimer = setTimeout(updateLabels, 150);
  }
  network.on("zoom", laterLabels);
  network.on("dragEnd", laterLabels);
  network.on("animationFinished", laterLabels);

  // -- the side panel -------------------------------------------------------------------------
  var panel = document.getElementById("map-panel");

  function documentLine(q) {
    var doc = q.document;
    var line = el("cite", "quote-source", (doc.title || doc.id) + (doc.published ? " (" + doc.published + ")" : ""));
    line.setAttribute("data-document", doc.id);
    return line;
  }

  function claimBlock(cid) {
    var c = claimById.get(cid);
    var block = el("article", "claim");
    block.setAttribute("data-claim", cid);
    if (!c) { block.appendChild(el("p", null, cid)); return block; }
    block.appendChild(el("p", "claim-sentence", claimText(c, " — ", " → ")));
    var details = [c.mode, c.basis, c.status, c.role, c.what ? "missing: " + c.what : null,
      c.since ? "since " + c.since : null, c.until ? "until " + c.until : null,
      c.jurisdiction].filter(Boolean);
    if (details.length) block.appendChild(el("p", "claim-details", details.join(" · ")));
    if (c.attributed_to) block.appendChild(el("p", "claim-details", "according to " + c.attributed_name));
    if (c.review === "rejected") {
      block.classList.add("rejected");
      block.appendChild(el("p", "claim-review", "rejected by a reviewer: not drawn on the map"));
    } else if (c.review === "confirmed") {
      block.appendChild(el("p", "claim-review", "confirmed by a reviewer"));
    }
    (c.quotes || []).forEach(function (q) {
      var fig = el("figure", "quote");
      fig.appendChild(el("blockquote", null, q.quote ? "“" + q.quote + "”" : "(no quote)"));
      var cap = el("figcaption");
      cap.appendChild(documentLine(q));
      fig.appendChild(cap);
      block.appendChild(fig);
    });
    return block;
  }

  function claimList(title, ids, limit) {
    var section = el("section", "claims");
    section.appendChild(el("h3", null, title + " (" + ids.length + ")"));
    ids.slice(0, limit).forEach(function (cid) { section.appendChild(claimBlock(cid)); });
    if (ids.length > limit) section.appendChild(el("p", "claim-details", "… and " + (ids.length - limit) + " more"));
    return section;
  }

  function showNode(id) {
    var n = byId.get(id);
    if (!n) return;
    clear(panel);
    panel.setAttribute("data-node", id);
    panel.appendChild(el("h2", "panel-title", n.name));
    panel.appendChild(el("p", "panel-meta", [words(n.type), n.jurisdiction, n.id].filter(Boolean).join(" · ")));
    if (n.more) {
      panel.appendChild(el("p", "panel-note", n.more + " claims touch this node; the map does not follow them all."));
    }
    var gaps = data.gaps[id] || [];
    if (gaps.length) {
      var gs = el("section", "gaps");
      gs.appendChild(el("h3", null, "Gaps (" + gaps.length + ")"));
      gaps.forEach(function (g) {
        var box = el("article", "gap");
        box.setAttribute("data-gap", g.kind);
        box.appendChild(el("p", "gap-kind", "⚠ " + g.kind + " · severity " + g.severity.toFixed(2) +
          (g.explicit ? " · stated" : " · inferred")));
        box.appendChild(el("p", "gap-summary", g.summary));
        if (g.includedIn) {
          var parent = nodes.get(g.includedIn);
          box.appendChild(el("p", "gap-included", "Part of the gap on " + (parent ? parent.name : g.includedIn) + "."));
        }
        (g.conflicts || []).forEach(function (text) { box.appendChild(el("p", "gap-conflict", "⚖ " + text)); });
        g.claims.slice(0, 20).forEach(function (cid) { box.appendChild(claimBlock(cid)); });
        gs.appendChild(box);
      });
      panel.appendChild(gs);
    }
    panel.appendChild(claimList("Claims", n.claims, 150));
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    clear(panel);
    panel.setAttribute("data-edge", id);
    panel.removeAttribute("data-node");
    var c = claimById.get(id);
    panel.appendChild(el("h2", "panel-title", c ? claimText(c, " — ", " → ") : id));
    panel.appendChild(claimList("Claim", [id], 1));
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      showNode(params.nodes[0]);
      wantLabelsAround(params.nodes[0]);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });

  function wantLabelsAround(id) {
    if (!meta.labelsOnDemand) return;
    wanted = new Set([id]);
    adjacency.get(id).forEach(function (e) { wanted.add(e.from); wanted.add(e.to); });
    updateLabels();
  }

  // -- search -----------------------------------------------------------------------------------
  var search = document.getElementById("map-search");
  var results = document.getElementById("map-search-results");
  var index = nodeList.map(function (n) { return [fold(n.name) + " " + fold(n.id), n.id]; });

  function matches(text) {
    var q = fold(text).trim();
    if (!q) return [];
    var out = [];
    for (var i = 0; i < index.length && out.length < 12; i++) {
      if (index[i][0].indexOf(q) >= 0) out.push(index[i][1]);
    }
    return out;
  }

  function focusNode(id) {
    if (!byId.has(id)) return false;
    if (!visibleNodes.has(id)) resetFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 300 } });
    showNode(id);
    wantLabelsAround(id);
    results.hidden = true;
    return true;
  }

  search.addEventListener("input", function () {
    clear(results);
    var found = matches(search.value);
    found.forEach(function (id) {
      var n = byId.get(id);
      var li = el("li");
      var b = el("button", "search-hit", n.name + " (" + words(n.type) + ")");
      b.type = "button";
      b.addEventListener("click", function () { focusNode(id); });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = found.length === 0;
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = matches(search.value);
      if (found.length) focusNode(found[0]);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });

  buildControls();
  showCounts();
  api.applyFilters = applyFilters;
  api.resetFilters = resetFilters;
  api.state = state;
  api.focusNode = focusNode;
  api.showNode = showNode;
  api.showEdge = showEdge;
  api.visibleNodes = function () { return Array.from(visibleNodes); };
  api.visibleEdges = function () { return Array.from(visibleEdges); };
  api.ready = true;
})();
