/**
 * `npm run test:e2e`: packages the extension, makes sure code-server is installed, then runs
 * the journeys (test/e2e/journeys/*.test.ts) one after another with Node's test runner.
 *
 *   npm run test:e2e                     every journey
 *   npm run test:e2e -- 02 05            only the journeys whose file names start with 02 or 05
 *   FLEET_POWER_E2E_NO_PACKAGE=1 …       reuse dist-vsix/fleet-power.vsix as it is
 *
 * Screenshots, code-server logs and profiles land in test-results/e2e/<journey>/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer } from '../../scripts/setup-code-server.mjs';
import { repoRoot, vsixPath } from './codeServer';

function main(): number {
  try {
    ensureCodeServer();
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  if (!process.env.FLEET_POWER_E2E_NO_PACKAGE || !existsSync(vsixPath)) {
    console.log('Packaging the extension (npm run package)…');
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('npm run package failed: the journeys need dist-vsix/fleet-power.vsix.');
      return 1;
    }
  }

  const dir = join(repoRoot, 'test', 'e2e', 'journeys');
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => only.length === 0 || only.some((prefix) => f.startsWith(prefix)))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) {
    console.error(`No journey matched ${only.length ? only.join(', ') : '(all)'} in ${dir}`);
    return 1;
  }
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  console.log(`Screenshots and logs: ${join('test-results', 'e2e')}/<journey>/`);
  return r.status ?? 1;
}

process.exit(main());
