import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, createTaxpayers } from '../../test-support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../test-support/test-server.ts';
import type { Locale } from '../platform/i18n/i18n.ts';
import { addDistrict, addStaff, type Operator } from '../platform/staff-admin/staff-admin.service.ts';
import { IDENTITY_KEY } from '../hygiene/self-service/self-service.test-support.ts';
import { createUpdateLinks, LINK_PATH } from '../hygiene/self-service/update-links.ts';
import { decodeEntities, machineWords, parseForms, serverMaxLength, visibleText, type PageForm } from './raw-code-walker.test-support.ts';

// The forms behind a token (issue 19 item 3), which the raw-code walker
// cannot reach: it has no token, so it sees only the "this link does not
// work" pages. Here each is opened with a real one, as its owner would: the
// contact update link (the date of birth, then the contacts and the code
// behind the session it opens) and a staff set-up link (as the set-up
// command makes it). Each form is sent empty, with invalid values and
// over-long, in Korean and English. A refused form must come back as itself
// in the request's language: what was typed kept (not a password or a
// one-time code, which are asked for again), an error summary whose links
// lead to the fields, the error beside the field, and no code or field name
// in the text. An invalid value must be refused. Over-long values (which a
// browser's maxlength stops) must come back as the form too, unless the
// route's own schema takes no more than a field's maxlength: then no
// browser can send them, and words are enough.

const KEY = Buffer.alloc(32, 7).toString('base64'); // the factories' cipher key
const LOCALES: readonly Locale[] = ['ko', 'en'];
const VARIANTS = ['empty', 'invalid', 'over-long'] as const;
type Variant = (typeof VARIANTS)[number];
const TYPED = new Set(['text', 'email', 'tel', 'search', 'url', 'password', 'textarea']);
const operator: Operator = { actor: { type: 'system', id: 'cli:test' }, source: 'system', reason: 'token forms test' };

/** What a person would type into each field that takes typing, and what of it the answer must show back. */
function filled(form: PageForm, variant: Variant): { body: string; typed: Map<string, string> } {
  const values = new URLSearchParams();
  const typed = new Map<string, string>();
  let n = 0;
  for (const f of form.fields) {
    const typeable = f.tag === 'textarea' || (f.tag === 'input' && TYPED.has(f.type) && f.attributes.readonly === undefined);
    if (!typeable) {
      // hidden fields, selects, a readonly field as the page holds them; boxes ticked only in the invalid variant
      if ((f.type !== 'checkbox' && f.type !== 'radio') || (variant === 'invalid' && f.value)) values.append(f.name, f.value);
      continue;
    }
    const value = variant === 'empty' ? '' : variant === 'invalid' ? `#${++n}` : '가'.repeat(Number(f.attributes.maxlength ?? 5000) + 1);
    values.append(f.name, value);
    if (value && f.type !== 'password' && f.attributes.autocomplete !== 'one-time-code') typed.set(f.name, value);
  }
  return { body: values.toString(), typed };
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What is wrong with a refused form's answer; [] when it is the form again, in words, with what was typed. */
function refusalProblems(page: string, lang: Locale, action: string, typed: Map<string, string>, codes: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const pageLang = /<html\b[^>]*\blang="(\w+)"/.exec(page)?.[1];
  if (pageLang !== lang) problems.push(`page in ${pageLang}`);
  for (const run of visibleText(page)) for (const w of machineWords(run, pageLang ?? lang, codes)) problems.push(`${w.kind} "${w.word}" in «${run.text.slice(0, 120)}»`);
  if (!parseForms(page, action).some((f) => f.action.split('?')[0] === action.split('?')[0])) return [...problems, 'not the form again'];
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(page)?.[0];
  if (!summary) return [...problems, 'no error summary'];
  const targets = [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => decodeEntities(m[1]!));
  if (targets.length === 0) problems.push('an error summary without links to the fields');
  for (const id of targets) {
    if (!page.includes(`id="${id}"`)) problems.push(`the summary leads to #${id}, which the page lacks`);
    else if (!page.includes(`id="${id}-error"`) && !new RegExp(`id="${id}"[^>]*aria-invalid="true"`).test(page)) problems.push(`no error beside #${id}`);
  }
  for (const [name, value] of typed) {
    if (!page.includes(`value="${escapeHtml(value).slice(0, 40)}`) && !page.includes(`>${escapeHtml(value)}</textarea>`)) problems.push(`did not keep what was typed in "${name}"`);
  }
  return problems;
}

forEachEngine('forms behind a token keep what was typed and answer in words', (ctx) => {
  let server: TestServer;
  let district: string;
  let setupDistrict: string;
  let addresses = 0;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_PUBLIC_URL: 'https://tax.example.go.kr' });
    district = await createDistrict(ctx.db);
    setupDistrict = `su${district.slice(1)}`;
    await addDistrict(ctx.db, { code: setupDistrict, nameKo: '마포구', nameEn: 'Mapo-gu' }, operator);
  });
  after(async () => {
    await server?.close();
  });

  /** A resident's (or new official's) browser, from an address of its own: per-address limits stay out of the way. */
  const browser = () => new TestClient(server.url, { 'x-forwarded-for': `198.18.${Math.floor(++addresses / 250)}.${addresses % 250}` });
  const post = (c: TestClient, path: string, body: string) =>
    c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body });

  /**
   * Opens the page `open` brings a browser to, in each language, sends its
   * form (the one posting to `action`) empty, invalid and over-long, and
   * checks each answer. Returns the problems found, by place.
   */
  async function walkForm(what: string, open: () => Promise<{ c: TestClient; page: string }>, action: RegExp): Promise<string[]> {
    const problems: string[] = [];
    for (const variant of VARIANTS) {
      for (const lang of LOCALES) {
        const { c, page } = await open();
        const shown = await c.request(`${page}?lang=${lang}`);
        const html = await shown.text();
        assert.equal(shown.status, 200, `${what}: ${page} answered ${shown.status}`);
        const form = parseForms(html, page).find((f) => f.method === 'post' && action.test(f.action.split('?')[0]!));
        assert.ok(form, `${what}: no form posting to ${action} on ${page}`);
        const where = `${what} [${lang}] ${variant}`;
        // The field's limits are the server's (the walker's rule, here for pages it cannot open).
        const route = server.app.routeCatalogue.find((r) => r.method === 'POST' && new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/]+')}$`).test(form.action.split('?')[0]!));
        const { body, typed } = filled(form, variant);
        const answer = await post(c, form.action.replace(/([?&])lang=\w+/, `$1lang=${lang}`), body);
        const text = await answer.text();
        if (answer.status >= 500) {
          problems.push(`${where}: server error ${answer.status}`);
          continue;
        }
        const refused = answer.status >= 400 || /data-error-summary/.test(text);
        if (!refused) {
          if (variant === 'invalid') problems.push(`${where}: accepted (${answer.status} ${answer.headers.get('location') ?? ''})`);
          continue;
        }
        // Over-long, every field is one past its maxlength: the service (not the schema) must refuse that if the schema takes it.
        const schemaTakesIt = form.fields.every((f) => {
          const max = f.attributes.maxlength === undefined ? null : serverMaxLength(route?.body, f.name);
          return max === null || max > Number(f.attributes.maxlength);
        });
        if (variant === 'over-long' && !schemaTakesIt) {
          // The schema refuses what no browser sends: words are enough.
          for (const run of visibleText(text)) for (const w of machineWords(run, lang, new Set([district, setupDistrict]))) problems.push(`${where}: ${w.kind} "${w.word}"`);
          continue;
        }
        problems.push(...refusalProblems(text, lang, form.action, typed, new Set([district, setupDistrict])).map((p) => `${where}: ${p}`));
      }
    }
    return problems;
  }

  async function updateLink(mobile: string): Promise<string> {
    const [taxpayer] = await createTaxpayers(ctx.db, district, [{ identityKey: IDENTITY_KEY, mobile, email: 'lee@example.kr', enrol: ['sms'] }]);
    const [link] = await createUpdateLinks(ctx.db, [{ districtCode: district, taxpayerId: taxpayer!, purpose: 'on_request', expiresAt: new Date(Date.now() + 86_400_000) }]);
    return `${LINK_PATH}/${link!.token}`;
  }
  /** A browser past the date of birth on a fresh link: the contacts form is open to it. */
  async function verified(): Promise<{ c: TestClient; path: string }> {
    const path = await updateLink(`+8210${String(55_500_000 + ++addresses).padStart(8, '0')}`);
    const c = browser();
    const r = await post(c, `${path}?lang=en`, 'year=1980&month=1&day=1');
    assert.equal(r.status, 303, 'the date of birth opens the session');
    return { c, path };
  }

  test('the contact update link: date of birth, contacts and code, refused and kept in words', { timeout: 10 * 60_000 }, async () => {
    const problems: string[] = [];
    let sessions = 0;
    // The date of birth: an unreadable date is refused without counting an attempt, so one link takes every variant.
    const link = await updateLink('+821055512001');
    const resident = browser();
    problems.push(...(await walkForm('date of birth', async () => ({ c: resident, page: link }), /^\/r\/update\/[^/]+$/)));

    // The contacts form, behind the session the date of birth opened.
    const contacts = await verified();
    problems.push(...(await walkForm('contacts', async () => ({ c: contacts.c, page: `${contacts.path}/contacts` }), /\/contacts$/)));

    // The code form, once a new number waits for its code (each variant on a session of its own, so wrong codes never run out).
    problems.push(...(await walkForm('code', async () => {
      const { c, path } = await verified();
      const page = await (await c.request(`${path}/contacts?lang=en`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      const r = await post(c, `${path}/contacts?lang=en`, new URLSearchParams({ _csrf: csrf, mobile: `010-3${String(++sessions).padStart(3, '0')}-4567`, email: '', enrol: 'sms' }).toString());
      assert.match(r.headers.get('location') ?? '', /\/code\?/, 'a new number waits for its code');
      return { c, page: `${path}/code` };
    }, /\/code$/)));
    assert.deepEqual(problems, []);
  });

  test('the staff set-up link: the password form refused and kept in words', { timeout: 5 * 60_000 }, async () => {
    // The link as the set-up command makes it; a refused password leaves it usable.
    const added = await addStaff({ db: ctx.db, publicUrl: 'https://tax.example.go.kr', clock: () => new Date() }, { districtCode: setupDistrict, username: `${setupDistrict}.new`, role: 'tax_official' }, operator);
    assert.ok(added.changed);
    const page = new URL(added.link.url).pathname;
    assert.deepEqual(await walkForm('set-up', async () => ({ c: browser(), page }), /^\/setup\/[^/]+$/), []);
  });
});
