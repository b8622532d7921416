(function () {
  var me = document.currentScript;
  var id = me && me.getAttribute("data-chart");
  var months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
  var formatters = {
    "peil:number": function (v) { return Number(v).toLocaleString("nl-NL"); },
    "peil:euro": function (v) { return "\u20ac\u00a0" + Number(v).toLocaleString("nl-NL"); },
    "peil:date": function (v) {
      var d = new Date(v);
      return (d.getDate() === 1 ? "" : d.getDate() + " ") + months[d.getMonth()] + " " + d.getFullYear();
    },
    "peil:percent": function (v) {
      var n = Number(v);
      return (n > 0 ? "+" : n < 0 ? "\u2212" : "") + Math.abs(n).toLocaleString("nl-NL") + "%";
    },
    "peil:tip": function (p) {
      return p && p.data && typeof p.data.tip === "string" ? p.data.tip : "";
    }
  };
  var renderers = {
    "peil:span": function (params, api) {
      var a = api.coord([api.value(0), api.value(2)]);
      var b = api.coord([api.value(1), 0]);
      var x = Math.min(a[0], b[0]), y = Math.min(a[1], b[1]);
      return {
        type: "rect",
        shape: { x: x, y: y, width: Math.max(Math.abs(b[0] - a[0]), 2), height: Math.abs(b[1] - a[1]) },
        style: api.style()
      };
    }
  };
  function today() {
    var d = new Date();
    var names = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
    return d.getDate() + "\u00a0" + names[d.getMonth()] + "\u00a0" + d.getFullYear(); // one word for wrap
  }
  function link(o) {
    if (!o || typeof o !== "object") { return; }
    for (var k in o) {
      var v = o[k];
      if (k === "formatter" && typeof v === "string" && formatters.hasOwnProperty(v)) {
        o[k] = formatters[v];
      } else if (k === "renderItem" && typeof v === "string" && renderers.hasOwnProperty(v)) {
        o[k] = renderers[v];
      } else if (k === "subtext" && typeof v === "string") {
        o[k] = v.split(" {gemaakt}").join("\u00a0{gemaakt}").split("{gemaakt}").join(today());
      } else {
        link(v);
      }
    }
  }
  var ruler = document.createElement("canvas").getContext("2d");
  // wrap breaks text into lines no wider than width in the font css, at
  // spaces; "a · b" breaks after the dot, never before it.
  function wrap(text, css, width) {
    ruler.font = css;
    var out = [], line = "";
    text.split(" \u00b7 ").join("\u00a0\u00b7 ").split(" ").forEach(function (w) {
      var next = line ? line + " " + w : w;
      if (line && ruler.measureText(next).width > width) { out.push(line); line = w; } else { line = next; }
    });
    if (line) { out.push(line); }
    return out.join("\n").split("\u00a0").join(" ");
  }
  function draw() {
    var el = id && document.getElementById(id);
    var src = id && document.getElementById(id + "-options");
    if (!el || !src || !window.echarts) { return; }
    var options = JSON.parse(src.textContent);
    link(options);
    var t = options.title, grid = [].concat(options.grid || [])[0];
    var text = t && t.text, sub = t && t.subtext, top = grid && parseFloat(grid.top);
    var height = parseFloat(el.getAttribute("data-height"));
    // The title and its subtitle wrap to the chart's width (a phone's too),
    // so the saved PNG shows them whole; the plot moves down by the lines
    // added and the chart grows by as much.
    function fit() {
      var extra = 0;
      if (text && grid && !isNaN(top)) {
        var w = el.clientWidth;
        t.text = wrap(text, "bold 14px sans-serif", Math.max(w - 56, 120));
        t.subtext = sub ? wrap(sub, "11px sans-serif", Math.max(w - 24, 120)) : sub;
        extra = (t.text.split("\n").length - 1) * 18 + (sub ? (t.subtext.split("\n").length - 1) * 14 : 0);
        grid.top = top + extra;
      }
      el.style.height = isNaN(height) ? el.getAttribute("data-height") : height + extra + "px";
    }
    el.style.width = el.getAttribute("data-width");
    fit();
    var chart = window.echarts.init(el);
    chart.setOption(options);
    window.addEventListener("resize", function () {
      fit();
      chart.resize();
      chart.setOption({title: t, grid: grid});
    });
    // On paper the toolbox's download icon means nothing.
    function paper(print) {
      if (options.toolbox) { chart.setOption({toolbox: {show: !print}}); }
    }
    window.addEventListener("beforeprint", function () { paper(true); });
    window.addEventListener("afterprint", function () { paper(false); });
    var media = window.matchMedia && window.matchMedia("print");
    if (media && media.addEventListener) {
      media.addEventListener("change", function (e) { paper(e.matches); });
      if (media.matches) { paper(true); }
    }
  }
  if (window.echarts) { draw(); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
