// Runs every *.test.ts under the given folders with Node's own test runner (TypeScript through tsx).
// The emulator's TLS certificates are made first, because Node reads NODE_EXTRA_CA_CERTS only at start-up.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  if (!statSync(dir).isDirectory()) {
    if (dir.endsWith('.test.ts')) out.push(dir);
    return out;
  }
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap((d) => collect(d, []));
if (files.length === 0) {
  console.error(`No test files found under: ${dirs.join(', ')}`);
  process.exit(1);
}

const certs = spawnSync(
  process.execPath,
  ['--import', 'tsx', '-e', "require('./emulator/src/core/certs.ts').ensureCertificates()"],
  { cwd: repo, stdio: 'inherit' },
);
if (certs.status !== 0) {
  console.error('Could not create the emulator certificates (is openssl installed?)');
  process.exit(certs.status ?? 1);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '1';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: join(repo, '.emulator', 'certs', 'ca.pem') } },
);
process.exit(r.status ?? 1);
