/**
 * The bulk planner: group what the user chose by the scope a single cloud call can cover
 * (an Azure scale set, a Volcengine region), then cut each group into batches the API accepts.
 * Order is preserved so requests and logs follow the user's selection.
 */
import type { OperationTarget } from './model';

export interface ScopeGroup<T> {
  scope: string;
  items: T[];
}

export interface PlannedBatch<T> {
  scope: string;
  /** 0-based index of this batch within its scope. */
  index: number;
  items: T[];
}

/** Groups items by scope, in first-seen order. Scopes compare case-insensitively (ARM ids are). */
export function groupByScope<T>(items: readonly T[], scopeOf: (item: T) => string): ScopeGroup<T>[] {
  const groups = new Map<string, ScopeGroup<T>>();
  for (const item of items) {
    const scope = scopeOf(item);
    const key = scope.toLowerCase();
    let group = groups.get(key);
    if (!group) {
      group = { scope, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** Splits items into consecutive batches of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Removes repeated targets (same key: by default the id, case-insensitive) so nothing is acted on twice. */
export function dedupeTargets<T extends { id: string }>(targets: readonly T[], keyOf: (id: string) => string = (id) => id.toLowerCase()): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const t of targets) {
    const key = keyOf(t.id);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

/**
 * Group targets by their scope and batch each group by `batchSize`
 * (Infinity = one batch per scope, e.g. one scale-set call per scale set).
 */
export function planBatches<T extends Pick<OperationTarget, 'id' | 'scope'>>(
  targets: readonly T[],
  batchSize = Number.POSITIVE_INFINITY,
): PlannedBatch<T>[] {
  const unique = dedupeTargets(targets);
  const out: PlannedBatch<T>[] = [];
  for (const group of groupByScope(unique, (t) => t.scope)) {
    const batches = batchSize === Number.POSITIVE_INFINITY ? [group.items] : chunk(group.items, batchSize);
    batches.forEach((items, index) => out.push({ scope: group.scope, index, items }));
  }
  return out;
}
