// Every text a person reads comes from a domain's catalogue (defineMessages),
// and Intl tags from intlLocale() (issue 14): no code branches on a locale
// literal (`locale === 'ko' ? '…' : '…'`, `const ko = locale === 'ko'`,
// `lang !== 'en'`) and no bilingual literal is indexed on the spot
// (`{ ko: '…', en: '…' }[locale]`). Reading a locale from outside is
// isLocale()'s job. Tests and browser code are not scanned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { filesUnder, isTestFile } from '../../../test-support/source-files.ts';

const srcDir = resolve(import.meta.dirname, '..', '..');

/** The one place allowed to compare with locale literals. */
const ALLOWED = new Set(['platform/i18n/i18n.ts']);

const FORMS: { name: string; pattern: RegExp }[] = [
  { name: 'comparison with a locale literal', pattern: /[=!]==?\s*['"`](?:ko|en)['"`]|['"`](?:ko|en)['"`]\s*[=!]==?/ },
  { name: 'bilingual literal indexed on the spot', pattern: /\{\s*ko:\s*['"`][^{}]*\}\s*\[/ },
];


/** file:line — form — the line, for every inline locale branch in src/. */
function findInlineLocale(): { file: string; report: string }[] {
  const found: { file: string; report: string }[] = [];
  for (const path of filesUnder(srcDir, ['.ts'], ['browser']).filter((f) => !isTestFile(f))) {
    const file = relative(srcDir, path).split(sep).join('/');
    if (ALLOWED.has(file)) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
        for (const form of FORMS) {
          if (form.pattern.test(line)) found.push({ file, report: `src/${file}:${i + 1}: ${form.name}: ${line.trim()}` });
        }
      });
  }
  return found;
}

test('no code picks a text or an Intl tag with an inline locale branch', () => {
  const found = findInlineLocale();
  const offending = found.map((f) => f.report);
  assert.deepEqual(offending, [], `move these texts into the domain's catalogue (defineMessages) or use intlLocale():\n${offending.join('\n')}`);
});

test('the scan finds the forms it is meant to', () => {
  for (const line of [
    "const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';",
    "const ko = request.locale === 'ko';",
    "if (lang !== 'en') return x;",
    "const t = 'ko' === locale ? a : b;",
    "label: { ko: '오류', en: 'Error' }[locale],",
  ]) {
    assert.ok(FORMS.some((f) => f.pattern.test(line)), line);
  }
  for (const line of [
    "const LOCALES = ['ko', 'en'] as const;",
    "label: { ko: '오류', en: 'Error' },",
    'const lang = z.enum([\'ko\', \'en\']).optional();',
    'html`<p lang="ko">${sample.ko}</p>`',
    "return districtName[locale];",
  ]) {
    assert.ok(!FORMS.some((f) => f.pattern.test(line)), line);
  }
});
