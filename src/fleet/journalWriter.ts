/**
 * Writes the engine's records to its journal, one save at a time: a change while a save is
 * under way is written right after it, so the journal always ends with the latest state and
 * saves never overlap.
 */
import type { JournalStore } from './journal';
import type { OperationRecord } from './model';

export class JournalWriter {
  private dirty = false;
  private saving: Promise<void> | undefined;
  private stopped = false;

  /** `records`: what to save, the engine's records or (across windows) those merged with the journal. */
  constructor(private readonly journal: JournalStore, private readonly records: () => readonly unknown[]) {}

  /** Something changed: save (now, or after the save under way). Nothing after stop(). */
  schedule(): void {
    if (this.stopped) return;
    this.dirty = true;
    this.saving ??= this.drain();
  }

  /** Resolves when everything scheduled so far is written. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        // JSON, like globalState keeps it; merged entries of other windows are records as they wrote them.
        const snapshot = JSON.parse(JSON.stringify(this.records())) as OperationRecord[];
        try {
          await this.journal.save(snapshot);
        } catch {
          // The next change saves again; the live records are unaffected.
        }
      }
    } finally {
      this.saving = undefined;
    }
  }
}
