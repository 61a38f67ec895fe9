// Progressive enhancement only: every page works without this file.
// 1. An error summary takes focus when the page loads, so screen readers
//    announce it and keyboard users start there (GOV.UK pattern).
// 2. A link in the summary moves focus to its field and scrolls its label
//    into view, instead of only jumping to the input.
// 3. On staff pages, a warning two minutes before the session ends for
//    want of use, with a button that keeps it (POST /api/session/keep-alive).
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

  function sessionTimeout() {
    var box = document.querySelector('[data-session-timeout]');
    if (!box || !window.fetch) return;
    var message = box.querySelector('[data-session-timeout-message]');
    // Rows, not the controls, are hidden: the button's class sets its display.
    var stay = box.querySelector('[data-session-stay-row]');
    var stayButton = box.querySelector('[data-session-stay]');
    var signIn = box.querySelector('[data-session-sign-in-row]');
    var csrfField = document.querySelector('.staff-bar input[name="_csrf"]');
    var warnSeconds = Number(box.getAttribute('data-warn-seconds')) || 120;
    var timer = null;
    var focusBefore = null;

    function say(text, kind) {
      box.className = text ? 'notification' + (kind ? ' notification-' + kind : '') : '';
      message.textContent = text;
    }
    function schedule(secondsLeft) {
      clearTimeout(timer);
      timer = setTimeout(check, Math.max(0, secondsLeft - warnSeconds) * 1000);
    }
    function ended() {
      clearTimeout(timer);
      stay.hidden = true;
      signIn.hidden = false;
      say(box.getAttribute('data-text-ended'));
    }
    function times(response) {
      if (response.status === 401) return null;
      if (!response.ok) throw new Error('session check: ' + response.status);
      return response.json();
    }
    function warn(secondsLeft) {
      var minutes = String(Math.max(1, Math.ceil(secondsLeft / 60)));
      say(box.getAttribute('data-text-warning').replace('{minutes}', minutes));
      if (stay.hidden) {
        stay.hidden = false;
        focusBefore = document.activeElement;
        stayButton.focus();
      }
      clearTimeout(timer);
      timer = setTimeout(check, (secondsLeft + 1) * 1000);
    }
    // Another tab may have kept the session in use: ask (asking is not use) before warning.
    function check() {
      fetch('/api/session/idle', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(times)
        .then(function (t) {
          if (!t || t.secondsLeft <= 0) return ended();
          if (t.secondsLeft > warnSeconds + 5) {
            if (!stay.hidden) {
              stay.hidden = true;
              say('');
            }
            return schedule(t.secondsLeft);
          }
          warn(t.secondsLeft);
        })
        .catch(function () {
          clearTimeout(timer);
          timer = setTimeout(check, 30000);
        });
    }
    stayButton.addEventListener('click', function () {
      fetch('/api/session/keep-alive', {
        method: 'POST',
        headers: { accept: 'application/json', 'x-csrf-token': csrfField ? csrfField.value : '' },
        credentials: 'same-origin',
      })
        .then(times)
        .then(function (t) {
          if (!t) return ended();
          stay.hidden = true;
          say(box.getAttribute('data-text-extended'), 'success');
          if (focusBefore && focusBefore.focus && document.body.contains(focusBefore)) focusBefore.focus();
          schedule(t.secondsLeft);
        })
        .catch(function () {
          say(box.getAttribute('data-text-warning').replace('{minutes}', '1'));
        });
    });
    schedule(Number(box.getAttribute('data-seconds-left')) || 0);
  }

  function start() {
    init();
    sessionTimeout();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
