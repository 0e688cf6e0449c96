/**
 * Starting code-server (VS Code's own server and workbench) on a throw-away profile with the
 * packaged extension, pointed at the emulator. Shared by the end-to-end journeys and
 * `npm run demo`; nothing here drives a browser.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { startEmulator } from '../../emulator/src/index';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const vsixPath = join(repoRoot, 'dist-vsix', 'fleet-power.vsix');
export const extensionId = 'fleet-power.fleet-power';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** User settings that point the extension at the emulator and keep the workbench quiet. */
export function emulatorSettings(emu: Emulator): Record<string, unknown> {
  return {
    'fleetPower.azure.cloud': 'Custom',
    'fleetPower.azure.resourceManagerEndpoint': emu.armUrl,
    'fleetPower.azure.authentication': 'azureCli',
    'fleetPower.volcengine.endpoint': emu.volcUrl,
    // VS Code's extension host answers TLS trust from the OS store (plus its bundled roots)
    // when this is on, which leaves out NODE_EXTRA_CA_CERTS and so the emulator's CA.
    'http.systemCertificates': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
  };
}

export function codeServerArgs(o: { port: number; extensionsDir: string; userDataDir: string; locale?: string; builtinExtensionsDir?: string }): string[] {
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${o.port}`,
    '--extensions-dir', o.extensionsDir,
    '--user-data-dir', o.userDataDir,
    // Its own config file, so code-server never writes one (with a password) into ~/.config.
    '--config', join(o.userDataDir, 'code-server.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    // A journey that checks Restricted Mode turns workspace trust back on.
    ...(process.env.FLEET_POWER_E2E_WORKSPACE_TRUST === '1' ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
  ];
  if (o.locale) args.push('--locale', o.locale);
  // A profile without some built-in extensions (VS Code's own Microsoft sign-in, for a journey's stand-in).
  if (o.builtinExtensionsDir) args.push('--builtin-extensions-dir', o.builtinExtensionsDir);
  return args;
}

/** Installs the .vsix into an extensions folder (once per folder and .vsix build). */
export function installExtension(codeServer: string, extensionsDir: string, userDataDir: string, vsix = vsixPath): void {
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: run 'npm run package' first.`);
  const stamp = join(extensionsDir, '.installed-from');
  const want = `${vsix}@${statSync(vsix).mtimeMs}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  writeFileSync(stamp, want);
}

/** Starts code-server and returns once it answers /healthz. The process leads its own group so teardown stops its children too. */
export async function startCodeServer(o: {
  codeServer: string;
  port: number;
  extensionsDir: string;
  userDataDir: string;
  folder: string;
  env: NodeJS.ProcessEnv;
  locale?: string;
  builtinExtensionsDir?: string;
  logFile?: string;
  inheritOutput?: boolean;
}): Promise<ChildProcess> {
  const child = spawn(o.codeServer, [...codeServerArgs(o), o.folder], {
    // VSCODE_CLI=1 is what `code` sets when VS Code starts from a terminal: the extension host
    // then keeps this environment instead of replacing PATH with a login shell's, which would
    // drop the emulator's stand-in `az`.
    env: { ...o.env, VSCODE_CLI: '1' },
    detached: true,
    stdio: o.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.on('exit', () => {
    if (o.logFile) writeFileSync(o.logFile, log);
  });
  try {
    const outcome = await waitFor(`code-server on port ${o.port}`, async () => {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      const res = await fetch(`http://127.0.0.1:${o.port}/healthz`).catch(() => undefined);
      return res?.ok ? 'up' : undefined;
    }, 60_000);
    if (outcome === 'exited') throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering:\n${log}`);
  } catch (e) {
    await stopProcessGroup(child);
    throw e;
  }
  if (o.logFile) {
    const file = o.logFile;
    const flush = () => writeFileSync(file, log);
    child.stdout?.on('data', flush);
  }
  return child;
}

/** Stops a detached child and its process group by the child's own PID. */
export function stopProcessGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const pid = child.pid;
  return new Promise((done) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      done();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Children of the group (extension host, file watcher) may outlive the leader briefly.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      done();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

/**
 * VS Code shows a display language only when a language pack for it is registered in the
 * profile's languagepacks.json (what installing the Marketplace language pack records); with
 * none, code-server's `--locale zh-cn` silently falls back to English for everything,
 * extensions included. The Marketplace pack cannot be downloaded here, so a local pack with
 * no core translations is registered instead: the workbench's own strings stay English and
 * the extension's strings (package.nls.zh-cn.json, l10n/bundle.l10n.zh-cn.json) are Chinese,
 * which is what the zh-cn checks are about.
 */
const languagePackTranslations: Record<string, string> = {
  'zh-cn': join(repoRoot, 'test', 'e2e', 'fixtures', 'zh-cn-language-pack', 'translations', 'main.i18n.json'),
};

/** Writes user settings (and the language pack registration for `locale`) into a fresh user-data folder. */
export function prepareProfile(userDataDir: string, settings: Record<string, unknown>, locale?: string): void {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (!locale || locale.startsWith('en')) return;
  const translations = languagePackTranslations[locale];
  if (!translations) throw new Error(`No language pack fixture for locale '${locale}' (have: ${Object.keys(languagePackTranslations).join(', ')})`);
  const packs = {
    [locale]: {
      hash: `fleet-power-fixture-${statSync(translations).mtimeMs.toFixed(0)}`,
      label: locale,
      extensions: [{ extensionIdentifier: { id: `fleet-power-test.${locale}-language-pack` }, version: '0.0.1' }],
      translations: { vscode: translations },
    },
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}
