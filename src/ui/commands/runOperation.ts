/**
 * Every operation command (Power Off, Deallocate, Perform Maintenance, Start, Restart, Stop, Reboot): the cloud's flow
 * for that kind asks and confirms, the runner runs exactly what was confirmed. A canceled flow
 * sends nothing; an empty one says why.
 */
import * as vscode from 'vscode';
import type { OperationKind } from '../../fleet/model';
import { eachCloud } from '../clouds/cloudUi';
import type { FleetContext } from '../context';
import type { CommandHandler } from './wrapper';

export function operationCommand(kind: OperationKind): CommandHandler {
  return async (ctx: FleetContext, node?: unknown, nodes?: unknown) => {
    const flow = eachCloud(ctx.clouds).map((cloud) => cloud.flows[kind]).find((f) => f !== undefined);
    if (!flow) throw new Error(`No cloud offers a flow for ${kind}.`);
    const result = await flow(node, nodes);
    switch (result.outcome) {
      case 'canceled':
        return;
      case 'nothingToDo':
        void vscode.window.showInformationMessage(result.message);
        return;
      case 'plan':
        await ctx.runner.run(result.plan);
    }
  };
}
