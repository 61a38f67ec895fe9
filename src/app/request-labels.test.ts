import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { forEachEngine } from '../../test-support/engines.ts';
import { startTestServer, type TestServer } from '../../test-support/test-server.ts';
import { labelAt } from '../platform/http/field-labels.ts';
import { bookInput, contactInput, moveInput, questionnaireInput, slotChoice, slotsQuery, waitlistInput } from '../consultations/booking/booking.schema.ts';
import { registrationInput, sessionInput } from '../consultations/sessions/sessions.schema.ts';
import { messageListQuery, resendBody } from '../delivery/messages/messages.schema.ts';
import { noticeStatusParams, returnedPostBody } from '../delivery/notice-status/notice-status.schema.ts';
import { deliveryRetentionSchema } from '../delivery/retention/retention.schema.ts';
import { issueSeasonBody } from '../delivery/seasons/seasons.schema.ts';
import { cannedAnswerInput } from '../desk/canned-answers/canned-answers.schema.ts';
import { contactFormConfirmInput } from '../desk/contact-requests/contact-requests.schema.ts';
import { offlineInput } from '../desk/offline-messages/offline-messages.schema.ts';
import { deskRetentionSchema } from '../desk/retention/retention.schema.ts';
import { satisfactionInput } from '../desk/satisfaction/satisfaction.schema.ts';
import { transcriptInput } from '../desk/transcripts/transcripts.schema.ts';
import { pageFormBody } from '../guide/booths/booths.schema.ts';
import { questionForm, questionInput } from '../lectures/board/board.schema.ts';
import { BOARD_PATH } from '../lectures/board/board.service.ts';
import { templateBody } from '../notices/templates/templates.schema.ts';

// Every field of the resident and console requests in the *.schema.ts files
// is named in the caller's words when it is refused (field-labels.ts), in
// Korean and English; only what no person types (a resumption token, a
// form's own token, nested groups whose fields carry the names) goes
// unnamed. Over HTTP, a refused API request and a refused page name the field
// by its label, never by its code.

const SCHEMAS: Record<string, z.ZodObject> = {
  contactInput, questionnaireInput, slotChoice, bookInput, moveInput, waitlistInput, slotsQuery, sessionInput, registrationInput,
  messageListQuery, resendBody, noticeStatusParams, returnedPostBody, deliveryRetentionSchema, issueSeasonBody,
  cannedAnswerInput, contactFormConfirmInput, offlineInput, deskRetentionSchema, satisfactionInput, transcriptInput,
  pageFormBody, questionForm, questionInput, templateBody,
};
/** Fields no person types: tokens that carry a session or a form, the id of the form a code confirms. */
const UNNAMED = new Set(['resumeToken', '_token', '_csrf', 'formId']);
/** A group of fields (a contact, a questionnaire): its own fields carry the names. */
function isGroup(field: z.ZodType): boolean {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodObject;
}

test('every field a person fills in, in every request schema, has a label in Korean and English', () => {
  const missing: string[] = [];
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    for (const key of Object.keys(schema.shape)) {
      const label = labelAt(schema, [key]);
      if (label) assert.ok(label.ko.trim() && label.en.trim() && !/[A-Za-z]{3,}/.test(label.ko.replace(/HTML/g, '')), `${name}.${key}: ${JSON.stringify(label)}`);
      else if (!UNNAMED.has(key) && !isGroup(schema.shape[key] as z.ZodType)) missing.push(`${name}.${key}`);
    }
  }
  assert.deepEqual(missing, []);
  // Nested: a booking's contact and questionnaire fields are named too.
  assert.equal(labelAt(bookInput, ['contact', 'value'])?.en, 'Mobile number or e-mail');
  assert.equal(labelAt(bookInput, ['questionnaire', 'topic'])?.ko, '상담받고 싶은 내용');
  assert.equal(labelAt(slotsQuery, ['from'])?.en, 'From');
  assert.equal(labelAt(waitlistInput, ['day'])?.en, 'Day', 'one day schema, each field its own label');
});

forEachEngine('refused requests name the field in words', (ctx) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  test('an API answer carries the label beside the code; a page shows the label, never the code', async () => {
    for (const [lang, label] of [['en', 'Mobile number or e-mail'], ['ko', '휴대전화 번호 또는 이메일']] as const) {
      const r = await server.app.inject({
        method: 'POST', url: `/r/api/consultations/gangnam/codes?lang=${lang}`,
        headers: { accept: 'application/json', 'content-type': 'application/json', 'x-forwarded-for': `198.19.0.${lang === 'en' ? 1 : 2}` },
        payload: { contact: { field: 'mobile', value: '1' } },
      });
      assert.equal(r.statusCode, 400, r.body);
      const problem = r.json() as { errors: { field: string; label?: string; reason: string }[] };
      assert.deepEqual(problem.errors.map((e) => [e.field, e.label]), [['contact.value', label]]);
    }
    // A page's refusal (the error page a tampered, oversized post gets) names the field by its label.
    for (const [lang, label] of [['en', 'Nickname'], ['ko', '별명']] as const) {
      const page = await server.app.inject({
        method: 'POST', url: `${BOARD_PATH}/gangnam/ask?lang=${lang}`,
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: `lang=${lang}`, 'x-forwarded-for': `198.19.1.${lang === 'en' ? 1 : 2}` },
        payload: new URLSearchParams({ nickname: 'x'.repeat(10_001), title: 't', body: 'b', field: 'other' }).toString(),
      });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, new RegExp(`<li>${label}: `));
      assert.doesNotMatch(page.body, /nickname/);
    }
  });
});
