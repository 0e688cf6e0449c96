/**
 * How a tree tells VS Code what changed, without breaking the node handles a menu command is
 * about to resolve (../shared/reference/vscode-tree-views.md §2):
 *  - only changed elements are fired, never the root unless the root list itself changed;
 *  - a node is fired only when what it shows changed (its presentation differs from the one
 *    last handed to VS Code), so a refresh that finds nothing new touches nothing;
 *  - nothing is fired while one of the tree's getChildren calls is still running: VS Code
 *    (1.100) registers the children of every fetch, and a second fetch of the same node
 *    overlapping the first registers the same ids twice ("Element with id … is already
 *    registered"). Fires wait and go out together when the fetches are done.
 * No 'vscode' import: the provider passes its EventEmitter's fire.
 */
export type FireChange<N> = (change: N[] | undefined) => void;

export class TreeChanges<N extends object> {
  private fetching = 0;
  private readonly deferred = new Set<N>();
  private rootDeferred = false;
  private readonly shown = new WeakMap<N, string>();

  constructor(private readonly emit: FireChange<N>) {}

  /** Wraps a getChildren call; fires that came in meanwhile go out when the last one ends. */
  async whileFetching<T>(children: Promise<T>): Promise<T> {
    this.fetching++;
    try {
      return await children;
    } finally {
      this.fetching--;
      if (this.fetching === 0) this.flush();
    }
  }

  /** Called from getTreeItem with what the node now shows (any serializable description of it). */
  shownAs(node: N, look: unknown): void {
    this.shown.set(node, JSON.stringify(look));
  }

  /** Whether the node would show something else than VS Code has; never-shown nodes are not "changed". */
  differs(node: N, look: unknown): boolean {
    const before = this.shown.get(node);
    return before !== undefined && before !== JSON.stringify(look);
  }

  /** Fires these nodes (VS Code keeps the top-most of them and re-reads their children). */
  fire(nodes: Iterable<N>): void {
    for (const node of nodes) this.deferred.add(node);
    if (this.fetching === 0) this.flush();
  }

  /** The root list changed (membership, not just looks): every handle is re-created. */
  fireRoot(): void {
    this.rootDeferred = true;
    if (this.fetching === 0) this.flush();
  }

  private flush(): void {
    if (this.rootDeferred) {
      this.rootDeferred = false;
      this.deferred.clear();
      this.emit(undefined);
      return;
    }
    if (this.deferred.size === 0) return;
    const nodes = [...this.deferred];
    this.deferred.clear();
    this.emit(nodes);
  }
}
