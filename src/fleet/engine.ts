/**
 * The operation engine: owns every operation record (ids, events, timing, outcome), notifies
 * listeners as events arrive, journals records so in-flight operations survive a reload, and
 * resumes them through their driver. Cloud specifics live in the drivers.
 */
import type { DriverOutcome, EventInput, OperationContext, OperationDriver } from './driver';
import type { JournalStore } from './journal';
import type {
  CloudErrorInfo, OperationEvent, OperationKind, OperationRecord, OperationTarget, TargetResult,
} from './model';
import { dedupeTargets } from './planner';

export type OperationChangeListener = (record: OperationRecord, event: OperationEvent) => void;

export interface Disposable { dispose(): void }

export interface OperationEngineOptions {
  drivers: OperationDriver[];
  journal: JournalStore;
  now?: () => number;
  idFactory?: () => string;
  /** Finished records kept (and journaled); running ones are always kept. Default 50. */
  maxRecords?: number;
}

export interface StartedOperation {
  record: OperationRecord;
  /** Resolves when the driver is done (or the engine is disposed: then the record is still running). */
  done: Promise<OperationRecord>;
}

/** Thrown by start() when nothing would be acted on: no request is ever sent for an empty selection. */
export class EmptySelectionError extends Error {
  constructor() {
    super('Nothing to act on: the selection is empty.');
    this.name = 'EmptySelectionError';
  }
}

const defaultIdFactory = (): string => `op-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function cloudOfKind(kind: OperationKind): 'azure' | 'volcengine' {
  return kind.startsWith('azure.') ? 'azure' : 'volcengine';
}

export class OperationEngine {
  private readonly drivers = new Map<OperationKind, OperationDriver>();
  private readonly journal: JournalStore;
  private readonly now: () => number;
  private readonly idFactory: () => string;
  private readonly maxRecords: number;
  /** Oldest first. */
  private records: OperationRecord[] = [];
  private readonly active = new Map<string, { controller: AbortController; done: Promise<OperationRecord> }>();
  private readonly listeners = new Set<OperationChangeListener>();
  private disposed = false;
  private dirty = false;
  private saving: Promise<void> | undefined;
  private journalErrors = 0;

  constructor(options: OperationEngineOptions) {
    for (const d of options.drivers) this.drivers.set(d.kind, d);
    this.journal = options.journal;
    this.now = options.now ?? Date.now;
    this.idFactory = options.idFactory ?? defaultIdFactory;
    this.maxRecords = options.maxRecords ?? 50;
    try {
      this.records = this.journal.load().filter(isRecordShaped);
    } catch {
      // A corrupt journal must not stop the extension; start with an empty history.
      this.records = [];
    }
  }

  start(kind: OperationKind, targets: readonly OperationTarget[], options: Record<string, string | boolean>): StartedOperation {
    if (this.disposed) throw new Error('The operation engine has been disposed.');
    const driver = this.drivers.get(kind);
    if (!driver) throw new Error(`No driver for operation kind ${kind}.`);
    const unique = dedupeTargets(targets);
    if (unique.length === 0) throw new EmptySelectionError();
    const record: OperationRecord = {
      id: this.idFactory(),
      kind,
      cloud: cloudOfKind(kind),
      targets: unique.map((t) => ({ id: t.id, label: t.label, scope: t.scope })),
      options: { ...options },
      status: 'running',
      startedAt: this.now(),
      events: [],
      results: Object.fromEntries(unique.map((t) => [t.id, { status: 'pending' } satisfies TargetResult])),
    };
    this.records.push(record);
    this.trim();
    this.scheduleSave();
    const done = this.drive(record, driver, false);
    return { record, done };
  }

  /** Newest first. */
  list(): OperationRecord[] {
    return [...this.records].reverse();
  }

  get(id: string): OperationRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  inFlight(): OperationRecord[] {
    return this.records.filter((r) => r.status === 'running');
  }

  /** The completion promise of a record being driven now (started or resumed). */
  whenDone(id: string): Promise<OperationRecord> | undefined {
    return this.active.get(id)?.done;
  }

  /**
   * The user stopped waiting (closed the progress): recorded as an event; the cloud operation
   * continues and is still tracked to its end.
   */
  noteWaitCanceled(id: string): void {
    const record = this.get(id);
    if (record?.status === 'running') this.append(record, { type: 'waitCanceled' });
  }

  onDidChange(listener: OperationChangeListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  /** Resume every record the journal holds as running; resolves when all of them have finished. */
  async resumeAll(): Promise<void> {
    if (this.disposed) return;
    const pending: Promise<OperationRecord>[] = [];
    for (const record of this.records) {
      if (record.status !== 'running' || this.active.has(record.id)) continue;
      const driver = this.drivers.get(record.kind);
      if (!driver) {
        this.append(record, { type: 'resumed' });
        this.finish(record, {
          status: 'unknown',
          error: localError(record, 'NoDriver', `No driver can resume ${record.kind}; check the operation in the cloud's portal.`),
        });
        continue;
      }
      pending.push(this.drive(record, driver, true));
    }
    await Promise.all(pending);
  }

  /** Wait until the journal has everything written so far. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  /** Stops waiting on every operation; the journal keeps them as running so a later resumeAll continues. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { controller } of this.active.values()) controller.abort();
    this.listeners.clear();
  }

  // ------------------------------------------------------------ internals

  private drive(record: OperationRecord, driver: OperationDriver, resuming: boolean): Promise<OperationRecord> {
    const controller = new AbortController();
    const ctx: OperationContext = {
      emit: (event) => { if (!controller.signal.aborted) this.append(record, event); },
      setResult: (targetId, result) => {
        if (controller.signal.aborted) return;
        record.results[targetId] = { ...result };
        this.append(record, { type: 'targetResult', target: targetId, result: { ...result } });
      },
      setResume: (state) => {
        if (controller.signal.aborted) return;
        record.resume = state === undefined ? undefined : JSON.parse(JSON.stringify(state)) as unknown;
        this.scheduleSave();
      },
      signal: controller.signal,
    };
    const done = (async () => {
      if (resuming) this.append(record, { type: 'resumed' });
      let outcome: DriverOutcome;
      try {
        outcome = resuming ? await driver.resume(record, ctx) : await driver.run(record, ctx);
      } catch (err) {
        // Drivers promise not to throw; if one does, the user still gets an outcome.
        outcome = { status: 'failed', error: localError(record, 'InternalError', errorMessage(err)) };
      }
      if (!controller.signal.aborted) this.finish(record, outcome);
      this.active.delete(record.id);
      return record;
    })();
    this.active.set(record.id, { controller, done });
    return done;
  }

  private finish(record: OperationRecord, outcome: DriverOutcome): void {
    const endedAt = this.now();
    record.status = outcome.status === 'running' ? 'unknown' : outcome.status;
    record.endedAt = endedAt;
    if (outcome.error) record.error = outcome.error;
    // Nothing is waiting any more: resume state is no longer needed and should not linger.
    delete record.resume;
    const durationMs = Math.max(0, endedAt - record.startedAt);
    this.append(record, { type: 'finished', status: record.status, durationMs, ...(outcome.error ? { error: outcome.error } : {}) });
    this.trim();
  }

  private append(record: OperationRecord, input: EventInput): void {
    const event: OperationEvent = { ...input, at: this.now() };
    record.events.push(event);
    this.scheduleSave();
    for (const listener of [...this.listeners]) {
      try {
        listener(record, event);
      } catch {
        // A failing listener (UI) must not break the operation.
      }
    }
  }

  private trim(): void {
    const finished = this.records.filter((r) => r.status !== 'running');
    const excess = finished.length - this.maxRecords;
    if (excess <= 0) return;
    const drop = new Set(finished.slice(0, excess).map((r) => r.id));
    this.records = this.records.filter((r) => !drop.has(r.id));
    // The save scheduled by the last event ran before this trim; the journal must not keep the dropped record.
    this.scheduleSave();
  }

  private scheduleSave(): void {
    if (this.disposed) return;
    this.dirty = true;
    this.saving ??= this.drainSaves();
  }

  private async drainSaves(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const snapshot: OperationRecord[] = JSON.parse(JSON.stringify(this.records)) as OperationRecord[];
        try {
          await this.journal.save(snapshot);
        } catch {
          this.journalErrors++;
        }
      }
    } finally {
      this.saving = undefined;
    }
  }

  /** How many journal writes failed (surfaced by the UI if non-zero). */
  get journalFailures(): number {
    return this.journalErrors;
  }
}

function localError(record: OperationRecord, code: string, message: string): CloudErrorInfo {
  return { cloud: record.cloud, code, message, category: 'unknown' };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isRecordShaped(value: unknown): value is OperationRecord {
  if (!value || typeof value !== 'object') return false;
  const r = value as Partial<OperationRecord>;
  return typeof r.id === 'string' && typeof r.kind === 'string' && Array.isArray(r.targets)
    && Array.isArray(r.events) && typeof r.status === 'string' && typeof r.startedAt === 'number';
}
