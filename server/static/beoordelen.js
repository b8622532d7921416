// Peil, /beoordelen: go through the queue by keyboard. j/k move to the next or
// previous figure; b confirms it; u undoes its decision; t, c, a and n put the cursor in the assign,
// correct, reject and new-indicator fields (Enter submits); Escape returns to
// the figure. After a decision the page opens at the next figure.
(function () {
  "use strict";
  var figures = Array.prototype.slice.call(document.querySelectorAll("article.figure"));
  if (!figures.length) { return; }
  var current = 0;
  function show(i) {
    if (i < 0 || i >= figures.length) { return; }
    current = i;
    figures[i].focus();
    figures[i].scrollIntoView({ block: "start" });
  }
  var start = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  show(start ? Math.max(figures.indexOf(start), 0) : 0);
  document.addEventListener("focusin", function (e) {
    var art = e.target.closest ? e.target.closest("article.figure") : null;
    if (art) { current = figures.indexOf(art); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target, typing = t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA";
    if (e.key === "Escape") { show(current); e.preventDefault(); return; }
    if (typing) { return; }
    var fig = figures[current];
    switch (e.key) {
      case "j": show(current + 1); break;
      case "k": show(current - 1); break;
      case "b": fig.querySelector('[data-key="b"]').click(); break;
      case "u": var undo = fig.querySelector('[data-key="u"]'); if (undo) { undo.click(); } break;
      case "t": case "c": case "a": case "n": pending = e.key; break; // the field gets the focus at keyup, so the letter is not typed into it
      default: return;
    }
    e.preventDefault();
  });
  var pending = "";
  document.addEventListener("keyup", function (e) {
    if (e.key !== pending) { return; }
    pending = "";
    var el = figures[current].querySelector('[data-key="' + e.key + '"]');
    el.focus();
    if (el.select) { el.select(); }
  });
})();
