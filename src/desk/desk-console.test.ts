import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { getPage, useDeskServer } from './desk.test-support.ts';

// The desk's staff menu: the live console and the desk pages link to each
// other, each role seeing only the pages it may open.

const CANNED = '/console/desk/canned-answers';
const OFFLINE = '/console/desk/offline-messages';

forEachEngine('desk staff menu', (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent', 'tax_official']);

  test('the live console and the desk pages link to each other, by role', async () => {
    const agent = await getPage(desk.gangnam.desk_agent, '/console/desk?lang=en');
    assert.equal(agent.status, 200);
    for (const link of ['/console/desk/dashboard', CANNED, OFFLINE]) assert.match(agent.html, new RegExp(`<a href="${link}\\?lang=en"`));
    assert.match(agent.html, /<a href="\/console\/desk\?lang=en" aria-current="page">Live desk<\/a>/);
    assert.match(agent.html, /<label class="label" for="desk-canned-select">Canned answer<\/label>/);
    assert.match(agent.html, /data-canned="read"/);
    assert.match((await getPage(desk.gangnam.tax_official, '/console/desk?lang=en')).html, /data-canned="none"/, 'no canned-answer picker for a role that cannot read them');
    const official = await getPage(desk.gangnam.tax_official, '/console/desk/dashboard?lang=en');
    assert.match(official.html, /<a href="\/console\/desk\/dashboard\?lang=en" aria-current="page">Dashboard<\/a>/);
    assert.doesNotMatch(official.html, /href="\/console\/desk\/(canned-answers|offline-messages)/, 'no links to pages a tax official cannot open');
  });
});
