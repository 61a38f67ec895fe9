import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { addDays, seoulDay, startOfSeoulDay } from '../../platform/time/seoul.ts';
import type { DeliveryRuntime } from '../delivery.runtime.ts';
import { getPage, postForm, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';
import { untilWords } from './quiet-hours.view.ts';

// Quiet hours on the console, on both engines: the confirm page says how many
// KakaoTalk and text messages would wait and until when, and offers sending
// now (e-mail at once) or everything in the morning; a season's page counts
// the held messages. The demo's "send now" exists only where the demo
// controls do (the in-process simulator): anywhere else it is 404.
// The clock is injected: 23:00 in Seoul tomorrow, always a night ahead.

const night = new Date(startOfSeoulDay(addDays(seoulDay(new Date()), 2)).getTime() - 3600_000);
const morning = new Date(night.getTime() + 9 * 3600_000);
const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

forEachEngine('quiet hours on the console', (ctx) => {
  let s: DeliveryConsoleScenario;
  before(async () => {
    s = await startDeliveryConsoleScenario(ctx.db);
    s.server.deps.clock = () => night;
    const ids = await createTaxpayers(ctx.db, 'gangnam', [
      { mobile: '+821055511111', enrol: ['kakao'] },
      { mobile: '+821055522222', enrol: ['sms', 'email'], email: 'b@example.kr' },
      { email: 'c@example.kr', enrol: ['email'] },
    ]);
    await createNotices(ctx.db, 'gangnam', ids, { taxItem: 'local_income_tax', taxYear: 2026, period: 1, dueDate: '2026-08-31' });
  });
  after(async () => {
    await s?.server.close();
  });

  test('words for the end of the quiet hours, in Seoul time', () => {
    assert.match(untilWords('ko', night, morning), /^내일 \d{4}\. \d{1,2}\. \d{1,2}\.\([월화수목금토일]\) 08:00$/);
    assert.match(untilWords('en', night, morning), /^tomorrow \([A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}\) at 08:00$/);
  });

  test('the confirm page counts the held messages and offers now or the morning; no demo button without the simulator', async () => {
    const form = { taxItem: 'local_income_tax', taxYear: '2026', period: '1', when: 'now', sendAt: '' };
    const ko = await text(await postForm(s.official, '/console/seasons/check?lang=ko', form));
    assert.match(ko, /카카오톡·문자 2건은 내일 \d{4}\. .+ 08:00까지 기다렸다가 나가고, 전자우편 1건은 바로 나갑니다/);
    assert.match(ko, /지금 보내기: 전자우편은 바로/);
    const en = await text(await postForm(s.official, '/console/seasons/check?lang=en', form));
    assert.match(en, /2 messages by KakaoTalk or text wait until tomorrow \(.+\) at 08:00, and 1 by e-mail go at once/);
    assert.match(en, /Send everything together, tomorrow/);
    assert.doesNotMatch(en, /Demo: send everything now/);

    assert.equal((await postForm(s.official, '/console/seasons?lang=en', { ...form, when: 'demo-now' })).status, 404, 'no demo override on a server without the simulator');
    const issued = await postForm(s.official, '/console/seasons?lang=en', { ...form, when: 'morning' });
    assert.equal(issued.status, 303);
    const seasonId = Number(/seasons\/(\d+)/.exec(issued.headers.get('location')!)![1]);
    const { rows } = await ctx.db.query<{ send_after: Date }>('SELECT send_after FROM seasons WHERE id = $1', [seasonId]);
    assert.equal(new Date(rows[0]!.send_after).getTime(), morning.getTime(), 'everything waits for 08:00 in Seoul');
  });

  test('a season’s page says how many messages wait; the demo lifts quiet hours, elsewhere 404', async () => {
    const page = await text(await getPage(s.official, `/console/seasons/${s.seasonId}?lang=ko`));
    assert.match(page, /카카오톡·문자 1건이 야간 발송 제한으로 내일 \d{4}\. .+ 08:00까지 기다리고 있습니다/);
    assert.doesNotMatch(page, /시연: 기다리는 메시지를 지금 보내기/);
    assert.equal((await postForm(s.official, `/console/seasons/${s.seasonId}/send-held-now?lang=ko`, {})).status, 404);

    let lifted = 0;
    s.server.deps.delivery = {
      demo: { liftQuietHours: (until: Date) => void (lifted = until.getTime()), quietHoursLiftedUntil: () => (lifted > night.getTime() ? new Date(lifted) : null) },
    } as unknown as DeliveryRuntime;
    try {
      const demo = await text(await getPage(s.official, `/console/seasons/${s.seasonId}?lang=en`));
      assert.match(demo, /Demo: send the held messages now/);
      const sent = await postForm(s.official, `/console/seasons/${s.seasonId}/send-held-now?lang=en`, {});
      assert.equal(sent.status, 303);
      assert.equal(lifted, morning.getTime(), 'lifted until the end of tonight’s quiet hours only');
      const after = await text(await getPage(s.official, sent.headers.get('location')!));
      assert.match(after, /For the demo, quiet hours are lifted until tomorrow/);
      assert.doesNotMatch(after, /are held by quiet hours/);
    } finally {
      delete s.server.deps.delivery;
    }
  });
});
