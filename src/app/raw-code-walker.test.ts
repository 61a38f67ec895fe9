import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { forEachEngine } from '../../test-support/engines.ts';
import { SAMPLE_HEADER } from '../../test-support/roll-fixtures.ts';
import { startTestServer, type TestServer } from '../../test-support/test-server.ts';
import type { Locale } from '../platform/i18n/i18n.ts';
import { createLogger } from '../platform/logger.ts';
import { DEMO_PASSWORD, demoLogins, seedDemo } from '../platform/demo/seed.ts';
import type { Role } from '../platform/auth/roles.ts';
import type { CatalogueEntry } from '../platform/http/route-catalogue.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../delivery/delivery.runtime.ts';
import { issueSeason } from '../delivery/queue/queue.ts';
import { demoExtraLogins, demoSeedSteps } from './demo.ts';
import { foreignDates, machineWords, pageLinks, parseForms, serverMaxLength, visibleText, type PageForm, type TextRun } from './raw-code-walker.test-support.ts';

// No machine words on any page (issue 19, items 2 and 3). The demo, seeded
// as `serve --demo` seeds it, with the gangnam season sent through the
// simulator's failure mix; then every caller (anonymous, each demo account)
// walks every page the route table lets it open, in Korean and in English
// (the lang cookie), following the pages' own links to fill a route's ids
// and falling back to the access matrix's filling. Every page's visible text
// (and every API error's title, detail and reasons) is checked for codes
// (snake_case, camelCase, unfilled {placeholders}), zod's English defaults,
// and Latin words inside Korean text (a short, explained allow-list in the
// test support; text marked translate="no" is data shown as such), and for
// dates not in the page language's one format (issue 19 item 7: "2026. 6.
// 12." in Korean, "12 June 2026" in English; no ISO day shown as text, no
// "2026년 6월 12일", "6/12/2026", "Jun 12, 2026" or "오후 2:05:00"). Then
// every form found on those pages is sent empty, with invalid values and
// over-long: each answer is checked the same way, a rejected form must come
// back as the form with what was typed and an error summary, and every text
// field must say the most characters it takes, no more than the route's
// schema takes. Every API operation is sent an empty, over-long and
// malformed request, and a tax roll with every kind of bad row is uploaded.
// RAW_CODE_WALKER_REPORT=<file> writes every failure with its place.

const KEY = Buffer.alloc(32, 7).toString('base64');
const LOCALES: readonly Locale[] = ['ko', 'en'];
/** Concrete addresses walked per route pattern and caller: enough to see a list filtered, not every row. */
const PER_ROUTE = 2;
/** Identifiers pages show as codes on purpose: the districts' codes (the console names its district "강남구 (gangnam)"). */
const SHOWN_CODES = new Set(['gangnam', 'seocho']);
/** Text the demo seed writes as residents and lecturers typed it (a question asked in English, a name): data, not the service's words. */
const DEMO_DATA = new Set(['Do foreign residents pay resident tax?', 'Jay']);

interface Caller {
  name: string;
  role: Role | null;
  district: string | null;
  username?: string;
  /** The caller's cookies (a resident's draft and session cookies as much as staff's): what a browser would send back. */
  cookies: Map<string, string>;
  csrf?: string;
}

interface Failure {
  where: string;
  lang: string;
  what: string;
}

function routeRegex(url: string): RegExp {
  const source = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/?#]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The access matrix's filling of a route's parameters, for routes no page links to. */
function pathOf(url: string, district: string, id: string): string {
  return url
    .replace(/:district\b/g, district)
    .replace(/:(id|auditId|messageId|bookingId)\b/g, id)
    .replace(/:year\b/g, '2026')
    .replace(/:locale\b/g, 'ko')
    .replace(/:channel\b/g, 'sms')
    .replace(/:(\w+)/g, 'x1')
    .replace(/\*/g, 'x');
}

function withoutLang(href: string): string {
  const url = new URL(href, 'http://local');
  url.searchParams.delete('lang');
  const query = url.searchParams.toString();
  return url.pathname + (query ? `?${query}` : '');
}

function problemTexts(body: string, lang: string): TextRun[] {
  try {
    const p = JSON.parse(body) as { title?: unknown; detail?: unknown; errors?: { reason?: unknown }[] };
    const runs: TextRun[] = [];
    for (const [source, value] of [['title', p.title], ['detail', p.detail], ...(p.errors ?? []).map((e) => ['reason', e.reason] as const)] as const) {
      if (typeof value === 'string') runs.push({ lang, text: value, source });
    }
    return runs;
  } catch {
    return [];
  }
}

/** A form as a browser sends it with multipart: its fields in order, a file input with no file chosen as an empty part. */
function multipartBody(fields: [string, string | null][]): { body: string; type: string } {
  const boundary = '----walker' + Math.random().toString(16).slice(2);
  const part = ([k, v]: [string, string | null]) =>
    v === null
      ? `--${boundary}\r\ncontent-disposition: form-data; name="${k}"; filename=""\r\ncontent-type: application/octet-stream\r\n\r\n\r\n`
      : `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  return { body: fields.map(part).join('') + `--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * One line per offending text, with the first few places (route, caller,
 * language) it was seen. RAW_CODE_WALKER_REPORT=<file> appends every place.
 */
function summarise(failures: Failure[]): string[] {
  if (process.env.RAW_CODE_WALKER_REPORT) appendFileSync(process.env.RAW_CODE_WALKER_REPORT, failures.map((f) => `${f.what}\t${f.where}\t${f.lang}\n`).join(''));
  const byWhat = new Map<string, Set<string>>();
  for (const f of failures) {
    const places = byWhat.get(f.what) ?? new Set<string>();
    places.add(`${f.where} [${f.lang}]`);
    byWhat.set(f.what, places);
  }
  return [...byWhat].map(([what, places]) => `${what} — ${places.size} place(s), e.g. ${[...places].slice(0, 3).join('; ')}`);
}

const TEXT_TYPES = new Set(['text', 'email', 'tel', 'search', 'url', 'password', 'number', 'date', 'time', 'datetime-local', 'month']);

forEachEngine('no machine words on any page, and forms that keep what was typed', (ctx) => {
  let server: TestServer;
  let delivery: DeliveryRuntime;
  const callers: Caller[] = [];
  let routes: CatalogueEntry[] = [];
  /** Forms seen on pages, by caller name and form action pattern: the first page that held it. */
  const forms = new Map<string, { caller: Caller; page: string; form: PageForm; route: string }>();

  let posts = 0;
  const request = async (caller: Caller, lang: Locale, method: string, url: string, payload?: { body: string; type: string }, clientAddress?: string) => {
    const response = await server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(clientAddress ? { 'x-forwarded-for': clientAddress } : {}),
        accept: url.startsWith('/api/') ? 'application/json' : 'text/html',
        cookie: [`lang=${lang}`, ...[...caller.cookies].map(([k, v]) => `${k}=${v}`)].join('; '),
        ...(caller.csrf && url.startsWith('/api/') ? { 'x-csrf-token': caller.csrf } : {}),
        ...(payload ? { 'content-type': payload.type } : {}),
      },
      ...(payload ? { payload: payload.body } : {}),
    });
    for (const c of response.cookies) {
      if (c.name === 'lang') continue;
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) caller.cookies.delete(c.name);
      else caller.cookies.set(c.name, c.value);
    }
    return response;
  };

  async function signIn(caller: Caller): Promise<void> {
    const r = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username: caller.username, password: DEMO_PASSWORD } });
    assert.equal(r.statusCode, 201, `sign-in of ${caller.username}: ${r.body}`);
    caller.cookies.set('ts_session', r.cookies.find((c) => c.name === 'ts_session')!.value);
    caller.csrf = (r.json() as { csrfToken: string }).csrfToken;
  }

  const routeOf = (path: string, method = 'GET') => routes.find((r) => r.method === method && routeRegex(r.url).test(path.split('?')[0]!));
  const admits = (route: CatalogueEntry, caller: Caller) => route.roles === null || (caller.role !== null && route.roles.includes(caller.role));

  /** Checks one answer's visible text; returns the failures in it. */
  function check(where: string, lang: Locale, response: LightMyRequestResponse): Failure[] {
    const failures: Failure[] = [];
    if (response.statusCode >= 500) failures.push({ where, lang, what: `server error ${response.statusCode}` });
    const type = String(response.headers['content-type'] ?? '');
    let runs: TextRun[] = [];
    let pageLang: string = lang;
    if (type.includes('html')) {
      runs = visibleText(response.body);
      pageLang = /<html\b[^>]*\blang="(\w+)"/.exec(response.body)?.[1] ?? lang;
      if (pageLang !== lang) failures.push({ where, lang, what: `page in ${pageLang}` });
    } else if (type.includes('json')) {
      runs = problemTexts(response.body, lang);
    }
    for (const run of runs) {
      if (DEMO_DATA.has(run.text)) continue;
      for (const word of machineWords(run, pageLang, SHOWN_CODES)) failures.push({ where, lang, what: `${word.kind} "${word.word}" in ${run.source}: «${run.text.slice(0, 160)}»` });
      for (const date of foreignDates(run, pageLang)) failures.push({ where, lang, what: `date "${date}" not in the ${run.lang || pageLang} format in ${run.source}: «${run.text.slice(0, 160)}»` });
    }
    return failures;
  }

  before(async () => {
    server = await startTestServer(ctx.db, {
      TAXSTATION_ENCRYPTION_KEY: KEY,
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-walker-')),
      TAXSTATION_QUIET_HOURS: 'off',
    });
    await seedDemo({ db: ctx.db, cipher: server.deps.cipher }, demoSeedSteps);
    delivery = await startDeliveryRuntime({ config: server.deps.config, db: ctx.db, log: createLogger({ level: 'silent' }), cipher: server.deps.cipher }, { worker: false, bounceListener: false, demo: true });
    delivery.setReceiptBaseUrl(server.url);
    server.deps.delivery = delivery;
    // The gangnam season sent through the simulator's failure mix, so timelines, causes and states show; seocho's waits to be sent.
    await issueSeason(ctx.db, { districtCode: 'gangnam', taxItem: 'vehicle_tax', taxYear: 2026, period: 2, createdBy: 'gangnam.official' });
    for (let i = 0; i < 40 && (await ctx.db.query(`SELECT 1 FROM delivery_attempts WHERE state IN ('queued', 'sending') LIMIT 1`)).rows.length > 0; i++) await delivery.tick();
    routes = server.app.routeCatalogue.filter((r) => r.method !== 'HEAD');
    callers.push({ name: 'anonymous', role: null, district: null, cookies: new Map() });
    for (const login of [...demoLogins(), ...demoExtraLogins]) {
      const caller: Caller = { name: login.username, role: login.role, district: login.district, username: login.username, cookies: new Map() };
      await signIn(caller);
      callers.push(caller);
    }
  });
  after(async () => {
    await delivery?.close();
    await server?.close();
  });

  test('every page each caller can open, in Korean and English, shows no code, no zod default, no Latin word inside Korean and no date in another format', { timeout: 20 * 60_000 }, async () => {
    const failures: Failure[] = [];
    for (const caller of callers) {
      const pages = routes.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/') && !r.url.startsWith('/assets') && admits(r, caller));
      const districts = caller.district ? [caller.district] : ['gangnam', 'seocho'];
      const visited = new Map<string, Set<string>>();
      const queue: string[] = [];
      const enqueue = (path: string) => {
        const route = routeOf(path);
        if (!route || !admits(route, caller)) return;
        const seen = visited.get(route.url) ?? new Set<string>();
        if (seen.has(path) || seen.size >= PER_ROUTE) return;
        seen.add(path);
        visited.set(route.url, seen);
        queue.push(path);
      };
      for (const route of pages) if (!/:(?!district\b)|\*/.test(route.url)) for (const d of districts) enqueue(pathOf(route.url, d, '1'));
      const walk = async () => {
        while (queue.length > 0) {
          const path = queue.shift()!;
          const route = routeOf(path)!;
          for (const lang of LOCALES) {
            const response = await request(caller, lang, 'GET', path);
            failures.push(...check(`GET ${path} (${route.url}) as ${caller.name}`, lang, response));
            if (lang !== 'ko' || !String(response.headers['content-type'] ?? '').includes('html')) continue;
            for (const link of pageLinks(response.body)) enqueue(withoutLang(link));
            for (const form of parseForms(response.body, path).map((f) => ({ ...f, action: withoutLang(f.action) }))) {
              const target = routeOf(form.action, form.method.toUpperCase());
              const key = `${caller.role ?? 'anonymous'} ${form.method} ${target?.url ?? form.action}`;
              if (!forms.has(key)) forms.set(key, { caller, page: path, form, route: route.url });
            }
          }
        }
      };
      await walk();
      // Routes no page linked to: the access matrix's filling (most answer "not found", itself a page to check).
      for (const route of pages) if (!visited.has(route.url)) for (const d of districts) enqueue(pathOf(route.url, d, '1'));
      await walk();
    }
    const lines = summarise(failures);
    assert.equal(lines.length, 0, `${lines.length} machine word(s) on pages:\n${lines.join('\n')}`);
  });

  /**
   * What a person would type: nothing, or a short value no field of ours
   * takes (too short for a reason, no e-mail, no number, no date); or, as a
   * tampered request would, more than the field takes (a browser stops at
   * maxlength, so nothing is expected back but words).
   */
  function formValues(form: PageForm, variant: 'empty' | 'invalid' | 'over-long'): { values: [string, string | null][]; typed: Map<string, string> } {
    const values: [string, string | null][] = [];
    const typed = new Map<string, string>();
    let i = 0;
    for (const f of form.fields) {
      if (f.type === 'file') values.push([f.name, null]);
      else if (f.type === 'submit' && f.attributes.value !== undefined && !values.some(([k]) => k === f.name)) values.push([f.name, f.value]);
      else if (f.type === 'submit' || f.type === 'button' || f.type === 'image') continue;
      if (f.type === 'hidden' || f.tag === 'select') values.push([f.name, f.value]);
      else if (f.type === 'checkbox' || f.type === 'radio') {
        if (variant === 'invalid' && f.value) values.push([f.name, f.value]);
      } else if (TEXT_TYPES.has(f.type) || f.tag === 'textarea') {
        const value = variant === 'empty' ? '' : variant === 'over-long' ? '가'.repeat(Number(f.attributes.maxlength ?? 5000) + 1) : `#${++i}`;
        values.push([f.name, value]);
        // A password and a one-time code are asked for again, never shown back; a browser sends a date, time or
        // number field only as a valid value or empty, so what it typed there is never the '#1' sent here.
        if (value && !['password', 'date', 'time', 'datetime-local', 'month', 'number'].includes(f.type) && f.attributes.autocomplete !== 'one-time-code') typed.set(f.name, value);
      }
    }
    return { values, typed };
  }

  const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  test('every form, sent empty and with invalid values, comes back as the form with what was typed and an error summary, in words', { timeout: 20 * 60_000 }, async () => {
    const failures: Failure[] = [];
    assert.ok(forms.size > 20, `forms found: ${forms.size}`);
    for (const { caller, page, form } of forms.values()) {
      const typeable = form.fields.filter((f) => f.tag !== 'input' || !['hidden', 'submit', 'button', 'image', 'file'].includes(f.type));
      // A form of buttons only (send, cancel, sign out) takes no input to keep.
      if (typeable.length === 0 || form.action === '/logout') continue;
      const where = `${form.method.toUpperCase()} ${form.action} (form on ${page}) as ${caller.name}`;
      // Every limit the server enforces is on the input: a text field says the most characters it takes, and no more than the server takes.
      const target = routeOf(form.action, form.method.toUpperCase());
      for (const f of typeable) {
        if (!(f.tag === 'textarea' || ['text', 'email', 'tel', 'search', 'url', 'password'].includes(f.type))) continue;
        const server = serverMaxLength(target?.body, f.name);
        const given = f.attributes.maxlength ? Number(f.attributes.maxlength) : null;
        if (given === null) failures.push({ where, lang: '-', what: `field "${f.name}" has no maxlength${server !== null ? ` (the server takes ${server})` : ''}` });
        else if (server !== null && given > server) failures.push({ where, lang: '-', what: `field "${f.name}" has maxlength ${given}, more than the server's ${server}` });
      }
      for (const variant of ['empty', 'invalid', 'over-long'] as const) {
        for (const lang of LOCALES) {
          const { values, typed } = formValues(form, variant);
          let response: LightMyRequestResponse;
          if (form.method === 'get') {
            // The language comes from the cookie: a form's hidden lang field (the page's) is left out.
            const query = new URLSearchParams(values.filter((v): v is [string, string] => !['_csrf', 'lang'].includes(v[0]) && v[1] !== null)).toString();
            response = await request(caller, lang, 'GET', `${form.action.split('?')[0]}?${query}`, undefined, `10.19.${Math.floor(++posts / 250)}.${posts % 250}`);
          } else {
            const payload = form.enctype.includes('multipart')
              ? multipartBody(values)
              : { body: new URLSearchParams(values.filter((v): v is [string, string] => v[1] !== null)).toString(), type: 'application/x-www-form-urlencoded' };
            // Each post from its own address, as residents' would be: rate limits per address stay out of the way.
            response = await request(caller, lang, 'POST', form.action, payload, `10.19.${Math.floor(++posts / 250)}.${posts % 250}`);
          }
          const at = `${where}, ${variant}`;
          failures.push(...check(at, lang, response));
          if (response.statusCode === 401 || String(response.headers.location ?? '').startsWith('/login')) {
            if (caller.username) await signIn(caller);
            continue;
          }
          const rejected = (response.statusCode >= 400 && response.statusCode < 500) || /data-error-summary/.test(response.body);
          if (!rejected || variant === 'over-long') continue;
          if (!String(response.headers['content-type'] ?? '').includes('html')) {
            failures.push({ where: at, lang, what: `answered ${response.statusCode} ${String(response.headers['content-type'])}, not the form` });
            continue;
          }
          if (!/data-error-summary/.test(response.body)) {
            failures.push({ where: at, lang, what: `answered ${response.statusCode} without the form's error summary (a generic error page?)` });
            continue;
          }
          // The step may have been taken meanwhile (a question answered, a booking cancelled): then the page no longer offers the form.
          const again = parseForms(response.body, form.action).find((f) => withoutLang(f.action).split('?')[0] === form.action.split('?')[0]);
          if (!again) continue;
          for (const [name, value] of typed) {
            if (!response.body.includes(`value="${escapeHtml(value)}"`) && !response.body.includes(`>${escapeHtml(value)}</textarea>`)) {
              failures.push({ where: at, lang, what: `did not keep what was typed in "${name}"` });
            }
          }
        }
      }
    }
    const lines = summarise(failures);
    assert.equal(lines.length, 0, `${lines.length} problem(s) with forms:\n${lines.join('\n')}`);
  });

  test('every API operation sent an empty, over-long or malformed request answers in words', { timeout: 20 * 60_000 }, async () => {
    type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };
    type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { name: string; in: string }[] };
    const doc = (await server.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
    const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema);
    const overLong = (schema: Schema | undefined): unknown => {
      const s = resolve(schema);
      const type = [s?.type ?? s?.anyOf?.map((a) => resolve(a)?.type)].flat()[0];
      if (type === 'object' || s?.properties) return Object.fromEntries(Object.entries(s?.properties ?? {}).map(([k, v]) => [k, overLong(v)]));
      if (type === 'array') return [overLong(s?.items), overLong(s?.items)];
      if (type === 'number' || type === 'integer') return 10 ** 12;
      if (type === 'boolean') return 'x1';
      return 'x'.repeat(10_001);
    };
    const failures: Failure[] = [];
    let calls = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        const route = routes.find((r) => r.method === method.toUpperCase() && r.url === url);
        if (!route || /^\/api\/(session|logout)/.test(url)) continue;
        const caller = callers.find((c) => admits(route, c) && (c.district === 'gangnam' || c.role === null))!;
        if (!caller) continue;
        const concrete = pathOf(url, caller.district ?? 'gangnam', '1');
        const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${p.name}=${'x'.repeat(5000)}`).join('&');
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const variants: { name: string; url: string; payload?: { body: string; type: string } }[] =
          method === 'get' || method === 'delete'
            ? [{ name: 'over-long query', url: `${concrete}${query ? `?${query}` : ''}` }, { name: 'malformed id', url: pathOf(url, caller.district ?? 'gangnam', 'x1') }]
            : [
                { name: 'empty body', url: concrete, payload: { body: '{}', type: 'application/json' } },
                { name: 'over-long body', url: concrete, payload: { body: JSON.stringify(overLong(schema)), type: 'application/json' } },
                { name: 'malformed JSON', url: concrete, payload: { body: '{"', type: 'application/json' } },
              ];
        for (const variant of variants) {
          for (const lang of LOCALES) {
            const response = await request(caller, lang, method.toUpperCase(), variant.url, variant.payload);
            calls++;
            failures.push(...check(`${method.toUpperCase()} ${url} (${variant.name}) as ${caller.name}`, lang, response));
            if (response.statusCode === 401 && caller.username) await signIn(caller);
          }
        }
      }
    }
    assert.ok(calls > 100, `calls made: ${calls}`);
    const lines = summarise(failures);
    assert.equal(lines.length, 0, `${lines.length} machine word(s) in API answers:\n${lines.join('\n')}`);
  });

  test('a rejected tax roll names every bad row and column in words, in Korean and English', async () => {
    // One row of every kind of mistake the import checks, a duplicated notice number and a taxpayer number with two names.
    const row = (n: number, overrides: Record<string, string> = {}) => {
      const base: Record<string, string> = {
        notice_no: `2026-0950-${String(n).padStart(6, '0')}`, taxpayer_no: `W${String(n).padStart(8, '0')}`, name: '최예린', birth_date: '1988-05-06',
        identity_key: '', mobile: '010-5555-1234', email: '', e_notice: 'sms', postal_code: '06500', address: '서울특별시 강남구 테헤란로 1',
        tax_item: 'property_tax', tax_year: '2026', period: '2', amount: '10000', due_date: '2026-09-30', payment_account: '', ...overrides,
      };
      return SAMPLE_HEADER.split(',').map((c) => (/[",]/.test(base[c]!) ? `"${base[c]!}"` : base[c]!)).join(',');
    };
    const csv = [
      SAMPLE_HEADER, row(1), row(2, { amount: '1,23' }), row(3, { due_date: '2026-02-30' }), row(4, { birth_date: '19880230' }),
      row(5, { mobile: '02-123-4567' }), row(6, { tax_item: 'dog_tax', e_notice: 'fax', postal_code: '1234' }), row(7, { email: 'not-an-address' }),
      row(8, { identity_key: 'short' }), row(9, { tax_year: '26', period: '13', payment_account: 'abc', notice_no: '2026/1' }), row(10, { name: '' }),
      row(1, { taxpayer_no: 'W00000011' }), row(12, { taxpayer_no: 'W00000001', name: '김민준' }), '1,2,3',
    ].join('\n') + '\n';
    const official = callers.find((c) => c.name === 'gangnam.official')!;
    const failures: Failure[] = [];
    for (const lang of LOCALES) {
      const boundary = '----walkerroll';
      const body =
        `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${official.csrf}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="bad-roll.csv"\r\ncontent-type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
      const response = await request(official, lang, 'POST', '/console/rolls/upload', { body, type: `multipart/form-data; boundary=${boundary}` });
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `refused: ${response.statusCode}`);
      assert.match(response.body, /<table/, 'the report lists the bad rows');
      failures.push(...check('POST /console/rolls/upload (a roll with bad rows) as gangnam.official', lang, response));
    }
    const lines = summarise(failures);
    assert.equal(lines.length, 0, `${lines.length} machine word(s) in the import report:\n${lines.join('\n')}`);
  });

});
