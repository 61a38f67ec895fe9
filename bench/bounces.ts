// npm run bench -- bounces [--messages N]
//
// The classifier of returned mail (issue 18) over its corpus
// (src/delivery/bounces/corpus, one file per mail system and case), repeated
// to 100,000 messages: messages classified per second, and the share of the
// corpus recognised and agreeing with its expected answers. In the same run,
// two baselines on the same bytes: a bare read (bytes to text and a split of
// the header lines), and the RFC 3464 parser the bounce listener used before
// issue 18 (parseDeliveryStatusReport, with the listener's old mapping of a
// failed 5.x.x to a hard bounce).
//
// The corpus was written with the rules, so its agreement says the rules do
// what they say, not how they fare on mail never seen; the old parser's share
// on the same corpus is the comparison.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { classifyBounce } from '../src/delivery/bounces/bounce-classifier.ts';
import { parseDeliveryStatusReport } from '../src/delivery/providers/dsn.ts';
import { fmt, option } from './support/bench-support.ts';

const CORPUS = join(import.meta.dirname, '..', 'src', 'delivery', 'bounces', 'corpus');

interface Expected {
  kind: string;
  reason: string;
  status: string | null;
  recipient: string | null;
}

/** The kind the listener gave a message before issue 18: only RFC 3464 reports, every failed 5.x.x hard. */
function oldKind(raw: Buffer): string {
  const report = parseDeliveryStatusReport(raw);
  if (!report) return 'not_a_bounce';
  const kinds: string[] = report.recipients.map((r) => {
    if (r.action === 'delivered') return 'delivered';
    if (r.action !== 'failed') return 'delayed';
    if (r.status === '5.2.2') return 'soft'; // mailbox_full
    return r.status.startsWith('5.') ? 'hard' : 'soft';
  });
  for (const k of ['hard', 'soft', 'delayed', 'delivered']) if (kinds.includes(k)) return k;
  return 'not_a_bounce';
}

/** The bare baseline: bytes to text, the header split from the body and into lines. */
function bareRead(raw: Buffer): number {
  const text = raw.toString('latin1');
  const end = text.indexOf('\n\n');
  return (end < 0 ? text : text.slice(0, end)).split('\n').length;
}

function measure(label: string, messages: Buffer[], total: number, fn: (raw: Buffer) => unknown): number {
  for (let i = 0; i < Math.min(total, 2000); i++) fn(messages[i % messages.length]!); // warm-up
  const start = performance.now();
  for (let i = 0; i < total; i++) fn(messages[i % messages.length]!);
  const seconds = (performance.now() - start) / 1000;
  const perSecond = total / seconds;
  console.log(`  ${label.padEnd(34)} ${fmt(perSecond).padStart(10)} messages/s  (${fmt(total)} in ${seconds.toFixed(2)} s, ${fmt((seconds / total) * 1e6, 1)} µs each)`);
  return perSecond;
}

export async function run(args: string[]): Promise<void> {
  const total = Number(option(args, '--messages') ?? 100_000);
  const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expected>;
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
  const messages = files.map((f) => readFileSync(join(CORPUS, f)));
  const bytes = messages.reduce((n, m) => n + m.length, 0);
  console.log(`bounces benchmark, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`corpus: ${files.length} messages, ${fmt(bytes)} bytes (mean ${fmt(bytes / files.length)}), repeated to ${fmt(total)} messages\n`);

  // What the corpus says, message by message.
  let bounces = 0;
  let recognised = 0;
  let agreeing = 0;
  let kindAgreeing = 0;
  let oldRecognised = 0;
  let oldKindAgreeing = 0;
  const wrong: string[] = [];
  files.forEach((file, i) => {
    const want = expected[file]!;
    const got = classifyBounce(messages[i]!);
    const was = oldKind(messages[i]!);
    if (want.kind !== 'not_a_bounce') {
      bounces++;
      if (got.kind !== 'not_a_bounce') recognised++;
      if (was !== 'not_a_bounce') oldRecognised++;
    }
    if (got.kind === want.kind) kindAgreeing++;
    if (was === want.kind) oldKindAgreeing++;
    if (got.kind === want.kind && got.reason === want.reason && got.status === want.status && got.recipient === want.recipient) agreeing++;
    else wrong.push(file);
  });
  const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(1)}% (${n} of ${of})`;
  console.log('share of the corpus');
  console.log(`  classifier: bounces recognised     ${pct(recognised, bounces)}`);
  console.log(`  classifier: kind agrees            ${pct(kindAgreeing, files.length)}`);
  console.log(`  classifier: kind, reason, status and recipient agree ${pct(agreeing, files.length)}${wrong.length ? `; not: ${wrong.join(', ')}` : ''}`);
  console.log(`  old DSN parser: bounces recognised ${pct(oldRecognised, bounces)}`);
  console.log(`  old DSN parser: kind agrees        ${pct(oldKindAgreeing, files.length)}\n`);

  console.log('throughput (one core, same process, same bytes)');
  const bare = measure('bare read + header split', messages, total, bareRead);
  const old = measure('old DSN parser (parse + map)', messages, total, oldKind);
  const classified = measure('classifier', messages, total, (m) => classifyBounce(m));
  console.log(`  ratio classifier/bare read ${(classified / bare).toFixed(3)}, classifier/old DSN parser ${(classified / old).toFixed(2)}`);
  console.log(
    `RESULT ${JSON.stringify({
      messages: total,
      corpus: files.length,
      classifiedPerSecond: classified,
      barePerSecond: bare,
      oldParserPerSecond: old,
      ratioToBare: classified / bare,
      ratioToOldParser: classified / old,
      recognised: recognised / bounces,
      agreeing: agreeing / files.length,
      kindAgreeing: kindAgreeing / files.length,
      oldRecognised: oldRecognised / bounces,
      oldKindAgreeing: oldKindAgreeing / files.length,
    })}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run(process.argv.slice(2)).then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
}
