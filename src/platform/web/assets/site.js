// Progressive enhancement only: every page works without this file.
// 1. An error summary takes focus when the page loads, so screen readers
//    announce it and keyboard users start there (GOV.UK pattern).
// 2. A link in the summary moves focus to its field and scrolls its label
//    into view, instead of only jumping to the input.
(function () {
  'use strict';
  function init() {
    var summary = document.querySelector('[data-error-summary]');
    if (!summary) return;
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (!link) return;
      var input = document.getElementById(link.getAttribute('href').slice(1));
      if (!input) return;
      event.preventDefault();
      var label = document.querySelector('label[for="' + input.id + '"]');
      (label || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
