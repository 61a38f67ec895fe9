import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLogo, LOGO_MAX_BYTES, sanitiseSvg } from './district-logo.ts';

// The logo check: a PNG by its bytes with its size from the header; an SVG
// kept to drawing elements and presentation attributes, nothing that runs
// or reaches outside the file; anything else refused with its reason.

const png = (width: number, height: number) => {
  const b = Buffer.alloc(40);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
};

test('a PNG is taken by its signature, whatever it is called; its size is read from IHDR and bounded', () => {
  const ok = checkLogo(png(320, 80));
  assert.ok(ok.ok);
  assert.equal(ok.logo.contentType, 'image/png');
  assert.deepEqual([ok.logo.width, ok.logo.height], [320, 80]);
  assert.equal(ok.logo.sha256.length, 32);
  assert.deepEqual(checkLogo(png(4000, 80)), { ok: false, reason: 'logo_too_wide' });
  assert.deepEqual(checkLogo(Buffer.alloc(LOGO_MAX_BYTES + 1, 1)), { ok: false, reason: 'logo_too_large' });
  assert.deepEqual(checkLogo(Buffer.alloc(0)), { ok: false, reason: 'logo_missing' });
  assert.deepEqual(checkLogo(Buffer.from('GIF89a……')), { ok: false, reason: 'logo_not_image' });
  assert.deepEqual(checkLogo(Buffer.from('<html><body><svg></svg></body></html>')), { ok: false, reason: 'logo_not_image' });
});

test('an SVG keeps its drawing and loses scripts, handlers, foreign content and outside references', () => {
  const dirty = `<?xml version="1.0" encoding="UTF-8"?>
<!-- drawn by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 10" onload="steal()">
  <script type="text/javascript">steal()</script>
  <style>@import url(https://evil.example/x.css)</style>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#063a74"/></linearGradient></defs>
  <a href="https://evil.example"><rect width="40" height="10" fill="url(#g)" onclick="steal()"/></a>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <use href="#g"/>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <path d="M0 0h10v10z" style="fill: url(https://evil.example/p)" fill="#000"/>
  <text x="12" y="8" font-size="8">마포구</text>
</svg>`;
  const clean = sanitiseSvg(dirty)!;
  assert.ok(clean, 'still a drawing');
  assert.match(clean, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(clean, /<rect width="40" height="10" fill="url\(#g\)"/, 'a reference inside the file stays');
  assert.match(clean, /<use href="#g"/);
  assert.match(clean, /<text x="12" y="8" font-size="8">마포구<\/text>/);
  assert.match(clean, /<path d="M0 0h10v10z" fill="#000"/, 'the style that reached outside is gone, the drawing stays');
  for (const gone of [/script/i, /steal/, /onload|onclick/, /foreignObject|<div/, /evil/, /<image/, /<a\b/, /<style/]) assert.doesNotMatch(clean, gone, String(gone));

  const checked = checkLogo(Buffer.from(`\uFEFF${dirty}`, 'utf8'));
  assert.ok(checked.ok);
  assert.equal(checked.logo.contentType, 'image/svg+xml');
  assert.equal(checked.logo.content.toString('utf8'), clean, 'what is stored is the cleaned file');
});

test('an SVG with a document type declaration or nothing left to draw is refused', () => {
  assert.deepEqual(checkLogo(Buffer.from('<!DOCTYPE svg [<!ENTITY lol "lol">]><svg><rect width="1" height="1"/></svg>')), { ok: false, reason: 'logo_svg_unsafe' });
  assert.deepEqual(checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')), { ok: false, reason: 'logo_svg_unsafe' });
});
