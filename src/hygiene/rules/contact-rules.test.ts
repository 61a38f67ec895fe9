import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CONTACT_RULES, evaluateContacts, usableChannels, type ContactFacts, type DeliveryFailure } from './contact-rules.ts';
import { SUSPECT_DOMAINS } from './email-domains.ts';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const goodMobile = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(7)).map(([a, b]) => `+8210${a}${b}`);
const deadMobile = fc
  .tuple(fc.constantFrom('11', '16', '17', '18', '19'), fc.integer({ min: 1, max: 9 }), fc.oneof(digits(6), digits(7)))
  .map(([p, a, b]) => `+82${p}${a}${b}`);
const landline = fc.tuple(fc.constantFrom('2', '31', '51', '70'), fc.integer({ min: 2, max: 9 }), digits(6)).map(([a, b, c]) => `+82${a}${b}${c}`);
const goodDomains = ['naver.com', 'hanmail.net', 'daum.net', 'gmail.com', 'nate.com', 'kakao.com', 'example.kr', 'korea.kr'];
const local = fc.stringMatching(/^[a-z][a-z0-9._-]{0,14}[a-z0-9]$/).filter((s) => !s.includes('..'));
const goodEmail = fc.tuple(local, fc.constantFrom(...goodDomains)).map(([l, d]) => `${l}@${d}`);
const suspectEmail = fc.tuple(local, fc.constantFrom(...SUSPECT_DOMAINS.keys())).map(([l, d]) => `${l}@${d}`);
const channel = fc.constantFrom('kakao', 'sms', 'email') as fc.Arbitrary<DeliveryFailure['channel']>;
const failure = fc.record({ channel, cause: fc.constantFrom('dead_prefix', 'number_changed', 'not_kakao_user', 'hard_bounce', 'invalid_recipient', 'mailbox_full', 'sender_rejected', 'no_receipt') });
const enrol = fc.record({ kakao: fc.boolean(), sms: fc.boolean(), email: fc.boolean() });

const anyFacts: fc.Arbitrary<ContactFacts> = fc.record({
  mobile: fc.oneof(fc.constant(null), goodMobile, deadMobile, landline, fc.string({ maxLength: 20 })),
  email: fc.oneof(fc.constant(null), goodEmail, suspectEmail, fc.string({ maxLength: 30 })),
  hasIdentityKey: fc.boolean(),
  enrol,
  failures: fc.array(failure, { maxLength: 4 }),
});

const codes = (f: ContactFacts) => evaluateContacts(f).map((x) => x.code);

test('every rule is a complete record with a unique code and reasons in both languages', () => {
  const seen = new Set<string>();
  for (const r of CONTACT_RULES) {
    assert.match(r.code, /^[a-z][a-z0-9_]+$/);
    assert.ok(!seen.has(r.code), r.code);
    seen.add(r.code);
    assert.ok(r.reason.ko.length > 5 && r.reason.en.length > 5, r.code);
    assert.ok(['mobile', 'email', 'identity_key', 'enrolment'].includes(r.field));
  }
});

test('examples: each rule fires on its case', () => {
  const base: ContactFacts = { mobile: '+821012345678', email: 'kim@naver.com', hasIdentityKey: true, enrol: { kakao: true, sms: true, email: true }, failures: [] };
  assert.deepEqual(codes(base), []);
  assert.deepEqual(codes({ ...base, mobile: '+82161234567' }), ['mobile_dead_prefix']);
  assert.deepEqual(codes({ ...base, mobile: '010-12' }), ['mobile_malformed']);
  assert.deepEqual(codes({ ...base, mobile: '+8221234567' }), ['mobile_not_mobile']);
  assert.deepEqual(codes({ ...base, email: 'kim@@x' }), ['email_malformed']);
  assert.deepEqual(codes({ ...base, email: 'kim@hanmail.com' }), ['email_domain_suspect']);
  assert.deepEqual(codes({ ...base, email: 'kim@navr.com' }), ['email_domain_suspect']);
  assert.deepEqual(codes({ ...base, failures: [{ channel: 'sms', cause: 'number_changed' }] }), ['mobile_failed']);
  assert.deepEqual(codes({ ...base, failures: [{ channel: 'email', cause: 'hard_bounce' }] }), ['email_bounced']);
  assert.deepEqual(codes({ ...base, failures: [{ channel: 'kakao', cause: 'not_kakao_user' }] }), ['kakao_unknown_key']);
  // a passing failure is not a contact defect
  assert.deepEqual(codes({ ...base, failures: [{ channel: 'sms', cause: 'no_receipt' }] }), []);
  // a full mailbox works, and a refusal for the sender's reasons is the district's problem (issue 18)
  assert.deepEqual(codes({ ...base, failures: [{ channel: 'email', cause: 'mailbox_full' }, { channel: 'email', cause: 'sender_rejected' }] }), []);
  // enrolled in SMS only, with a dead number: nothing left
  assert.deepEqual(codes({ ...base, mobile: '+82161234567', enrol: { kakao: false, sms: true, email: false } }), ['mobile_dead_prefix', 'enrolled_no_channel']);
  // enrolled in e-mail without an address
  assert.deepEqual(codes({ ...base, email: null, enrol: { kakao: false, sms: false, email: true } }), ['enrolled_no_channel']);
  // KakaoTalk by identification key still works although the number is dead
  assert.deepEqual(codes({ ...base, mobile: '+82161234567', enrol: { kakao: true, sms: true, email: false } }), ['mobile_dead_prefix']);
});

test('property: the rules never throw and return codes in the rules’ order, each once', () => {
  const order = CONTACT_RULES.map((r) => r.code);
  fc.assert(
    fc.property(anyFacts, (facts) => {
      const found = codes(facts);
      assert.deepEqual(found, order.filter((c) => found.includes(c)));
      assert.equal(new Set(found).size, found.length);
    }),
    { numRuns: 2000 },
  );
});

test('property: clean contacts with no failures give no finding at all', () => {
  fc.assert(
    fc.property(goodMobile, goodEmail, fc.boolean(), enrol, (mobile, email, hasIdentityKey, e) => {
      assert.deepEqual(codes({ mobile, email, hasIdentityKey, enrol: e, failures: [] }), []);
    }),
    { numRuns: 1000 },
  );
});

test('property: every 01X number is on a dead prefix and never malformed; landlines are never mobile', () => {
  fc.assert(
    fc.property(deadMobile, landline, (dead, fixed) => {
      const base = { email: null, hasIdentityKey: false, enrol: { kakao: false, sms: false, email: false }, failures: [] };
      assert.deepEqual(codes({ ...base, mobile: dead }), ['mobile_dead_prefix']);
      assert.deepEqual(codes({ ...base, mobile: fixed }), ['mobile_not_mobile']);
    }),
    { numRuns: 500 },
  );
});

test('property: every listed domain is flagged, whatever the local part and the case of the domain', () => {
  fc.assert(
    fc.property(suspectEmail, fc.boolean(), (email, upper) => {
      const at = email.lastIndexOf('@');
      const written = upper ? email.slice(0, at) + email.slice(at).toUpperCase() : email;
      const found = codes({ mobile: null, email: written, hasIdentityKey: false, enrol: { kakao: false, sms: false, email: false }, failures: [] });
      assert.deepEqual(found, ['email_domain_suspect']);
    }),
    { numRuns: 500 },
  );
});

test('property: the mobile rules look only at the mobile, the e-mail rules only at the e-mail', () => {
  const byField = (facts: ContactFacts, field: string) => evaluateContacts(facts).filter((f) => f.field === field).map((f) => f.code);
  fc.assert(
    fc.property(anyFacts, anyFacts, (a, b) => {
      assert.deepEqual(byField({ ...a, email: b.email }, 'mobile'), byField(a, 'mobile'));
      assert.deepEqual(byField({ ...a, mobile: b.mobile }, 'email'), byField(a, 'email'));
    }),
    { numRuns: 1000 },
  );
});

test('property: "no channel left" holds exactly when enrolled and every enrolled channel is unusable', () => {
  fc.assert(
    fc.property(anyFacts, (facts) => {
      const enrolled = (['kakao', 'sms', 'email'] as const).filter((c) => facts.enrol[c]);
      const usable = usableChannels(facts);
      const expected = enrolled.length > 0 && enrolled.every((c) => !usable[c]);
      assert.equal(codes(facts).includes('enrolled_no_channel'), expected);
      // not enrolled at all: never flagged for it
      assert.ok(!codes({ ...facts, enrol: { kakao: false, sms: false, email: false } }).includes('enrolled_no_channel'));
      // a usable SMS number stops the flag as soon as SMS is enrolled
      if (usable.sms) assert.ok(!codes({ ...facts, enrol: { ...facts.enrol, sms: true } }).includes('enrolled_no_channel'));
    }),
    { numRuns: 2000 },
  );
});

test('property: a finding on a field needs a value there, except failures of KakaoTalk and the enrolment', () => {
  fc.assert(
    fc.property(anyFacts, (facts) => {
      const found = evaluateContacts({ ...facts, mobile: null, email: null });
      assert.ok(found.every((f) => f.field === 'identity_key' || f.field === 'enrolment'), JSON.stringify(found));
    }),
    { numRuns: 1000 },
  );
});
