import { eachCloud } from '../clouds/cloudUi';
import type { FleetContext } from '../context';
import { ErrorNode } from '../tree/errorNode';

/** The Retry button of an error node: reload just what failed. */
export function retry(ctx: FleetContext, node?: unknown): void {
  if (node instanceof ErrorNode) node.retry();
  else for (const cloud of eachCloud(ctx.clouds)) cloud.tree.refresh();
}
