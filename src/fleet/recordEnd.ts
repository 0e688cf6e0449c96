/**
 * How an operation record ends once its driver is done: targets still pending become "not sent"
 * (the request was refused before anything was sent) or "still running" (the deadline passed);
 * the status follows from the targets (./status.ts); the error stays only where it explains the
 * outcome; the resume state stays only for Check again.
 */
import type { DriverOutcome, EventInput } from './driver';
import type { CloudErrorInfo, OperationRecord, TargetResult } from './model';
import { stillRunningResult } from './deadline';
import { operationStatusOf } from './status';

/** Ends `record` at `endedAt`, appending the events that say so; `stillRunning` when the deadline stopped it. */
export function endRecord(
  record: OperationRecord,
  outcome: Exclude<DriverOutcome, { end: 'interrupted' }>,
  endedAt: number,
  append: (input: EventInput) => void,
  stillRunning?: CloudErrorInfo,
): void {
  const pendingBecomes: TargetResult | undefined = stillRunning ? stillRunningResult(stillRunning)
    : outcome.end === 'refused' ? { status: 'notSent', code: outcome.error.code, message: outcome.error.message } : undefined;
  for (const [id, result] of Object.entries(record.results)) {
    if (result.status !== 'pending' || !pendingBecomes) continue;
    record.results[id] = { ...pendingBecomes };
    append({ type: 'targetResult', target: id, result: { ...pendingBecomes } });
  }
  record.status = operationStatusOf(Object.values(record.results).map((r) => r.status));
  record.endedAt = endedAt;
  const error = stillRunning ?? outcome.error;
  if (error && (stillRunning || (record.status !== 'succeeded' && record.status !== 'checked'))) record.error = error;
  // Nothing is waiting any more: resume state is no longer needed and should not linger.
  if (!stillRunning) delete record.resume;
  const durationMs = Math.max(0, endedAt - record.startedAt);
  append({ type: 'finished', status: record.status, durationMs, ...(error ? { error } : {}) });
}
