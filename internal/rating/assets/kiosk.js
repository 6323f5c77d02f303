// The counter tablet returns to its waiting screen by itself (data-refresh seconds after the
// last touch, to data-next); without JavaScript a <meta> refresh inside <noscript> does it.
(function () {
  var k = document.getElementById('rating-kiosk');
  if (!k) return;
  var secs = parseInt(k.getAttribute('data-refresh'), 10), next = k.getAttribute('data-next');
  if (!(secs > 0) || !next) return;
  var timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { location.replace(next); }, secs * 1000);
  }
  ['pointerdown', 'keydown', 'input'].forEach(function (e) { document.addEventListener(e, arm, true); });
  arm();
})();
