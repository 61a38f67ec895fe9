// npm run bench -- self-service-timing [--requests N]
//
// Issue 13, finding 7: the start page of /r/update (POST /r/update: district,
// taxpayer number or name, date of birth) must not tell by its timing whether
// the person exists. Against a real server on PGlite, N requests for real
// taxpayers (each one a different person, so none hits the three-links-a-day
// cap) interleaved with N for nobody, each from an address of its own: the
// answer's time for each kind (median, p90), and, measured apart, the time of
// the look-up and link creation that now runs after the answer (what the
// answer used to wait for).

import { performance } from 'node:perf_hooks';
import { createTestDatabase } from '../test-support/databases.ts';
import { createDistrict, createTaxpayers, testCipher } from '../test-support/factories.ts';
import { startTestServer } from '../test-support/test-server.ts';
import { linkRequestWork } from '../src/hygiene/self-service/after-response.ts';
import { requestLink } from '../src/hygiene/self-service/self-service.service.ts';
import { LINK_PATH } from '../src/hygiene/self-service/update-links.ts';
import { fmt, option } from './support/bench-support.ts';

const IDENTITY_KEY = Buffer.alloc(64, 5).toString('base64');

function stats(ms: number[]): { median: number; p90: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p90: sorted[Math.floor(sorted.length * 0.9)]! };
}

export async function run(args: string[]): Promise<void> {
  const n = Number(option(args, '--requests') ?? 200);
  const database = await createTestDatabase('pglite');
  const server = await startTestServer(database.db, { TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
  try {
    const district = await createDistrict(database.db);
    const ids = await createTaxpayers(database.db, district, Array.from({ length: 2 * n + 20 }, () => ({ identityKey: IDENTITY_KEY, mobile: '+821055550005', enrol: ['kakao' as const] })));
    const numbers = (await database.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = ANY($1::bigint[]) ORDER BY id', [ids])).rows.map((r) => r.taxpayer_no);
    let address = 0;
    const ask = async (who: string): Promise<number> => {
      const body = new URLSearchParams({ district, who, year: '1980', month: '1', day: '1' }).toString();
      const started = performance.now();
      const r = await fetch(`${server.url}${LINK_PATH}?lang=en`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.${(++address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` },
        body,
      });
      await r.arrayBuffer();
      const elapsed = performance.now() - started;
      if (r.status !== 303) throw new Error(`unexpected answer ${r.status}`);
      await linkRequestWork.idle(); // the work after the answer, so that the next request starts from the same state
      return elapsed;
    };
    for (let i = 0; i < 20; i++) await ask(i % 2 ? numbers[2 * n + i]! : 'T-NOBODY'); // warm-up
    const real: number[] = [];
    const nobody: number[] = [];
    for (let i = 0; i < n; i++) {
      real.push(await ask(numbers[i]!));
      nobody.push(await ask(`T-NOBODY-${i}`));
    }
    // The look-up and link creation alone (what the answer used to include).
    const workReal: number[] = [];
    const workNobody: number[] = [];
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await requestLink({ db: database.db, cipher: testCipher }, { districtCode: district, who: numbers[n + i]!, birthDate: '1980-01-01', publicUrl: server.url });
      workReal.push(performance.now() - t);
      t = performance.now();
      await requestLink({ db: database.db, cipher: testCipher }, { districtCode: district, who: `T-NOBODY-${i}`, birthDate: '1980-01-01', publicUrl: server.url });
      workNobody.push(performance.now() - t);
    }
    const links = (await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM update_links WHERE purpose = 'on_request'`)).rows[0]!.n;
    const line = (label: string, ms: number[]) => {
      const s = stats(ms);
      console.log(`${label.padEnd(44)} median ${fmt(s.median, 2)} ms   p90 ${fmt(s.p90, 2)} ms`);
    };
    console.log(`/r/update start page on PGlite, ${n} requests of each kind, interleaved (node ${process.version})`);
    line('answer, a real taxpayer', real);
    line('answer, nobody', nobody);
    line('look-up + link (after the answer), real', workReal);
    line('look-up + link (after the answer), nobody', workNobody);
    console.log(`links created: ${links} (expected ${2 * n + 10})`);
  } finally {
    await server.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
