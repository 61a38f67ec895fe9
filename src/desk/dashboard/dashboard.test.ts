import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { TestClient } from '../../../test-support/test-server.ts';
import { closeConversation, openConversation } from '../conversations/conversations.service.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { apiCall, getPage, useDeskServer } from '../desk.test-support.ts';

// The desk's dashboard over real HTTP on both engines: waiting and handling
// time, satisfaction and volume per hour of the session's district, as JSON
// and as a page with figures and accessible charts, for a chosen period.

forEachEngine('desk dashboard over the JSON API', (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent']);
  const deps = () => deskDepsFrom(desk.server.deps);

  test('the figures over the JSON API are per district: conversations, satisfaction by rating, volume per hour', async () => {
    const d = deps();
    for (const ref of ['r-api-1', 'r-api-2']) {
      const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: ref, locale: 'ko' });
      await closeConversation(d, { conversationId, by: { type: 'resident', id: ref } });
      if (ref === 'r-api-1') assert.equal((await new TestClient(desk.server.url).json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 4 })).status, 201);
    }
    const g = (await (await apiCall(desk.gangnam.desk_agent, '/api/desk/dashboard', 'GET')).json()) as { conversations: number; satisfaction: { answers: number; byRating: number[] }; perHour: { conversations: number }[] };
    assert.equal(g.conversations, 2);
    assert.deepEqual(g.satisfaction.byRating, [0, 0, 0, 1, 0]);
    assert.equal(g.perHour.reduce((a, h) => a + h.conversations, 0), g.conversations);
    const s = (await (await apiCall(desk.seocho.desk_agent, '/api/desk/dashboard', 'GET')).json()) as { conversations: number; satisfaction: { answers: number } };
    assert.equal(s.conversations, 0, 'Seocho sees none of Gangnam');
    assert.equal(s.satisfaction.answers, 0);
    assert.equal((await apiCall(desk.gangnam.desk_agent, '/api/desk/dashboard?days=0', 'GET')).status, 400);
  });
});

forEachEngine('desk dashboard page', (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent', 'tax_official']);

  test('dashboard: waiting and handling time, satisfaction and volume per hour of the district, in figures and accessible charts, for a chosen period', async () => {
    const deps = deskDepsFrom(desk.server.deps);
    const { conversationId, resumeToken } = await openConversation(deps, { districtCode: 'gangnam', source: 'web', residentRef: 'r-dash', locale: 'ko' });
    await closeConversation(deps, { conversationId, by: { type: 'resident', id: 'r-dash' } });
    // Fixed times make the figures exact: 2 minutes waiting, 5 minutes handled.
    await ctx.db.query(
      `UPDATE conversations SET created_at = now() - interval '10 minutes', assigned_at = now() - interval '8 minutes', closed_at = now() - interval '3 minutes' WHERE id = $1`,
      [conversationId],
    );
    assert.equal((await new TestClient(desk.server.url).json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 4 })).status, 201);
    const { rows } = await ctx.db.query<{ hour: number }>(`SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Seoul')::int AS hour FROM conversations WHERE id = $1`, [conversationId]);
    const hour = String(rows[0]!.hour).padStart(2, '0');

    const en = await getPage(desk.gangnam.desk_agent, '/console/desk/dashboard?lang=en&days=30');
    assert.equal(en.status, 200);
    assert.match(en.html, /<h1>Desk dashboard<\/h1>/);
    assert.match(en.html, /Conversations of Gangnam-gu over the last 30 days/);
    assert.match(en.html, /<option value="30" selected>Last 30 days<\/option>/);
    assert.match(en.html, /data-field="conversations">1</);
    assert.match(en.html, /data-field="wait-average">2 min 0 s</);
    assert.match(en.html, /data-field="handling-average">5 min 0 s</);
    assert.match(en.html, /data-field="satisfaction">4.0 \(1 answers\)</);
    assert.match(en.html, new RegExp(`Busiest hour: ${hour}:00–`));
    for (const chart of ['chart-times', 'chart-satisfaction', 'chart-hours']) {
      assert.match(en.html, new RegExp(`<figure class="dc-chart" aria-labelledby="${chart}-title">\\s*<figcaption[^>]*>[^<]+</figcaption>\\s*<table class="dc-chart-table">`), `${chart} is a table with its bars`);
    }
    // Each row: the label and the number as text, the bar (an SVG for the eye) beside the number.
    const row = (label: string, value: string) => new RegExp(`<tr><th scope="row">${label}</th><td class="num"><div class="dc-chart-cell"><svg [^>]*aria-hidden="true"[^>]*>.*?</svg><span class="dc-chart-value">${value}</span></div></td></tr>`);
    assert.match(en.html, row(`${hour}:00–[^<]+`, '1'), 'the hours chart has its row');
    assert.match(en.html, row('4 of 5', '1'));

    const ko = await getPage(desk.gangnam.tax_official, '/console/desk/dashboard?lang=ko');
    assert.equal(ko.status, 200, 'tax officials see the dashboard');
    assert.match(ko.html, /data-field="wait-average">2분 0초</);
    assert.match(ko.html, /<option value="7" selected>최근 7일<\/option>/);

    const seocho = await getPage(desk.seocho.desk_agent, '/console/desk/dashboard?lang=en');
    assert.equal(seocho.status, 200);
    assert.match(seocho.html, /data-field="conversations">0</, 'Seocho sees none of Gangnam’s conversations');
    assert.match(seocho.html, /data-field="satisfaction">No answers</);
    assert.match(seocho.html, /No data for this period/);
    assert.doesNotMatch(seocho.html, /Busiest hour/);

    assert.equal((await getPage(desk.gangnam.desk_agent, '/console/desk/dashboard?days=0')).status, 400);
    assert.equal((await getPage(desk.gangnam.desk_agent, '/console/desk/dashboard?days=91')).status, 400);
  });
});
