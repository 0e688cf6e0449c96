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

/** `cloud` is the cloud the failed command or operation acted on; undefined for commands that act on none. */
export function showGuidedError(message: string, guidance: Guidance, cloud: CloudId | undefined, output: FleetOutput, mask: SecretMask): void {
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
  void vscode.window.showErrorMessage(mask.mask(message), ...buttons).then(async (choice) => {
    if (choice === showOutput) output.show();
    else if (choice === signIn) await vscode.commands.executeCommand(CommandIds.azureSignIn);
    else if (choice === setKeys) await vscode.commands.executeCommand(CommandIds.volcengineSetCredentials);
    else if (choice === learnMore && permissionsHelp) await vscode.env.openExternal(vscode.Uri.parse(permissionsHelp));
    else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', cloud ? SETTINGS_SECTION[cloud] : 'fleetPower');
  });
}

export function showCloudError(action: ErrorAction, error: CloudErrorInfo, targetLabel: string, output: FleetOutput, mask: SecretMask): void {
  const { message, guidance } = describeCloudError(action, error, targetLabel);
  showGuidedError(message, guidance, error.cloud, output, mask);
}
