import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { bodyText, decodeBytes, decodeEncodedWords, headerOf, htmlToText, parseMessage, walk, type MimeEntity } from './mime.ts';

// The small MIME reader under the bounce classifier.

function types(root: MimeEntity): string[] {
  const out: string[] = [];
  walk(root, (e, inside) => out.push(`${inside ? '>' : ''}${e.contentType.type}`));
  return out;
}

test('encoded words: B and Q, several charsets, adjacent words joined, broken ones left as they are', () => {
  assert.equal(decodeEncodedWords('=?UTF-8?B?7J6s7IKw7IS4?= =?UTF-8?B?IOqzoOyngA==?='), '재산세 고지');
  assert.equal(decodeEncodedWords('=?utf-8?q?Undeliverable=3A_=EC=9E=AC=EC=82=B0=EC=84=B8?='), 'Undeliverable: 재산세');
  assert.equal(decodeEncodedWords(`=?EUC-KR?B?${iconv.encode('반송', 'cp949').toString('base64')}?=`), '반송');
  assert.equal(decodeEncodedWords(`=?ks_c_5601-1987?B?${iconv.encode('메일', 'cp949').toString('base64')}?=`), '메일');
  assert.equal(decodeEncodedWords('=?utf-8*ko?B?7KeA7Jew?='), '지연');
  assert.equal(decodeEncodedWords('plain =?no-such-charset?Q?abc?= text'), 'plain abc text');
  assert.equal(decodeEncodedWords('=?utf-8?B??='), '');
  assert.equal(decodeEncodedWords('=?utf-8?B?!!!?='), '=?utf-8?B?!!!?=');
  assert.equal(decodeEncodedWords('=?utf-8?X?abc?= =?broken'), '=?utf-8?X?abc?= =?broken');
});

test('charsets: declared, missing, mislabelled as UTF-8 or ASCII (read as CP949), ISO-2022-KR', () => {
  const euckr = iconv.encode('받는 사람', 'cp949');
  assert.equal(decodeBytes(euckr, 'euc-kr'), '받는 사람');
  assert.equal(decodeBytes(euckr, undefined), '받는 사람');
  assert.equal(decodeBytes(euckr, 'utf-8'), '받는 사람');
  assert.equal(decodeBytes(euckr, 'us-ascii'), '받는 사람');
  assert.equal(decodeBytes(Buffer.from('받는 사람'), 'x-unknown-charset'), '받는 사람');
  assert.equal(decodeBytes(Buffer.from('caf\xe9', 'latin1'), 'iso-8859-1'), 'café');
  // ESC $ ) C, then SO … SI around KS X 1001 bytes without their high bit
  const ks = [...iconv.encode('계정', 'cp949')].map((b) => b & 0x7f);
  const iso2022 = Buffer.from([0x1b, 0x24, 0x29, 0x43, 0x41, 0x0e, ...ks, 0x0f, 0x42]);
  assert.equal(decodeBytes(iso2022, 'ISO-2022-KR'), 'A계정B');
});

test('multipart with nested parts, message/rfc822 and text/rfc822-headers, base64 and quoted-printable bodies', () => {
  const raw = [
    'From: MAILER-DAEMON@example.net',
    'Subject: =?UTF-8?B?67CY7Iah?=',
    'Content-Type: multipart/report; report-type=delivery-status;',
    ' boundary="outer"',
    '',
    'preamble',
    '--outer',
    'Content-Type: multipart/alternative; boundary=inner',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'soft=',
    ' line break =EB=B0=98=EC=86=A1',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('<p>A &amp; B</p>').toString('base64'),
    '--inner--',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    'Message-ID: <m@example.kr>',
    'To: someone@example.net',
    '',
    'returned body',
    '--outer',
    'Content-Type: text/rfc822-headers',
    '',
    'Message-ID: <h@example.kr>',
    '--outer--',
    'epilogue',
  ].join('\r\n');
  const { root } = parseMessage(raw);
  assert.equal(headerOf(root, 'subject'), '반송');
  assert.deepEqual(types(root), ['multipart/report', 'multipart/alternative', 'text/plain', 'text/html', 'message/rfc822', '>text/plain', 'text/rfc822-headers', '>text/plain']);
  const alt = root.children[0]!;
  assert.equal(bodyText(alt.children[0]!), 'soft line break 반송');
  assert.equal(htmlToText(bodyText(alt.children[1]!)).trim(), 'A & B');
  assert.equal(headerOf(root.children[1]!.children[0]!, 'message-id'), '<m@example.kr>');
  assert.equal(headerOf(root.children[2]!.children[0]!, 'message-id'), '<h@example.kr>');
});

test('a multipart without its closing boundary ends at the end; one whose boundary never appears has no parts', () => {
  const open = ['Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'first', '--b', 'Content-Type: text/plain', '', 'last, never closed'].join('\n');
  const { root } = parseMessage(open);
  assert.deepEqual(
    root.children.map((c) => c.rawBody),
    ['first', 'last, never closed'],
  );
  const never = parseMessage(['Content-Type: multipart/mixed; boundary=zzz', '', 'text without any boundary'].join('\n')).root;
  assert.equal(never.children.length, 0);
  assert.equal(never.rawBody, 'text without any boundary');
});

test('limits: nesting stops at maxDepth, parts at maxParts, bytes at maxBytes', () => {
  const nested = Array.from({ length: 50 }, (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n`).join('');
  let depth = 0;
  walk(parseMessage(nested).root, () => depth++);
  assert.ok(depth <= 7, `depth ${depth}`);
  const many = `Content-Type: multipart/mixed; boundary=p\n\n${'--p\n\nx\n'.repeat(1000)}`;
  assert.equal(parseMessage(many, { maxParts: 10 }).root.children.length, 10);
  const big = parseMessage(`Subject: big\n\n${'x'.repeat(2000)}`, { maxBytes: 100 });
  assert.equal(big.truncated, true);
  assert.equal(big.root.rawBody.length, 100 - 'Subject: big\n\n'.length);
});

test('headers: folded lines unfolded, 8-bit values decoded, junk lines skipped, overlong values cut', () => {
  const raw = Buffer.concat([Buffer.from('Subject: one\n\ttwo\nnot a header line\nX-Korean: '), iconv.encode('한글', 'cp949'), Buffer.from(`\nX-Long: ${'y'.repeat(100_000)}\n\nbody`)]);
  const { root } = parseMessage(raw);
  assert.equal(headerOf(root, 'subject'), 'one two');
  assert.equal(headerOf(root, 'x-korean'), '한글');
  assert.ok((headerOf(root, 'x-long') ?? '').length <= 16_384);
  assert.equal(root.rawBody, 'body');
});

test('HTML to text: script and style dropped, unclosed ones too, entities decoded', () => {
  assert.equal(htmlToText('<style>p{}</style><p>a&nbsp;b&#44;&#x43;</p><script>x()</script>').trim(), 'a b,C');
  assert.equal(htmlToText('keep <style never closed').trim(), 'keep');
  assert.equal(htmlToText('a < b > c').trim(), 'a   c');
});
