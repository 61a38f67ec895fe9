// Delivery console, progressive enhancement only (every page works without it):
// the season page polls its summary every 2 seconds and updates the figures
// in place; the progress sentence is an aria-live="polite" region, so screen
// readers hear it change without losing their place. Polling stops when no
// notice is still being sent electronically.

/** The figures it shows from GET /api/seasons/:id/summary (SeasonSummary, src/delivery/season-summary.ts). */
interface SeasonFigures {
  notices: number;
  applicants: number;
  final: number;
  pending: number;
  awaiting_paper: number;
  delivered: Record<string, number>;
  returned: number;
  paper: number;
  paper_cost_krw: number;
  withdrawn: number;
  electronic_delivery_rate: number;
}

function init(): void {
  const live = document.getElementById('season-live');
  const url = live?.dataset.summaryUrl;
  if (!live || !url) return;
  const locale = live.dataset.locale === 'en' ? 'en' : 'ko';
  const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
  const template = live.dataset.progressTemplate ?? '';
  const progress = document.getElementById('season-progress');
  const n = (v: number) => Number(v).toLocaleString(tag);
  const krw = (v: number) => (locale === 'ko' ? `${n(v)}원` : `KRW ${n(v)}`);
  const pct = (v: number) => `${(Math.round(v * 1000) / 10).toLocaleString(tag)}%`;
  const set = (field: string, text: string) => {
    const el = live.querySelector(`[data-field="${field}"]`);
    if (el && el.textContent !== text) el.textContent = text;
  };
  let stopped = live.dataset.finished === '1';

  function apply(s: SeasonFigures): void {
    const delivered = Object.values(s.delivered).reduce((sum, count) => sum + count, 0);
    const sending = s.pending - s.awaiting_paper;
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
      const text = template
        .replace('{notices}', n(s.notices))
        .replace('{final}', n(s.final))
        .replace('{sending}', n(sending))
        .replace('{paper}', n(s.awaiting_paper));
      if (progress.textContent !== text) progress.textContent = text;
    }
    if (sending === 0) stopped = true;
  }

  const poll = (): void => {
    if (stopped) return;
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(String(r.status));
        return r.json() as Promise<SeasonFigures>;
      })
      .then(apply)
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
