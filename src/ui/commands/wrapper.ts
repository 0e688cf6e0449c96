/**
 * The one wrapper around every command: turns a thrown error into the usual toast + output
 * detail (guidance and settings of the command's cloud), and treats cancellation as an
 * outcome, not an error.
 */
import * as vscode from 'vscode';
import type { CloudId } from '../../fleet/model';
import type { FleetContext } from '../context';
import { showGuidedError } from '../errors';
import { l10n } from '../l10n';
import { UserFacingError } from '../settingsErrors';
import type { CommandId } from './ids';

export type CommandHandler = (ctx: FleetContext, ...args: unknown[]) => Promise<void> | void;

export interface CommandRegistration {
  readonly handler: CommandHandler;
  /** The cloud the command acts on, if any: its failures point to that cloud's settings and help. */
  readonly cloud?: CloudId;
}

function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'Canceled');
}

export function registerFleetCommand(ctx: FleetContext, id: CommandId, { handler, cloud }: CommandRegistration): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await handler(ctx, ...args);
    } catch (error) {
      if (isCancellation(error)) return;
      if (error instanceof UserFacingError) {
        ctx.output.log('warn', l10n.t('{0}: {1}', id, error.message));
        const guidance = error.fix === 'signIn' ? 'signIn' : error.fix === 'setCredentials' ? 'setCredentials' : 'checkSettings';
        showGuidedError(error.message, guidance, cloud, ctx.output, ctx.mask);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      ctx.output.log('error', l10n.t('{0} failed: {1}', id, message));
      if (error instanceof Error && error.stack) ctx.output.log('error', error.stack);
      showGuidedError(l10n.t('Fleet Power: {0}', message), 'none', cloud, ctx.output, ctx.mask);
    }
  });
}
