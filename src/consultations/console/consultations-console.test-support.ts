// Test support (not a test): the console's forms as a browser posts them,
// pages as text, and the one-time code a caller would read out.
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { TestClient } from '../../../test-support/test-server.ts';
import { codeOfMessage } from '../consultations.test-support.ts';

/** A form POST with the session's CSRF token, as the pages send it. */
export function formPost(client: TestClient, path: string, fields: Record<string, string>, csrf: string | null = client.csrfToken ?? null): Promise<Response> {
  return client.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields }).toString(),
  });
}

/** A page as a browser gets it: status and HTML. */
export async function getPage(client: TestClient, path: string): Promise<{ status: number; html: string }> {
  const response = await client.request(path);
  return { status: response.status, html: await response.text() };
}

/** The text a person reads on a page (tags, scripts and styles dropped, entities left). */
export function visibleText(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** Snake-case words (raw codes such as no_show or acquisition_tax) in a page's visible text. */
export function rawCodes(html: string): string[] {
  return [...visibleText(html).matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)].map((m) => m[0]);
}

/** The value of a hidden input in a page. */
export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

/** The latest one-time code sent in a district (the caller reads it out). */
export async function latestCode(q: Queryable, cipher: PersonalDataCipher, districtCode: string): Promise<string> {
  const { rows } = await q.query<{ id: number }>(`SELECT id FROM messages WHERE district_code = $1 AND kind = 'one_time_code' ORDER BY id DESC LIMIT 1`, [districtCode]);
  return codeOfMessage(q, cipher, Number(rows[0]!.id));
}
