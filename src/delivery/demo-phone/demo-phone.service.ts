import { createHash } from 'node:crypto';
import type { AppDeps } from '../../platform/http/deps.ts';
import { publicBaseUrl } from '../../platform/config.ts';
import { maskEmail } from '../../taxpayers/email.ts';
import { maskPhone } from '../../taxpayers/phone.ts';
import { createNoticeRenderer } from '../dispatch/notice-renderer.ts';
import { recipientFor, type RenderedContent } from '../dispatch/outbound.ts';
import { listReceived, type ReceivedRow } from './demo-phone.repository.ts';

// The demo's phones and inboxes: what each person received, grouped by the
// taxpayer (or, for a message to a contact alone, such as a one-time code,
// by that contact), rendered as the dispatch engine rendered it.

export interface DemoResident {
  /** t<taxpayer id>, or c<hash of the contact> */
  key: string;
  name: string | null;
  /** The phones and addresses reached, masked. */
  contacts: string[];
  count: number;
}

export interface DemoMessage {
  attemptId: number;
  kind: string;
  channel: 'kakao' | 'sms' | 'email';
  at: Date | null;
  to: string;
  content: RenderedContent;
}

function contactOf(row: ReceivedRow, deps: Pick<AppDeps, 'cipher'>): { phone?: string; email?: string } | null {
  try {
    const to = recipientFor(row, deps.cipher);
    if (!to) return null;
    if (to.identityKey) {
      const phone = deps.cipher.decryptNullable(row.taxpayer_mobile_enc);
      return phone ? { phone } : null;
    }
    return to.phone ? { phone: to.phone } : to.email ? { email: to.email } : null;
  } catch {
    return null;
  }
}

interface Received {
  row: ReceivedRow;
  key: string;
  to: string;
  digits: string;
}

async function received(deps: Pick<AppDeps, 'db' | 'cipher'>): Promise<Received[]> {
  const out: Received[] = [];
  for (const row of await listReceived(deps.db)) {
    const contact = contactOf(row, deps);
    if (!contact) continue;
    const value = contact.phone ?? contact.email!;
    const key = row.taxpayer_id !== null ? `t${row.taxpayer_id}` : `c${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
    out.push({ row, key, to: contact.phone ? maskPhone(contact.phone) : maskEmail(value), digits: contact.phone ? contact.phone.slice(-4) : '' });
  }
  return out;
}

const SHOWN = 50;

/** The people who received messages, latest first; `search` matches a name or the last four digits of a phone. */
export async function demoResidents(deps: Pick<AppDeps, 'db' | 'cipher'>, search = ''): Promise<{ residents: DemoResident[]; more: boolean }> {
  const byKey = new Map<string, DemoResident & { digits: Set<string> }>();
  for (const r of await received(deps)) {
    let resident = byKey.get(r.key);
    if (!resident) byKey.set(r.key, (resident = { key: r.key, name: r.row.taxpayer_name, contacts: [], count: 0, digits: new Set() }));
    resident.count++;
    if (!resident.contacts.includes(r.to)) resident.contacts.push(r.to);
    if (r.digits) resident.digits.add(r.digits);
  }
  const term = search.trim();
  const matching = [...byKey.values()].filter((r) => !term || (r.name ?? '').includes(term) || r.digits.has(term));
  return { residents: matching.slice(0, SHOWN).map(({ digits: _digits, ...r }) => r), more: matching.length > SHOWN };
}

/** One person's messages, newest first, rendered; null when nobody has that key. */
export async function demoMessages(deps: Pick<AppDeps, 'db' | 'cipher' | 'config'>, key: string): Promise<{ resident: DemoResident; messages: DemoMessage[] } | null> {
  const mine = (await received(deps)).filter((r) => r.key === key);
  if (mine.length === 0) return null;
  const renderer = createNoticeRenderer(publicBaseUrl(deps.config), deps.cipher);
  await renderer.prepare(deps.db, mine.map((r) => r.row));
  const messages: DemoMessage[] = [];
  for (const r of mine) {
    try {
      messages.push({ attemptId: r.row.attempt_id, kind: r.row.kind, channel: r.row.channel, at: r.row.accepted_at ? new Date(r.row.accepted_at) : null, to: r.to, content: renderer.render(r.row, r.row.channel) });
    } catch {
      // A message whose template no longer renders is left out of the demo's phone.
    }
  }
  const resident: DemoResident = { key, name: mine[0]!.row.taxpayer_name, contacts: [...new Set(mine.map((r) => r.to))], count: mine.length };
  return { resident, messages };
}
