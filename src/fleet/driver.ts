/**
 * How the operation engine (src/fleet/engine.ts) talks to a cloud: one driver per
 * operation kind. Drivers live in src/cloud/* (they use the SDKs); the engine owns the
 * record, the journal, timing, the operation's status and notifications.
 */
import type {
  CloudErrorInfo, OperationEvent, OperationKind, OperationRecordOf, TargetResult,
} from './model';

/** An event without its timestamp: the engine stamps it. */
export type EventInput = OperationEvent extends infer E ? (E extends OperationEvent ? Omit<E, 'at'> : never) : never;

export interface OperationContext {
  /** Append an event: the engine timestamps it, stores it, notifies listeners and journals the record. */
  emit(event: EventInput): void;
  /** Record one target's outcome (also emitted as a targetResult event). */
  setResult(targetId: string, result: TargetResult): void;
  /** Persist what is needed to resume after a reload (never a credential). */
  setResume(state: unknown): void;
  /** Aborted only when the extension shuts down: stop polling, keep the journal entry as running. */
  readonly signal: AbortSignal;
}

/**
 * How a driver ends. The engine derives the operation's status from the per-target results
 * (src/fleet/status.ts), so both clouds follow one rule.
 *  - done: every target has its result (a target left pending counts as unknown);
 *  - refused: nothing was sent; targets without a result become notSent;
 *  - interrupted: the extension is shutting down; the journal keeps the record running.
 */
export type DriverOutcome =
  | { end: 'done'; error?: CloudErrorInfo }
  | { end: 'refused'; error: CloudErrorInfo }
  | { end: 'interrupted' };

export interface OperationDriver<K extends OperationKind = OperationKind> {
  readonly kind: K;
  /** Send the request(s), wait for the cloud to finish, read the targets' state back. Never throws: failures are outcomes. */
  run(record: OperationRecordOf<K>, ctx: OperationContext): Promise<DriverOutcome>;
  /** Continue waiting for an operation journaled before a reload (record.resume holds the driver's state). */
  resume(record: OperationRecordOf<K>, ctx: OperationContext): Promise<DriverOutcome>;
}
