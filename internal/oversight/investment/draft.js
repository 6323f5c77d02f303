// draft.js: keeps a site-visit form through a bad connection. The form works without it (a
// plain POST, with a "save draft" button the server keeps). With it, every field typed is
// copied to the phone's localStorage as it changes and put back when the page loads again;
// the form is sent with fetch, so that when the link drops the page stays as it is, with what
// was typed, and says so (the texts come from the page, in its language); the server's answer
// is then drawn as it came. The copy is removed once the server has the visit (the page it
// leads to also names the copies to drop in data-draft-clear). Photos cannot be kept this way: the page says they must be chosen again.
// Text goes in with textContent only.
(function () {
  'use strict';
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { store = null; }

  var clear = document.querySelector('[data-draft-clear]');
  if (clear && store) {
    clear.getAttribute('data-draft-clear').split(' ').forEach(function (k) { if (k) store.removeItem(k); });
  }

  var form = document.querySelector('form[data-draft-key]');
  if (!form) return;
  var key = form.getAttribute('data-draft-key');
  var status = document.getElementById('draft-status');

  function say(attr, bad) {
    if (!status) return;
    status.textContent = form.getAttribute(attr) || '';
    status.className = bad ? 'notice' : 'flash';
    status.hidden = false;
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== 'file' && el.type !== 'submit' && el.type !== 'button' && el.type !== 'hidden';
    });
  }

  function save() {
    if (!store) return;
    var data = {};
    fields().forEach(function (el) {
      if (el.type === 'radio') {
        if (el.checked) data[el.name] = el.value;
      } else if (el.type === 'checkbox') {
        data[el.name] = el.checked ? el.value : '';
      } else {
        data[el.name] = el.value;
      }
    });
    try { store.setItem(key, JSON.stringify({ at: Date.now(), v: data })); } catch (e) { /* storage full: the form still works */ }
  }

  function restore() {
    if (!store) return false;
    var raw = store.getItem(key);
    if (!raw) return false;
    var saved;
    try { saved = JSON.parse(raw).v || {}; } catch (e) { return false; }
    var changed = false;
    fields().forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(saved, el.name)) return;
      var v = saved[el.name];
      if (el.type === 'radio') {
        if ((el.value === v) !== el.checked) { el.checked = el.value === v; changed = true; }
      } else if (el.type === 'checkbox') {
        if ((v === el.value) !== el.checked) { el.checked = v === el.value; changed = true; }
      } else if (el.value !== v) {
        el.value = v; changed = true;
      }
    });
    return changed;
  }

  if (form.getAttribute('data-draft-saved') === '1' && store) {
    store.removeItem(key); // the server has just saved what is drawn
  } else if (restore()) {
    say('data-msg-restored', false);
  }
  form.addEventListener('input', save);
  form.addEventListener('change', save);

  if (!window.fetch || !window.FormData) return;
  var sending = false;
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (sending) return;
    save();
    var data = new FormData(form);
    var by = ev.submitter;
    if (by && by.name) data.append(by.name, by.value);
    if (navigator.onLine === false) { say('data-msg-offline', true); return; }
    sending = true;
    say('data-msg-sending', false);
    // form.action would be the buttons named "action", not the address.
    fetch(form.getAttribute('action'), { method: 'POST', body: data, credentials: 'same-origin', redirect: 'follow' }).then(function (resp) {
      return resp.text().then(function (html) {
        sending = false;
        var path = new URL(resp.url).pathname;
        // Only a visit's page means the server has the visit; a sign-in page does not.
        if (store && resp.ok && resp.redirected && /^\/du-an\/[^/]+\/giam-sat\/[^/]+$/.test(path) && !/\/moi$/.test(path)) {
          store.removeItem(key);
        }
        // Draw the answer as it came (the visit with its flash, or the form with its errors, the
        // copy kept until the visit is saved) without asking the server again on a bad link.
        document.open();
        document.write(html);
        document.close();
        if (resp.redirected) history.replaceState(null, '', resp.url);
      });
    }).catch(function () {
      sending = false;
      say('data-msg-offline', true);
    });
  });
})();
