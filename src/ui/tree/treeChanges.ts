/**
 * How a tree tells VS Code what changed, without breaking the node handles a menu command is
 * about to resolve (../shared/reference/vscode-tree-views.md §2):
 *  - only changed elements are fired, never the root unless the root list itself changed;
 *  - a node is fired only when what it shows changed (its presentation differs from the one
 *    last handed to VS Code), so a refresh that finds nothing new touches nothing;
 *  - nothing is fired while one of the tree's getChildren calls is still running: VS Code
 *    (1.100) registers the children of every fetch, and a second fetch of the same node
 *    overlapping the first registers the same ids twice ("Element with id … is already
 *    registered"). Fires wait and go out together when the fetches are done;
 *  - a fired node VS Code did not take up is fired again: VS Code answers an element change by
 *    asking getTreeItem for it, and drops a change to an element it does not hold at that
 *    moment (a root refresh in progress clears its element map). Without the retry a node
 *    fired in that window keeps showing "Loading…" for good.
 * No 'vscode' import: the provider passes its EventEmitter's fire.
 */
export type FireChange<N> = (change: N[] | undefined) => void;

/** VS Code batches element changes for 200 ms; a change not taken up well after that was dropped. */
const ACK_WAIT_MS = 1000;
const MAX_REFIRES = 3;

export class TreeChanges<N extends object> {
  private fetching = 0;
  private readonly deferred = new Set<N>();
  private rootDeferred = false;
  private readonly shown = new WeakMap<N, string>();
  /** Fired nodes VS Code has not taken up since, with how often they were fired. */
  private readonly unacknowledged = new Map<N, number>();
  /** Of those, the ones whose children changed: only a getChildren for them takes the change up. */
  private readonly childrenChanged = new Set<N>();
  private ackTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly emit: FireChange<N>, private readonly ackWaitMs = ACK_WAIT_MS) {}

  /** Wraps a getChildren call; fires that came in meanwhile go out when the last one ends. */
  async whileFetching<T>(children: Promise<T>, parent?: N): Promise<T> {
    if (parent) {
      this.unacknowledged.delete(parent);
      this.childrenChanged.delete(parent);
    }
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
    if (!this.childrenChanged.has(node)) this.unacknowledged.delete(node);
  }

  /** Whether the node would show something else than VS Code has; never-shown nodes are not "changed". */
  differs(node: N, look: unknown): boolean {
    const before = this.shown.get(node);
    return before !== undefined && before !== JSON.stringify(look);
  }

  /** Fires these nodes (VS Code keeps the top-most of them and re-reads their children). */
  fire(nodes: Iterable<N>, childrenChanged = false): void {
    for (const node of nodes) {
      this.deferred.add(node);
      if (childrenChanged) this.childrenChanged.add(node);
    }
    if (this.fetching === 0) this.flush();
  }

  /** The root list changed (membership, not just looks): every handle is re-created. */
  fireRoot(): void {
    this.rootDeferred = true;
    if (this.fetching === 0) this.flush();
  }

  /** Stops the re-fire timer (the tree is being disposed). */
  dispose(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.unacknowledged.clear();
    this.childrenChanged.clear();
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
    for (const node of nodes) this.unacknowledged.set(node, (this.unacknowledged.get(node) ?? 0) + 1);
    this.emit(nodes);
    this.ackTimer ??= setTimeout(() => this.refireUnacknowledged(), this.ackWaitMs);
  }

  private refireUnacknowledged(): void {
    this.ackTimer = undefined;
    const again = [...this.unacknowledged].filter(([, times]) => times <= MAX_REFIRES).map(([node]) => node);
    for (const [node, times] of this.unacknowledged) {
      if (times > MAX_REFIRES) {
        this.unacknowledged.delete(node);
        this.childrenChanged.delete(node);
      }
    }
    if (again.length > 0) this.fire(again);
  }
}
