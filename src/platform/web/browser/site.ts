// The shared page script, on every page; progressive enhancement only: every
// page works without it.
// 1. An error summary takes focus when the page loads, so screen readers
//    announce it and keyboard users start there (GOV.UK pattern).
// 2. A link in the summary moves focus to its field and scrolls its label
//    into view, instead of only jumping to the input.
// 3. On staff pages, a warning two minutes before the session ends for
//    want of use, with a button that keeps it (POST /api/session/keep-alive).
// 4. In a panel (panel mode inside a frame of this site): links leaving the
//    feature open in the top window, Escape closes the panel (panel.ts).

import { panelMode } from './panel.ts';

/** What /api/session/idle and /api/session/keep-alive answer. */
interface SessionTimes {
  secondsLeft: number;
}

function errorSummary(): void {
  const summary = document.querySelector<HTMLElement>('[data-error-summary]');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (!link) return;
    const input = document.getElementById((link.getAttribute('href') ?? '#').slice(1));
    if (!input) return;
    event.preventDefault();
    const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    (label ?? input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
}

function sessionTimeout(): void {
  const box = document.querySelector<HTMLElement>('[data-session-timeout]');
  const message = box?.querySelector<HTMLElement>('[data-session-timeout-message]');
  // Rows, not the controls, are hidden: the button's class sets its display.
  const stay = box?.querySelector<HTMLElement>('[data-session-stay-row]');
  const stayButton = box?.querySelector<HTMLButtonElement>('[data-session-stay]');
  const signIn = box?.querySelector<HTMLElement>('[data-session-sign-in-row]');
  if (!box || !message || !stay || !stayButton || !signIn) return;
  const csrfField = document.querySelector<HTMLInputElement>('.staff-bar input[name="_csrf"]');
  const warnSeconds = Number(box.dataset.warnSeconds) || 120;
  const text = (name: 'textWarning' | 'textExtended' | 'textEnded') => box.dataset[name] ?? '';
  let timer: number | undefined;
  let focusBefore: Element | null = null;

  const say = (content: string, kind?: 'success'): void => {
    box.className = content ? `notification${kind ? ` notification-${kind}` : ''}` : '';
    message.textContent = content;
  };
  const schedule = (secondsLeft: number): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(0, secondsLeft - warnSeconds) * 1000);
  };
  const ended = (): void => {
    window.clearTimeout(timer);
    stay.hidden = true;
    signIn.hidden = false;
    say(text('textEnded'));
  };
  const times = async (response: Response): Promise<SessionTimes | null> => {
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(`session check: ${response.status}`);
    return (await response.json()) as SessionTimes;
  };
  const warn = (secondsLeft: number): void => {
    const minutes = String(Math.max(1, Math.ceil(secondsLeft / 60)));
    say(text('textWarning').replace('{minutes}', minutes));
    if (stay.hidden) {
      stay.hidden = false;
      focusBefore = document.activeElement;
      stayButton.focus();
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(check, (secondsLeft + 1) * 1000);
  };
  // Another tab may have kept the session in use: ask (asking is not use) before warning.
  const check = (): void => {
    fetch('/api/session/idle', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(times)
      .then((t) => {
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
      .catch(() => {
        window.clearTimeout(timer);
        timer = window.setTimeout(check, 30000);
      });
  };
  stayButton.addEventListener('click', () => {
    fetch('/api/session/keep-alive', {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': csrfField ? csrfField.value : '' },
      credentials: 'same-origin',
    })
      .then(times)
      .then((t) => {
        if (!t) return ended();
        stay.hidden = true;
        say(text('textExtended'), 'success');
        if (focusBefore instanceof HTMLElement && document.body.contains(focusBefore)) focusBefore.focus();
        schedule(t.secondsLeft);
      })
      .catch(() => {
        say(text('textWarning').replace('{minutes}', '1'));
      });
  });
  schedule(Number(box.dataset.secondsLeft) || 0);
}

function start(): void {
  errorSummary();
  sessionTimeout();
  panelMode();
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
