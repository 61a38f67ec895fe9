import { readFileSync } from 'node:fs';
import { z } from 'zod';

// The maintained list of e-mail domains that cannot receive mail
// (email-domains.json): misspellings of the common providers, with the domain
// meant, and closed mail services. Read and validated once at start; a bad
// edit of the file stops the process with the zod error, not a silent miss.

const entrySchema = z.discriminatedUnion('kind', [
  z.object({ domain: z.string().regex(/^[a-z0-9.-]+$/), kind: z.literal('misspelt'), suggestion: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/), checked: z.string() }),
  z.object({ domain: z.string().regex(/^[a-z0-9.-]+$/), kind: z.literal('dead'), checked: z.string() }),
]);
const fileSchema = z.object({ about: z.string(), domains: z.array(entrySchema).min(1) });

export type SuspectDomain = z.infer<typeof entrySchema>;

const file = fileSchema.parse(JSON.parse(readFileSync(new URL('./email-domains.json', import.meta.url), 'utf8')));

export const SUSPECT_DOMAINS: ReadonlyMap<string, SuspectDomain> = new Map(file.domains.map((d) => [d.domain, d]));

/** The domain part of an address, lower-cased; '' when there is no @. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase();
}

/** The list's entry for an address's domain, if the domain is known dead or misspelt. */
export function suspectDomain(email: string): SuspectDomain | undefined {
  return SUSPECT_DOMAINS.get(emailDomain(email));
}
