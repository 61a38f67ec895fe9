import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { api, noticeNo, postEmpty, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';

// The paper batches API over real HTTP on both engines: a batch of every
// notice of the district waiting for paper, its PDF and mail-house manifest
// to download, nothing to print the second time, and another district's
// batches out of reach.

forEachEngine('paper batches: API', (ctx) => {
  let s: DeliveryConsoleScenario;
  before(async () => {
    s = await startDeliveryConsoleScenario(ctx.db);
  });
  after(async () => {
    await s?.server.close();
  });

  test('a batch is made from the API; its PDF and manifest download; then nothing waits', async () => {
    assert.equal((await postEmpty(s.desk, '/api/paper-batches')).status, 403);
    const made = await postEmpty(s.official, '/api/paper-batches');
    assert.equal(made.status, 201);
    const { batch } = (await made.json()) as { batch: { id: number; notices: number; costKrw: number; pdfUrl: string; manifestUrl: string } };
    assert.equal(batch.notices, 2, 'B (its channel failed) and C (paper only) wait for paper');
    assert.ok(batch.costKrw > 0);
    assert.equal(batch.pdfUrl, `/api/paper-batches/${batch.id}/pdf`);
    const pdf = await s.official.request(batch.pdfUrl);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /attachment; filename="paper-batch-\d+\.pdf"/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const manifest = await s.official.request(batch.manifestUrl);
    assert.equal(manifest.status, 200);
    const manifestText = await manifest.text();
    for (const notice of [s.notices.b, s.notices.c]) assert.ok(manifestText.includes(await noticeNo(ctx.db, notice)));
    assert.equal((await s.official.request('/api/paper-batches/999999/pdf')).status, 404);

    const again = await postEmpty(s.official, '/api/paper-batches');
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { batch: null, withdrawnPaid: 0 });
    const list = (await (await api(s.official, '/api/paper-batches')).json()) as { batches: { id: number; notices: number }[] };
    assert.deepEqual(list.batches.map((b) => [b.id, b.notices]), [[batch.id, 2]]);
    const summary = (await (await api(s.official, `/api/seasons/${s.seasonId}/summary`)).json()) as { paper: number; paper_cost_krw: number };
    assert.equal(summary.paper, 2);
    assert.equal(summary.paper_cost_krw, batch.costKrw);
  });

  test('district isolation: a Seocho official cannot list or download Gangnam’s batches', async () => {
    const batches = (await (await api(s.official, '/api/paper-batches')).json()) as { batches: { id: number }[] };
    const batchId = batches.batches[0]!.id;
    for (const path of [`/api/paper-batches/${batchId}/pdf`, `/api/paper-batches/${batchId}/manifest`]) assert.equal((await api(s.seocho, path)).status, 404, path);
    assert.deepEqual(((await (await api(s.seocho, '/api/paper-batches')).json()) as { batches: unknown[] }).batches, []);
  });
});
