/** The one rule that turns per-target results into an operation's status, for every cloud. */
import type { OperationStatus, TargetStatus } from './model';

/**
 * - every target checked → checked; every target succeeded → succeeded;
 * - some succeeded (or checked) and some not → partial;
 * - otherwise any failed or not sent → failed; every target canceled → canceled;
 *   canceled mixed with unknown → failed (the cloud gave up on part of it);
 * - otherwise (pending, unknown) → unknown.
 */
export function operationStatusOf(statuses: readonly TargetStatus[]): OperationStatus {
  if (statuses.length === 0) return 'unknown';
  const count = (s: TargetStatus): number => statuses.filter((v) => v === s).length;
  const n = statuses.length;
  const ok = count('succeeded');
  const checked = count('checked');
  if (checked === n) return 'checked';
  if (ok === n) return 'succeeded';
  if (ok + checked > 0) return 'partial';
  if (count('failed') + count('notSent') > 0) return 'failed';
  const canceled = count('canceled');
  if (canceled === n) return 'canceled';
  if (canceled > 0) return 'failed';
  return 'unknown';
}

/** Statuses that count as done well for messages ("3 succeeded"). */
export function targetSucceeded(status: TargetStatus): boolean {
  return status === 'succeeded' || status === 'checked';
}

/** Statuses that count as failed for messages and Retry. */
export function targetFailed(status: TargetStatus): boolean {
  return status === 'failed' || status === 'canceled' || status === 'notSent';
}
