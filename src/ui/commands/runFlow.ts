import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import type { FlowResult, OperationPlan } from '../flows/types';

/** Hands a flow's plan to the runner; a canceled flow sends nothing, an empty one says why. */
export async function runFlowResult(ctx: FleetContext, result: FlowResult): Promise<void> {
  switch (result.outcome) {
    case 'canceled':
      return;
    case 'nothingToDo':
      void vscode.window.showInformationMessage(result.message);
      return;
    case 'plan':
      await ctx.runner.run(result.plan satisfies OperationPlan);
  }
}
