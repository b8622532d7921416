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
    "peil:tip": function (p) {
      return p && p.data && typeof p.data.tip === "string" ? p.data.tip : "";
    }
  };
  function link(o) {
    if (!o || typeof o !== "object") { return; }
    for (var k in o) {
      var v = o[k];
      if (k === "formatter" && typeof v === "string" && formatters.hasOwnProperty(v)) {
        o[k] = formatters[v];
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
