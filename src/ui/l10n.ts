/**
 * The localizer every UI string goes through: `l10n.t('Deallocating {0}…', name)`.
 * At activation the extension installs `vscode.l10n.t` and the display language; in plain
 * Node (unit tests) the English text is formatted here and the locale is 'en', so flows and
 * presentation code run without VS Code.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

function formatEnglish(message: string, ...args: Array<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

let translate: Translate = formatEnglish;
let displayLocale = 'en';

export const l10n = {
  t(message: string, ...args: Array<string | number | boolean>): string {
    return translate(message, ...args);
  },
  /** The display language ('en', 'zh-cn', …), for names that come from a table rather than a bundle. */
  locale(): string {
    return displayLocale;
  },
};

export function installTranslator(t: Translate, locale = 'en'): void {
  translate = t;
  displayLocale = locale;
}
