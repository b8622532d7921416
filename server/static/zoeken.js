// Peil's search as you type. Served by the binary (CSP script-src 'self');
// without it every search form still works through ?q= on the server.
// The index (/zoekindex.json) holds each entry's text folded as the server
// folds it (lower case, accents removed); the query is folded the same way
// and every word of it must occur.
(function () {
  'use strict';

  // On paper: the full address and the date of printing.
  var months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
    'september', 'oktober', 'november', 'december'];
  window.addEventListener('beforeprint', function () {
    var addr = document.getElementById('printed-address');
    var date = document.getElementById('printed-date');
    var now = new Date();
    if (addr) {
      addr.textContent = window.location.href;
    }
    if (date) {
      date.textContent = now.getDate() + ' ' + months[now.getMonth()] + ' ' + now.getFullYear();
    }
  });

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function matches(text, q) {
    var words = q.split(/\s+/).filter(Boolean);
    for (var i = 0; i < words.length; i++) {
      if (text.indexOf(words[i]) < 0) {
        return false;
      }
    }
    return true;
  }

  var index = null;
  function loadIndex() {
    if (!index) {
      index = fetch('/zoekindex.json', { credentials: 'same-origin' }).then(function (res) {
        if (!res.ok) {
          throw new Error('zoekindex: status ' + res.status);
        }
        return res.json();
      });
    }
    return index;
  }

  // The search box in the header: suggestions under it as you type.
  var box = document.getElementById('site-q');
  if (box) {
    var list = document.createElement('ul');
    list.id = 'site-suggestions';
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    box.setAttribute('aria-controls', list.id);
    box.parentNode.appendChild(list);

    var item = function (href, text, note) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      a.setAttribute('role', 'option');
      li.appendChild(a);
      if (note) {
        var span = document.createElement('span');
        span.className = 'note';
        span.textContent = ' ' + note;
        li.appendChild(span);
      }
      return li;
    };

    var suggest = function () {
      var q = fold(box.value.trim());
      if (!q) {
        list.hidden = true;
        list.textContent = '';
        return;
      }
      loadIndex().then(function (idx) {
        if (fold(box.value.trim()) !== q) {
          return; // typed on meanwhile
        }
        list.textContent = '';
        var n = 0;
        idx.indicators.forEach(function (r) {
          if (n < 6 && matches(r.search, q)) {
            list.appendChild(item('/indicatoren/' + r.id, r.label, r.latest ? '(' + r.latest + ')' : ''));
            n++;
          }
        });
        var m = 0;
        idx.measures.forEach(function (e) {
          if (m < 4 && matches(e.search, q)) {
            var title = e.title.length > 70 ? e.title.slice(0, 68) + '…' : e.title;
            list.appendChild(item('/maatregelen/' + e.nr, 'Maatregel ' + e.nr + '. ' + title, ''));
            m++;
          }
        });
        list.appendChild(item('/indicatoren?q=' + encodeURIComponent(box.value.trim()), 'Alle resultaten', ''));
        list.hidden = false;
      }).catch(function () { list.hidden = true; });
    };
    box.addEventListener('input', suggest);
    box.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && !list.hidden && list.firstChild) {
        e.preventDefault();
        list.querySelector('a').focus();
      } else if (e.key === 'Escape') {
        list.hidden = true;
      }
    });
    list.addEventListener('keydown', function (e) {
      var li = document.activeElement && document.activeElement.parentNode;
      if (e.key === 'ArrowDown' && li && li.nextSibling) {
        e.preventDefault();
        li.nextSibling.querySelector('a').focus();
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        if (li && li.previousSibling) {
          li.previousSibling.querySelector('a').focus();
        } else {
          box.focus();
        }
      } else if (e.key === 'Escape') {
        list.hidden = true;
        box.focus();
      }
    });
  }

  // The index pages: the table narrows as you type. The server renders every
  // row the other filters allow and hides those the search excludes, so
  // showing them again needs no request.
  var iq = document.getElementById('index-q');
  var table = document.getElementById('index-table');
  if (iq && table) {
    var kind = iq.getAttribute('data-index');
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.getElementById('index-count');
    var empty = document.getElementById('index-empty');
    var noun = kind === 'measures' ? 'maatregelen' : 'indicatoren';
    var total = count ? count.getAttribute('data-total') : '';
    var narrow = function () {
      var raw = iq.value.trim();
      var q = fold(raw);
      loadIndex().then(function (idx) {
        if (fold(iq.value.trim()) !== q) {
          return;
        }
        var hit = {};
        (kind === 'measures' ? idx.measures : idx.indicators).forEach(function (e) {
          if (matches(e.search, q)) {
            hit[kind === 'measures' ? String(e.nr) : e.id] = true;
          }
        });
        var shown = 0;
        rows.forEach(function (tr) {
          tr.hidden = !hit[tr.getAttribute('data-id')];
          if (!tr.hidden) {
            shown++;
          }
        });
        if (count) {
          count.textContent = shown + ' van ' + total + ' ' + noun;
        }
        if (empty) {
          empty.hidden = shown > 0;
        }
        var url = new URL(window.location.href);
        if (raw) {
          url.searchParams.set('q', raw);
        } else {
          url.searchParams.delete('q');
        }
        window.history.replaceState(null, '', url.pathname + url.search);
      }).catch(function () {});
    };
    iq.addEventListener('input', narrow);
    var form = document.getElementById('index-filters');
    if (form) {
      Array.prototype.forEach.call(form.querySelectorAll('select, input[type=checkbox]'), function (el) {
        el.addEventListener('change', function () { form.submit(); });
      });
    }
  }
}());
