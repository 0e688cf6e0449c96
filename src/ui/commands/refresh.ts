import { eachCloud } from '../clouds/cloudUi';
import type { FleetContext } from '../context';
import { ErrorNode } from '../tree/errorNode';

/** From a view title: everything in every view; from a node: that node (an error node retries what failed). */
export function refresh(ctx: FleetContext, node?: unknown): void {
  if (node instanceof ErrorNode) {
    node.retry();
    return;
  }
  if (eachCloud(ctx.clouds).some((cloud) => cloud.tree.refreshNode(node))) return;
  for (const cloud of eachCloud(ctx.clouds)) cloud.tree.refresh();
  ctx.operations.tree.refresh();
}
