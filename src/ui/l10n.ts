/**
 * The localizer every UI string goes through: `l10n.t('Deallocating {0}…', name)`.
 * At activation the extension installs `vscode.l10n.t`; in plain Node (unit tests) the
 * English text is formatted here, so flows and presentation code run without VS Code.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

function formatEnglish(message: string, ...args: Array<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

let translate: Translate = formatEnglish;

export const l10n = {
  t(message: string, ...args: Array<string | number | boolean>): string {
    return translate(message, ...args);
  },
};

export function installTranslator(t: Translate): void {
  translate = t;
}
