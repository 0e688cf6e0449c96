/**
 * Tells the user, in the output, when a workspace tries to set a user-only setting (an
 * endpoint, the cloud, the sign-in method). VS Code ignores such values already; without
 * this note the user would not know why their workspace setting has no effect.
 */
import * as vscode from 'vscode';
import { l10n } from './l10n';
import type { FleetOutput } from './output';
import { userOnlySettingsIn } from './settingsPolicy';

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export class WorkspaceSettingsNotes implements vscode.Disposable {
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly output: FleetOutput) {
    // Best effort: a note that cannot be written must never disturb activation.
    const run = (): void => { this.check().catch(() => undefined); };
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    this.subscriptions = [watcher, watcher.onDidCreate(run), watcher.onDidChange(run), vscode.workspace.onDidChangeWorkspaceFolders(run)];
    run();
  }

  /** Notes each ignored key once per session. */
  report(keys: Iterable<string>): void {
    for (const key of keys) {
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.output.log('warn', l10n.t('The workspace value of {0} is ignored: only your user settings can change where credentials are sent.', key));
    }
  }

  private async check(): Promise<void> {
    const found: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const text = await readText(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
      if (text) found.push(...userOnlySettingsIn(text));
    }
    const workspaceFile = vscode.workspace.workspaceFile;
    if (workspaceFile && workspaceFile.scheme !== 'untitled') {
      const text = await readText(workspaceFile);
      if (text) found.push(...userOnlySettingsIn(text, 'settings'));
    }
    this.report(found);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
