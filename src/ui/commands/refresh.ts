import type { FleetContext } from '../context';
import { ErrorNode, InstanceNode, ScaleSetNode, SubscriptionNode } from '../tree/azureTree';
import { EcsInstanceNode, RegionNode } from '../tree/volcengineTree';

/** From a view title: everything in that view; from a node: that node. */
export function refresh(ctx: FleetContext, node?: unknown): void {
  if (node instanceof SubscriptionNode || node instanceof ScaleSetNode || node instanceof InstanceNode) {
    ctx.azure.tree.refresh(node);
    return;
  }
  if (node instanceof RegionNode || node instanceof EcsInstanceNode) {
    ctx.volcengine.tree.refresh(node);
    return;
  }
  if (node instanceof ErrorNode) {
    node.retry();
    return;
  }
  ctx.azure.tree.refresh();
  ctx.volcengine.tree.refresh();
  ctx.operations.tree.refresh();
}
