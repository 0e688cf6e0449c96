/**
 * The operation deadline: an operation the cloud is still working on after this long (a
 * setting; by default long enough for a large scale-set deallocate) is no longer waited for.
 * It ends as "still running in the cloud — Fleet Power stopped waiting", keeps what it needs
 * to be followed again, and Check again (OperationEngine.checkAgain) resumes it from there.
 */
import type { CloudErrorInfo, OperationRecord, TargetResult } from './model';

export const DEFAULT_DEADLINE_MS = 60 * 60_000;

/** The code of a target and of an operation Fleet Power stopped waiting for. */
export const STILL_RUNNING = 'StillRunning';

/** Whether Check again can follow this record: it was stopped at the deadline and still knows where it stands. */
export function canCheckAgain(record: Pick<OperationRecord, 'status' | 'error' | 'resume' | 'results'>): boolean {
  return record.status !== 'running' && record.error?.code === STILL_RUNNING && record.resume !== undefined
    && Object.values(record.results).some((result) => result.code === STILL_RUNNING);
}

export function stillRunningError(record: Pick<OperationRecord, 'cloud'>, deadlineMs: number): CloudErrorInfo {
  const minutes = Math.max(1, Math.round(deadlineMs / 60_000));
  return {
    cloud: record.cloud, code: STILL_RUNNING, category: 'unknown',
    message: `Still running in the cloud — Fleet Power stopped waiting after ${minutes} min. Nothing was canceled; use Check again on its Recent Operations entry to look again.`,
  };
}

export function stillRunningResult(error: CloudErrorInfo): TargetResult {
  return { status: 'unknown', code: error.code, message: error.message };
}

/** Starts the clock for one drive of a record: `onExpired` runs once the deadline passes. */
export function startDeadline(waitingSince: number, deadlineMs: number, now: () => number, onExpired: () => void): { readonly expired: boolean; clear(): void } {
  let expired = false;
  const remaining = Math.max(0, waitingSince + deadlineMs - now());
  // Not unref'd: an operation the cloud never finishes may have nothing but this clock left to end it.
  const timer = Number.isFinite(deadlineMs) ? setTimeout(() => { expired = true; onExpired(); }, remaining) : undefined;
  return {
    get expired() { return expired; },
    clear() { if (timer) clearTimeout(timer); },
  };
}

/** Check again: the record is running again, waited for from now, its still-running targets pending. */
export function reopenForCheckAgain(record: OperationRecord, now: number): void {
  record.status = 'running';
  record.waitingSince = now;
  delete record.endedAt;
  delete record.error;
  for (const [target, result] of Object.entries(record.results)) {
    if (result.code === STILL_RUNNING) record.results[target] = { status: 'pending' };
  }
}
