/**
 * What a refresh of a view re-reads: what the user can see, and nothing else. The root list is
 * always on screen; an open container (expanded, and every ancestor expanded) shows its
 * children, so its child list is read again; every row shown under an open container carries a
 * "n/m running" count, so the instance list behind it is read again, collapsed or not. Collapsed
 * parts keep what they last showed until they are opened again. The trees and the benchmark
 * (bench/run.ts, requests per automatic refresh) use the same plan. No 'vscode' import.
 */

/** Expanded, with every ancestor expanded too: its children are on screen. */
export function isOpen<N>(node: N, isExpanded: (node: N) => boolean, parentOf: (node: N) => N | undefined): boolean {
  for (let current: N | undefined = node; current !== undefined; current = parentOf(current)) {
    if (!isExpanded(current)) return false;
  }
  return true;
}

export interface AzureVisibleReads<Sub, Set> {
  /** Subscriptions whose scale-set list is read again. */
  scaleSetLists: Sub[];
  /** Scale sets whose instance list is read again (their counts, and their instances when expanded). */
  instanceLists: Set[];
}

/**
 * `scaleSetsOf` gives a subscription's scale sets as last listed (undefined: never listed or
 * failed); `canList` is false for subscriptions nothing can be listed in (disabled).
 */
export function azureVisibleReads<Sub, Set>(
  subscriptions: readonly Sub[],
  scaleSetsOf: (subscription: Sub) => readonly Set[] | undefined,
  open: (subscription: Sub) => boolean,
  canList: (subscription: Sub) => boolean,
): AzureVisibleReads<Sub, Set> {
  const openSubscriptions = subscriptions.filter((s) => canList(s) && open(s));
  return {
    scaleSetLists: openSubscriptions,
    instanceLists: openSubscriptions.flatMap((s) => [...(scaleSetsOf(s) ?? [])]),
  };
}
