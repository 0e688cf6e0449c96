import * as vscode from 'vscode';
import type { ConfirmOptions, InputOptions, PickItem, PickOptions, Prompter } from './prompter';

type Item<T> = vscode.QuickPickItem & { value: T };

function toItems<T>(items: ReadonlyArray<PickItem<T>>): Array<Item<T>> {
  const out: Array<Item<T>> = [];
  let group: string | undefined;
  for (const item of items) {
    if (item.group !== undefined && item.group !== group) {
      // A separator is never picked or returned; its value is only there for the type.
      out.push({ label: item.group, kind: vscode.QuickPickItemKind.Separator, value: item.value });
    }
    group = item.group;
    out.push({ label: item.label, description: item.description, detail: item.detail, picked: item.picked, value: item.value });
  }
  return out;
}

export class VsCodePrompter implements Prompter {
  async pickOne<T>(options: PickOptions<T>): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(toItems(options.items), {
      title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true,
    });
    return picked?.value;
  }

  async pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined> {
    const picked = await vscode.window.showQuickPick(toItems(options.items), {
      title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, canPickMany: true, matchOnDescription: true,
    });
    return picked?.map((item) => item.value);
  }

  async confirm(options: ConfirmOptions): Promise<boolean> {
    const answer = await vscode.window.showWarningMessage(options.message, { modal: true, detail: options.detail }, options.confirmLabel);
    return answer === options.confirmLabel;
  }

  input(options: InputOptions): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      placeHolder: options.placeholder,
      password: options.password ?? false,
      ignoreFocusOut: true,
      validateInput: options.validate ? (value) => options.validate?.(value) ?? undefined : undefined,
    }));
  }
}

