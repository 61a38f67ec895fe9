import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isPanelRequest } from './panel.ts';
import { staysInPanel } from './browser/panel.ts';

// Panel mode's two decisions, as functions: which requests are in panel mode
// (resident pages only, by ?panel=1 or a frame's navigation), and which links
// inside a panel stay in it (same site, at or under the feature's path).

const BASE = 'https://tax.example.go.kr/r/guide/seocho/faq?panel=1&lang=ko';
const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);

test('panel mode: resident pages asked by ?panel=1 or navigated in a frame; nothing else', () => {
  const request = (url: string, dest?: string) => ({ url, headers: dest ? { 'sec-fetch-dest': dest } : {} });
  assert.equal(isPanelRequest(request('/r/desk?panel=1')), true);
  assert.equal(isPanelRequest(request('/r/guide/seocho/faq', 'iframe')), true);
  assert.equal(isPanelRequest(request('/r/guide/seocho/faq', 'document')), false);
  assert.equal(isPanelRequest(request('/r/desk?panel=0')), false);
  assert.equal(isPanelRequest(request('/r/desk?panel=1&panel=0')), true, 'the first value counts, as the query parser reads it');
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom(undefined, 'iframe', 'document'), (parts, dest) => {
      const path = `/${parts.join('/')}`;
      fc.pre(!path.startsWith('/r/'));
      return !isPanelRequest(request(`${path}?panel=1`, dest));
    }),
  );
});

test('links inside a panel: same site and at or under the feature path stay; everything else goes to the top window', () => {
  const scope = '/r/guide/seocho/faq';
  assert.equal(staysInPanel(scope, '/r/guide/seocho/faq?lang=en#q1', BASE), true);
  assert.equal(staysInPanel(scope, 'faq/more', BASE), true, 'relative, under the feature');
  assert.equal(staysInPanel(scope, '/r/guide/seocho/faqs', BASE), false, 'a longer name is another page');
  assert.equal(staysInPanel(scope, '/r/guide/seocho/faq/../booths', BASE), false, 'dot segments are resolved first');
  assert.equal(staysInPanel(scope, 'https://evil.example/r/guide/seocho/faq', BASE), false);
  assert.equal(staysInPanel(scope, '//evil.example/r/guide/seocho/faq', BASE), false);
  assert.equal(staysInPanel(`${scope}/`, `${scope}/x`, BASE), true, 'a trailing slash in the scope changes nothing');
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 3 }), (parts) => staysInPanel(scope, [scope, ...parts].join('/'), BASE)),
  );
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (parts) => {
      const path = `/${parts.join('/')}`;
      fc.pre(path !== scope && !path.startsWith(`${scope}/`));
      return !staysInPanel(scope, path, BASE);
    }),
  );
});
