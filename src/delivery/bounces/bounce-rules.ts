// The rules the bounce classifier applies, as data. Written from the
// standards (RFC 3463 and the IANA registry of enhanced status codes,
// RFC 5248; RFC 3464 for the report format; RFC 7505 null MX; RFC 7293
// RRVS; RFC 7372 authentication codes) and from the wording the common mail
// systems use in their replies and reports (their own documentation and
// published examples). Changing how a bounce is read is changing a record
// here; bounce-classifier.test.ts runs the corpus against them.
//
// How a verdict is reached, per recipient:
//   1. the enhanced status code: the report's Status, unless it is X.0.0 (or
//      missing) and the Diagnostic-Code or the text names a more specific
//      code of the same class;
//   2. the reason: the AUTHORITATIVE_STATUS records first, then the PHRASE
//      rules in their order (the recipient's diagnostic first, then the whole
//      human-readable text of the report), then STATUS_REASONS by code;
//   3. the class: `hard` only for a reason in HARD_REASONS on a failure that
//      is not temporary (no 4.x.x code) and a rule not marked `soft`; a
//      delay report is `delayed`, a success report `delivered`, anything
//      else that failed `soft`. A failure after retries with only a
//      temporary code (4.x.x) whose reason says nothing more precise than a
//      network or system error is `expired`.
//
// Phrases are matched against lower-cased text whose white space is
// collapsed and whose SMTP reply prefixes (`550-5.1.1 `) at line starts are
// removed; patterns are regular expressions over the same text and must stay
// linear (no nested or adjacent unbounded quantifiers).

export const BOUNCE_KINDS = ['hard', 'soft', 'delayed', 'delivered', 'not_a_bounce'] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];

/** Why mail came back (or why a message is not a bounce). Stable codes. */
export const BOUNCE_REASONS = [
  // the address itself: hard when permanent
  'no_such_user', // the mailbox does not exist (5.1.1, 5.1.6, 5.1.10 Microsoft, 5.7.17)
  'host_unknown', // the domain does not exist or takes no mail (5.1.2, 5.4.4, null MX)
  'invalid_address', // the address is malformed (5.1.3)
  'mailbox_disabled', // the mailbox exists but is disabled or closed (5.2.1)
  // the recipient's side, temporary or not the address's fault: soft
  'mailbox_full', // over quota (5.2.2, 4.2.2)
  'message_too_big', // 5.2.3, 5.3.4
  // the sender's side (the district's mail set-up or reputation): soft
  'spam_rejected', // the message was judged to be spam
  'sender_blocked', // the sending IP or domain is on a block list, or the sender address is refused
  'sender_auth_failed', // SPF, DKIM, DMARC or reverse DNS checks failed
  'policy', // refused by the receiving system's rules (relaying, rate limits, content, lists)
  // the way there
  'expired', // the relay gave up after retrying (4.4.7, or a final report with a 4.x.x code)
  'network_error', // connection, DNS or TLS trouble on the way
  'system_error', // the receiving system failed (5.3.x, loops, busy)
  'unknown', // a failure the rules cannot name
  // success
  'delivered', // delivered to the mailbox (Action: delivered)
  'relayed', // handed to a system that sends no reports (Action: relayed): not proof of delivery
  'expanded', // delivered to a list or alias that expanded it (Action: expanded)
  // not a delivery report
  'auto_reply', // vacation, out-of-office and other automatic replies
  'feedback_report', // abuse or complaint report (ARF, report-type=feedback-report)
  'read_receipt', // message disposition notification (report-type=disposition-notification)
  'challenge_response', // "confirm you are a person" requests from anti-spam systems
  'not_a_report', // anything else: ordinary mail, spam, junk
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/** Reasons that say the address is dead or wrong: only these, when permanent, condemn a contact. */
export const HARD_REASONS: ReadonlySet<BounceReason> = new Set(['no_such_user', 'host_unknown', 'invalid_address', 'mailbox_disabled']);

/** Reasons that are the sender's problem, never the taxpayer's (issue 18, Deliver 3). */
export const SENDER_SIDE_REASONS: ReadonlySet<BounceReason> = new Set(['spam_rejected', 'sender_blocked', 'sender_auth_failed', 'policy']);

export interface PhraseRule {
  /** Stable name, reported with the verdict. */
  id: string;
  reason: BounceReason;
  /** Lower-case substrings; one is enough. */
  phrases?: readonly string[];
  /** Regular expressions over the normalised lower-case text; one is enough. */
  patterns?: readonly RegExp[];
  /** Applies only when the status code matches one of these (`5.4.1`, `5.1.*`, `*.7.*`). */
  status?: readonly string[];
  /** Never hard, even when permanent (temporary suspensions, dormant accounts). */
  soft?: true;
}

export interface StatusRule {
  /** `X.Y.Z` with `*` for any class digit, e.g. `*.1.1`. */
  code: string;
  reason: BounceReason;
}

/**
 * Codes whose meaning is unambiguous: they decide the reason before any
 * phrase is read (a DMARC refusal says more than its wording).
 */
export const AUTHORITATIVE_STATUS: readonly StatusRule[] = [
  { code: '*.7.17', reason: 'no_such_user' }, // RFC 7293: mailbox owner has changed
  { code: '*.7.18', reason: 'host_unknown' }, // RFC 7293: domain owner has changed
  { code: '*.7.20', reason: 'sender_auth_failed' }, // RFC 7372: no passing DKIM signature
  { code: '*.7.21', reason: 'sender_auth_failed' }, // no acceptable DKIM signature
  { code: '*.7.22', reason: 'sender_auth_failed' }, // no valid author-matched DKIM signature
  { code: '*.7.23', reason: 'sender_auth_failed' }, // SPF validation failed
  { code: '*.7.24', reason: 'sender_auth_failed' }, // SPF validation error
  { code: '*.7.25', reason: 'sender_auth_failed' }, // reverse DNS validation failed
  { code: '*.7.26', reason: 'sender_auth_failed' }, // multiple authentication checks failed
  { code: '*.7.27', reason: 'sender_blocked' }, // RFC 7505: sender address has null MX
  { code: '*.7.29', reason: 'sender_auth_failed' }, // ARC validation failure
  { code: '*.7.509', reason: 'sender_auth_failed' }, // Microsoft: DMARC reject
  { code: '*.7.606', reason: 'sender_blocked' }, // Microsoft: banned sending IP
  { code: '*.7.708', reason: 'sender_blocked' }, // Microsoft: traffic not accepted from this IP
  { code: '*.7.511', reason: 'sender_blocked' }, // Microsoft: banned sender
];

/**
 * Phrase rules, in order: the first that matches decides. Sender-side
 * refusals come first (their wording often mentions the recipient too), then
 * what is said about the recipient's mailbox, then the general ones.
 */
export const PHRASE_RULES: readonly PhraseRule[] = [
  // --- Microsoft 365 directory-based edge blocking: the recipient does not exist in the tenant.
  { id: 'm365-dbeb', reason: 'no_such_user', status: ['5.4.1'], phrases: ['recipient address rejected: access denied'] },

  // --- the district's sending IP or domain is on a block list or has a bad reputation
  {
    id: 'blocklist',
    reason: 'sender_blocked',
    phrases: [
      'blocked using',
      'listed at ',
      'listed in ',
      'is listed on',
      'spamhaus',
      'spamcop',
      'barracuda reputation',
      'barracudacentral',
      'sorbs.net',
      'block list',
      'blocklist',
      'blacklist',
      'black list',
      'dnsbl',
      'on our block list',
      'ipcheck.proofpoint.com',
      'proofpoint.com/dnsbl',
      'banned sending ip',
      'traffic not accepted from this ip',
      'not currently accepting mail from your ip',
      'temporarily deferred due to unexpected volume or user complaints',
      'due to user complaints',
      'poor reputation',
      'bad reputation',
      'low reputation',
      'ip reputation',
      'sender reputation',
      'domain reputation',
      'realip.naver.com',
      'cleanip',
      'hosts with dynamic ip',
      'dynamic ip',
      'access denied, banned sender',
      'bad outbound sender',
    ],
    patterns: [/\brbl\b/, /\byour ip ?\(?[\d.]{0,15}\)? ?(?:address )?(?:is |has been )?(?:filtered|blocked|blacklisted|listed|rejected|banned)/, /messages from \[?[\d.]{7,15}\]? weren't sent/, /\bip (?:address )?[\d.]{7,15} (?:is |has been )?(?:blocked|blacklisted|banned)/, /발송 ?ip[가이]? ?(?:차단|제한)/, /ip[가이]? ?차단/],
  },
  // --- the sender address (the district's return path or From) is refused
  {
    id: 'sender-refused',
    reason: 'sender_blocked',
    phrases: [
      'sender address rejected',
      'sender rejected',
      'sender denied',
      'sender is blacklisted',
      'sender blocked',
      'envelope sender is in my badmailfrom list',
      'domain of sender address',
      "sender's domain does not",
      'sender domain must exist',
      'sender domain does not exist',
      'sender address has null mx',
      'mail from address rejected',
    ],
  },
  // --- SPF, DKIM, DMARC, reverse DNS: the district's domain set-up
  {
    id: 'authentication',
    reason: 'sender_auth_failed',
    phrases: [
      'sender policy framework',
      'domainkeys',
      'unauthenticated email',
      'sender is unauthenticated',
      'sender was not authenticated',
      'was not authenticated',
      'failed authentication',
      'authentication checks',
      'does not pass dmarc',
      'arc validation',
      'does not designate',
      'not designated as permitted sender',
      'reverse dns',
      'ptr record',
      'reverse lookup',
      'cannot resolve your address',
      'custom reverse dns',
      'spoofing',
      'spoofed',
      '발신 도메인 인증',
      '발신자 인증',
    ],
    patterns: [/\bspf\b/, /\bdkim\b/, /\bdmarc\b/, /\brdns\b/, /\bno ptr\b/],
  },
  // --- judged to be spam
  {
    id: 'spam',
    reason: 'spam_rejected',
    phrases: [
      'spam',
      'unsolicited',
      'junk mail',
      'junkmail',
      'content filter',
      'message content rejected',
      'content rejected',
      'bulk mail',
      'suspected phishing',
      'phishing',
      '스팸',
      '광고성',
    ],
  },

  // --- Postfix's "delivery temporarily suspended: <why>" (its queue manager's
  // note that the destination host could not be reached or talked to): the
  // way there, not the mailbox. Before "temporarily suspended" below; the why
  // (a block list, SPF) is read by the rules above when it names one.
  { id: 'postfix-destination-suspended', reason: 'network_error', phrases: ['delivery temporarily suspended'] },

  // --- the recipient's mailbox: temporarily suspended or dormant (never hard)
  {
    id: 'mailbox-suspended',
    reason: 'mailbox_disabled',
    soft: true,
    phrases: [
      'temporarily suspended',
      'temporarily disabled',
      'temporarily inactive',
      'temporarily deactivated',
      'temporary locked',
      'temporarily locked',
      'currently suspended',
      'mailbox is frozen',
      'dormant',
      '휴면',
      '일시 정지',
      '일시정지',
    ],
  },
  // --- closed or disabled for good
  {
    id: 'mailbox-disabled',
    reason: 'mailbox_disabled',
    phrases: [
      'account that you tried to reach is disabled',
      'account has been disabled',
      'account is disabled',
      'account disabled',
      'mailbox is disabled',
      'mailbox disabled',
      'mailbox has been disabled',
      'disabled or discontinued',
      'account has been deactivated',
      'account is deactivated',
      'deactivated mailbox',
      'is a deactivated',
      'account is inactive',
      'inactive user',
      'inactive mbox',
      'inactive account',
      'user suspended',
      'suspended user',
      'account suspended',
      'account has been suspended',
      'mailbox is inactive',
      'mailbox has been closed',
      'account has been closed',
      'mailbox is not accepting',
      '사용 중지',
      '사용중지',
      '사용이 중지',
      '정지된 계정',
      '이용 정지',
      '이용정지',
    ],
  },
  // --- malformed address
  {
    id: 'invalid-address',
    reason: 'invalid_address',
    phrases: ['bad recipient address syntax', 'bad address syntax', 'invalid address syntax', 'address syntax', 'malformed address', 'illegal address', 'syntax error in recipient', 'invalid recipient address format', '주소 형식'],
  },
  // --- the mailbox does not exist
  {
    id: 'no-such-user',
    reason: 'no_such_user',
    phrases: [
      'user unknown',
      'unknown user',
      'no such user',
      'no such recipient',
      'no such mailbox',
      'no such address',
      'no such person',
      'unknown recipient',
      'recipient unknown',
      'recipient not found',
      'recipientnotfound',
      'recipnotfound',
      'recipient does not exist',
      'recipient address does not exist',
      'user does not exist',
      "user doesn't exist",
      'user not found',
      'user not known',
      'not a known user',
      'is not a valid user',
      'mailbox does not exist',
      "mailbox doesn't exist",
      'mailbox not found',
      'mailbox unknown',
      'unknown mailbox',
      'no mailbox here by that name',
      'no mailbox by that name',
      'not a valid mailbox',
      'invalid mailbox',
      'invalid recipient',
      'invalid address',
      'address does not exist',
      'address not found',
      "address couldn't be found",
      'address could not be found',
      'address was not found',
      'address unknown',
      'unknown address',
      'addressee unknown',
      'account that you tried to reach does not exist',
      'account does not exist',
      "account doesn't exist",
      'does not exist at the organization',
      'has no account',
      'no account by that name',
      'not our customer',
      'unknown local part',
      'unknown local-part',
      'bad destination mailbox',
      'destination mailbox address invalid',
      'no longer exists',
      'no longer valid',
      'no longer in use',
      'no longer accepts mail',
      'has been terminated',
      'has moved',
      'no forwarding address',
      'there is no one at this address',
      'no mailbox',
      '수신자를 찾을 수 없',
      '사용자를 찾을 수 없',
      '받는 사람을 찾을 수 없',
      '받는사람을 찾을 수 없',
      '계정을 찾을 수 없',
      '탈퇴',
      '해지된',
    ],
    patterns: [
      /doesn'?t have an? [\w.-]{1,64} account/,
      /\bwasn'?t found at\b/,
      /존재하지 ?않는 ?(?:사용자|계정|메일 ?주소|메일 ?계정|이메일 ?주소|주소|아이디|수신자|받는 ?사람|메일함)/,
      /(?:사용자|계정|메일 ?주소|이메일 ?주소|주소|아이디|수신자|받는 ?사람|메일함)[가이은는]? ?(?:존재하지 ?않|없습니다)/,
      /없는 ?(?:사용자|계정|메일 ?주소|주소|아이디)/,
    ],
  },
  // Hotmail and others say "mailbox unavailable" for an unknown user, but RFC 5321 gives the
  // same words to every 550: only with an addressing code does it name a missing mailbox.
  { id: 'mailbox-unavailable', reason: 'no_such_user', status: ['5.1.*', '5.5.0'], phrases: ['mailbox unavailable', 'mailbox not available'] },
  // --- a DNS answer that will come right: checked before "host not found"
  {
    id: 'dns-temporary',
    reason: 'network_error',
    phrases: ['host not found, try again', 'temporary failure in name resolution', 'dns resolving error', 'temporary dns', 'dns lookup failure', 'dns timeout', 'servfail'],
  },
  // --- the domain does not exist or takes no mail
  {
    id: 'host-unknown',
    reason: 'host_unknown',
    phrases: [
      'host or domain name not found',
      'domain name not found',
      'domain not found',
      'domain does not exist',
      "domain doesn't exist",
      'no such domain',
      'unrouteable address',
      'unroutable address',
      'host unknown',
      'unknown host',
      'hostunknown',
      'all relevant mx records point to non-existent hosts',
      "couldn't find any host named",
      'could not find any host named',
      'no mx record',
      'nxdomain',
      'domain lookup failed',
      'dns domain does not exist',
      'null mx',
      'domain does not accept mail',
      'does not accept email',
      'unknown domain',
      'invalid domain',
      '도메인을 찾을 수 없',
      '도메인이 존재하지 않',
      '존재하지 않는 도메인',
    ],
  },
  // --- the mailbox is full
  {
    id: 'mailbox-full',
    reason: 'mailbox_full',
    phrases: [
      'mailbox full',
      'mailbox is full',
      'mailbox quota',
      'quota exceeded',
      'exceeded quota',
      'exceeds quota',
      'exceed quota',
      'over quota',
      'overquota',
      'over the allowed quota',
      'quotaexceeded',
      'exceeded storage allocation',
      'out of storage space',
      'inbox is full',
      'mailbox size limit exceeded',
      'mailbox has exceeded',
      'mailbox exceeded',
      'not enough space in mailbox',
      'insufficient space in mailbox',
      'mail box full',
      'user has exceeded',
      '메일함 용량',
      '메일함이 가득',
      '메일함이 꽉',
      '용량 초과',
      '용량을 초과',
      '용량이 초과',
      '용량이 부족',
    ],
  },
  // --- the message is too big
  {
    id: 'too-big',
    reason: 'message_too_big',
    phrases: [
      'message too big',
      'message too large',
      'message is too big',
      'message is too large',
      'message size exceeds',
      'message exceeds',
      'exceeds the maximum message size',
      'exceeds maximum message size',
      'exceeds maximum allowed size',
      'size exceeds',
      'too large for this recipient',
      'recipsizelimit',
      'message length exceeds',
      'size limit',
      '메일 크기',
      '크기가 너무',
    ],
  },
  // --- the receiving system's rules
  {
    id: 'policy',
    reason: 'policy',
    phrases: [
      'relay access denied',
      'relaying denied',
      'relay denied',
      'relay not permitted',
      'unable to relay',
      'not permitted to relay',
      'relay operation rejected',
      'we do not relay',
      'delivery not authorized',
      'policy reasons',
      'policy violation',
      'rejected for policy',
      'virus',
      'malware',
      'infected',
      'attachment not allowed',
      'prohibited attachment',
      'blocked attachment',
      'too many recipients',
      'rate limit',
      'ratelimit',
      'too many messages',
      'too many connections',
      'sending rate',
      'you send too many',
      'exceeded the rate',
      'throttl',
      'requiretls',
      'tls required',
      'must issue a starttls',
      'encryption required',
      'not allowed to post',
      'not permitted to post',
      "aren't allowed to post",
      'permission to post',
      'members-only',
      'posting restricted',
      'reject list',
      'rejected by recipient',
      'recipient has blocked',
      'access denied',
      '수신 거부',
      '수신거부',
      '수신 차단',
      '수신차단',
    ],
  },
  // --- the relay gave up after retrying
  {
    id: 'expired',
    reason: 'expired',
    phrases: [
      'retry timeout exceeded',
      'retry time exceeded',
      'message expired',
      'queue.expired',
      'delivery time expired',
      'in the queue too long',
      'in queue too long',
      "i'm not going to try again",
      'maximum number of delivery attempts',
      'too many retries',
      'message is too old',
      'delivery period expired',
      'could not be delivered within',
      '재시도 횟수',
      '전송 시간 초과',
      '발송 시간 초과',
    ],
    patterns: [/could not be delivered for (?:\d{1,3}|one|two|three|four|five|six|seven) (?:days?|hours?)/, /undeliverable for (?:\d{1,3}|one|two|three|four|five) (?:days?|hours?)/],
  },
  // --- on the way: connections, DNS, TLS
  {
    id: 'network',
    reason: 'network_error',
    phrases: [
      'connection timed out',
      'connection refused',
      'no route to host',
      'network is unreachable',
      'lost connection',
      'connection reset',
      'connection dropped',
      'connection closed',
      'tls handshake',
      'tls connect failed',
      'ssl routines',
      'certificate verify failed',
      'timed out',
      'timeout',
      'no answer from host',
      'bad connection',
      'unable to connect',
      'could not connect',
      "couldn't connect",
      'network is busy',
      'network error',
      '연결 실패',
      '연결할 수 없',
      '응답이 없',
    ],
  },
  // --- the receiving system failed
  {
    id: 'system',
    reason: 'system_error',
    phrases: [
      'mail system full',
      'insufficient system storage',
      'system storage',
      'temporary failure',
      'temporary system failure',
      'temporary local problem',
      'internal error',
      'local error',
      'server busy',
      'server too busy',
      'too busy',
      'resources temporarily unavailable',
      'mail loop',
      'loops back to myself',
      'hop count exceeded',
      'routing loop',
      'too many hops',
      'mailer error',
      'service unavailable',
      'service not available',
      'try again later',
      '일시적인 장애',
      '일시적인 오류',
      '서버 오류',
      '시스템 오류',
    ],
  },
];

/**
 * Reasons by enhanced status code, when no phrase decides (RFC 3463 and the
 * IANA registry). The first record whose code matches wins: exact codes
 * before the `X.Y.*` subject records.
 */
export const STATUS_REASONS: readonly StatusRule[] = [
  { code: '*.1.0', reason: 'unknown' }, // other address status: says nothing about whose address
  { code: '*.1.1', reason: 'no_such_user' }, // bad destination mailbox address
  { code: '*.1.2', reason: 'host_unknown' }, // bad destination system address
  { code: '*.1.3', reason: 'invalid_address' }, // bad destination mailbox address syntax
  { code: '*.1.4', reason: 'unknown' }, // destination mailbox address ambiguous
  { code: '*.1.6', reason: 'no_such_user' }, // destination mailbox has moved, no forwarding address
  { code: '*.1.7', reason: 'sender_blocked' }, // bad sender's mailbox address syntax
  { code: '*.1.8', reason: 'sender_blocked' }, // bad sender's system address
  { code: '*.1.10', reason: 'no_such_user' }, // Microsoft: RecipientNotFound (RFC 7505 gives it to null MX: also hard)
  { code: '*.2.0', reason: 'unknown' },
  { code: '*.2.1', reason: 'mailbox_disabled' }, // mailbox disabled, not accepting messages
  { code: '*.2.2', reason: 'mailbox_full' },
  { code: '*.2.3', reason: 'message_too_big' }, // message length exceeds administrative limit
  { code: '*.2.4', reason: 'system_error' }, // mailing list expansion problem
  { code: '*.3.1', reason: 'system_error' }, // mail system full
  { code: '*.3.4', reason: 'message_too_big' },
  { code: '*.3.*', reason: 'system_error' },
  { code: '*.4.1', reason: 'network_error' }, // no answer from host
  { code: '*.4.2', reason: 'network_error' }, // bad connection
  { code: '*.4.3', reason: 'network_error' }, // directory server failure
  { code: '5.4.4', reason: 'host_unknown' }, // unable to route, for good
  { code: '4.4.4', reason: 'network_error' },
  { code: '*.4.5', reason: 'system_error' }, // mail system congestion
  { code: '*.4.6', reason: 'system_error' }, // routing loop
  { code: '*.4.7', reason: 'expired' }, // delivery time expired
  { code: '*.4.310', reason: 'host_unknown' }, // Microsoft: DNS domain does not exist
  { code: '*.4.*', reason: 'network_error' },
  { code: '*.5.3', reason: 'policy' }, // too many recipients
  { code: '*.5.*', reason: 'system_error' }, // protocol status
  { code: '*.6.*', reason: 'policy' }, // media or content not accepted
  { code: '*.7.8', reason: 'sender_auth_failed' }, // authentication credentials invalid
  { code: '*.7.*', reason: 'policy' }, // security or policy status: never the address
];

/** Lines that start the copy of the returned message in a plain-text report: nothing after them is read. */
export const RETURNED_MESSAGE_MARKERS: readonly RegExp[] = [
  /^-{2,} ?this is a copy of the message/im, // Exim
  /^-{2,} ?below this line is a copy of the message/im, // qmail, Yahoo
  /^ {0,8}-{2,} ?original message (?:follows|headers follow)/im, // Sendmail
  /^ {0,8}-{2,} ?(?:unsent message below|returned message|message header follows|original message header|the header of the original message)/im,
  /^ {0,8}-{2,} ?original message ?-{2,}/im,
  /^original message headers:?\s*$/im, // Exchange
  /^ {0,8}-{2,} ?(?:원본 메시지|원본 메일|원래 메시지)/im,
  /^(?:received|return-path|dkim-signature): /im, // a header block: the returned message
];

export interface MailSystemFormat {
  /** Short name reported with the verdict. */
  id: string;
  /** Any of these in the report's From header. */
  from?: RegExp;
  /** Any of these in its Subject. */
  subject?: RegExp;
  /** Any of these in its human-readable text (lower-cased, normalised). */
  body?: readonly string[];
}

/**
 * The plain-text reports of the common mail systems: how to tell them. The
 * first format whose body (or, failing that, whose sender and subject)
 * matches names the report; a report that matches none but comes from a
 * mail daemon with a failure in its text is still read, as `generic`.
 */
export const MAIL_SYSTEM_FORMATS: readonly MailSystemFormat[] = [
  { id: 'qmail', body: ['this is the qmail-send program', "i'm afraid i wasn't able to deliver your message"] },
  { id: 'exim', body: ['this message was created automatically by mail delivery software'] },
  { id: 'postfix', body: ['this is the mail system at host', "i'm sorry to have to inform you that your message could not"] },
  { id: 'sendmail', body: ['the original message was received at', 'transcript of session follows', 'the following addresses had permanent fatal errors'] },
  { id: 'gmail', from: /@(?:googlemail|google)\.com\b/i, body: ["your message wasn't delivered to", 'delivery to the following recipient failed permanently', "the email account that you tried to reach does not exist", 'message not delivered yet', 'delivery to the following recipient has been delayed'] },
  { id: 'yahoo', from: /@yahoo(?:inc)?\.(?:com|co\.kr|co\.jp)\b/i, body: ['sorry, we were unable to deliver your message to the following address'] },
  { id: 'microsoft', from: /@(?:outlook|hotmail|live|msn)\.com\b|microsoftexchange|\bpostmaster@[^>\s]*\.onmicrosoft\.com/i, body: ['delivery has failed to these recipients or groups', 'delivery has failed to these recipients or distribution lists', 'the following recipient(s) cannot be reached', 'your message did not reach some or all of the intended recipients', 'diagnostic information for administrators', 'delivery is delayed to these recipients or groups', 'more info for email admins', 'dsn generated by:', 'your message has been delivered to the following recipients'] },
  { id: 'amazon-ses', from: /amazonses\.com\b/i, body: ['an error occurred while trying to deliver the mail to the following recipients'] },
  { id: 'mailing-list', from: /-(?:owner|bounces|request)@|mailman|listserv|sympa|majordomo|googlegroups\.com/i, body: ['awaits moderator approval', 'you are not allowed to post to this mailing list', 'post by non-member', 'is being held until the list moderator', "you don't have permission to post", "you aren't allowed to post"] },
  { id: 'korean', body: ['전달하지 못했', '메일이 반송', '메일 발송 실패', '메일 전송 실패', '발송에 실패', '전송에 실패', '배달 실패', '전달되지 않았', '보낸 메일이 전달되지', '반송되었습니다'] },
];

/** A From header of a mail daemon or postmaster. */
export const DAEMON_FROM = /mailer-daemon|mail delivery (?:system|subsystem)|postmaster@|mail ?administrator|\bmdaemon\b|mail delivery service|microsoft outlook|메일 ?(?:관리자|시스템)/i;

/** A Subject of a delivery report. */
export const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery status notification|returned mail|returning message to sender|mail delivery failed|delivery fail|failure notice|failed delivery|non-?delivery|delivery has failed|could not be delivered|not be delivered|delivery problem|delivery notification|delayed mail|delivery delayed|warning: could not send|mail system error|반송|발송 ?실패|전송 ?실패|배달 ?실패|전달 ?실패|전송되지 ?않|전달되지 ?않/i;

/** Words in a Subject that say the message was delivered. */
export const DELIVERED_SUBJECT = /^(?:delivered|relayed|delivery status notification \(success\)|successful mail delivery report|배달 ?완료|전송 ?완료)/i;

/** A delay warning rather than a final failure (plain-text reports, or a report without an Action). */
export const DELAY_MARKERS: readonly string[] = [
  'this is a warning only',
  'warning message only',
  'you do not need to resend',
  'has not yet been delivered',
  'not yet been delivered',
  'delivery has been delayed',
  'delivery is delayed',
  'has been delayed',
  'message not delivered yet',
  'will continue to try',
  'will keep trying',
  'will retry',
  'will be retried',
  'still trying',
  'delivery attempts will continue',
  'still undelivered after',
  'could not send message for past',
  'awaits moderator approval',
  'is being held until the list moderator',
  'delayed mail (still being retried)',
  '발송이 지연',
  '전송이 지연',
  '배달이 지연',
  '계속 재시도',
];

/** Subject words of a delay report. */
export const DELAY_SUBJECT = /\(delay\)|delayed mail|delivery delayed|warning: could not send|warning: message .{0,40} delayed|delivery status notification \(delay\)|still being retried|awaits moderator approval|지연/i;

/** Text of a final failure (when it must be told from a delay). */
export const FAILURE_MARKERS: readonly string[] = [
  'permanent error',
  'permanent fatal error',
  'failed permanently',
  'could not be delivered',
  "couldn't be delivered",
  "wasn't delivered",
  'was not delivered',
  'delivery has failed',
  'unable to deliver',
  "wasn't able to deliver",
  'undeliverable',
  'cannot be reached',
  'could not be sent',
  'message not delivered',
  'returned to sender',
  'gave up',
  'giving up',
  'rejected',
  '반송',
  '실패',
];

/** Headers that mark an automatic reply (RFC 3834 and common practice). */
export const AUTO_REPLY_HEADERS: readonly { name: string; value?: RegExp }[] = [
  { name: 'x-autoreply' },
  { name: 'x-autorespond' },
  { name: 'x-autoresponder' },
  { name: 'x-auto-reply' },
  { name: 'x-mail-autoreply' },
  { name: 'x-vacation' },
  { name: 'precedence', value: /auto[_-]?reply/i },
  { name: 'auto-submitted', value: /auto-replied/i },
  { name: 'x-ms-exchange-inbox-rules-loop' },
];

/** Subjects of automatic replies. */
export const AUTO_REPLY_SUBJECT =
  /^(?:auto(?:matic)?[ -]?(?:reply|response|antwort|réponse)|autoreply|auto:|out of (?:the )?office|ooo\b|on vacation|vacation|away from|abwesen|absence|réponse automatique|respuesta automática|자동 ?응답|자동 ?회신|부재 ?중|휴가)|\b(?:out of (?:the )?office|automatic reply|auto-?reply|autoreply|자동 ?응답|부재 ?중)\b/i;

/** Text of an automatic reply. */
export const AUTO_REPLY_BODY: readonly string[] = [
  'i am out of the office',
  "i'm out of the office",
  'i am currently out of',
  "i'm currently out of",
  'out of office',
  'i will be out of',
  'i am on vacation',
  "i'm on vacation",
  'on annual leave',
  'i am away',
  'limited access to email',
  'automatic reply',
  'this is an automated reply',
  'this is an automatic reply',
  'auto-reply',
  '자동 응답',
  '자동응답',
  '부재중',
  '부재 중',
  '휴가 중',
  '휴가중',
];

/** Challenge-response systems asking the sender to prove they are a person. */
export const CHALLENGE_RESPONSE: readonly string[] = [
  'please confirm your message',
  'please verify your email',
  'please verify your e-mail',
  'verify that you are a real person',
  'prove that you are a human',
  'confirm that you are a real person',
  'to complete delivery of your message, please',
  'your message is being held until you',
  'has been held pending verification',
  'i use a spam filter that requires',
  'request to join my guest list',
  'boxbe',
  'spamarrest',
  'mailsbestfriend',
  'challenge-response',
  'whitelist request',
  '발신자 확인',
  '본인 확인 후 전달',
];
