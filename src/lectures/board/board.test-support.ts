import assert from 'node:assert/strict';
import { TestClient } from '../../../test-support/test-server.ts';

// What the board's tests share: a resident's browser (its own client
// address and cookie jar) that reads a page's form token and posts forms,
// and a signed-in official who posts the console's forms.

export const BOARD = '/r/lectures/board';
export const CONSOLE = '/console/lectures/board';

const formInit = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

export class Resident {
  readonly client: TestClient;
  constructor(baseUrl: string, address: string) {
    this.client = new TestClient(baseUrl, { 'x-forwarded-for': address });
  }

  /** The page's body and the form token it carries (also sets the browser cookie). */
  async page(path: string): Promise<{ status: number; html: string; token: string | undefined }> {
    const response = await this.client.request(path);
    const html = await response.text();
    return { status: response.status, html, token: /name="_token" value="([^"]+)"/.exec(html)?.[1] };
  }

  async ask(district: string, fields: Record<string, string>, lang = 'en'): Promise<Response> {
    const { token } = await this.page(`${BOARD}/${district}/ask?lang=${lang}`);
    assert.ok(token, 'the form carries a token');
    return this.client.request(`${BOARD}/${district}/ask?lang=${lang}`, formInit({ _token: token, ...fields }));
  }

  async upvote(district: string, id: number, lang = 'en'): Promise<Response> {
    const { token } = await this.page(`${BOARD}/${district}/q/${id}?lang=${lang}`);
    assert.ok(token, 'the question page has the upvote form');
    return this.client.request(`${BOARD}/${district}/q/${id}/upvote?lang=${lang}`, formInit({ _token: token }));
  }

  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.client.request(path, formInit(fields));
  }
}

/** A console form post with the session's CSRF token (or the one given; null for none). */
export function staffPost(client: TestClient, path: string, fields: Record<string, string> = {}, csrf: string | null = client.csrfToken ?? ''): Promise<Response> {
  return client.request(path, formInit({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields }));
}

/** A reference from the page after posting. */
export function referenceOf(location: string | null): string {
  const m = /\/posted\/(LQ-[A-Z2-9]{8})/.exec(location ?? '');
  assert.ok(m, `redirected to the page after posting: ${location}`);
  return m[1]!;
}
