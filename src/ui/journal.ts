/** The operation journal kept in globalState, so in-flight operations survive a window reload. */
import type * as vscode from 'vscode';
import type { JournalStore } from '../fleet/journal';
import type { OperationRecord } from '../fleet/model';

const JOURNAL_KEY = 'fleetPower.operations.journal';

export class GlobalStateJournal implements JournalStore {
  constructor(private readonly state: vscode.Memento) {}

  /** The stored JSON as written by this or an earlier version; the engine reads (and migrates) it. */
  load(): unknown[] {
    const stored = this.state.get<unknown>(JOURNAL_KEY);
    return Array.isArray(stored) ? (stored as unknown[]) : [];
  }

  async save(records: OperationRecord[]): Promise<void> {
    await this.state.update(JOURNAL_KEY, records);
  }
}
