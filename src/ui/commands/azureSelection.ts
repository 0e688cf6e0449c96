import type { AzureSelection } from '../flows/types';
import { InstanceNode, ScaleSetNode } from '../tree/azureTree';
import { selectedNodes } from './wrapper';

/** Instance nodes → those instances; one scale-set node → the whole scale set; nothing → the palette pickers. */
export function azureSelection(node: unknown, nodes: unknown): AzureSelection {
  const selected = selectedNodes(node, nodes);
  const instances = selected.filter((n): n is InstanceNode => n instanceof InstanceNode).map((n) => n.data);
  if (instances.length > 0) return { kind: 'instances', instances };
  const scaleSet = selected.find((n): n is ScaleSetNode => n instanceof ScaleSetNode);
  if (scaleSet) return { kind: 'scaleSet', scaleSet: scaleSet.data };
  return { kind: 'none' };
}
