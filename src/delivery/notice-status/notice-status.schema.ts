import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { deliveryMessages } from '../delivery.messages.ts';

// The notice status API's answer and the returned-post request (they validate
// and generate /api/openapi.json).

export const noticeStatusParams = withLabels(z.object({ year: z.coerce.number().int().min(1990).max(2200), noticeNo: z.string().min(1).max(40) }), {
  year: deliveryMessages.both('label_tax_year'), noticeNo: deliveryMessages.both('label_notice_no'),
});

export const noticeStatusSchema = z
  .object({
    noticeNo: z.string(),
    taxYear: z.number().int(),
    taxItem: z.string(),
    period: z.number().int().nullable(),
    amount: z.number().int(),
    dueDate: z.string(),
    effectiveDueDate: z.string().nullable().describe('set when §31 extended the due date'),
    payBy: z.string().describe('the date the taxpayer must pay by: effectiveDueDate when set, else dueDate'),
    effectiveDueDateRule: z.object({ article: z.string(), summary: z.string() }).nullable(),
    deliveredAt: z.string().nullable(),
    deliveredChannel: z.string().nullable(),
    state: z.string().nullable().describe('state of the notice message; null when not issued yet'),
    paidAt: z.string().nullable(),
    publicNoticeAt: z.string().nullable(),
    deemedServedOn: z.string().nullable(),
    paymentPage: z.string().describe('the resident payment page, with the notice’s code (?code=) that opens it'),
  })
  .meta({ id: 'NoticeStatus' });

export const returnedPostBody = withLabels(z.object({ taxYear: z.number().int().min(1990).max(2200), noticeNos: z.array(z.string().min(1).max(40)).min(1).max(10_000) }), {
  taxYear: deliveryMessages.both('label_tax_year'), noticeNos: deliveryMessages.both('label_notice_nos'),
});

export const returnedPostResultSchema = z.object({ recorded: z.number().int(), unknown: z.array(z.string()).describe('not found, not on paper, or already on public notice') });
