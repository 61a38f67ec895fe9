import { deliveryRetentionPurger } from '../delivery/retention/retention.service.ts';
import { deskRetentionPurger } from '../desk/retention/retention.service.ts';
import { retentionHousekeeping, type HousekeepingTask, type RetentionPurger } from '../platform/retention/retention.ts';

// The domains whose contents expire with their district's retention periods
// (platform/retention runs them; it names no domain). A domain that keeps
// such contents adds its purger here, one line.
export const retentionPurgers: readonly RetentionPurger[] = [deliveryRetentionPurger, deskRetentionPurger];

/** What a worker process (`work`, or `serve` with its worker) runs now and then besides delivery. */
export function workerHousekeeping(): HousekeepingTask[] {
  return [retentionHousekeeping(retentionPurgers)];
}
