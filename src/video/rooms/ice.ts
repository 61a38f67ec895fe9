import { createHmac } from 'node:crypto';
import type { IceConfig } from '../signalling/video.frames.ts';
import type { IceSettings } from '../video.deps.ts';

// The browsers' ICE servers for one room. TURN credentials follow coturn's
// shared-secret scheme (the "TURN REST API", coturn --use-auth-secret):
//   username   = "<expiry as unix seconds>:<label>"
//   credential = base64(HMAC-SHA1(static-auth-secret, username))
// coturn recomputes the credential from the username and refuses it after
// the expiry, so nothing is stored and a leaked credential dies with the room.

/** How long after the room closes its credentials still work (a call running into the extension, a late reconnect). */
export const TURN_GRACE_SECONDS = 10 * 60;

export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * label: who the credential is for, without personal data (the booking id and
 * side), so the relay's log can tell rooms apart.
 */
export function iceConfigFor(settings: IceSettings, args: { label: string; validUntil: Date }): IceConfig {
  const iceServers: IceConfig['iceServers'] = [];
  if (settings.stunUrls.length > 0) iceServers.push({ urls: [...settings.stunUrls] });
  if (settings.turnSecret && settings.turnUrls.length > 0) {
    const expiry = Math.floor(args.validUntil.getTime() / 1000) + TURN_GRACE_SECONDS;
    const username = `${expiry}:${args.label}`;
    iceServers.push({ urls: [...settings.turnUrls], username, credential: turnCredential(settings.turnSecret, username) });
  }
  // Relay-only without a relay would never connect: fall back to all paths.
  const haveRelay = iceServers.some((s) => s.credential);
  return { iceServers, iceTransportPolicy: settings.transportPolicy === 'relay' && haveRelay ? 'relay' : 'all' };
}
