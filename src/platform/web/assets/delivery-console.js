// Delivery console, progressive enhancement only (every page works without it):
// the season page polls its summary every 2 seconds and updates the figures
// in place; the progress sentence is an aria-live="polite" region, so screen
// readers hear it change without losing their place. Polling stops when no
// notice is still being sent electronically.
(function () {
  'use strict';
  function init() {
    var live = document.getElementById('season-live');
    if (!live || !window.fetch) return;
    var url = live.getAttribute('data-summary-url');
    var locale = live.getAttribute('data-locale') === 'en' ? 'en' : 'ko';
    var tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
    var template = live.getAttribute('data-progress-template') || '';
    var progress = document.getElementById('season-progress');
    function n(v) { return Number(v).toLocaleString(tag); }
    function krw(v) { return locale === 'ko' ? n(v) + '원' : 'KRW ' + n(v); }
    function pct(v) { return (Math.round(v * 1000) / 10).toLocaleString(tag) + '%'; }
    function set(field, text) {
      var el = live.querySelector('[data-field="' + field + '"]');
      if (el && el.textContent !== text) el.textContent = text;
    }
    var stopped = live.getAttribute('data-finished') === '1';
    function apply(s) {
      var delivered = 0;
      for (var k in s.delivered) if (Object.prototype.hasOwnProperty.call(s.delivered, k)) delivered += s.delivered[k];
      var sending = s.pending - s.awaiting_paper;
      set('notices', n(s.notices));
      set('applicants', n(s.applicants));
      set('final', n(s.final));
      set('sending', n(sending));
      set('delivered_total', n(delivered));
      set('returned', n(s.returned));
      set('awaiting_paper', n(s.awaiting_paper));
      set('paper', n(s.paper));
      set('withdrawn', n(s.withdrawn));
      set('paper_cost_krw', krw(s.paper_cost_krw));
      set('electronic_delivery_rate', pct(s.electronic_delivery_rate));
      if (progress && template) {
        var text = template.replace('{notices}', n(s.notices)).replace('{final}', n(s.final))
          .replace('{sending}', n(sending)).replace('{paper}', n(s.awaiting_paper));
        if (progress.textContent !== text) progress.textContent = text;
      }
      if (sending === 0) stopped = true;
    }
    function poll() {
      if (stopped) return;
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (s) { apply(s); })
        .catch(function () { stopped = true; })
        .then(function () { if (!stopped) window.setTimeout(poll, 2000); });
    }
    if (!stopped) window.setTimeout(poll, 2000);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
