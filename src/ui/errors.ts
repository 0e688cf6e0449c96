/**
 * Errors the same way everywhere: full detail to the output channel, a short toast with
 * "Show Output" and, where it helps, the next step (sign in, permissions, set keys, settings).
 * Toasts are never awaited by the caller: the command does not block on a dismissed message.
 */
import * as vscode from 'vscode';
import type { CloudErrorInfo } from '../fleet/model';
import { CommandIds } from './commands/ids';
import { describeCloudError, type ErrorAction, type Guidance } from './errorMessages';
import { l10n } from './l10n';
import type { FleetOutput } from './output';
import type { SecretMask } from './redact';

const AZURE_PERMISSIONS_HELP = 'https://learn.microsoft.com/azure/role-based-access-control/troubleshooting';

export function showGuidedError(message: string, guidance: Guidance, cloud: 'azure' | 'volcengine', output: FleetOutput, mask: SecretMask): void {
  const showOutput = l10n.t('Show Output');
  const signIn = l10n.t('Sign In');
  const setKeys = l10n.t('Set Access Keys');
  const learnMore = l10n.t('Permissions Help');
  const openSettings = l10n.t('Open Settings');
  const buttons = [showOutput];
  if (guidance === 'signIn') buttons.unshift(signIn);
  if (guidance === 'setCredentials') buttons.unshift(setKeys);
  if (guidance === 'permissions' && cloud === 'azure') buttons.unshift(learnMore);
  if (guidance === 'checkSettings') buttons.unshift(openSettings);
  void vscode.window.showErrorMessage(mask.mask(message), ...buttons).then(async (choice) => {
    if (choice === showOutput) output.show();
    else if (choice === signIn) await vscode.commands.executeCommand(CommandIds.azureSignIn);
    else if (choice === setKeys) await vscode.commands.executeCommand(CommandIds.volcengineSetCredentials);
    else if (choice === learnMore) await vscode.env.openExternal(vscode.Uri.parse(AZURE_PERMISSIONS_HELP));
    else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', cloud === 'azure' ? 'fleetPower.azure' : 'fleetPower.volcengine');
  });
}

export function showCloudError(action: ErrorAction, error: CloudErrorInfo, targetLabel: string, output: FleetOutput, mask: SecretMask): void {
  const { message, guidance } = describeCloudError(action, error, targetLabel);
  showGuidedError(message, guidance, error.cloud, output, mask);
}
