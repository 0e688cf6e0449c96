/** Which targets have an operation in flight, so their nodes say "Deallocating…" until it ends. */
import type { OperationKind } from '../../fleet/model';

export class PendingOperations {
  private readonly byTarget = new Map<string, OperationKind>();

  mark(targetIds: readonly string[], kind: OperationKind): void {
    for (const id of targetIds) this.byTarget.set(id, kind);
  }

  clear(targetIds: readonly string[]): void {
    for (const id of targetIds) this.byTarget.delete(id);
  }

  get(targetId: string): OperationKind | undefined {
    return this.byTarget.get(targetId);
  }
}
