import type { Bilingual } from '../i18n/i18n.ts';
import type { Role } from './roles.ts';

/** The signed-in staff member, as every guarded route sees them. */
export interface StaffPrincipal {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The district the session belongs to: district-scoped routes take it from here, never from the client. */
  districtCode: string;
  districtName: Bilingual;
  /** The version of the district's logo (district settings) when it has one: the console header shows it. */
  districtLogo?: string;
}

export interface StaffSession {
  tokenHash: Buffer;
  csrfToken: string;
  /** The end of the absolute lifetime (TAXSTATION_SESSION_HOURS). */
  expiresAt: Date;
  /** When the session ends unless it is used before (TAXSTATION_SESSION_IDLE_MINUTES after it was last used). */
  idleExpiresAt: Date;
  /** Seconds until the session ends, whichever comes first, by the database's clock. */
  secondsLeft: number;
  /**
   * An administrator whose district requires a second factor they have not
   * set up: the session opens only the set-up page (and signing out) until
   * they have; the route guard sends them there.
   */
  secondFactorEnrolmentRequired: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireStaff() (or loadStaff()) when a valid session cookie came with the request. */
    staff?: StaffPrincipal;
    staffSession?: StaffSession;
    /** Multipart posts carry the CSRF token as a form field that the route reads; see takeUploadedFile(). */
    csrfDeferred?: boolean;
  }
}
