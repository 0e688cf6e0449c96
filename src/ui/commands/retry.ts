import type { FleetContext } from '../context';
import { ErrorNode } from '../tree/azureTree';

/** The Retry button of an error node: reload just what failed. */
export function retry(ctx: FleetContext, node?: unknown): void {
  if (node instanceof ErrorNode) node.retry();
  else {
    ctx.azure.tree.refresh();
    ctx.volcengine.tree.refresh();
  }
}
