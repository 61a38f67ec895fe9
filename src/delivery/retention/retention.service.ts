import { purgeInBatches, type RetentionCount, type RetentionPurger } from '../../platform/retention/retention.ts';
import {
  countDeliveryContentsToPurge,
  countRefusedReportsToPurge,
  getRetentionForDelivery,
  purgeDeliveryContentsBatch,
  purgeRefusedReportsBatch,
} from './retention.repository.ts';

// Delivery's retention purge: for each district, the contents of messages
// final for longer than its period, and returned mails kept for inspection
// that are older than it. Batches, transactions and audit entries are
// purgeInBatches' (platform/retention).

export const deliveryRetentionPurger: RetentionPurger = {
  domain: 'delivery',
  async purge(db, run) {
    const results: RetentionCount[] = [];
    for (const districtCode of run.districtCodes) {
      const { contentsDays } = await getRetentionForDelivery(db, districtCode);
      const common = { domain: 'delivery', districtCode, periodDays: contentsDays };
      results.push(
        await purgeInBatches(db, run, {
          ...common,
          kind: 'delivery_contents',
          action: 'retention.delivery_contents_purged',
          batch: async (tx, limit, cutoff) => ({ ...(await purgeDeliveryContentsBatch(tx, districtCode, cutoff, run.now, limit)) }),
          taken: (c) => c.messages ?? 0,
          count: async (q, cutoff) => ({ messages: await countDeliveryContentsToPurge(q, districtCode, cutoff) }),
        }),
        await purgeInBatches(db, run, {
          ...common,
          kind: 'delivery_refused_reports',
          action: 'retention.refused_reports_purged',
          batch: async (tx, limit, cutoff) => ({ refusedReports: await purgeRefusedReportsBatch(tx, districtCode, cutoff, limit) }),
          taken: (c) => c.refusedReports ?? 0,
          count: async (q, cutoff) => ({ refusedReports: await countRefusedReportsToPurge(q, districtCode, cutoff) }),
        }),
      );
    }
    return results;
  },
};
