import { purgeInBatches, type RetentionCount, type RetentionPurger } from '../../platform/retention/retention.ts';
import {
  countAttachmentsToPurge,
  countChatToPurge,
  countOfflineMessagesToPurge,
  getRetentionForDesk,
  purgeAttachmentsBatch,
  purgeChatBatch,
  purgeOfflineMessagesBatch,
} from './retention.repository.ts';

// The desk's retention purge: for each district, what was written in
// conversations closed for longer than its chat period, the files of those
// closed for longer than its attachment period, and offline messages
// answered (or left unanswered) for longer than its offline period. Batches,
// transactions and audit entries are purgeInBatches' (platform/retention).

export const deskRetentionPurger: RetentionPurger = {
  domain: 'desk',
  async purge(db, run) {
    const results: RetentionCount[] = [];
    for (const districtCode of run.districtCodes) {
      const periods = await getRetentionForDesk(db, districtCode);
      results.push(
        await purgeInBatches(db, run, {
          domain: 'desk', districtCode, periodDays: periods.chatDays,
          kind: 'desk_chat',
          action: 'retention.desk_chat_purged',
          batch: async (tx, limit, cutoff) => ({ ...(await purgeChatBatch(tx, districtCode, cutoff, run.now, limit)) }),
          taken: (c) => c.conversations ?? 0,
          count: async (q, cutoff) => ({ conversations: await countChatToPurge(q, districtCode, cutoff) }),
        }),
        await purgeInBatches(db, run, {
          domain: 'desk', districtCode, periodDays: periods.attachmentDays,
          kind: 'desk_attachments',
          action: 'retention.desk_attachments_purged',
          batch: async (tx, limit, cutoff) => ({ attachments: await purgeAttachmentsBatch(tx, districtCode, cutoff, run.now, limit) }),
          taken: (c) => c.attachments ?? 0,
          count: async (q, cutoff) => ({ attachments: await countAttachmentsToPurge(q, districtCode, cutoff) }),
        }),
        await purgeInBatches(db, run, {
          domain: 'desk', districtCode, periodDays: periods.offlineDays,
          kind: 'desk_offline_messages',
          action: 'retention.desk_offline_messages_purged',
          batch: async (tx, limit, cutoff) => ({ offlineMessages: await purgeOfflineMessagesBatch(tx, districtCode, cutoff, run.now, limit) }),
          taken: (c) => c.offlineMessages ?? 0,
          count: async (q, cutoff) => ({ offlineMessages: await countOfflineMessagesToPurge(q, districtCode, cutoff) }),
        }),
      );
    }
    return results;
  },
};
