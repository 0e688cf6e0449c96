// Installs code-server (VS Code's own server and workbench) into a cache folder of its own,
// so the end-to-end journeys and the demo run a real VS Code without downloading one from
// Microsoft. Idempotent: an existing install of the pinned version is reused.
//
//   node scripts/setup-code-server.mjs            install if needed, print the binary path
//   node scripts/setup-code-server.mjs --check    only check the system packages
//
// Environment: FLEET_POWER_CODE_SERVER_DIR overrides the install folder (a CI cache).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// The @vscode/ripgrep release that code-server 4.100.3 depends on looks for this archive
// in its cache folder before trying GitHub (which these machines cannot reach).
const RIPGREP_CACHE = `vscode-ripgrep-cache-1.15.11`;
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function codeServerDir() {
  return process.env.FLEET_POWER_CODE_SERVER_DIR
    ? resolve(process.env.FLEET_POWER_CODE_SERVER_DIR)
    : join(repoRoot, '.cache', `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerBin() {
  return join(codeServerDir(), 'node_modules', '.bin', 'code-server');
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Each system package the harness needs, how to tell it is there, and why it is needed. */
const prerequisites = [
  { pkg: 'chromium', ok: () => existsSync(CHROMIUM_PATH), why: `the browser that drives VS Code (${CHROMIUM_PATH})` },
  { pkg: 'ripgrep', ok: () => onPath('rg'), why: "code-server's search; its installer would otherwise download rg from GitHub" },
  { pkg: 'libkrb5-dev', ok: () => onPath('krb5-config'), why: "code-server's native module 'kerberos' builds from source" },
  { pkg: 'pkg-config', ok: () => onPath('pkg-config'), why: "building code-server's native modules" },
  { pkg: 'openssl', ok: () => onPath('openssl'), why: "the emulator's TLS certificates" },
];

/**
 * Throws with the exact Debian packages to install when any prerequisite is missing.
 * `browser: false` when nothing will drive a browser (the demo: a person opens the page).
 */
export function checkPrerequisites({ browser = true } = {}) {
  const missing = prerequisites.filter((p) => (browser || p.pkg !== 'chromium') && !p.ok());
  if (missing.length === 0) return;
  const lines = missing.map((p) => `  - ${p.pkg}: ${p.why}`);
  throw new Error(
    `Missing system package${missing.length > 1 ? 's' : ''}:\n${lines.join('\n')}\n` +
      `Install with (Debian 12, as root):\n  apt-get update && apt-get install -y ${missing.map((p) => p.pkg).join(' ')}`,
  );
}

function installedVersion() {
  const bin = codeServerBin();
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return undefined;
  // The version line is "4.100.3 <commit> with Code 1.100.3"; a log line may precede it.
  return /^(\d+\.\d+\.\d+) [0-9a-f]{40}/m.exec(r.stdout)?.[1];
}

function seedRipgrepCache() {
  const dir = join(tmpdir(), RIPGREP_CACHE);
  const archive = join(dir, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  mkdirSync(dir, { recursive: true });
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync('tar', ['czf', archive, '-C', dirname(rg), 'rg'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`Could not seed the ripgrep cache at ${archive}`);
}

/** Installs code-server if the pinned version is not already there; returns the binary path. */
export function ensureCodeServer({ quiet = false, browser = true } = {}) {
  checkPrerequisites({ browser });
  const log = quiet ? () => {} : (m) => console.error(m);
  if (installedVersion() === CODE_SERVER_VERSION) return codeServerBin();

  const dir = codeServerDir();
  // Install into a staging folder and move it into place, so an interrupted install
  // never looks like a finished one.
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
  seedRipgrepCache();
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${dir} (a few minutes, once)…`);
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefix', staging, `code-server@${CODE_SERVER_VERSION}`],
    {
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
      // As root, code-server's postinstall insists on unsafe-perm; node-pty's install
      // runs `npx node-gyp`, which needs yes=true.
      env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
    },
  );
  if (r.status !== 0) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}); see the npm output above.`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(staging, dir);
  const v = installedVersion();
  if (v !== CODE_SERVER_VERSION) {
    throw new Error(`code-server installed but '${codeServerBin()} --version' did not report ${CODE_SERVER_VERSION} (got ${v ?? 'nothing'}).`);
  }
  log(`code-server ${CODE_SERVER_VERSION} ready: ${codeServerBin()}`);
  return codeServerBin();
}

function packageVersion() {
  try {
    return JSON.parse(readFileSync(join(codeServerDir(), 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--check')) {
      checkPrerequisites();
      console.log('System packages present.');
    } else {
      const bin = ensureCodeServer();
      console.error(`code-server ${packageVersion() ?? CODE_SERVER_VERSION}`);
      console.log(bin);
    }
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
