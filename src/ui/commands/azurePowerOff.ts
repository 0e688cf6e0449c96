import type { FleetContext } from '../context';
import { powerOffFlow } from '../flows/azure';
import { azureSelection } from './azureSelection';
import { runFlowResult } from './runFlow';

export async function azurePowerOff(ctx: FleetContext, node?: unknown, nodes?: unknown): Promise<void> {
  const result = await powerOffFlow(azureSelection(node, nodes), { prompter: ctx.prompter, source: ctx.azure.tree });
  await runFlowResult(ctx, result);
}
