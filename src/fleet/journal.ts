import type { OperationRecord } from './model';

/** Where the engine keeps operation records across window reloads. */
export interface JournalStore {
  /** The stored records as JSON values; the engine reads (and migrates) them itself. */
  load(): unknown[];
  save(records: OperationRecord[]): Promise<void>;
}

/** A journal kept in memory (tests, benchmarks; a reload is simulated by sharing one instance). */
export class InMemoryJournal implements JournalStore {
  private stored: string;
  /** How many times save() ran (lets tests see that the journal is written). */
  saves = 0;

  constructor(initial: readonly unknown[] = []) {
    this.stored = JSON.stringify(initial);
  }

  load(): unknown[] {
    return JSON.parse(this.stored) as unknown[];
  }

  save(records: OperationRecord[]): Promise<void> {
    // Stored as JSON, exactly like globalState would, so nothing live leaks through.
    this.stored = JSON.stringify(records);
    this.saves++;
    return Promise.resolve();
  }

  /** The serialized journal text (for checks that no secret is persisted). */
  raw(): string {
    return this.stored;
  }
}
