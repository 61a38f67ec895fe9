// The lecture player (videos.resident.view.ts renders it; the station may
// place the same markup in a panel): chapter buttons, question links and
// transcript times seek the video; a view is reported when playback first
// starts and a completion when it first reaches 90 %, each with a random id
// of this browser tab (kept in sessionStorage, never a cookie), which the
// server only keeps hashed.

const TAB_KEY = 'taxstation.lecture-tab';
const COMPLETION_SHARE = 0.9;

function tabId(): string {
  try {
    const existing = sessionStorage.getItem(TAB_KEY);
    if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  } catch {
    // storage refused (private mode): a new id per page is still no personal data
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    sessionStorage.setItem(TAB_KEY, id);
  } catch {
    // as above
  }
  return id;
}

function report(url: string, kind: 'view' | 'completion'): void {
  const body = JSON.stringify({ kind, tab: tabId() });
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive: true, credentials: 'same-origin' }).catch(() => {
    // a count that does not arrive is only a count
  });
}

function setUp(root: HTMLElement): void {
  const video = root.querySelector<HTMLVideoElement>('video');
  if (!video) return;
  const eventsUrl = root.dataset.eventsUrl;
  let viewed = false;
  let completed = false;

  root.addEventListener('click', (event) => {
    const target = (event.target as Element | null)?.closest<HTMLElement>('[data-seek]');
    if (!target || !root.contains(target)) return;
    const seconds = Number(target.dataset.seek);
    if (!Number.isFinite(seconds)) return;
    event.preventDefault();
    video.currentTime = seconds;
    void video.play().catch(() => {
      // autoplay refused: the position is set, the viewer presses play
    });
    video.focus();
  });

  video.addEventListener('play', () => {
    if (viewed || !eventsUrl) return;
    viewed = true;
    report(eventsUrl, 'view');
  });
  video.addEventListener('timeupdate', () => {
    if (completed || !eventsUrl || !(video.duration > 0)) return;
    if (video.currentTime / video.duration >= COMPLETION_SHARE) {
      completed = true;
      report(eventsUrl, 'completion');
    }
  });
}

function start(): void {
  document.querySelectorAll<HTMLElement>('[data-lecture-player]').forEach((root) => {
    if (root.dataset.lecturePlayerReady) return;
    root.dataset.lecturePlayerReady = '1';
    setUp(root);
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

export {};
