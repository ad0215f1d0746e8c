/* The signifier controls over plain number inputs (which work alone, with no script):
   a triad's triangle (click, drag or arrow keys place a point; the three inputs follow, and typing
   in them moves the point), a dyad's slider beside its number, and stones on a two-axis canvas
   (each stone focusable, draggable and moved with the arrow keys). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 300, H = 260, PAD = 20;
  var CORNERS = [[W / 2, PAD], [PAD, H - PAD], [W - PAD, H - PAD]];

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function num(input) { var v = parseFloat((input.value || "").replace("%", "")); return isNaN(v) ? null : v; }
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
  function svgPoint(svg, event) {
    var rect = svg.getBoundingClientRect();
    return [(event.clientX - rect.left) * W / rect.width, (event.clientY - rect.top) * H / rect.height];
  }

  function triad(box) {
    var inputs = Array.prototype.slice.call(box.querySelectorAll("input[data-corner]"));
    var labels = Array.prototype.map.call(box.querySelectorAll("label"), function (l) { return l.textContent.replace(" (%)", ""); });
    var legend = box.closest("fieldset").querySelector("legend").textContent;
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, "class": "stories-triad__svg", role: "slider", tabindex: "0",
      "aria-label": legend + ": a point in the triangle. Arrow keys move it.", "aria-valuemin": "0", "aria-valuemax": "100"});
    el("polygon", {points: CORNERS.map(function (c) { return c.join(","); }).join(" "), "class": "stories-triad__shape"}, svg);
    CORNERS.forEach(function (c, i) {
      var text = el("text", {x: c[0], y: i === 0 ? c[1] - 6 : c[1] + 16, "text-anchor": i === 0 ? "middle" : (i === 1 ? "start" : "end"),
        "class": "stories-triad__label", "aria-hidden": "true"}, svg);
      text.textContent = labels[i];
    });
    var dot = el("circle", {r: 9, "class": "stories-triad__dot", visibility: "hidden"}, svg);
    box.parentNode.insertBefore(svg, box);
    var weights = null;

    function show() {
      var values = inputs.map(num);
      var total = values.reduce(function (s, v) { return s + (v || 0); }, 0);
      if (values.some(function (v) { return v === null; }) || total <= 0) { dot.setAttribute("visibility", "hidden"); weights = null; svg.setAttribute("aria-valuenow", "0"); svg.setAttribute("aria-valuetext", "not placed"); return; }
      weights = values.map(function (v) { return v / total; });
      var x = 0, y = 0;
      weights.forEach(function (w, i) { x += w * CORNERS[i][0]; y += w * CORNERS[i][1]; });
      dot.setAttribute("cx", x); dot.setAttribute("cy", y); dot.setAttribute("visibility", "visible");
      svg.setAttribute("aria-valuenow", String(values[0]));
      svg.setAttribute("aria-valuetext", values.map(function (v, i) { return labels[i] + " " + v + "%"; }).join(", "));
    }
    function place(w) {
      w = w.map(function (v) { return clamp(v, 0, 1); });
      var sum = w[0] + w[1] + w[2];
      var p = w.map(function (v) { return Math.round(v / sum * 100); });
      p[2] = 100 - p[0] - p[1];
      if (p[2] < 0) { p[1] += p[2]; p[2] = 0; }
      inputs.forEach(function (input, i) { input.value = String(p[i]); });
      show();
    }
    function fromPoint(pt) {
      var a = CORNERS[0], b = CORNERS[1], c = CORNERS[2];
      var det = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
      var l1 = ((b[1] - c[1]) * (pt[0] - c[0]) + (c[0] - b[0]) * (pt[1] - c[1])) / det;
      var l2 = ((c[1] - a[1]) * (pt[0] - c[0]) + (a[0] - c[0]) * (pt[1] - c[1])) / det;
      place([Math.max(0, l1), Math.max(0, l2), Math.max(0, 1 - l1 - l2)]);
    }
    var dragging = false;
    svg.addEventListener("pointerdown", function (e) { dragging = true; svg.setPointerCapture && svg.setPointerCapture(e.pointerId); fromPoint(svgPoint(svg, e)); });
    svg.addEventListener("pointermove", function (e) { if (dragging) { fromPoint(svgPoint(svg, e)); } });
    svg.addEventListener("pointerup", function () { dragging = false; });
    svg.addEventListener("keydown", function (e) {
      var moves = {ArrowUp: [0, -10], ArrowDown: [0, 10], ArrowLeft: [-10, 0], ArrowRight: [10, 0]};
      var move = moves[e.key];
      if (!move) { return; }
      e.preventDefault();
      var x = W / 2, y = (PAD + H - PAD) * 2 / 3 + PAD / 3;
      if (weights) { x = 0; y = 0; weights.forEach(function (w, i) { x += w * CORNERS[i][0]; y += w * CORNERS[i][1]; }); }
      fromPoint([x + move[0], y + move[1]]);
    });
    inputs.forEach(function (input) { input.addEventListener("input", show); });
    show();
  }

  function dyad(group) {
    var range = group.querySelector("[data-range]");
    var number = group.querySelector("[data-number]");
    range.hidden = false;
    range.value = num(number) === null ? 50 : clamp(num(number), 0, 100);
    range.addEventListener("input", function () { number.value = range.value; });
    number.addEventListener("input", function () { if (num(number) !== null) { range.value = clamp(num(number), 0, 100); } });
  }

  function stones(box) {
    var axes = (box.getAttribute("data-axes") || "").split("|");
    var S = 260, P = 24;
    var svg = el("svg", {viewBox: "0 0 " + S + " " + S, "class": "stories-stones__svg", "aria-hidden": "false", role: "group",
      "aria-label": "Canvas: across from " + axes[0] + " to " + axes[1] + ", up from " + axes[2] + " to " + axes[3]});
    el("rect", {x: P, y: P, width: S - 2 * P, height: S - 2 * P, "class": "stories-stones__area"}, svg);
    [[axes[0], P, S - 6, "start"], [axes[1], S - P, S - 6, "end"], [axes[3], P, P - 8, "start"], [axes[2], P + 4, S - P - 6, "start"]].forEach(function (t) {
      var text = el("text", {x: t[1], y: t[2], "text-anchor": t[3], "class": "stories-triad__label", "aria-hidden": "true"}, svg);
      text.textContent = t[0];
    });
    box.parentNode.insertBefore(svg, box);
    Array.prototype.forEach.call(box.querySelectorAll("[data-stone]"), function (item, index) {
      var x = item.querySelector("[data-axis=x]"), y = item.querySelector("[data-axis=y]");
      var label = item.getAttribute("data-label");
      var stone = el("g", {tabindex: "0", role: "slider", "class": "stories-stones__stone", "aria-valuemin": "0", "aria-valuemax": "100",
        "aria-label": label + ": arrow keys move it across and up"}, svg);
      el("circle", {r: 10}, stone);
      var text = el("text", {y: 4, "text-anchor": "middle", "aria-hidden": "true"}, stone);
      text.textContent = String(index + 1);
      function show() {
        var vx = num(x) === null ? 50 : clamp(num(x), 0, 100), vy = num(y) === null ? 50 : clamp(num(y), 0, 100);
        stone.setAttribute("transform", "translate(" + (P + vx / 100 * (S - 2 * P)) + "," + (S - P - vy / 100 * (S - 2 * P)) + ")");
        stone.setAttribute("aria-valuenow", String(vx));
        stone.setAttribute("aria-valuetext", num(x) === null ? "not placed" : "across " + vx + ", up " + vy);
      }
      function set(vx, vy) { x.value = String(Math.round(clamp(vx, 0, 100))); y.value = String(Math.round(clamp(vy, 0, 100))); show(); }
      var dragging = false;
      stone.addEventListener("pointerdown", function (e) { dragging = true; e.preventDefault(); stone.focus(); });
      svg.addEventListener("pointermove", function (e) {
        if (!dragging) { return; }
        var pt = svgPoint(svg, e);
        set((pt[0] - P) / (S - 2 * P) * 100, (S - P - pt[1]) / (S - 2 * P) * 100);
      });
      document.addEventListener("pointerup", function () { dragging = false; });
      stone.addEventListener("keydown", function (e) {
        var moves = {ArrowUp: [0, 5], ArrowDown: [0, -5], ArrowLeft: [-5, 0], ArrowRight: [5, 0]};
        var move = moves[e.key];
        if (!move) { return; }
        e.preventDefault();
        set((num(x) === null ? 50 : num(x)) + move[0], (num(y) === null ? 50 : num(y)) + move[1]);
      });
      x.addEventListener("input", show); y.addEventListener("input", show);
      show();
    });
  }

  document.querySelectorAll("[data-triad]").forEach(triad);
  document.querySelectorAll("[data-signifier=dyad]").forEach(dyad);
  document.querySelectorAll("[data-stones]").forEach(stones);
})();
