import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';

function validateKey(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return l10n.t('Enter a value.');
  if (/\s/.test(trimmed)) return l10n.t('A key has no spaces or line breaks.');
  return undefined;
}

/** Asks for the Access Key ID and Secret Access Key and keeps them in Secret Storage only. */
export async function volcengineSetCredentials(ctx: FleetContext): Promise<void> {
  const accessKeyId = await ctx.prompter.input({
    title: l10n.t('Volcengine Access Key (1/2)'),
    prompt: l10n.t('Access Key ID (kept in VS Code\'s secret storage)'),
    validate: validateKey,
  });
  if (accessKeyId === undefined) return;
  const secretKey = await ctx.prompter.input({
    title: l10n.t('Volcengine Access Key (2/2)'),
    prompt: l10n.t('Secret Access Key (kept in VS Code\'s secret storage, never shown or logged)'),
    password: true,
    validate: validateKey,
  });
  if (secretKey === undefined) return;
  await ctx.clouds.volcengine.session.storeCredentials(accessKeyId.trim(), secretKey.trim());
  ctx.clouds.volcengine.drivers.reset();
  ctx.clouds.volcengine.tree.refresh();
  ctx.output.log('info', l10n.t('Volcengine: access keys saved in secret storage.'));
  void vscode.window.showInformationMessage(l10n.t('Volcengine access keys saved.'));
}
