/**
 * The operation engine: owns every operation record (ids, events, timing, outcome), notifies
 * listeners as events arrive, journals records so in-flight operations survive a reload, and
 * resumes them through their driver. Cloud specifics live in the drivers.
 */
import type { DriverOutcome, EventInput, OperationContext } from './driver';
import type { JournalStore } from './journal';
import { JournalWriter } from './journalWriter';
import type { OperationLeases } from './leases';
import { SharedOperations } from './sharedOperations';
import { readJournalRecord } from './journalFormat';
import type {
  CloudErrorInfo, OperationEvent, OperationRecord, OperationRequest, TargetResult,
} from './model';
import type { AnyOperationSpec, CloudProvider } from './provider';
import { canCheckAgain, DEFAULT_DEADLINE_MS, reopenForCheckAgain, startDeadline, stillRunningError } from './deadline';
import { endRecord } from './recordEnd';
import { runDriver } from './runDriver';

export type OperationChangeListener = (record: OperationRecord, event: OperationEvent) => void;

export interface Disposable { dispose(): void }

export interface OperationEngineOptions {
  /** One per cloud; each names the operation kinds it drives. */
  providers: readonly CloudProvider[];
  journal: JournalStore;
  now?: () => number;
  idFactory?: () => string;
  /** Finished records kept (and journaled); running ones are always kept. Default 50. */
  maxRecords?: number;
  /** How long an operation is waited for before it ends as still running (read at each start). Default 60 minutes. */
  deadlineMs?: () => number;
  /** When several windows share the journal: who drives which operation (src/fleet/sharedOperations.ts). */
  leases?: OperationLeases;
  /** How often the shared journal is read for other windows' operations. Default 2 s. */
  followMs?: number;
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

export class OperationEngine {
  private readonly providers = new Map<string, { provider: CloudProvider; spec: AnyOperationSpec }>();
  private readonly journal: JournalStore;
  private readonly now: () => number;
  private readonly idFactory: () => string;
  private readonly maxRecords: number;
  private readonly deadlineMs: () => number;
  /** Oldest first. */
  private records: OperationRecord[] = [];
  private readonly active = new Map<string, { controller: AbortController; done: Promise<OperationRecord> }>();
  private readonly listeners = new Set<OperationChangeListener>();
  private disposed = false;
  private readonly writer: JournalWriter;
  private readonly shared: SharedOperations | undefined;

  constructor(options: OperationEngineOptions) {
    for (const provider of options.providers) {
      for (const spec of provider.operations) this.providers.set(spec.kind, { provider, spec });
    }
    this.journal = options.journal;
    this.now = options.now ?? Date.now;
    this.idFactory = options.idFactory ?? defaultIdFactory;
    this.maxRecords = options.maxRecords ?? 50;
    this.deadlineMs = options.deadlineMs ?? (() => DEFAULT_DEADLINE_MS);
    this.shared = options.leases ? new SharedOperations({
      records: () => this.records,
      add: (record) => { this.records.push(record); this.records.sort((a, b) => a.startedAt - b.startedAt); },
      notify: (record, event) => this.notify(record, event),
      isDriving: (id) => this.active.has(id),
      drive: (record) => {
        const provider = this.providers.get(record.kind)?.provider;
        return provider ? this.drive(record, provider, 'reload') : Promise.resolve(record);
      },
      read: (raw) => readJournalRecord(raw, (kind) => this.providers.get(kind)?.spec),
    }, this.journal, options.leases, options.followMs) : undefined;
    this.writer = new JournalWriter(this.journal, () => this.shared?.forSave(this.records) ?? this.records);
    let stored: unknown[];
    try {
      stored = this.journal.load();
    } catch {
      // A corrupt journal must not stop the extension; start with an empty history.
      stored = [];
    }
    this.records = (Array.isArray(stored) ? stored : [])
      .map((raw) => readJournalRecord(raw, (kind) => this.providers.get(kind)?.spec))
      .filter((r): r is OperationRecord => r !== undefined);
  }

  /** Starts one operation on exactly the request's targets (repeats removed). Throws EmptySelectionError for none. */
  start(request: OperationRequest): StartedOperation {
    if (this.disposed) throw new Error('The operation engine has been disposed.');
    const entry = this.providers.get(request.kind);
    if (!entry) throw new Error(`No provider offers operation kind ${request.kind}.`);
    const seen = new Set<string>();
    const unique = request.targets.filter((t) => {
      const key = entry.provider.targetKey(t.id);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length === 0) throw new EmptySelectionError();
    const record = {
      ...request,
      id: this.idFactory(),
      cloud: entry.provider.cloud,
      targets: unique.map((t) => ({ id: t.id, label: t.label, scope: t.scope })),
      options: { ...request.options },
      status: 'running',
      startedAt: this.now(),
      events: [],
      results: Object.fromEntries(unique.map((t) => [t.id, { status: 'pending' } satisfies TargetResult])),
    } as OperationRecord;
    this.records.push(record);
    this.shared?.leases.claimNew(record.id);
    this.trim();
    this.scheduleSave();
    const done = this.drive(record, entry.provider);
    return { record, done };
  }

  /** Whether the operation changes cloud state (a DryRun does not). */
  changesState(record: OperationRecord): boolean {
    const spec = this.providers.get(record.kind)?.spec;
    // The union of specs cannot be called with the union of options; the kinds match by construction.
    return spec ? (spec as { changesState(options: unknown): boolean }).changesState(record.options) : true;
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
    return this.active.get(id)?.done ?? this.shared?.whenDone(id);
  }

  onDidChange(listener: OperationChangeListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  /**
   * Follows again an operation that was stopped at the deadline, from its journaled state
   * (nothing is sent again); undefined when it cannot be (see canCheckAgain).
   */
  checkAgain(id: string): StartedOperation | undefined {
    const record = this.get(id);
    const provider = record ? this.providers.get(record.kind)?.provider : undefined;
    if (this.disposed || !record || !provider || !canCheckAgain(record) || this.active.has(id)) return undefined;
    reopenForCheckAgain(record, this.now());
    this.scheduleSave();
    return { record, done: this.drive(record, provider, 'checkAgain') };
  }

  /** Resume every record the journal holds as running; resolves when all of them have finished. */
  async resumeAll(): Promise<void> {
    if (this.disposed) return;
    // Across windows: drive what this window can lease, follow what another live window drives.
    if (this.shared) return this.shared.resume(this.records.filter((r) => r.status === 'running' && !this.active.has(r.id) && !this.shared?.isFollowing(r.id)));
    const pending: Promise<OperationRecord>[] = [];
    for (const record of this.records) {
      if (record.status !== 'running' || this.active.has(record.id)) continue;
      const provider = this.providers.get(record.kind)?.provider;
      if (!provider) continue; // readJournalRecord keeps only kinds a provider offers
      pending.push(this.drive(record, provider, 'reload'));
    }
    await Promise.all(pending);
  }

  /** Wait until the journal has everything written so far. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Stops waiting on every operation; the journal keeps them as running so a later resumeAll continues. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.writer.stop();
    this.shared?.dispose();
    for (const { controller } of this.active.values()) controller.abort();
    this.listeners.clear();
  }

  // ------------------------------------------------------------ internals

  private drive(record: OperationRecord, provider: CloudProvider, resumedBy?: 'reload' | 'checkAgain'): Promise<OperationRecord> {
    const resuming = resumedBy !== undefined;
    const controller = new AbortController();
    const deadlineMs = this.deadlineMs();
    // Past the deadline the driver is stopped like at shutdown; the record then ends as still running.
    const deadline = startDeadline(record.waitingSince ?? record.startedAt, deadlineMs, this.now, () => controller.abort());
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
      if (resumedBy) this.append(record, { type: 'resumed', reason: resumedBy });
      const outcome = await runDriver(record, provider, ctx, resuming);
      deadline.clear();
      if (deadline.expired && !this.disposed) this.finish(record, { end: 'done' }, stillRunningError(record, deadlineMs));
      else if (!controller.signal.aborted) this.finish(record, outcome);
      this.active.delete(record.id);
      this.shared?.leases.release(record.id);
      return record;
    })();
    this.active.set(record.id, { controller, done });
    return done;
  }

  /** Ends a record (./recordEnd.ts); an interrupted driver leaves it running for a later resume. */
  private finish(record: OperationRecord, outcome: DriverOutcome, stillRunning?: CloudErrorInfo): void {
    if (outcome.end === 'interrupted') return;
    endRecord(record, outcome, this.now(), (input) => this.append(record, input), stillRunning);
    this.trim();
  }

  private append(record: OperationRecord, input: EventInput): void {
    const event: OperationEvent = { ...input, at: this.now() };
    record.events.push(event);
    this.scheduleSave();
    this.notify(record, event);
  }

  private notify(record: OperationRecord, event: OperationEvent): void {
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
    this.shared?.forget(drop);
    this.records = this.records.filter((r) => !drop.has(r.id));
    // The save scheduled by the last event ran before this trim; the journal must not keep the dropped record.
    this.scheduleSave();
  }

  private scheduleSave(): void {
    this.writer.schedule();
  }
}
