import { byId } from '../../../platform/web/browser/dom.ts';
import { fill } from '../../browser/presence-client.ts';
import type { SpaceConfig } from '../space.config.ts';

// The space page's first, small script: the low-bandwidth choice (kept in
// localStorage) goes to the text mode before the engine is fetched; else it
// loads the engine (space.ts with Phaser); the text mode's link to the map
// (?map=1, space.link.ts) undoes the choice. Also the first-visit guide: three
// steps in a modal dialog, shown once (remembered), reopened by its button.

const LOW_BANDWIDTH = 'taxstation.station.low-bandwidth';
const GUIDE_SEEN = 'taxstation.station.guide-seen';
const config = JSON.parse(byId('station-space-config').textContent ?? '{}') as SpaceConfig;

const stored = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key: string, value: string | null) => {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // private windows may refuse storage: the choice then lasts this page only
  }
};

// the text mode's link to the map (map=1) is the visitor asking for it: the choice is forgotten
if (new URLSearchParams(location.search).get('map') === '1') store(LOW_BANDWIDTH, null);

if (stored(LOW_BANDWIDTH) === '1') {
  location.replace(config.textModeUrl);
} else {
  const low = byId<HTMLInputElement>('space-low-bandwidth');
  low.addEventListener('change', () => {
    store(LOW_BANDWIDTH, low.checked ? '1' : null);
    if (low.checked) location.assign(config.textModeUrl);
  });
  byId('space-tools').hidden = false;

  const guide = byId<HTMLDialogElement>('space-guide');
  const steps = [config.words.guide_step1, config.words.guide_step2, config.words.guide_step3];
  let step = 0;
  const back = byId<HTMLButtonElement>('space-guide-back');
  const next = byId<HTMLButtonElement>('space-guide-next');
  const show = (index: number) => {
    step = index;
    byId('space-guide-title').textContent = fill(config.words.guide_title, { step: String(index + 1) });
    byId('space-guide-text').textContent = steps[index] ?? '';
    back.hidden = index === 0;
    next.textContent = index === steps.length - 1 ? config.words.guide_done : config.words.guide_next;
    byId('space-guide-title').focus();
  };
  const openGuide = () => {
    guide.showModal();
    show(0);
  };
  back.addEventListener('click', () => show(step - 1));
  next.addEventListener('click', () => (step === steps.length - 1 ? guide.close() : show(step + 1)));
  byId('space-guide-close').addEventListener('click', () => guide.close());
  guide.addEventListener('close', () => {
    store(GUIDE_SEEN, '1');
    guide.dataset.seen = '1';
    const nickname = document.getElementById('space-nickname');
    (nickname && !byId('space-enter').hidden ? nickname : byId('space-guide-open')).focus();
  });
  byId('space-guide-open').addEventListener('click', openGuide);
  if (stored(GUIDE_SEEN) !== '1') openGuide();

  const engine = document.createElement('script');
  engine.src = config.engineUrl;
  document.body.append(engine);
}
