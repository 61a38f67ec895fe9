import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { forEachEngine } from '../../../test-support/engines.ts';
import { AppError } from '../../platform/errors.ts';
import { createPaperBatch, countAwaitingPaper } from './paper-batch.service.ts';
import { insertAwaitingPaper, insertDistrict, testCipher } from '../../../test-support/awaiting-paper.ts';
import { fillOfficeContact } from '../../platform/districts/districts.repository.ts';
import { pdfText, textOf } from './pdf-text.test-support.ts';

const pdfPages = (file: string) => (readFileSync(file, 'latin1').match(/\/Type \/Page(?![s\w])/g) ?? []).length;
const hasTool = (tool: string) => {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

forEachEngine('paper batches', (ctx) => {
  const outRoot = mkdtempSync(join(tmpdir(), 'taxstation-paper-'));
  const deps = () => ({ db: ctx.db, cipher: testCipher, publicUrl: 'https://tax.example.go.kr' });
  after(() => execFileSync('rm', ['-rf', outRoot]));

  before(async () => {
    await insertDistrict(ctx.db, 'gangnam', { ko: '강남구', en: 'Gangnam-gu' }, 600);
    await insertDistrict(ctx.db, 'seocho', { ko: '서초구', en: 'Seocho-gu' });
    await insertDistrict(ctx.db, 'mapo', { ko: '마포구', en: 'Mapo-gu' });
    await insertDistrict(ctx.db, 'jongno', { ko: '종로구', en: 'Jongno-gu' });
  });

  test('prints one page per waiting notice, writes the manifest, records the batch and its cost, marks messages paper', async () => {
    const made = await insertAwaitingPaper(ctx.db, 'gangnam', [
      { name: '김민수', postalCode: '06236', address: '서울특별시 강남구 테헤란로 152, 12층 "A동"' },
      { name: '이영희', paid: true },
      { name: '박철수', effectiveDueDate: '2026-08-20', dueDate: '2026-07-31' },
      { name: '최지우', kind: 'arrears', amount: 50000, paymentAccount: null },
      { name: '정대현', taxItem: 'registration_license_tax', period: null },
      { name: '대기중', state: 'pending' },
    ]);
    const other = await insertAwaitingPaper(ctx.db, 'seocho', [{ name: '서초주민' }]);
    assert.equal(await countAwaitingPaper(ctx.db, 'gangnam'), 5);

    const out = join(outRoot, 'first');
    const progress: number[] = [];
    const result = await createPaperBatch(deps(), { districtCode: 'gangnam', outDir: out, createdBy: 'official.kim', onProgress: (n) => void progress.push(n) });
    assert.ok(result.batchId !== null);
    assert.equal(result.notices, 4);
    assert.equal(result.pages, 4);
    assert.equal(result.postagePerPageKrw, 600);
    assert.equal(result.costKrw, 2400);
    assert.equal(result.withdrawnPaid, 1);
    assert.equal(progress.at(-1), 5);
    assert.equal(result.pdfFile, join(out, `batch-${result.batchId}.pdf`));
    assert.equal(result.manifestFile, join(out, `batch-${result.batchId}.csv`));
    assert.deepEqual(readdirSync(out).sort(), [`batch-${result.batchId}.csv`, `batch-${result.batchId}.pdf`]);

    const pdf = readFileSync(result.pdfFile!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pdfPages(result.pdfFile!), 4);
    assert.match(pdf.toString('latin1'), /PretendardGOV/, 'the Korean font is embedded');

    const csv = readFileSync(result.manifestFile!, 'utf8');
    assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 with BOM');
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines.at(-1), '', 'every record ends with CRLF');
    assert.deepEqual(lines.slice(0, -1), [
      'postal_code,address,notice_no,pages',
      `06236,"서울특별시 강남구 테헤란로 152, 12층 ""A동""",${made[0]!.noticeNo},1`,
      `06236,서울특별시 강남구 테헤란로 102,${made[2]!.noticeNo},1`,
      `06236,서울특별시 강남구 테헤란로 103,${made[3]!.noticeNo},1`,
      `06236,서울특별시 강남구 테헤란로 104,${made[4]!.noticeNo},1`,
    ]);
    assert.ok(!csv.includes(made[1]!.noticeNo), 'the paid notice is not printed');

    const batch = (await ctx.db.query<Record<string, unknown>>('SELECT * FROM paper_batches WHERE id = $1', [result.batchId])).rows[0]!;
    assert.equal(batch.district_code, 'gangnam');
    assert.equal(batch.created_by, 'official.kim');
    assert.equal(batch.notices, 4);
    assert.equal(batch.pages, 4);
    assert.equal(batch.postage_per_page_krw, 600);
    assert.equal(Number(batch.cost_krw), 2400);
    assert.equal(batch.pdf_file, result.pdfFile);
    assert.equal(batch.manifest_file, result.manifestFile);
    assert.equal(batch.pdf_sha256, createHash('sha256').update(pdf).digest('hex'));

    const messages = (
      await ctx.db.query<{ id: number; state: string; paper_batch_id: number | null; final_at: unknown; withdrawn_reason: string | null }>(
        'SELECT id, state, paper_batch_id, final_at, withdrawn_reason FROM messages WHERE id = ANY($1::bigint[]) ORDER BY id',
        [[...made, ...other].map((m) => m.messageId)],
      )
    ).rows;
    assert.deepEqual(
      messages.map((m) => [m.state, m.paper_batch_id, m.withdrawn_reason, m.final_at !== null]),
      [
        ['paper', result.batchId, null, true],
        ['withdrawn', null, 'paid', true],
        ['paper', result.batchId, null, true],
        ['paper', result.batchId, null, true],
        ['paper', result.batchId, null, true],
        ['pending', null, null, false],
        ['awaiting_paper', null, null, false],
      ],
    );
    const events = (
      await ctx.db.query<{ message_id: number; event: string; detail: Record<string, unknown> }>(
        'SELECT message_id, event, detail FROM message_events WHERE message_id = ANY($1::bigint[]) ORDER BY message_id',
        [made.map((m) => m.messageId)],
      )
    ).rows;
    assert.deepEqual(
      events.map((e) => [e.message_id, e.event, e.detail]),
      [
        [made[0]!.messageId, 'paper_reissued', { batch_id: result.batchId }],
        [made[1]!.messageId, 'withdrawn', { reason: 'paid' }],
        [made[2]!.messageId, 'paper_reissued', { batch_id: result.batchId }],
        [made[3]!.messageId, 'paper_reissued', { batch_id: result.batchId }],
        [made[4]!.messageId, 'paper_reissued', { batch_id: result.batchId }],
      ],
    );

    // A second run finds nothing: no batch, no files.
    const again = await createPaperBatch(deps(), { districtCode: 'gangnam', outDir: join(outRoot, 'again'), createdBy: 'official.kim' });
    assert.deepEqual(again, { batchId: null, notices: 0, pages: 0, postagePerPageKrw: 600, costKrw: 0, pdfFile: null, manifestFile: null, withdrawnPaid: 0 });
    assert.deepEqual(readdirSync(join(outRoot, 'again')), []);
    assert.equal((await ctx.db.query('SELECT 1 FROM paper_batches WHERE district_code = $1', ['gangnam'])).rows.length, 1);

    if (hasTool('pdftoppm')) {
      // Rasterises a page the way a print shop's RIP would; fails on a broken PDF.
      execFileSync('pdftoppm', ['-r', '30', '-png', '-f', '1', '-l', '1', result.pdfFile!, join(out, 'page')]);
      assert.ok(readFileSync(join(out, 'page-1.png')).length > 1000);
    }
    if (hasTool('pdfinfo')) assert.match(execFileSync('pdfinfo', [result.pdfFile!]).toString(), /Pages:\s+4\n/);
  });

  test('every page names the office to ask (its address and phone) and how to object, with particles that agree', async () => {
    await insertDistrict(ctx.db, 'songpa', { ko: '송파구', en: 'Songpa-gu' });
    await fillOfficeContact(ctx.db, 'songpa', { phone: '02-2147-2000', address: '서울특별시 송파구 올림픽로 326' });
    await insertAwaitingPaper(ctx.db, 'songpa', [
      { name: '송파주민', period: 1, address: '서울특별시 송파구 올림픽로 300, 롯데월드타워 앤드 롯데월드몰 123층 4567호 (신천동, 아주 긴 건물 이름이 붙은 주소)' },
      { name: '등록면허', taxItem: 'registration_license_tax', period: null },
    ]);
    const result = await createPaperBatch(deps(), { districtCode: 'songpa', outDir: join(outRoot, 'office'), createdBy: 'official.song' });
    assert.equal(result.notices, 2);
    assert.equal(pdfPages(result.pdfFile!), 2, 'still one page a notice');
    const text = pdfText(result.pdfFile!);
    for (const expected of [
      '문의 송파구청 세무과 · 주소 서울특별시 송파구 올림픽로 326 · 전화 02-2147-2000',
      '이 고지에 이의가 있으면 고지서를 받은 날부터 90일 이내에 송파구청에 이의신청을 할 수 있습니다.',
      '조세심판원에 심판청구를',
      '2026년 재산세 1기를 위와 같이 고지하오니',
      '2026년 등록면허세를 위와 같이 고지하오니',
    ]) {
      assert.ok(text.includes(textOf(expected)), `the PDF shows: ${expected}`);
    }
    assert.equal((text.match(new RegExp(textOf('(지방세기본법 제90조·제91조)').replace(/[()]/g, '\\$&'), 'g')) ?? []).length, 2, 'on every page');
    assert.doesNotMatch(text, /을\(를\)|이\(가\)/, 'no particle left in both forms');
  });

  test('default postage, a limit, and only paid notices waiting', async () => {
    await insertAwaitingPaper(ctx.db, 'mapo', [{}, {}, {}]);
    const first = await createPaperBatch(deps(), { districtCode: 'mapo', outDir: join(outRoot, 'mapo'), createdBy: 'x', limit: 2 });
    assert.equal(first.notices, 2);
    assert.equal(first.postagePerPageKrw, 540);
    assert.equal(first.costKrw, 1080);
    assert.equal(pdfPages(first.pdfFile!), 2);
    const second = await createPaperBatch(deps(), { districtCode: 'mapo', outDir: join(outRoot, 'mapo'), createdBy: 'x' });
    assert.equal(second.notices, 1);
    assert.notEqual(second.batchId, first.batchId);
    assert.equal(pdfPages(second.pdfFile!), 1);

    await insertAwaitingPaper(ctx.db, 'mapo', [{ paid: true }, { paid: true }]);
    const paidOnly = await createPaperBatch(deps(), { districtCode: 'mapo', outDir: join(outRoot, 'mapo-paid'), createdBy: 'x' });
    assert.equal(paidOnly.batchId, null);
    assert.equal(paidOnly.withdrawnPaid, 2);
    assert.equal(await countAwaitingPaper(ctx.db, 'mapo'), 0);

    await assert.rejects(createPaperBatch(deps(), { districtCode: 'mapo', outDir: outRoot, createdBy: 'x', limit: 0 }), { code: 'paper_batch_invalid' });
    await assert.rejects(createPaperBatch(deps(), { districtCode: 'nowhere', outDir: outRoot, createdBy: 'x' }), { code: 'district_unknown' });
  });

  test('when the files cannot be written nothing is marked and no batch is recorded', async () => {
    const made = await insertAwaitingPaper(ctx.db, 'jongno', [{}, {}]);
    const out = join(outRoot, 'broken');
    // The sequence hands out ids one by one: the next batch will be current + 2.
    const current = (await ctx.db.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('paper_batches', 'id')) AS id`)).rows[0]!.id;
    mkdirSync(join(out, `batch-${current + 1}.pdf.partial`), { recursive: true });
    await assert.rejects(createPaperBatch(deps(), { districtCode: 'jongno', outDir: out, createdBy: 'x' }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'paper_batch_write_failed');
      assert.match(error.messages.en, /No notice was marked/);
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'EEXIST');
      return true;
    });
    const states = (await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = ANY($1::bigint[])', [made.map((m) => m.messageId)])).rows;
    assert.deepEqual(states.map((s) => s.state), ['awaiting_paper', 'awaiting_paper']);
    assert.equal((await ctx.db.query('SELECT 1 FROM paper_batches WHERE district_code = $1', ['jongno'])).rows.length, 0);
    assert.equal((await ctx.db.query('SELECT 1 FROM message_events WHERE message_id = ANY($1::bigint[])', [made.map((m) => m.messageId)])).rows.length, 0);
    assert.deepEqual(readdirSync(out), [`batch-${current + 1}.pdf.partial`], 'the partial manifest is removed');

    const retry = await createPaperBatch(deps(), { districtCode: 'jongno', outDir: join(outRoot, 'fixed'), createdBy: 'x' });
    assert.equal(retry.notices, 2);
    assert.ok(existsSync(retry.pdfFile!));
  });

  test('the manifest neutralises an address a spreadsheet would run as a formula (CSV injection)', async () => {
    await insertDistrict(ctx.db, 'gwanak', { ko: '관악구', en: 'Gwanak-gu' });
    const hostile = "=cmd|' /C calc'!A0";
    const made = await insertAwaitingPaper(ctx.db, 'gwanak', [
      { address: hostile },
      { address: '@SUM(1+1)*cmd|\' /C calc\'!A0' },
      { address: '서울특별시 관악구 관악로 145' },
    ]);
    const result = await createPaperBatch(deps(), { districtCode: 'gwanak', outDir: join(outRoot, 'gwanak'), createdBy: 'x' });
    const csv = readFileSync(result.manifestFile!, 'utf8');
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(
      records.map((r) => [r.postal_code, r.address, r.notice_no]),
      [
        ['06236', `'${hostile}`, made[0]!.noticeNo],
        ['06236', "'@SUM(1+1)*cmd|' /C calc'!A0", made[1]!.noticeNo],
        ['06236', '서울특별시 관악구 관악로 145', made[2]!.noticeNo],
      ],
    );
    for (const r of records) for (const cell of Object.values(r)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
  });

  test('a notice printed and then paid before the batch marks it: the files are made again without it, and it is withdrawn', async () => {
    await insertDistrict(ctx.db, 'guro', { ko: '구로구', en: 'Guro-gu' });
    const made = await insertAwaitingPaper(ctx.db, 'guro', [{ name: '구로1' }, { name: '구로2' }, { name: '구로3' }]);
    let paid = false;
    const result = await createPaperBatch(deps(), {
      districtCode: 'guro',
      outDir: join(outRoot, 'guro'),
      createdBy: 'x',
      chunkSize: 1,
      onProgress: async () => {
        if (paid) return;
        paid = true;
        // Paid at the bank while the batch was writing its files (the first notice is already printed).
        await ctx.db.query('UPDATE notices SET paid_at = now() WHERE id = $1', [made[0]!.noticeId]);
      },
    });
    assert.deepEqual([result.notices, result.pages, result.withdrawnPaid], [2, 2, 1]);
    assert.equal(pdfPages(result.pdfFile!), 2);
    assert.ok(!readFileSync(result.manifestFile!, 'utf8').includes(made[0]!.noticeNo), 'the paid notice is not in the files');
    assert.deepEqual(readdirSync(join(outRoot, 'guro')).sort(), [`batch-${result.batchId}.csv`, `batch-${result.batchId}.pdf`], 'the first attempt’s files are gone');
    const states = (await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = ANY($1::bigint[]) ORDER BY id', [made.map((m) => m.messageId)])).rows;
    assert.deepEqual(states.map((s) => s.state), ['withdrawn', 'paper', 'paper']);
  });

  test('two batches at once never print the same notice', async () => {
    await insertDistrict(ctx.db, 'yongsan', { ko: '용산구', en: 'Yongsan-gu' });
    const made = await insertAwaitingPaper(ctx.db, 'yongsan', Array.from({ length: 40 }, () => ({})));
    const [a, b] = await Promise.all([
      createPaperBatch(deps(), { districtCode: 'yongsan', outDir: join(outRoot, 'ya'), createdBy: 'a' }),
      createPaperBatch(deps(), { districtCode: 'yongsan', outDir: join(outRoot, 'yb'), createdBy: 'b' }),
    ]);
    assert.equal(a.notices + b.notices, 40);
    const rows = (
      await ctx.db.query<{ state: string; n: number }>(
        'SELECT state, count(*)::int AS n FROM messages WHERE id = ANY($1::bigint[]) GROUP BY state',
        [made.map((m) => m.messageId)],
      )
    ).rows;
    assert.deepEqual(rows, [{ state: 'paper', n: 40 }]);
    const events = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message_events WHERE event = 'paper_reissued' AND message_id = ANY($1::bigint[])`, [made.map((m) => m.messageId)])).rows[0]!;
    assert.equal(events.n, 40);
  });
});
