import type { FleetContext } from '../context';

export async function operationsClearFinished(ctx: FleetContext): Promise<void> {
  await ctx.operations.tree.clearFinished();
}
