/**
 * One poller per operation across windows. Every window's engine keeps its records in the one
 * shared journal; an operation is driven by the window holding its lease (./leases.ts). Another
 * window shows it and follows it from the journal (its events reach this window's listeners as
 * the driving window writes them) and takes it over only when the lease goes stale, i.e. the
 * driving window is gone. Saves merge with what other windows wrote, and for an operation this
 * window does not drive, the driving window's copy wins.
 */
import type { JournalStore } from './journal';
import type { OperationLeases } from './leases';
import type { OperationEvent, OperationRecord } from './model';

/** What the engine lends this module. */
export interface SharedHost {
  /** The engine's live records, oldest first. */
  records(): OperationRecord[];
  /** Adds a record another window started (kept in start order). */
  add(record: OperationRecord): void;
  /** Tells the engine's listeners about an event another window recorded. */
  notify(record: OperationRecord, event: OperationEvent): void;
  isDriving(id: string): boolean;
  /** Drives a record this window now holds the lease of (after a reload, or taken over). */
  drive(record: OperationRecord): Promise<OperationRecord>;
  /** Reads one journaled record with this engine's kinds, or undefined. */
  read(raw: unknown): OperationRecord | undefined;
}

interface Following { done: Promise<OperationRecord>; settle: (record: OperationRecord) => void }

const idOf = (raw: unknown): string | undefined => {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};
const eventCount = (raw: unknown): number => {
  const events = raw && typeof raw === 'object' ? (raw as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? events.length : 0;
};
const startOf = (raw: unknown): number => {
  const startedAt = raw && typeof raw === 'object' ? (raw as { startedAt?: unknown }).startedAt : undefined;
  return typeof startedAt === 'number' ? startedAt : 0;
};

export class SharedOperations {
  private readonly following = new Map<string, Following>();
  /** Ids whose lease this window is claiming right now (neither driven nor only followed yet). */
  private readonly deciding = new Set<string>();
  /** Ids this window dropped (trimmed): a merge must not bring them back. */
  private readonly forgotten = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private syncing = false;
  private disposed = false;

  constructor(
    private readonly host: SharedHost,
    private readonly journal: JournalStore,
    readonly leases: OperationLeases,
    /** How often the journal is read for other windows' operations and the leases checked. Default 2 s. */
    followMs = 2_000,
  ) {
    // Stopped by dispose(); a window following another's operation has nothing else to wake it.
    this.timer = setInterval(() => { void this.sync(); }, followMs);
  }

  /** After a reload: drive what this window can take, follow what a live window drives. */
  async resume(running: readonly OperationRecord[]): Promise<void> {
    await Promise.all(running.map(async (record) => {
      // Registered at once, so whenDone answers while the lease is being decided.
      const entry = this.follow(record);
      this.deciding.add(record.id);
      const mine = await this.leases.acquire(record.id);
      this.deciding.delete(record.id);
      if (mine) {
        this.following.delete(record.id);
        entry.settle(await this.host.drive(record));
      }
      return entry.done;
    }));
  }

  /** The completion of a record this window follows. */
  whenDone(id: string): Promise<OperationRecord> | undefined {
    return this.following.get(id)?.done;
  }

  isFollowing(id: string): boolean {
    return this.following.has(id);
  }

  forget(ids: Iterable<string>): void {
    for (const id of ids) this.forgotten.add(id);
  }

  /**
   * What to save: this window's records merged with the journal as other windows left it.
   * Records this window drives: its own copy. Others: whichever copy knows more events.
   */
  forSave(records: readonly OperationRecord[]): unknown[] {
    let stored: unknown[] = [];
    try {
      stored = this.journal.load();
    } catch {
      // Unreadable: this window's records are saved alone.
    }
    const storedById = new Map<string, unknown>();
    for (const raw of stored) {
      const id = idOf(raw);
      if (id !== undefined) storedById.set(id, raw);
    }
    const out: unknown[] = [];
    const local = new Set(records.map((record) => record.id));
    for (const [id, raw] of storedById) if (!local.has(id) && !this.forgotten.has(id)) out.push(raw);
    for (const record of records) {
      const theirs = storedById.get(record.id);
      const keepTheirs = theirs !== undefined && !this.host.isDriving(record.id) && eventCount(theirs) > record.events.length;
      out.push(keepTheirs ? theirs : record);
    }
    return out.sort((a, b) => startOf(a) - startOf(b));
  }

  /** Reads the journal: new records of other windows are shown, followed records catch up, stale leases are taken over. */
  async sync(): Promise<void> {
    if (this.syncing || this.disposed) return;
    this.syncing = true;
    try {
      let stored: unknown[] = [];
      try {
        stored = this.journal.load();
      } catch {
        return;
      }
      for (const raw of stored) {
        const id = idOf(raw);
        if (id === undefined || this.forgotten.has(id) || this.host.isDriving(id)) continue;
        const mine = this.host.records().find((record) => record.id === id);
        // Read (and migrate) a journaled record only when it has something this window lacks.
        if (mine && eventCount(raw) <= mine.events.length) continue;
        const theirs = this.host.read(raw);
        if (!theirs) continue;
        if (!mine) {
          this.host.add(theirs);
          for (const event of theirs.events) this.host.notify(theirs, event);
          if (theirs.status === 'running') this.follow(theirs);
          continue;
        }
        if (theirs.events.length > mine.events.length) this.catchUp(mine, theirs);
      }
      for (const [id, entry] of [...this.following]) {
        const record = this.host.records().find((candidate) => candidate.id === id);
        if (!record || this.deciding.has(id)) continue;
        if (record.status !== 'running') {
          this.following.delete(id);
          entry.settle(record);
        } else if (!this.leases.heldElsewhere(id)) {
          this.deciding.add(id);
          const mine = await this.leases.acquire(id);
          this.deciding.delete(id);
          // The driving window is gone: this one continues from the journal (nothing is sent again).
          if (mine) {
            this.following.delete(id);
            void this.host.drive(record).then(entry.settle);
          }
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
    void this.leases.dispose();
  }

  private follow(record: OperationRecord): Following {
    const existing = this.following.get(record.id);
    if (existing) return existing;
    let settle: (record: OperationRecord) => void = () => undefined;
    const done = new Promise<OperationRecord>((resolve) => { settle = resolve; });
    const entry = { done, settle };
    this.following.set(record.id, entry);
    return entry;
  }

  /** Brings this window's copy of a record it does not drive up to the journal's, keeping the object. */
  private catchUp(mine: OperationRecord, theirs: OperationRecord): void {
    const fresh = theirs.events.slice(mine.events.length);
    for (const key of Object.keys(mine)) if (!(key in theirs)) Reflect.deleteProperty(mine, key);
    Object.assign(mine, theirs);
    for (const event of fresh) this.host.notify(mine, event);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
