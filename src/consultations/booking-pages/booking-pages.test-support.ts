// Test support (not a test): a district with a Korean name that takes
// consultations, a cookie-keeping client for the pages (forms posted as a
// browser posts them), the one-time code read back from the message the
// delivery engine would send, and a check that a Korean page shows no
// English.
import type { Database } from '../../platform/db/database.ts';
import { TestClient } from '../../../test-support/test-server.ts';
import { consultationDistrict, type ConsultationDistrict, type ExpertSpec } from '../consultations.test-support.ts';
import type { SettingsInput } from '../schedule/schedule.service.ts';

let districts = 0;

/** A district named like a real one (서초구 n / Seocho-gu n), so that a page's language can be checked whole. */
export async function namedDistrict(db: Database, specs: ExpertSpec[] = [{}], settings?: SettingsInput): Promise<ConsultationDistrict> {
  const n = ++districts;
  const code = `sc${process.pid % 1000}x${n}${Math.floor(Math.random() * 1e6)}`;
  await db.query('INSERT INTO districts (code, name_ko, name_en, office_phone) VALUES ($1, $2, $3, $4)', [code, `서초${n}구`, `Seocho-gu ${n}`, '02-2155-6114']);
  return consultationDistrict(db, specs, { district: code, settings });
}

export { latestCode } from '../../../test-support/messages.ts';

export interface PageAnswer {
  status: number;
  /** The Location of a redirect, without the origin. */
  location: string;
  html: string;
}

/** A resident's browser without script: GETs pages and posts forms, keeping cookies. */
export class PageClient extends TestClient {
  constructor(baseUrl: string, address: string) {
    super(baseUrl, { 'x-forwarded-for': address });
  }

  async page(path: string): Promise<PageAnswer> {
    const r = await this.request(path);
    return { status: r.status, location: r.headers.get('location') ?? '', html: await r.text() };
  }

  async submit(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PageAnswer> {
    const r = await this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
    return { status: r.status, location: r.headers.get('location') ?? '', html: await r.text() };
  }

  /** GET, following redirects within the site (as a browser does after a post). */
  async follow(path: string, max = 5): Promise<PageAnswer & { path: string }> {
    let current = path;
    for (let i = 0; i < max; i++) {
      const answer = await this.page(current);
      if (answer.status !== 303 && answer.status !== 302) return { ...answer, path: current };
      current = answer.location;
    }
    throw new Error(`too many redirects from ${path}`);
  }
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';

/** The texts of the error summary's entries, in order. */
export const summaryOf = (html: string): string[] =>
  [...(/<ul class="error-summary-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<a href="#[^"]*">([\s\S]*?)<\/a>/g)].map((m) => decode(m[1]!));

/** Where the error summary's entries point (the ids of the fields). */
export const summaryTargets = (html: string): string[] =>
  [...(/<ul class="error-summary-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<a href="#([^"]*)">/g)].map((m) => m[1]!);

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** The text a person reads in <main> (or in the fragment given): tags, scripts and styles dropped. */
export function mainText(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return decode(main.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * Latin words in a Korean page's main text, besides what is meant to be
 * there: reference numbers, links shown as text, masked e-mail addresses,
 * the .ics file type, experts' and districts' names as given.
 */
export function englishIn(html: string): string[] {
  const text = mainText(html)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b[0-9A-Z]{4}-[0-9A-Z]{4}\b/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\.ics\b/g, ' ');
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}
