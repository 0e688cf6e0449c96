/**
 * Drives the packaged extension inside a real VS Code: code-server serves the workbench,
 * headless Debian Chromium (through playwright-core) clicks through it like a person, and
 * the local emulator plays both clouds. Every session stops what it started, by PID, even
 * when a step fails.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startEmulator } from '../../emulator/src/index';
import { CHROMIUM_PATH, ensureCodeServer } from '../../scripts/setup-code-server.mjs';
import { secretsOnScreen, watchScreen } from './screenCanary';
import { type Emulator, emulatorSettings, freePort, installExtension, prepareProfile, repoRoot, startCodeServer, stopProcessGroup, waitFor } from './codeServer';

export { waitFor, type Emulator } from './codeServer';
export const artifactsRoot = join(repoRoot, 'test-results', 'e2e');

export interface SessionOptions {
  /** Folder name under test-results/e2e for screenshots and logs. */
  journey: string;
  /** VS Code display language passed to code-server (`--locale`). */
  locale?: string;
  /** Emulator: how long instances stay in transitional states. */
  transitionMs?: number;
  /** Emulator: Retry-After on long-running operations. */
  retryAfterSeconds?: number;
  /** Extra user settings, merged over the emulator defaults. */
  settings?: Record<string, unknown>;
  /** Reuse an already-started emulator instead of starting one for this session. */
  emulator?: Emulator;
  /** The package to install; default dist-vsix/fleet-power.vsix. */
  vsix?: string;
  /** More packages for this journey's profile only (its own extensions folder, so no other journey sees them). */
  extraExtensions?: string[];
  /** Built-in extensions folder to use instead of code-server's (e.g. one without VS Code's Microsoft sign-in). */
  builtinExtensionsDir?: string;
}

/** Mutable bookkeeping so teardown can find every process even when start-up fails midway. */
interface Started {
  emu?: Emulator;
  ownsEmu: boolean;
  /** Every text the screen showed (notifications, tree rows, hovers, dialogs, quick picks): screenCanary.ts. */
  screen: Set<string>;
  screenChecked?: boolean;
  codeServer?: ChildProcess;
  browser?: Browser;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/**
 * One VS Code window on a fresh profile with the packaged extension installed, pointed at
 * the emulator. Helpers act like a person: they click what is on screen and wait for it.
 */
export class VsCodeSession {
  private shotNo = 0;

  private constructor(
    readonly journey: string,
    readonly dir: string,
    readonly emu: Emulator,
    readonly page: Page,
    readonly userDataDir: string,
    readonly port: number,
    private readonly started: Started,
    private readonly restart: () => Promise<void>,
  ) {}

  /**
   * Drives a code-server someone else started (the demo's README screenshot): opens a browser
   * on it; stop() closes only that browser.
   */
  static async attach(o: { emu: Emulator; port: number; userDataDir: string; folder: string; dir: string }): Promise<VsCodeSession> {
    const started: Started = { ownsEmu: false, screen: new Set() };
    mkdirSync(o.dir, { recursive: true });
    try {
      started.browser = await launchBrowser();
      const page = await started.browser.newPage({ viewport: { width: 1400, height: 900 } });
      await watchScreen(page, started.screen);
      const session = new VsCodeSession('attached', o.dir, o.emu, page, o.userDataDir, o.port, started, () => Promise.reject(new Error('not started by this session')));
      await session.openWorkbench(o.folder);
      return session;
    } catch (e) {
      await teardown(started);
      throw e;
    }
  }

  static async start(o: SessionOptions): Promise<VsCodeSession> {
    const started: Started = { ownsEmu: !o.emulator, screen: new Set() };
    const dir = join(artifactsRoot, o.journey);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      const codeServer = ensureCodeServer({ quiet: true });
      const emu =
        o.emulator ??
        (await startEmulator({
          ...(o.transitionMs !== undefined ? { transitionMs: o.transitionMs } : {}),
          ...(o.retryAfterSeconds !== undefined ? { retryAfterSeconds: o.retryAfterSeconds } : {}),
        }));
      started.emu = emu;

      const userDataDir = join(dir, 'profile', 'user');
      const extensionsDir = o.extraExtensions ? join(dir, 'profile', 'extensions') : join(artifactsRoot, '.extensions');
      const folder = join(dir, 'profile', 'workspace');
      mkdirSync(folder, { recursive: true });
      // Sticky tree headers sit on top of the first rows and would take the clicks meant for them.
      prepareProfile(userDataDir, { ...emulatorSettings(emu), 'workbench.tree.enableStickyScroll': false, ...o.settings }, o.locale);
      installExtension(codeServer, extensionsDir, join(artifactsRoot, '.install-profile'), o.vsix);
      for (const extra of o.extraExtensions ?? []) installExtension(codeServer, extensionsDir, join(artifactsRoot, '.install-profile'), extra);

      const port = await freePort();
      const env = { ...process.env, ...emu.env() };
      const launch = async () => {
        started.codeServer = await startCodeServer({
          codeServer,
          port,
          extensionsDir,
          userDataDir,
          folder,
          env,
          ...(o.builtinExtensionsDir ? { builtinExtensionsDir: o.builtinExtensionsDir } : {}),
          ...(o.locale ? { locale: o.locale } : {}),
          logFile: join(dir, 'code-server.log'),
        });
      };
      await launch();

      started.browser = await launchBrowser();
      const page = await started.browser.newPage({ viewport: { width: 1400, height: 900 } });
      await watchScreen(page, started.screen);
      const session = new VsCodeSession(o.journey, dir, emu, page, userDataDir, port, started, async () => {
        await stopProcessGroup(started.codeServer);
        await launch();
      });
      await session.openWorkbench(folder);
      return session;
    } catch (e) {
      await teardown(started);
      throw e;
    }
  }

  private async openWorkbench(folder: string): Promise<void> {
    await this.page.goto(`http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.activityBarItem().waitFor({ timeout: 60_000 });
  }

  /**
   * Stops the browser, code-server and (if this session started it) the emulator. Safe to call
   * twice. Fails the journey if a secret was ever shown on screen (or nothing was seen at all).
   */
  async stop(): Promise<void> {
    const check = this.started.screenChecked ? [] : this.screenProblems();
    this.started.screenChecked = true;
    await teardown(this.started);
    if (check.length > 0) throw new Error(`Screen canary: ${check.join('; ')}`);
  }

  /** Texts the screen showed so far (for journeys that check what the user saw). */
  get screenTexts(): ReadonlySet<string> {
    return this.started.screen;
  }

  private screenProblems(): string[] {
    if (this.started.screen.size === 0) return ['nothing shown on screen was recorded, so nothing was scanned'];
    return secretsOnScreen(this.started.screen, this.emu).map((found) => `a secret was shown on screen — ${found}`);
  }

  // ------------------------------------------------------------------ artifacts

  /** Saves test-results/e2e/<journey>/NN-<step>.png. */
  async shot(step: string): Promise<string> {
    this.shotNo += 1;
    const file = join(this.dir, `${String(this.shotNo).padStart(2, '0')}-${step.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ------------------------------------------------------------------ workbench parts

  activityBarItem(): Locator {
    return this.page.locator('.activitybar .action-item a[aria-label^="Fleet Power"]').first();
  }

  /** Opens the Fleet Power view container (no-op when it is already showing). */
  async openFleetPower(): Promise<void> {
    const item = this.activityBarItem();
    await item.waitFor();
    // Right after a (re)load the workbench may still be restoring the side bar: give it a
    // moment before clicking, since a click on the active container would close it.
    const header = this.page.locator('.sidebar .pane-header', { hasText: /Azure/ }).first();
    await waitFor('the Fleet Power views', async () => {
      if (await header.isVisible()) return true;
      await header.waitFor({ timeout: 2_000 }).catch(() => undefined);
      if (await header.isVisible()) return true;
      await item.click();
      await header.waitFor({ timeout: 3_000 }).catch(() => undefined);
      return (await header.isVisible()) ? true : undefined;
    }, 45_000, 0);
    await this.widenSideBar(560);
  }

  /** Drags the side bar's edge so labels and descriptions fit (and screenshots are readable). */
  async widenSideBar(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box || box.width >= width - 4) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** A view pane (by its title as shown, e.g. "Azure Scale Sets"). */
  pane(title: string | RegExp): Locator {
    return this.page.locator('.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: title }) }).first();
  }

  /** Makes sure a view pane is expanded. */
  async expandPane(title: string | RegExp): Promise<Locator> {
    const pane = this.pane(title);
    const header = pane.locator('.pane-header').first();
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return pane;
  }

  /**
   * A tree row: a string matches the row's label exactly (so "vmss-web_1" never matches
   * "vmss-web_10"); a RegExp matches anywhere in the row's text (label and description).
   */
  row(text: string | RegExp, within?: Locator): Locator {
    const scope = within ?? this.page.locator('.sidebar');
    if (typeof text === 'string') {
      return scope.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name').getByText(text, { exact: true }) }).first();
    }
    return scope.locator('.monaco-list-row', { hasText: text }).first();
  }

  /**
   * Scrolls the tree until the row is rendered: trees are virtual lists, so rows outside the
   * viewport do not exist in the page. Scrolls down to the end, then back up, then gives up.
   */
  async reveal(text: string | RegExp, within?: Locator, timeoutMs = 30_000): Promise<Locator> {
    const row = this.row(text, within);
    const list = (within ?? this.page.locator('.sidebar')).locator('.monaco-list').first();
    const deadline = Date.now() + timeoutMs;
    let direction = 1;
    let lastTop = Number.NaN;
    for (;;) {
      const listBox = await list.boundingBox().catch(() => null);
      const rowBox = (await row.isVisible()) ? await row.boundingBox().catch(() => null) : null;
      if (listBox && rowBox && rowBox.y >= listBox.y - 1 && rowBox.y + rowBox.height <= listBox.y + listBox.height + 1) return row;
      if (Date.now() > deadline) throw new Error(`Row ${String(text)} did not come into view within ${timeoutMs} ms`);
      if (!listBox) {
        await this.page.waitForTimeout(200);
        continue;
      }
      await this.page.mouse.move(listBox.x + listBox.width / 2, listBox.y + Math.min(listBox.height / 2, 100));
      if (rowBox) {
        // Rendered but clipped by the pane's edge: scroll just enough.
        const delta = rowBox.y < listBox.y ? rowBox.y - listBox.y - rowBox.height : rowBox.y + rowBox.height - (listBox.y + listBox.height) + rowBox.height;
        await this.page.mouse.wheel(0, delta);
        await this.page.waitForTimeout(100);
        continue;
      }
      await this.page.mouse.wheel(0, direction * 200);
      await this.page.waitForTimeout(100);
      const top = await list.locator('.monaco-list-rows').first().evaluate((el: PageNode) => el.style.top).catch(() => '');
      const now = Number.parseFloat(top || '0');
      if (now === lastTop) direction = -direction; // reached one end: go the other way
      lastTop = now;
    }
  }

  /** The description a row shows next to its label (e.g. "#0 · Running"). */
  async rowDescription(text: string | RegExp, within?: Locator): Promise<string> {
    const row = await this.reveal(text, within);
    return ((await row.locator('.label-description').first().textContent()) ?? '').trim();
  }

  /** Waits until a row's description matches (the tree re-renders as states change). */
  async waitForRowDescription(text: string | RegExp, pattern: RegExp, timeoutMs = 60_000, within?: Locator): Promise<string> {
    return waitFor(`row ${String(text)} to show ${String(pattern)}`, async () => {
      const d = await this.rowDescription(text, within).catch(() => '');
      return pattern.test(d) ? d : undefined;
    }, timeoutMs);
  }

  /** Expands a collapsed row (waits for it to appear first). */
  async expand(text: string | RegExp, within?: Locator): Promise<Locator> {
    const row = await this.reveal(text, within);
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
      await waitFor(`row ${String(text)} to expand`, async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined));
    }
    return row;
  }

  /** Selects rows like a person does: click the first, ctrl-click the rest. */
  async select(rows: (string | RegExp)[], within?: Locator): Promise<void> {
    for (const [i, text] of rows.entries()) {
      const row = await this.reveal(text, within);
      await row.locator('.monaco-icon-label, .label-name, .custom-view-tree-node-item').first().click(i === 0 ? {} : { modifiers: ['Control'] });
    }
    await waitFor('selection', async () => {
      for (const text of rows) if ((await this.row(text, within).getAttribute('aria-selected')) !== 'true') return undefined;
      return true;
    }, 10_000);
  }

  /** Right-clicks a row (keeping the current multi-selection if it includes that row) and picks a menu item. */
  async contextMenu(rowText: string | RegExp, item: string | RegExp, within?: Locator): Promise<void> {
    const row = await this.reveal(rowText, within);
    await row.click({ button: 'right' });
    await this.chooseMenuItem(item);
  }

  /**
   * Chooses an item of the open context menu. Hovering focuses it and Enter runs it: a plain
   * click right after the menu opens is sometimes taken as the end of the right-click.
   */
  async chooseMenuItem(item: string | RegExp): Promise<void> {
    const entry = this.menuItem(item);
    await entry.waitFor();
    await entry.hover();
    await waitFor(`menu item ${String(item)} to take focus`, async () => ((await entry.getAttribute('class'))?.includes('focused') ? true : undefined), 5_000);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.monaco-menu').first().waitFor({ state: 'hidden' });
  }

  /** The items of the context menu currently open (for asserting what is or is not offered). */
  async openContextMenuItems(rowText: string | RegExp, within?: Locator): Promise<string[]> {
    const row = await this.reveal(rowText, within);
    await row.click({ button: 'right' });
    const menu = this.page.locator('.monaco-menu').first();
    await menu.waitFor();
    const labels = await menu.locator('.action-item .action-label').allInnerTexts();
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    return labels.map((l) => l.trim()).filter((l) => l.length > 0);
  }

  menuItem(text: string | RegExp): Locator {
    return this.page.locator('.monaco-menu .action-item').filter({ has: this.page.locator('.action-label', { hasText: text }) }).first();
  }

  /** Runs a command from the palette by its title as shown (e.g. "Fleet Power: Power Off"). */
  async runCommand(title: string): Promise<void> {
    await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } }).catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('.quick-input-box input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const item = this.quickPickItem(title);
    await item.waitFor();
    await item.click();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  quickPickItem(text: string | RegExp): Locator {
    return this.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  }

  /** Waits for a quick pick whose title or placeholder matches (when given) and returns its rendered items as "label description detail". */
  async quickPickItems(titleOrPlaceholder?: string | RegExp): Promise<string[]> {
    const qi = this.quickInput();
    await qi.waitFor({ state: 'visible' });
    if (titleOrPlaceholder) {
      await waitFor(`quick pick ${String(titleOrPlaceholder)}`, async () => {
        const title = (await qi.locator('.quick-input-title').innerText().catch(() => '')) ?? '';
        const placeholder = (await qi.locator('.quick-input-box input').getAttribute('placeholder').catch(() => '')) ?? '';
        const match = (s: string) => (typeof titleOrPlaceholder === 'string' ? s.includes(titleOrPlaceholder) : titleOrPlaceholder.test(s));
        return match(title) || match(placeholder) ? true : undefined;
      });
    }
    await qi.locator('.quick-input-list .monaco-list-row').first().waitFor();
    // "label description detail" per row, each part once, separated by single spaces.
    return qi.locator('.quick-input-list .monaco-list-row').evaluateAll((rows: PageNode[]) => rows.map((row) => {
      const parts = Array.from<PageNode>(row.querySelectorAll('.label-name, .label-description, .quick-input-list-detail, .monaco-icon-label-container + .monaco-icon-label-container'))
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
        .filter((t) => t.length > 0);
      return parts.length > 0 ? parts.join(' ') : (row.textContent ?? '').replace(/\s+/g, ' ').trim();
    }));
  }

  /** Picks one item of the open quick pick by its text. */
  async pick(text: string | RegExp): Promise<void> {
    const item = this.quickPickItem(text);
    await item.waitFor();
    await item.click();
  }

  /** Ticks the given items of a multi-select quick pick and accepts. */
  async pickMany(texts: (string | RegExp)[]): Promise<void> {
    for (const t of texts) {
      const item = this.quickPickItem(t);
      await item.waitFor();
      const box = item.locator('input[type=checkbox], .monaco-checkbox, .quick-input-list-checkbox').first();
      await box.click();
    }
    await this.quickInput().locator('.quick-input-action .monaco-button, .quick-input-ok .monaco-button, a.monaco-button').filter({ hasText: /OK|确定/ }).first().click();
  }

  async dismissQuickPick(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Waits for a modal dialog and returns its full text (message and detail). */
  async dialogText(): Promise<string> {
    const d = this.dialog();
    await d.waitFor();
    return (await d.locator('.dialog-message-row').innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Presses a modal dialog button by its text. */
  async answerDialog(button: string | RegExp): Promise<void> {
    const d = this.dialog();
    await d.waitFor();
    await d.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
    await d.waitFor({ state: 'hidden' });
  }

  /** A notification toast whose text matches. */
  toast(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  async toastText(text: string | RegExp): Promise<string> {
    const t = this.toast(text);
    await t.waitFor({ timeout: 60_000 });
    return (await t.innerText()).replace(/\s+/g, ' ').trim();
  }

  async closeToasts(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    while ((await toasts.count()) > 0) {
      const close = toasts.first().locator('.codicon-notifications-clear, .codicon-close').first();
      if (!(await close.isVisible().catch(() => false))) {
        await toasts.first().hover();
      }
      await close.click({ timeout: 5_000 }).catch(() => undefined);
      await this.page.waitForTimeout(0);
      if ((await toasts.count()) > 0 && !(await close.isVisible().catch(() => false))) break;
    }
  }

  // ------------------------------------------------------------------ output channel

  /**
   * The text of the "Fleet Power" log output channel. A LogOutputChannel is backed by a log
   * file in the profile's logs folder: reading it gives every line, not just the lines the
   * editor happens to render. Lines from all extension-host sessions are returned, oldest first.
   */
  outputText(): string {
    const files = findFiles(join(this.userDataDir, 'logs'), (p) => /Fleet Power\.log$/.test(p)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    return files.map((f) => readFileSync(f, 'utf8')).join('');
  }

  /** Waits until the output channel contains a line matching `pattern`; returns the full text. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return waitFor(`output channel line ${String(pattern)}`, () => {
      const text = this.outputText();
      return pattern.test(text) ? text : undefined;
    }, timeoutMs);
  }

  /** Shows the Output panel with the Fleet Power channel (for the screenshot a person would look at). */
  async showOutputPanel(): Promise<void> {
    await this.runCommand('Fleet Power: Show Output');
    await this.page.locator('.part.panel .monaco-editor .view-lines').first().waitFor();
  }

  /** The text the Output panel currently renders (visible lines only). */
  async visibleOutputText(): Promise<string> {
    return this.page.locator('.part.panel .monaco-editor .view-lines').first().innerText();
  }

  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (await panel.isVisible()) {
      await this.page.keyboard.press('Control+J');
      await panel.waitFor({ state: 'hidden' });
    }
  }

  // ------------------------------------------------------------------ secrets

  /**
   * Where the emulator's credentials ended up in the VS Code profile: every file the extension
   * and VS Code wrote (output-channel logs, settings, global and workspace state databases) is
   * searched for the Volcengine key pair and the managed-identity secret behind the Azure
   * tokens, and for anything shaped like a bearer token. Returns "file: what" for each find.
   */
  leakedSecrets(): string[] {
    const { volcengine, azure } = this.emu.credentials;
    const secrets: Array<[string, string | RegExp]> = [
      ['Volcengine secret key', volcengine.secretKey],
      ['Volcengine access key id', volcengine.accessKeyId],
      ['managed-identity secret', azure.msiSecret],
      ['a JWT bearer token', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./],
    ];
    const found: string[] = [];
    for (const file of findFiles(this.userDataDir, () => true)) {
      const text = readFileSync(file).toString('latin1');
      for (const [what, secret] of secrets) {
        const hit = typeof secret === 'string' ? text.includes(secret) : secret.test(text);
        if (hit) found.push(`${file.slice(this.userDataDir.length + 1)}: ${what}`);
      }
    }
    return found;
  }

  // ------------------------------------------------------------------ window

  /** Reloads the window, as "Developer: Reload Window" does, and waits for the workbench again. */
  async reloadWindow(): Promise<void> {
    await this.page.reload();
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.activityBarItem().waitFor({ timeout: 60_000 });
  }

  /** Restarts code-server itself on the same profile (the extension host and its memory go away). */
  async restartServer(): Promise<void> {
    await this.restart();
    await this.reloadWindow();
  }
}

/** The little of the DOM these helpers read inside the page (the project compiles without the DOM library). */
interface PageNode {
  textContent: string | null;
  style: { top: string };
  querySelectorAll(selector: string): ArrayLike<PageNode>;
}

async function teardown(s: Started): Promise<void> {
  const browser = s.browser;
  s.browser = undefined;
  await browser?.close().catch(() => undefined);
  await stopProcessGroup(s.codeServer);
  s.codeServer = undefined;
  if (s.ownsEmu && s.emu) {
    const emu = s.emu;
    s.emu = undefined;
    await emu.stop();
  }
}

function findFiles(dir: string, match: (p: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) findFiles(p, match, out);
    else if (st?.isFile() && match(p)) out.push(p); // not sockets: code-server keeps its IPC socket here
  }
  return out;
}
