/**
 * `npm run demo`: the extension in a real VS Code (code-server) against the local emulator's
 * sample fleet, in one command. Ctrl+C stops everything it started.
 *
 *   npm run demo                         build, package, start, print the address
 *   npm run demo -- --port 8080          a fixed port (default: 8080 when free, else any free port)
 *   npm run demo -- --locale zh-cn       VS Code in Chinese
 *   npm run demo -- --no-build           reuse dist-vsix/fleet-power.vsix as it is
 *   npm run demo -- --screenshot <png>   start, take the README's screenshot with Chromium, stop
 *   npm run demo -- --desktop            only the emulator, for desktop VS Code's F5 launch
 *                                        configuration "Run Extension (emulator)": writes the
 *                                        dev host's settings and .vscode-test/desktop/emulator.env
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../emulator/src/index';
import { ensureCodeServer } from './setup-code-server.mjs';
import {
  type Emulator,
  emulatorSettings,
  freePort,
  installExtension,
  prepareProfile,
  repoRoot,
  startCodeServer,
  stopProcessGroup,
  vsixPath,
  waitFor,
} from '../test/e2e/codeServer';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    locale: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    desktop: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
  },
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });
}

function step(message: string): void {
  console.log(`• ${message}`);
}

let emu: Emulator | undefined;
let codeServer: ChildProcess | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping code-server and the emulator…');
    await stopProcessGroup(codeServer);
    await emu?.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** The emulator for desktop VS Code's F5: the launch configuration reads the files written here. */
async function desktop(): Promise<void> {
  step('Building the extension (npm run build)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed; see above.');
  step('Starting the cloud emulator with the sample fleet…');
  emu = await startEmulator({});
  const dir = join(repoRoot, '.vscode-test', 'desktop');
  rmSync(join(dir, 'user'), { recursive: true, force: true });
  prepareProfile(join(dir, 'user'), emulatorSettings(emu), args.locale);
  const envFile = join(dir, 'emulator.env');
  writeFileSync(envFile, Object.entries(emu.env()).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  console.log(`    Azure Resource Manager  ${emu.armUrl}
    Volcengine ECS          ${emu.volcUrl}
    Dev host settings       ${join(dir, 'user', 'User', 'settings.json')}
    Dev host environment    ${envFile}
Emulator ready for F5. Stop it with Ctrl+C (or Terminate Task).`);
}

async function main(): Promise<void> {
  if (args.desktop) return desktop();
  const codeServerBin = ensureCodeServer({ browser: Boolean(args.screenshot) });

  if (!args['no-build'] || !existsSync(vsixPath)) {
    step('Building and packaging the extension (npm run package)…');
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run package failed; see above.');
  }

  step('Starting the cloud emulator with the sample fleet…');
  emu = await startEmulator({});
  console.log(`    Azure Resource Manager  ${emu.armUrl}`);
  console.log(`    Volcengine ECS          ${emu.volcUrl}`);

  // A fresh profile every run: the emulator's fleet starts fresh too, so nothing stale is remembered.
  const demoDir = join(repoRoot, '.cache', 'demo');
  rmSync(join(demoDir, 'user'), { recursive: true, force: true });
  const userDataDir = join(demoDir, 'user');
  const extensionsDir = join(demoDir, 'extensions');
  const folder = join(demoDir, 'workspace');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'README.md'),
    '# Fleet Power demo\n\nOpen the Fleet Power view in the activity bar. The clouds behind it are the local emulator started by `npm run demo`.\n',
  );
  prepareProfile(userDataDir, emulatorSettings(emu), args.locale);
  step('Installing dist-vsix/fleet-power.vsix into code-server…');
  installExtension(codeServerBin, extensionsDir, join(demoDir, 'install-profile'));

  const wanted = args.port ? Number(args.port) : 8080;
  if (!Number.isInteger(wanted) || wanted <= 0 || wanted > 65535) throw new Error(`--port must be a port number, got '${args.port}'`);
  let port = wanted;
  if (!(await portIsFree(wanted))) {
    if (args.port) throw new Error(`Port ${wanted} is in use; choose another with --port.`);
    port = await freePort();
  }

  step('Starting code-server…');
  codeServer = await startCodeServer({
    codeServer: codeServerBin,
    port,
    extensionsDir,
    userDataDir,
    folder,
    env: { ...process.env, ...emu.env() },
    ...(args.locale ? { locale: args.locale } : {}),
    logFile: join(demoDir, 'code-server.log'),
  });
  codeServer.on('exit', (code) => {
    if (!stopping) {
      console.error(`code-server stopped unexpectedly (exit ${code}); its log: ${join(demoDir, 'code-server.log')}`);
      void stopAll(1);
    }
  });

  if (args.screenshot) {
    await takeScreenshot(emu, port, userDataDir, folder, args.screenshot);
    return stopAll(0);
  }

  console.log(`
Open http://127.0.0.1:${port}

Try first:
  1. Click the Fleet Power icon in the activity bar.
  2. Azure Scale Sets: expand Contoso Production → vmss-web, right-click a running
     instance → Power Off… → "Skip shutdown" → Power Off, and watch it go
     "Powering off…" → "Stopped" (the log: Fleet Power: Show Output).
  3. In vmss-api (Flexible, hibernation enabled) select two running instances
     (Ctrl+click) → Deallocate… → "Hibernate and deallocate".
  4. Volcengine ECS: expand China North 2 (Beijing), right-click web-bj-01 →
     Stop Instance… → try "Check only (DryRun)" first.
  5. Recent Operations lists everything you did; right-click → Show Operation Log.

Press Ctrl+C to stop code-server and the emulator.`);
}

/** What a newcomer sees a minute after `npm run demo`: both clouds expanded, one operation done. */
async function takeScreenshot(emulator: Emulator, port: number, userDataDir: string, folder: string, file: string): Promise<void> {
  const { VsCodeSession } = await import('../test/e2e/harness');
  const s = await VsCodeSession.attach({ emu: emulator, port, userDataDir, folder, dir: join(repoRoot, 'test-results', 'demo') });
  try {
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-api', azure);
    await s.waitForRowDescription('vmss-api', /running/, 30_000, azure);
    const volc = await s.expandPane('Volcengine ECS');
    await s.expand('China North 2 (Beijing)', volc);
    await s.waitForRowDescription('web-bj-01', /Running/, 30_000, volc);
    await s.contextMenu('vmss-api_a2c4e6f8', /^Power Off/, azure);
    await s.pick(/^Graceful shutdown/);
    await s.answerDialog('Power Off');
    await s.waitForRowDescription('vmss-api_a2c4e6f8', /^Stopped$/, 60_000, azure);
    await s.closeToasts();
    await s.row('vmss-api_7b3d5e10', azure).click({ button: 'right' });
    await s.menuItem(/^Deallocate/).hover();
    // Menus fade in: wait until it is fully drawn before taking the picture.
    await waitFor('the context menu to finish fading in', async () => {
      const opacity = await s.page.evaluate("getComputedStyle(document.querySelector('.monaco-menu-container') ?? document.body).opacity");
      return opacity === '1' ? true : undefined;
    }, 5_000, 50);
    mkdirSync(join(file, '..'), { recursive: true });
    await s.page.screenshot({ path: file });
    console.log(`Screenshot saved: ${file}`);
  } finally {
    await s.stop();
  }
}

main().catch(async (e: unknown) => {
  console.error(`\nnpm run demo failed: ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
});
