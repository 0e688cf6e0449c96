/**
 * Errors the same way everywhere: full detail to the output channel, a short toast with
 * "Show Output" and, where it helps, the next step (sign in, permissions, set keys, settings).
 * Toasts are never awaited by the caller: the command does not block on a dismissed message.
 */
import * as vscode from 'vscode';
import type { CloudErrorInfo, CloudId } from '../fleet/model';
import type { SecretMask } from '../fleet/redact';
import { CommandIds } from './commands/ids';
import { describeCloudError, type ErrorAction, type Guidance } from './errorMessages';
import type { FailurePhase } from './failureWording';
import { l10n } from './l10n';
import type { FleetOutput } from './output';

/** Where a cloud documents its permission problems; a cloud without such a page gets no button. */
const PERMISSIONS_HELP: { readonly [C in CloudId]?: string } = {
  azure: 'https://learn.microsoft.com/azure/role-based-access-control/troubleshooting',
};

/** The settings a cloud's problems are fixed in ("Open Settings"); without a cloud, all of Fleet Power's. */
const SETTINGS_SECTION: { readonly [C in CloudId]: string } = {
  azure: 'fleetPower.azure',
  volcengine: 'fleetPower.volcengine',
};

/** A button of the toast beyond the guidance (Retry), with what it does. */
export interface ToastAction { label: string; run: () => Promise<void> | void }

/**
 * `cloud` is the cloud the failed command or operation acted on; undefined for commands that act on none.
 * `actions` come first (Retry); a partly failed operation is a warning, not an error.
 */
export function showGuidedError(
  message: string, guidance: Guidance, cloud: CloudId | undefined, output: FleetOutput, mask: SecretMask,
  actions: readonly ToastAction[] = [], severity: 'error' | 'warning' = 'error',
): void {
  const permissionsHelp = cloud ? PERMISSIONS_HELP[cloud] : undefined;
  const showOutput = l10n.t('Show Output');
  const signIn = l10n.t('Sign In');
  const setKeys = l10n.t('Set Access Keys');
  const learnMore = l10n.t('Permissions Help');
  const openSettings = l10n.t('Open Settings');
  const buttons = [showOutput];
  if (guidance === 'signIn') buttons.unshift(signIn);
  if (guidance === 'setCredentials') buttons.unshift(setKeys);
  if (guidance === 'permissions' && permissionsHelp) buttons.unshift(learnMore);
  if (guidance === 'checkSettings') buttons.unshift(openSettings);
  buttons.unshift(...actions.map((a) => a.label));
  const show = severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(mask.mask(message), ...buttons).then(async (choice) => {
    const action = actions.find((a) => a.label === choice);
    if (action) await action.run();
    else if (choice === showOutput) output.show();
    else if (choice === signIn) await vscode.commands.executeCommand(CommandIds.azureSignIn);
    else if (choice === setKeys) await vscode.commands.executeCommand(CommandIds.volcengineSetCredentials);
    else if (choice === learnMore && permissionsHelp) await vscode.env.openExternal(vscode.Uri.parse(permissionsHelp));
    else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', cloud ? SETTINGS_SECTION[cloud] : 'fleetPower');
  });
}

export function showCloudError(
  action: ErrorAction, error: CloudErrorInfo, targetLabel: string, output: FleetOutput, mask: SecretMask,
  phase: FailurePhase = 'refused', actions: readonly ToastAction[] = [],
): void {
  const { message, guidance } = describeCloudError(action, error, targetLabel, phase);
  // The toast's words also go to the output, beside the error's full detail.
  output.log('error', message);
  showGuidedError(message, guidance, error.cloud, output, mask, actions);
}
