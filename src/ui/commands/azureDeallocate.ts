import type { FleetContext } from '../context';
import { deallocateFlow } from '../flows/azure';
import { azureSelection } from './azureSelection';
import { runFlowResult } from './runFlow';

export async function azureDeallocate(ctx: FleetContext, node?: unknown, nodes?: unknown): Promise<void> {
  const result = await deallocateFlow(azureSelection(node, nodes), { prompter: ctx.prompter, source: ctx.azure.tree });
  await runFlowResult(ctx, result);
}
