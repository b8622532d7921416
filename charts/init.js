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
    return d.getDate() + " " + names[d.getMonth()] + " " + d.getFullYear();
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
        o[k] = v.split("{gemaakt}").join(today());
      } else {
        link(v);
      }
    }
  }
  function draw() {
    var el = id && document.getElementById(id);
    var src = id && document.getElementById(id + "-options");
    if (!el || !src || !window.echarts) { return; }
    var options = JSON.parse(src.textContent);
    link(options);
    el.style.width = el.getAttribute("data-width");
    el.style.height = el.getAttribute("data-height");
    var chart = window.echarts.init(el);
    chart.setOption(options);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (window.echarts) { draw(); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
