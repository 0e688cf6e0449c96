import type { FleetContext } from '../context';
import { stopInstanceFlow, type VolcengineSelection } from '../flows/volcengine';
import { EcsInstanceNode } from '../tree/volcengineTree';
import { runFlowResult } from './runFlow';
import { selectedNodes } from './wrapper';

export async function volcengineStopInstance(ctx: FleetContext, node?: unknown, nodes?: unknown): Promise<void> {
  const instances = selectedNodes(node, nodes).filter((n): n is EcsInstanceNode => n instanceof EcsInstanceNode).map((n) => n.data);
  const selection: VolcengineSelection = instances.length > 0 ? { kind: 'instances', instances } : { kind: 'none' };
  const result = await stopInstanceFlow(selection, { prompter: ctx.prompter, source: ctx.volcengine.tree });
  await runFlowResult(ctx, result);
}
