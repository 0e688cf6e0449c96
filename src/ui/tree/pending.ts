/** Which targets have an operation in flight, so their nodes say "Deallocating…" until it ends. No 'vscode' import. */
import type { OperationKind } from '../../fleet/model';
import type { CloudDescriptor } from '../../fleet/provider';

export class PendingOperations {
  private readonly byTarget = new Map<string, OperationKind>();

  /** The cloud's targetKey says when two ids name one target (ARM ids ignore case). */
  constructor(private readonly cloud: Pick<CloudDescriptor, 'targetKey'>) {}

  mark(targetIds: readonly string[], kind: OperationKind): void {
    for (const id of targetIds) this.byTarget.set(this.cloud.targetKey(id), kind);
  }

  clear(targetIds: readonly string[]): void {
    for (const id of targetIds) this.byTarget.delete(this.cloud.targetKey(id));
  }

  get(targetId: string): OperationKind | undefined {
    return this.byTarget.get(this.cloud.targetKey(targetId));
  }
}
