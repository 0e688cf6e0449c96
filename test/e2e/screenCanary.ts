/**
 * The canary on screen: every text the workbench shows in a notification, a tree row (label,
 * description, aria-label, title) or a hover (the tree tooltips) is recorded as it appears,
 * across reloads, and every journey checks at its end that none of them holds a secret the
 * extension host had: the Volcengine key pair, the managed-identity secret, the signed-in
 * user's refresh token, or anything shaped like a bearer token.
 */
import type { Page } from 'playwright-core';
import type { Emulator } from './codeServer';

const BINDING = '__fleetPowerSeen';

/** Records what the page shows; survives reloads (the script is installed for every document). */
export async function watchScreen(page: Page, seen: Set<string>): Promise<void> {
  await page.exposeBinding(BINDING, (_source, texts: unknown) => {
    if (!Array.isArray(texts)) return;
    for (const text of texts) if (typeof text === 'string' && text.trim() !== '' && seen.size < 50_000) seen.add(text);
  });
  // A plain script, not a function: the test runner's TypeScript transform would add helpers the page lacks.
  await page.addInitScript({ content: PAGE_SCRIPT });
}

/** Runs in every document of the page: reports the texts of watched parts as they appear or change. */
const PAGE_SCRIPT = `(() => {
  const watched = '.notifications-toasts, .notification-toast, .monaco-list-row, .monaco-hover, .custom-hover, .monaco-dialog-box, .quick-input-widget';
  const pending = new Set();
  const take = (element) => {
    const root = element && typeof element.closest === 'function' ? element.closest(watched) : null;
    if (!root) return;
    pending.add(root.textContent || '');
    for (const name of ['aria-label', 'title']) pending.add(root.getAttribute(name) || '');
    for (const child of root.querySelectorAll('[aria-label], [title]')) {
      pending.add(child.getAttribute('aria-label') || '');
      pending.add(child.getAttribute('title') || '');
    }
  };
  const flush = () => {
    const send = window['${BINDING}'];
    if (pending.size === 0 || typeof send !== 'function') return;
    const batch = [...pending].filter((t) => t.trim() !== '');
    pending.clear();
    send(batch);
  };
  const start = () => {
    new MutationObserver((records) => {
      for (const record of records) {
        take(record.target.nodeType === 1 ? record.target : record.target.parentElement);
        for (const node of record.addedNodes) take(node.nodeType === 1 ? node : node.parentElement);
      }
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
    setInterval(flush, 250);
  };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();`;

/** The canaries found in what the screen showed, as "what: where it was seen (shortened)". */
export function secretsOnScreen(seen: ReadonlySet<string>, emu: Emulator): string[] {
  const { volcengine, azure } = emu.credentials;
  const secrets: Array<[string, string | RegExp]> = [
    ['Volcengine secret key', volcengine.secretKey],
    ['Volcengine access key id', volcengine.accessKeyId],
    ['managed-identity secret', azure.msiSecret],
    ...('refreshToken' in azure && typeof azure.refreshToken === 'string' && azure.refreshToken.length >= 8 ? [['refresh token', azure.refreshToken] as [string, string]] : []),
    ['a JWT bearer token', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./],
  ];
  const found: string[] = [];
  for (const text of seen) {
    for (const [what, secret] of secrets) {
      if (typeof secret === 'string' ? text.includes(secret) : secret.test(text)) found.push(`${what}: ${text.slice(0, 80)}`);
    }
  }
  return found;
}
