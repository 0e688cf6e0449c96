/**
 * Which nodes of a view the user has expanded, by node id, kept in the workspace's state so a
 * window reload brings them back expanded (VS Code restores nothing for extension trees unless
 * getTreeItem says Expanded). Also what automatic refresh treats as visible. No 'vscode' import.
 */

/** The part of vscode.Memento this needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Enough for any fleet a person expands by hand; the oldest entries go first. */
const MAX_REMEMBERED = 500;

export class ExpansionState {
  private readonly ids: Set<string>;

  constructor(private readonly store: StateStore, private readonly key: string) {
    const saved = store.get<unknown>(key);
    this.ids = new Set(Array.isArray(saved) ? saved.filter((v): v is string => typeof v === 'string') : []);
  }

  isExpanded(id: string): boolean {
    return this.ids.has(id);
  }

  /** Records an expand or collapse (from the view's onDidExpandElement / onDidCollapseElement). */
  set(id: string, expanded: boolean): void {
    if (expanded === this.ids.has(id)) return;
    if (expanded) this.ids.add(id);
    else this.ids.delete(id);
    while (this.ids.size > MAX_REMEMBERED) {
      const oldest = this.ids.values().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
    void this.store.update(this.key, [...this.ids]);
  }
}
