/** The operation journal kept in globalState, so in-flight operations survive a window reload. */
import type * as vscode from 'vscode';
import type { JournalStore } from '../fleet/journal';
import type { OperationRecord } from '../fleet/model';

const JOURNAL_KEY = 'fleetPower.operations.journal';

export class GlobalStateJournal implements JournalStore {
  constructor(private readonly state: vscode.Memento) {}

  load(): OperationRecord[] {
    const stored = this.state.get<unknown>(JOURNAL_KEY);
    return Array.isArray(stored) ? (stored as OperationRecord[]) : [];
  }

  async save(records: OperationRecord[]): Promise<void> {
    await this.state.update(JOURNAL_KEY, records);
  }
}
