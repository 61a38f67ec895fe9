import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { TestClient } from '../../../test-support/test-server.ts';
import { closeConversation, openConversation } from '../conversations/conversations.service.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { useDeskServer } from '../desk.test-support.ts';

// Satisfaction over real HTTP on both engines: a resident rates a
// conversation by its resume token, only after it ended, once.

forEachEngine('desk satisfaction', (ctx) => {
  const desk = useDeskServer(ctx, ['desk_agent']);
  const deps = () => deskDepsFrom(desk.server.deps);

  test('satisfaction after the close, by resume token; not before, not twice, not with a bad token', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'r-1', locale: 'ko' });
    const resident = new TestClient(desk.server.url);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 5 })).status, 409, 'not before the close');
    await closeConversation(d, { conversationId, by: { type: 'resident', id: 'r-1' } });
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 6 })).status, 400);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken: 'x'.repeat(32), rating: 4 })).status, 404);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 4, comment: '친절했어요' })).status, 201);
    assert.equal((await resident.json('/r/desk/satisfaction', 'POST', { resumeToken, rating: 1 })).status, 409);
    const { rows: sat } = await ctx.db.query('SELECT rating, comment, district_code FROM desk_satisfaction WHERE conversation_id = $1', [conversationId]);
    assert.deepEqual(sat, [{ rating: 4, comment: '친절했어요', district_code: 'gangnam' }]);
  });
});
