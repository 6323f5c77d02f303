// queue.js: keeps the queue display (/man-hinh) current without reloading. The page works
// without it (it then reloads itself every few seconds); with it, the page polls the JSON feed
// named by data-poll, redraws the board and the latest calls, and reads each new call once to
// screen readers through the aria-live region. Text goes in with textContent only.
(function () {
  'use strict';
  var root = document.getElementById('queue-display');
  if (!root || !window.fetch) return;
  var url = root.getAttribute('data-poll');
  var board = document.getElementById('queue-board');
  var recent = document.getElementById('queue-recent');
  var waiting = document.getElementById('queue-waiting');
  var live = document.getElementById('queue-live');
  var every = 2500, delay = every;
  var seen = {};
  Array.prototype.forEach.call(recent.querySelectorAll('li[data-key]'), function (li) {
    seen[li.getAttribute('data-key')] = true;
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function draw(data) {
    var fresh = [];
    data.recent.forEach(function (c) { if (!seen[c.key]) fresh.push(c); });
    var freshCounters = {};
    fresh.forEach(function (c) { freshCounters[c.counter] = true; });

    var rows = document.createDocumentFragment();
    data.counters.forEach(function (c) {
      var tr = el('tr', freshCounters[c.counter] ? 'queue-fresh' : '');
      tr.appendChild(el('th', '', c.counter_name)).setAttribute('scope', 'row');
      var td = el('td', 'queue-number');
      if (c.ticket) td.textContent = c.ticket; else td.appendChild(el('span', 'queue-none', data.none));
      tr.appendChild(td);
      rows.appendChild(tr);
    });
    board.replaceChildren(rows);

    var items = document.createDocumentFragment();
    data.recent.forEach(function (c) {
      var li = el('li', seen[c.key] ? '' : 'queue-fresh', c.say + ' ');
      li.setAttribute('data-key', c.key);
      li.appendChild(el('small', '', c.at));
      items.appendChild(li);
    });
    if (!data.recent.length) items.appendChild(el('li', 'queue-none', data.empty));
    recent.replaceChildren(items);
    waiting.textContent = data.waiting_text;

    data.recent.forEach(function (c) { seen[c.key] = true; });
    if (fresh.length) {
      // Oldest first, at most three: a burst of calls is read in the order it happened.
      live.textContent = fresh.slice(0, 3).reverse().map(function (c) { return c.say; }).join('. ');
    }
  }

  function poll() {
    if (document.hidden) { setTimeout(poll, every); return; }
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { draw(data); delay = every; })
      .catch(function () { delay = Math.min(delay * 2, 30000); })
      .then(function () { setTimeout(poll, delay); });
  }
  setTimeout(poll, every);
})();
