import type { FleetContext } from '../context';
import { performMaintenanceFlow } from '../flows/azure';
import { azureSelection } from './azureSelection';
import { runFlowResult } from './runFlow';

export async function azurePerformMaintenance(ctx: FleetContext, node?: unknown, nodes?: unknown): Promise<void> {
  const result = await performMaintenanceFlow(azureSelection(node, nodes), { prompter: ctx.prompter, source: ctx.azure.tree });
  await runFlowResult(ctx, result);
}
