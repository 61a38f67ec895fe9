// Where a district's messages may send a resident: the service's own public
// address (the payment page, {{link}}) and the domains the district lists
// (district_link_domains), over http or https, and nowhere else. A template
// that links elsewhere (a KakaoTalk button, a link or image in the e-mail, an
// address in a text) is refused when saved; at render, a link that does not
// pass is dropped.

export interface LinkPolicy {
  /** Lower-case host names; each allows itself and its subdomains. */
  readonly hosts: readonly string[];
}

/** A link a template may not hold, and why. */
export type LinkProblem = 'not_http' | 'slot_in_host' | 'user_info' | 'foreign_host' | 'invalid';

export function linkPolicy(publicUrl: string | undefined, districtDomains: readonly string[]): LinkPolicy {
  const hosts = new Set(districtDomains.map((d) => d.toLowerCase()));
  const own = publicUrl ? hostOf(publicUrl) : null;
  if (own) hosts.add(own);
  return { hosts: [...hosts] };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

export function hostAllowed(host: string, policy: LinkPolicy): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return policy.hosts.some((allowed) => h === allowed || h.endsWith(`.${allowed}`));
}

const SLOT = /\{\{[^{}]*\}\}/g;

/**
 * Checks a link as written in a template, slots and all. It may start with
 * the payment page's {{link}}; otherwise it is an absolute http(s) address
 * whose host is written out (no slot in it) and allowed. With
 * `fragmentAllowed`, an in-page link (#top) passes too (e-mail HTML).
 */
export function checkTemplateLink(written: string, policy: LinkPolicy, fragmentAllowed = false): LinkProblem | null {
  const url = written.trim();
  if (url.startsWith('{{link}}')) return null;
  if (fragmentAllowed && url.startsWith('#') && !url.includes('{{')) return null;
  const absolute = /^(https?):\/\/([^/?#]*)/i.exec(url);
  if (!absolute) return 'not_http';
  if (absolute[2]!.includes('{{') || absolute[2]!.includes('}}')) return 'slot_in_host';
  return checkFinalLink(url.replace(SLOT, 'x'), policy);
}

/** Checks a link as sent (slots filled): absolute http(s), no user name or password, an allowed host. */
export function checkFinalLink(url: string, policy: LinkPolicy): LinkProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return /^https?:/i.test(url.trim()) ? 'invalid' : 'not_http';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not_http';
  if (parsed.username || parsed.password) return 'user_info';
  return hostAllowed(parsed.hostname, policy) ? null : 'foreign_host';
}

/** The web addresses written in a plain text (http://, https:// or www.), for the same check. */
export function linksInText(text: string): string[] {
  return [...text.matchAll(/\b(?:https?:\/\/|www\.)(?:[^\s<>"'{}]|\{\{[^{}]*\}\})*/gi)].map((m) =>
    m[0].toLowerCase().startsWith('www.') ? `https://${m[0]}` : m[0],
  );
}
