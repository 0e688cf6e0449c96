/** What a context-menu command was invoked on, turned into a flow's selection. */
import type { AzureSelection, VolcengineSelection } from '../flows/types';
import { InstanceNode, ScaleSetNode } from '../tree/azureNodes';
import { EcsInstanceNode } from '../tree/volcengineTree';

/** The nodes a context-menu command acts on: the multi-selection if any, else the clicked node. */
function selectedNodes(node: unknown, nodes: unknown): unknown[] {
  if (Array.isArray(nodes) && nodes.length > 0) return nodes as unknown[];
  return node === undefined || node === null ? [] : [node];
}

/** Instance nodes → those instances; one scale-set node → the whole scale set; nothing → the palette pickers. */
export function azureSelection(node: unknown, nodes: unknown): AzureSelection {
  const selected = selectedNodes(node, nodes);
  const instances = selected.filter((n): n is InstanceNode => n instanceof InstanceNode).map((n) => n.data);
  if (instances.length > 0) return { kind: 'instances', instances };
  const scaleSet = selected.find((n): n is ScaleSetNode => n instanceof ScaleSetNode);
  if (scaleSet) return { kind: 'scaleSet', scaleSet: scaleSet.data };
  return { kind: 'none' };
}

/** ECS instance nodes → those instances; nothing → the palette pickers. */
export function volcengineSelection(node: unknown, nodes: unknown): VolcengineSelection {
  const instances = selectedNodes(node, nodes).filter((n): n is EcsInstanceNode => n instanceof EcsInstanceNode).map((n) => n.data);
  return instances.length > 0 ? { kind: 'instances', instances } : { kind: 'none' };
}
