// Delivery console, progressive enhancement only (every page works without it):
// a season's page fetches its live parts (the progress sentence, the figures
// and the charts, rendered by the server from one reading of the season, so
// they always agree) every 2 seconds and puts each in place of the part it
// names. The progress sentence is an aria-live="polite" region, so screen
// readers hear it change without losing their place; the figures and charts
// change silently. Polling stops when the server says nothing more will
// change (no notice still being sent) or a request fails.

function replaceParts(fragment: HTMLElement): void {
  Array.from(fragment.querySelectorAll<HTMLElement>('[data-part]')).forEach((part) => {
    const target = document.getElementById(part.dataset.part ?? '');
    if (!target) return;
    if (target.hasAttribute('aria-live')) {
      // Text only, and only when it changed: a live region announces every change.
      if (target.textContent !== part.textContent) target.textContent = part.textContent;
    } else if (target.innerHTML !== part.innerHTML) {
      target.innerHTML = part.innerHTML;
    }
  });
}

function init(): void {
  const live = document.getElementById('season-live');
  const url = live?.dataset.liveUrl;
  if (!live || !url) return;
  let stopped = live.dataset.finished === '1';

  const poll = (): void => {
    if (stopped) return;
    fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      })
      .then((text) => {
        const fragment = new DOMParser().parseFromString(text, 'text/html').body.firstElementChild;
        if (!(fragment instanceof HTMLElement)) throw new Error('no live parts');
        replaceParts(fragment);
        if (fragment.dataset.finished === '1') stopped = true;
      })
      .catch(() => {
        stopped = true;
      })
      .then(() => {
        if (!stopped) window.setTimeout(poll, 2000);
      });
  };
  if (!stopped) window.setTimeout(poll, 2000);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
